"""The demo year (`kaohe init --demo --year 2026`): one roster, twelve months, and the year's
stories, run through the CLI as the office would (two 公示稿 months, then 审定 of all twelve,
the four quarters and the year) and read back from the result workbooks with openpyxl.

The story people are the generator's (demo_year_stories); what is expected of them is
rules.md's: a 3rd 未达标 month → 通报批评, a 2nd 未达标 quarter → 退回原单位, a DQ month
makes a person no 先进个人 candidate, a tie at the cut is 并列待定, a window's DQ month makes it
no 红旗窗口 candidate.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from kaohe_excel import api
from kaohe_excel.cli.main import main
from kaohe_excel.core.failures import track
from kaohe_excel.core.month_record import record_of
from kaohe_excel.core.periods import Month, Quarter
from kaohe_excel.core.quarter import score_quarter
from kaohe_excel.core.settings import Settings
from kaohe_excel.core.words import Grade, Post, Status, Subject
from kaohe_excel.core.workdays import WorkCalendar
from kaohe_excel.officebook import names as N
from kaohe_excel.officebook.demo import (
    CRITICIZED_MONTHS,
    JOIN_MONTH,
    LEAVE_MONTH,
    MOVE_FROM,
    MOVE_MONTH,
    MOVE_TO,
    RETURNED_LEAVES_MONTH,
    RETURNED_MONTHS,
    TOP_DQ_MONTH,
    WINDOW_DQ_MONTH,
    demo_book_data,
    demo_year_data,
    demo_year_stories,
    weekdays,
)
from kaohe_excel.reports import names as R
from kaohe_excel.reports.quarter import MONTH_MARKS

YEAR = 2026
MONTHS = [Month(YEAR, m) for m in range(1, 13)]
DRAFTS = (Month(YEAR, JOIN_MONTH), Month(YEAR, WINDOW_DQ_MONTH))  # run as 公示稿 first


def _table(path: Path, sheet: str, first_header: str) -> list[dict[str, object]]:
    """The records below the header row (the first row whose column A is `first_header`)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = wb[sheet].iter_rows(values_only=True)
        for row in rows:
            if row and row[0] == first_header:
                headers = [h for h in row if h is not None]
                break
        else:
            raise AssertionError(f"{path.name}/{sheet}: no header row starting with {first_header}")
        return [dict(zip(headers, r, strict=False)) for r in rows
                if any(v not in (None, "") for v in r)]
    finally:
        wb.close()


def _by_id(rows: list[dict[str, object]], key: str = "工号") -> dict[object, dict[str, object]]:
    return {r[key]: r for r in rows}


def _annual(path: Path) -> list[dict[str, object]]:
    """个人年度 with each person's months from 个人逐月 (the year prints them apart)."""
    months = _by_id(_table(path, "个人逐月", "排名"))
    return [{**months[r["工号"]], **r} for r in _table(path, "个人年度", "排名")]


class Year:
    def __init__(self, folder: Path):
        self.folder = folder
        self.book = folder / "考核工作簿.xlsx"
        self.timings: dict[str, float] = {}

    def draft(self, month: Month) -> Path:
        return self.folder / f"月度考评结果_{month}_公示稿.xlsx"

    def final(self, month: Month) -> Path:
        return self.folder / "考评结果" / str(month) / f"月度考评结果_{month}_审定.xlsx"

    def quarter(self, number: int) -> Path:
        return self.folder / f"季度考评结果_{YEAR}Q{number}.xlsx"

    @property
    def year(self) -> Path:
        return self.folder / f"年度考评结果_{YEAR}.xlsx"


@pytest.fixture(scope="module")
def year(tmp_path_factory) -> Year:
    y = Year(tmp_path_factory.mktemp("demo_year"))

    def step(name: str, *argv: str) -> None:
        start = time.perf_counter()
        assert main([*argv]) == 0, argv
        y.timings[name] = y.timings.get(name, 0.0) + time.perf_counter() - start

    step("init", "init", str(y.book), "--demo", "--year", str(YEAR))
    for month in DRAFTS:
        step("month", "month", str(y.book), "--month", str(month))
    for month in MONTHS:
        step("finalize", "finalize", str(y.book), "--month", str(month))
    for number in range(1, 5):
        step("quarter", "quarter", str(y.book), "--quarter", f"{YEAR}Q{number}")
    step("year", "year", str(y.book), "--year", str(YEAR))
    print("demo year timings (s):", {k: round(v, 2) for k, v in y.timings.items()})
    return y


