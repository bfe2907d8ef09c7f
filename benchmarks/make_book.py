"""Generate a synthetic, valid office workbook (考核工作簿) of a given size for the benchmarks.

    python benchmarks/make_book.py --staff 200 --windows 20 --ledger-rows 2000 --months 1 \
        --month 2026-11 --seed 1 --out benchmarks/books/center.xlsx

The ledger and the attendance are spread over `--months` months ending at `--month` (the
month the benchmark scores). Every row is valid, so `kaohe month BOOK --month M` reports no
data errors:

* 人员: one 工作区长 per window, the others 工作人员, all on the roster since before the
  first month (nobody leaves);
* 台账: ~90 % person rows with person ledger codes (P*, B*, X-01), ~10 % window rows with
  window ledger codes (WB*, WD*, WX-01); only rules whose 数据来源 is empty (ledger rules);
  特别情形 rows carry 分值 and 说明; rows of no-double rules often carry a 事项; rows are in
  date order, as a clerk types them;
* 考勤: one row per person per month; 窗口办件: one row per month for every other window.

The workbook is written by kaohe_excel.officebook.create.write_office_workbook, so it has the
real 规则 and 设置 sheets, validations and formats.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

from kaohe_excel.core.periods import Month
from kaohe_excel.core.words import Post, Subject
from kaohe_excel.files.cells import parse_month
from kaohe_excel.officebook.book_data import BookData, Row
from kaohe_excel.officebook.create import write_office_workbook
from kaohe_excel.officebook.default_rules import default_rulebook

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国文斌宇浩凯"
UNITS = ["市发改委", "市公安局", "市民政局", "市司法局", "市财政局", "市人社局", "市自然资源局",
         "市生态环境局", "市住建局", "市交通局", "市水务局", "市农业农村局", "市商务局", "市文旅局",
         "市卫健委", "市应急局", "市市场监管局", "市医保局", "市税务局", "市公积金中心"]
SERVICES = ["企业登记", "投资审批", "建设许可", "不动产登记", "社保业务", "医保业务", "公积金",
            "税务综合", "交通运输", "户籍证件", "出入境", "民政事务", "卫生许可", "文化旅游",
            "环评审批", "水务报装", "农业许可", "商务服务", "公证法律", "综合受理"]
RECORDERS = ["督查处张", "督查处李", "督查处王", "督查处赵"]
NOTES = ["现场巡查发现", "群众反映,经核实", "监控抽查", "中心例会通报", ""]


def months_ending(last: Month, count: int) -> list[Month]:
    """`count` consecutive months ending at `last`, oldest first."""
    out = []
    y, m = last.year, last.month
    for _ in range(count):
        out.append(Month(y, m))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _weighted_codes(subject: str) -> tuple[list[str], list[float]]:
    """The ledger codes of `subject`, weighted the way a real ledger mixes them: mostly
    per-occurrence deductions and bonuses, ladders now and then, DQ / return / 特别情形 rare."""
    weight = {"per": 1.0, "ladder": 0.6, "dq": 0.02, "return": 0.005, "manual": 0.05}
    codes, weights = [], []
    for rule in default_rulebook().rules.values():
        if rule.subject == subject and not rule.source:
            codes.append(rule.code)
            weights.append(weight.get(rule.kind.name, 0.1))
    return codes, weights


def make_book_data(staff: int, windows: int, ledger_rows: int, months: int, month: Month,
                   seed: int) -> BookData:
    if windows < 1 or staff < windows:
        raise SystemExit("need at least one window and one person per window")
    rng = random.Random(seed)
    book = default_rulebook()
    span = months_ending(month, months)
    joined_before = span[0].first_day - dt.timedelta(days=1)

    window_ids = [f"W{i:05d}" for i in range(1, windows + 1)]
    window_rows: list[Row] = []
    heads: dict[str, str] = {}
    people: list[Row] = []
    for i in range(staff):
        wid = window_ids[i % windows]
        pid = f"E{i + 1:06d}"
        name = _name(rng)
        unit = UNITS[(i % windows) % len(UNITS)]
        head = i < windows  # the first person of each window heads it
        if head:
            heads[wid] = name
        joined = joined_before - dt.timedelta(days=rng.randrange(0, 2000))
        people.append((pid, name, wid, unit, Post.HEAD if head else Post.STAFF,
                       f"{pid.lower()}@example.gov.cn", joined, None))
    for n, wid in enumerate(window_ids):
        window_rows.append((wid, f"{SERVICES[n % len(SERVICES)]}窗口{n + 1}",
                            UNITS[n % len(UNITS)], heads[wid], f"{wid.lower()}@example.gov.cn"))

    # 台账: dates uniform over the span, sorted like a clerk's log
    first, last = span[0].first_day, span[-1].last_day
    days = (last - first).days + 1
    p_codes, p_weights = _weighted_codes(Subject.PERSON)
    w_codes, w_weights = _weighted_codes(Subject.WINDOW)
    n_window = ledger_rows // 10
    person_pick = rng.choices(p_codes, p_weights, k=ledger_rows - n_window)
    window_pick = rng.choices(w_codes, w_weights, k=n_window)
    picks = [(Subject.PERSON, c) for c in person_pick] + [(Subject.WINDOW, c) for c in window_pick]
    rng.shuffle(picks)
    dates = sorted(first + dt.timedelta(days=rng.randrange(days)) for _ in range(ledger_rows))
    ledger: list[Row] = []
    for day, (subject, code) in zip(dates, picks, strict=True):
        rule = book.rules[code]
        sid = (str(people[rng.randrange(staff)][0]) if subject == Subject.PERSON
               else window_ids[rng.randrange(windows)])
        r = rng.random()
        quantity = None if r < 0.6 else (1 if r < 0.85 else (2 if r < 0.97 else
                                                          (0.5 if rule.halves else 3)))
        points, note, event = None, rng.choice(NOTES), ""
        if rule.kind.manual:
            points = rng.choice((-5, -3, -2, 1, 2, 3))
            quantity = None
            note = f"考评领导小组会议决定(第{rng.randrange(1, 30)}次)"
        if rule.no_double and rng.random() < 0.7:
            event = f"{rule.no_double}事项{rng.randrange(1, 50)}"
        ledger.append((day, subject, sid, code, quantity, points, event, note, "巡查",
                       rng.choice(RECORDERS)))

    # 考勤: one row per person per month
    attendance: list[Row] = []
    ids = [str(p[0]) for p in people]
    for m in span:
        label = str(m)
        for pid in ids:
            working = rng.choice((20, 21, 22))
            r = rng.random()
            approved = 0 if r < 0.8 else rng.randrange(1, 4)
            personal = 1 if 0.8 <= r < 0.83 else 0
            other = 1 if 0.83 <= r < 0.85 else 0
            sick = 0.5 if 0.85 <= r < 0.86 else 0
            assigned = 0 if rng.random() < 0.95 else 1
            present = working - approved - personal - other
            cases = 0 if rng.random() < 0.01 else rng.randrange(20, 420)
            attendance.append((label, pid, working, present, approved, personal, other, sick,
                               assigned, cases))

    window_cases: list[Row] = [(str(m), wid, rng.randrange(50, 600))
                    for m in span for wid in window_ids[::2]]
    return BookData(people=people, windows=window_rows, ledger=ledger, attendance=attendance,
                    window_cases=window_cases, center_name="基准测试市行政服务中心")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, required=True)
    parser.add_argument("--windows", type=int, required=True)
    parser.add_argument("--ledger-rows", type=int, required=True)
    parser.add_argument("--months", type=int, default=1,
                        help="ledger and attendance spread over this many months ending at --month")
    parser.add_argument("--month", default="2026-11", help="the last (scored) month")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    month = parse_month(args.month)
    assert month is not None
    t0 = time.perf_counter()
    data = make_book_data(args.staff, args.windows, args.ledger_rows, args.months, month,
                          args.seed)
    t1 = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".part.xlsx")
    write_office_workbook(tmp, data)
    tmp.replace(args.out)  # a book that exists is complete (run.py caches it)
    t2 = time.perf_counter()
    print(f"{args.out}: {len(data.people)} staff, {len(data.windows)} windows, "
          f"{len(data.ledger)} ledger rows, {len(data.attendance)} attendance rows "
          f"(data {t1 - t0:.1f} s, write {t2 - t1:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