@pytest.fixture(scope="module")
def stories() -> dict[str, tuple[str, ...]]:
    return demo_year_stories(YEAR)


@pytest.fixture(scope="module")
def data():
    return demo_year_data(YEAR)


# --- the generator ------------------------------------------------------------------------

def test_same_seed_same_year_other_seed_other_year(data):
    assert demo_year_data(YEAR) == data
    other = demo_year_data(YEAR, seed=7)
    assert other.people != data.people and other.ledger != data.ledger
    assert demo_year_stories(YEAR, seed=7) != demo_year_stories(YEAR)


def test_fewer_months_are_the_first_months_of_the_year(data):
    spring = demo_year_data(YEAR, months=3)
    assert spring.people == data.people and spring.windows == data.windows
    assert {r[0] for r in spring.attendance} == {"2026-01", "2026-02", "2026-03"}
    assert spring.attendance == data.attendance[:len(spring.attendance)]
    assert spring.ledger == [r for r in data.ledger if r[0] < dt.date(YEAR, 4, 1)]
    with pytest.raises(ValueError):
        demo_year_data(YEAR, months=13)


def test_single_month_demo_is_unchanged_by_the_year():
    """The month demo does not draw anything the year added (roles, plans, dates)."""
    first = demo_book_data(Month(YEAR, 11))
    assert len({r[0] for r in first.attendance}) == 1
    assert not any(r[3] in ("WD-10", "P4-05") for r in first.ledger)


@pytest.mark.parametrize("seed", [2026, 5])
def test_year_book_is_consistent(seed: int):
    data = demo_year_data(YEAR, seed)
    stories = demo_year_stories(YEAR, seed)
    people = [dict(zip(N.PEOPLE_HEADERS, r, strict=True)) for r in data.people]
    windows = {w[0]: dict(zip(N.WINDOWS_HEADERS, w, strict=True)) for w in data.windows}
    ids = [p["工号"] for p in people]
    assert len(set(ids)) == len(ids)  # one 人员 row per 工号 for the whole year
    by_id = {p["工号"]: p for p in people}
    names = Counter(p["姓名"] for p in people)
    assert [n for n, k in names.items() if k > 1] == []  # a mover keeps the 工号: one row
    assert all(str(p["邮箱"]).endswith(".example.gov.cn") for p in people)

    def active(p, month: Month) -> bool:
        return p["入驻日期"] <= month.last_day and not (p["离开日期"]
                                                        and p["离开日期"] < month.first_day)

    attendance = Counter((r[0], r[1]) for r in data.attendance)
    assert max(attendance.values()) == 1
    for month in MONTHS:
        staff = [p for p in people if active(p, month)]
        assert {i for m, i in attendance if m == str(month)} == {p["工号"] for p in staff}
        for wid, w in windows.items():
            heads = [p for p in staff if p["窗口编号"] == wid and p["岗位"] == Post.HEAD]
            assert heads  # a head never moves
            assert [h["姓名"] for h in heads] == [w["工作区长"]]
    for r in data.attendance:
        p = by_id[r[1]]
        month = Month(int(r[0][:4]), int(r[0][5:]))
        assert r[2] == len(weekdays(month, p["入驻日期"], p["离开日期"]))
    for r in data.ledger:
        day = r[0]
        assert isinstance(day, dt.date) and day.year == YEAR and WorkCalendar().is_workday(day)
        if r[1] == Subject.PERSON:
            p = by_id[r[2]]
            assert p["入驻日期"] <= day and (p["离开日期"] is None or day <= p["离开日期"])
    assert [r[0] for r in data.ledger] == sorted(r[0] for r in data.ledger)

    (joiner,) = stories["joiner"]
    assert by_id[joiner]["入驻日期"].month == JOIN_MONTH
    assert {m for m, i in attendance if i == joiner} == {str(m) for m in MONTHS[JOIN_MONTH - 1:]}
    (leaver,) = stories["leaver"]
    assert by_id[leaver]["离开日期"].month == LEAVE_MONTH
    assert {m for m, i in attendance if i == leaver} == {str(m) for m in MONTHS[:LEAVE_MONTH]}
    # the mover: one 工号, the 人员 row in the old window, a 调动 row from the first working
    # day after MOVE_MONTH, in post all year
    (mover,) = stories["mover"]
    assert by_id[mover]["窗口编号"] == f"W{MOVE_FROM + 1:02d}" and by_id[mover]["离开日期"] is None
    assert [r[:3] for r in data.transfers] == [
        (mover, f"W{MOVE_TO + 1:02d}", weekdays(Month(YEAR, MOVE_MONTH + 1))[0])]
    # the returned person leaves at the end of October, one month after the 退回 of Q3
    (returned,) = stories["returned"]
    assert by_id[returned]["离开日期"] == weekdays(Month(YEAR, RETURNED_LEAVES_MONTH))[-1]
    # the Q4 tie is settled: the first twin 入选, the second 不入选
    first, second = stories["tied"]
    assert [(r[0], r[2], r[3]) for r in data.decisions] == [
        (f"{YEAR}Q4", first, "入选"), (f"{YEAR}Q4", second, "不入选")]
    # every month keeps the single month's showcase
    for month in MONTHS:
        codes = Counter(r[3] for r in data.ledger if month.contains(r[0]))
        assert codes["WB-05"] == 3 and codes["X-01"] == 1 and codes["P1-09"] >= 1
        assert 150 <= sum(codes.values()) <= 500
    assert sum(1 for r in data.ledger if r[3] == "WD-10") == 1


# --- through the CLI ----------------------------------------------------------------------

def test_the_cli_makes_the_year_book(year: Year, data):
    people = _table(year.book, N.PEOPLE, "工号")
    assert [p["工号"] for p in people] == [r[0] for r in data.people]
    months = {r["月份"] for r in _table(year.book, N.ATTENDANCE, "月份")}
    assert months == {str(m) for m in MONTHS}
    assert set(year.timings) == {"init", "month", "finalize", "quarter", "year"}


def test_cli_year_and_month_are_exclusive(tmp_path: Path, capsys):
    book = tmp_path / "b.xlsx"
    with pytest.raises(SystemExit) as exc:
        main(["init", str(book), "--demo", "--year", "2026", "--month", "2026-11"])
    assert exc.value.code == 2
    assert "--month" in capsys.readouterr().err
    assert main(["init", str(book), "--year", "2026"]) == 1  # --year needs --demo
    assert "--demo" in capsys.readouterr().err
    assert main(["init", str(book), "--demo", "--year", "20x6"]) == 1
    assert "年份" in capsys.readouterr().err
    assert not book.exists()


def test_drafts_show_the_joiner_and_the_dq_month(year: Year, stories):
    may = _by_id(_table(year.draft(Month(YEAR, JOIN_MONTH)), R.R_PEOPLE, "排名"))
    (joiner,) = stories["joiner"]
    assert may[joiner]["状态"] == Status.RATED
    (top,) = stories["top_dq"]
    assert may[top]["状态"] == Status.DISQUALIFIED and may[top]["得分"] is None
    assert len(may) == len(_table(year.final(Month(YEAR, JOIN_MONTH)), R.R_PEOPLE, "排名"))
    april = _by_id(_table(year.final(Month(YEAR, JOIN_MONTH - 1)), R.R_PEOPLE, "排名"))
    assert joiner not in april


def test_a_window_is_disqualified_for_a_month(year: Year, stories):
    (wid,) = stories["window_dq"]
    month = Month(YEAR, WINDOW_DQ_MONTH)
    windows = _by_id(_table(year.draft(month), R.R_WINDOWS, "排名"), "窗口编号")
    assert windows[wid]["状态"] == Status.DISQUALIFIED and windows[wid]["得分"] is None
    assert sum(w["状态"] == Status.DISQUALIFIED for w in windows.values()) == 1
    detail = [r for r in _table(year.draft(month), R.R_DETAIL, "对象") if r["规则编码"] == "WD-10"]
    assert [r["编号"] for r in detail] == [wid]
    quarter = 2  # June
    rows = _by_id(_table(year.quarter(quarter), "窗口季度", "排名"), "窗口编号")
    assert rows[wid][f"{WINDOW_DQ_MONTH}月"] == MONTH_MARKS[Status.DISQUALIFIED]
    assert rows[wid]["红旗窗口"] in (None, "")
    why = _by_id(_table(year.quarter(quarter), "评选说明", "对象"), "编号")[wid]["说明"]
    assert f"{WINDOW_DQ_MONTH}月取消资格" in why
    other = [w for k, w in rows.items() if k != wid and w["红旗窗口"] == "是"]
    assert other  # someone else gets the flag
    annual = _by_id(_table(year.year, "窗口年度", "排名"), "窗口编号")
    months = _by_id(_table(year.year, "窗口逐月", "排名"), "窗口编号")
    assert months[wid][f"{WINDOW_DQ_MONTH}月"] == MONTH_MARKS[Status.DISQUALIFIED]
    assert annual[wid]["参评月数"] == 11


def test_third_below_month_brings_criticism(year: Year, stories):
    (pid,) = stories["criticized"]
    third = Month(YEAR, CRITICIZED_MONTHS[-1])
    rows = _table(year.final(third), R.R_ACTIONS, "处理")
    (row,) = [r for r in rows if r["编号"] == pid]
    assert row["处理"] == "通报批评"
    listed = "、".join(f"{m}月" for m in CRITICIZED_MONTHS)
    assert row["依据"] == f"第 3 次月度考评未达标（{listed}）"
    for m in CRITICIZED_MONTHS[:-1]:  # the first two are not yet a criticism
        assert not [r for r in _table(year.final(Month(YEAR, m)), R.R_ACTIONS, "处理")
                    if r["编号"] == pid]
    annual = _by_id(_annual(year.year))[pid]
    below = [m for m in range(1, 13) if isinstance(annual[f"{m}月"], (int, float))
             and annual[f"{m}月"] < 70]
    assert below == list(CRITICIZED_MONTHS)
    assert annual["参评月数"] == 12


def test_second_below_quarter_returns_the_person(year: Year, stories):
    (pid,) = stories["returned"]
    collapse = [m for m, kind in RETURNED_MONTHS.items() if kind == "collapse"]
    quarters = sorted({(m - 1) // 3 + 1 for m in collapse})
    for q in (1, 2, 3, 4):
        row = _by_id(_table(year.quarter(q), "个人季度", "排名"))[pid]
        assert (row["等级"] == Grade.BELOW) == (q in quarters), (q, row)
    rows = [r for r in _table(year.quarter(quarters[-1]), "待处理", "处理") if r["工号"] == pid]
    assert [(r["处理"], r["期间"]) for r in rows] == [("退回原单位", f"{YEAR}Q{quarters[-1]}")]
    assert "第 2 次季度考评未达标" in rows[0]["依据"]
    # two 未达标 months only: no 通报批评 for this person
    annual = _by_id(_annual(year.year))[pid]
    below = [m for m in range(1, 13) if annual[f"{m}月"] is not None and annual[f"{m}月"] < 70]
    assert below == collapse
    # he stays in 考勤 in October, one month after the 退回, then leaves
    assert annual[f"{RETURNED_LEAVES_MONTH}月"] is not None
    assert all(annual[f"{m}月"] is None for m in range(RETURNED_LEAVES_MONTH + 1, 13))
    assert "2026年第三季度退回原单位（第 2 次季度考评未达标" in annual["说明"]


def test_the_year_lists_exactly_the_two_failures(year: Year, stories):
    rows = _table(year.year, "待处理", "处理")
    got = sorted((r["处理"], r["工号"], r["期间"]) for r in rows)
    (criticized,), (returned,) = stories["criticized"], stories["returned"]
    assert got == sorted([("通报批评", criticized, f"{YEAR}-{CRITICIZED_MONTHS[-1]:02d}"),
                          ("退回原单位", returned, f"{YEAR}Q3")])


def test_joiner_leaver_and_mover_in_the_year(year: Year, stories):
    annual = _by_id(_annual(year.year))
    (joiner,) = stories["joiner"]
    row = annual[joiner]
    rated = [m for m in range(1, 13) if isinstance(row[f"{m}月"], (int, float))]
    assert rated == list(range(JOIN_MONTH, 13))  # a newcomer of the story is never DQ
    assert row["参评月数"] == 13 - JOIN_MONTH
    assert all(row[f"{m}月"] is None for m in range(1, JOIN_MONTH))
    assert "不在岗" in row["说明"]
    (leaver,) = stories["leaver"]
    row = annual[leaver]
    assert row[f"{LEAVE_MONTH}月"] is not None
    assert all(row[f"{m}月"] is None for m in range(LEAVE_MONTH + 1, 13))
    (mover,) = stories["mover"]
    row = annual[mover]  # one person, one row: the year in both windows
    assert all(row[f"{m}月"] is not None for m in range(1, 13))
    assert row["窗口编号"] == f"W{MOVE_TO + 1:02d}"
    assert "调动" in row["说明"] and "8月起在" in row["说明"]
    q3 = _by_id(_table(year.quarter(3), "个人季度", "排名"))
    assert q3[mover]["7月"] is not None and q3[mover]["8月"] is not None


def test_a_dq_month_costs_the_top_scorer_the_award(year: Year, stories):
    (pid,) = stories["top_dq"]
    quarter = (TOP_DQ_MONTH - 1) // 3 + 1
    rows = _table(year.quarter(quarter), "个人季度", "排名")
    top = _by_id(rows)[pid]
    assert top["排名"] == 1 and top[f"{TOP_DQ_MONTH}月"] == MONTH_MARKS[Status.DISQUALIFIED]
    assert all(r["季度得分"] < top["季度得分"] for r in rows if r["工号"] != pid)
    assert top["先进个人"] in (None, "")
    chosen = [r for r in rows if r["先进个人"] == "是"]
    assert chosen and all(r["排名"] > 1 for r in chosen)
    why = _by_id(_table(year.quarter(quarter), "评选说明", "对象"), "编号")[pid]["说明"]
    assert why == f"不具备评选资格：{TOP_DQ_MONTH}月取消资格"


def test_two_tied_at_the_cut_are_settled_by_the_leading_group(year: Year, stories):
    rows = _table(year.quarter(4), "个人季度", "排名")
    assert not [r for r in rows if r["先进个人"] == "并列待定"]
    first, second = stories["tied"]
    a, b = _by_id(rows)[first], _by_id(rows)[second]
    assert a["先进个人"] == "是" and b["先进个人"] in (None, "")
    why = _by_id(_table(year.quarter(4), "评选说明", "对象"), "编号")
    assert "领导小组决定入选先进个人（依据：2027年1月8日考评领导小组会议纪要" in why[first]["说明"]
    assert "领导小组决定不入选先进个人" in why[second]["说明"]
    for key in ("季度得分", "季度办件数", "季度扣分", "10月", "11月", "12月", "排名"):
        assert a[key] == b[key], key
    chosen = [r for r in rows if r["先进个人"] == "是"]
    assert sorted(r["工号"] for r in chosen) == sorted([*stories["leaders"], first])
    assert all(r["季度得分"] > a["季度得分"] for r in chosen if r["工号"] != first)
    quota = int(str(_subtitle(year.quarter(4), "个人季度")).split("先进个人名额 ")[1].split(" ")[0])
    assert len(chosen) == quota
    assert "由考评领导小组确定" not in why[first]["说明"] + why[second]["说明"]


def test_the_year_pool_and_spread(year: Year, stories):
    annual = _annual(year.year)
    scores = [Decimal(str(r["年度得分"])) for r in annual]
    assert 55 <= len(annual) <= 75
    assert all(70 <= s <= 105 for s in scores)
    pool = _table(year.year, "年度先进", "类别")
    people = {r["编号"] for r in pool if r["类别"] == "年度先进个人"}
    assert set(stories["leaders"]) <= people  # chosen in Q4 at least


def test_the_stories_hold_for_another_seed(tmp_path: Path):
    """The stories are placed, not drawn: another seed tells them too (scored in-process)."""
    seed = 5
    stories = demo_year_stories(YEAR, seed)
    book = tmp_path / "b.xlsx"
    api.init_book(book, demo_year_data(YEAR, seed))
    records = {m: record_of(api.score_book(book, m), "final") for m in MONTHS}
    states = {m: "final" for m in MONTHS}
    settings = Settings()
    failures = sorted((f.action, f.person_id, f.period) for f in track(records, settings))
    assert failures == sorted([("通报批评", *stories["criticized"], "2026-10"),
                               ("退回原单位", *stories["returned"], "2026Q3")])
    q2 = score_quarter(Quarter(YEAR, 2), records, states, settings)
    top = next(s for s in q2.people if s.id == stories["top_dq"][0])
    assert top.rank == 1 and top.award is None and "5月取消资格" in top.why
    q4 = score_quarter(Quarter(YEAR, 4), records, states, settings)  # no 评选决定: still tied
    assert sorted(s.id for s in q4.people if s.award == "并列待定") == sorted(stories["tied"])
    assert sorted(s.id for s in q4.people if s.award == "是") == sorted(stories["leaders"])
    june = records[Month(YEAR, WINDOW_DQ_MONTH)]
    assert [w.id for w in june.windows if w.status == Status.DISQUALIFIED] == list(stories["window_dq"])


def _subtitle(path: Path, sheet: str) -> object:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return next(wb[sheet].iter_rows(min_row=2, max_row=2, values_only=True))[0]
    finally:
        wb.close()
