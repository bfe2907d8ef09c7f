"""Self-check details of a year of use (issue 8, items 12 and 13), through the CLI on forms
`kaohe selfcheck make` writes, filled as window heads fill them:

- a count rule takes whole numbers only (B-07 × 0.5 is an error at its cell), a day rule keeps
  halves; which is which is the rule's 计量单位 (blank, or a book made before the column: the
  rule's own words), and the office's 台账 follows the same rule in `kaohe month`;
- 弃权 is read only from a form that is in: every way a window's form can fail is 有问题 and
  counted alike, a form not back yet is 未交; the summary line and 报送情况 agree.
"""

from __future__ import annotations

import shutil
from collections import Counter

import openpyxl
import pytest
from book_helpers import RESULT_NAME, append_rows, run, sha256, table
from selfcheck_helpers import (
    MONTH,
    NAMES,
    D,
    Form,
    center,
    collect,
    fill,
    ledger_rows,
    make_forms,
    returned_dir,
    set_meta,
)
from selfcheck_helpers import make_book as center_book
from test_bad_input import HEAD_1

from kaohe_excel.core.periods import Month
from kaohe_excel.officebook import names as N
from kaohe_excel.selfcheck.metadata import digest

REPORT = "自查核对_2026-11.xlsx"
UNIT_COLUMN = N.RULES_HEADERS.index("计量单位") + 1
WHOLE = "（只有以天计的规则可填 0.5）"


def rule_row(code, text, points, unit=None):
    """A 规则 row the office adds, in the sheet's column order."""
    values = dict.fromkeys(N.RULES_HEADERS)
    values.update({"规则编码": code, "对象": "个人", "类别": "C3", "内容": text,
                   "计分方式": "按次", "分值": points, "计量单位": unit})
    return [values[h] for h in N.RULES_HEADERS]


def add_rules(book, *rows):
    wb = openpyxl.load_workbook(book)
    append_rows(wb["规则"], rows)
    wb.save(book)


# P3-15's words count days; P3-16 says nothing of days but the office set its unit to 天;
# P3-17 says 每天 but the office counts it in 次: the column wins over the words
DAY_RULES = (rule_row("P3-15", "值班窗口无人在岗（每天）", -1),
             rule_row("P3-16", "节假日值守缺岗", -2, "天"),
             rule_row("P3-17", "每天下班未锁柜", -1, "次"))


@pytest.fixture
def back(tmp_path):
    return returned_dir(tmp_path)


# --- 12. whole numbers for counts, halves for days ---------------------------------------

def test_a_count_rule_takes_whole_numbers_and_a_day_rule_keeps_halves(tmp_path, back, capsys):
    book = center_book(tmp_path)
    add_rules(book, *DAY_RULES)
    make_forms(capsys, book)
    form = fill(book, "W02")
    form.item(1, "1004 赵六", D(2026, 11, 12), "B-07", 0.5)
    form.item(2, "1004 赵六", D(2026, 11, 13), "P1-03", 2, review="修改", new_qty=1.5,
              review_note="一次未佩证情节轻")
    form.item(3, "1003 王五", D(2026, 11, 14), "P3-15", 0.5)
    form.item(4, "1003 王五", D(2026, 11, 15), "P3-16", "1.5")
    form.item(5, "1003 王五", D(2026, 11, 16), "P3-17", "0.5")
    form.item(1, day=D(2026, 11, 18), code="WB-10", qty="２.5", window=True)
    form.sign("赵六", "王五")
    form.save(back / NAMES["W02"])
    before = sha256(book)

    code, out, err = collect(capsys, book, back)
    f = NAMES["W02"]
    window_row = form.first_row("三、窗口扣加分事项")
    assert code == 2
    assert err == [
        "自查表有 4 处问题（所在文件未并入台账）：",
        f"{f}: 自查表!F15: B-07 以“次”计，数量应为整数，而不是 0.5{WHOLE}",
        f"{f}: 自查表!J16: P1-03 以“次”计，复核后数量应为整数，而不是 1.5{WHOLE}",
        f"{f}: 自查表!F19: P3-17 以“次”计，数量应为整数，而不是 0.5{WHOLE}",
        f"{f}: 自查表!F{window_row}: WB-10 以“条”计，数量应为整数，而不是 2.5{WHOLE}",
    ]
    assert sha256(book) == before  # nothing of the file is merged
    problems = table(book.parent / REPORT, "问题", "文件").records()
    assert problems[0] == {"文件": f, "位置": "自查表!F15",
                           "问题": f"B-07 以“次”计，数量应为整数，而不是 0.5{WHOLE}"}

    # the head corrects the counts; the half days stay as they were
    form.item(1, qty=1)
    form.item(2, review="修改", new_qty=1)
    form.item(5, qty=1)
    form.item(1, qty=2, window=True)
    form.save(back / NAMES["W02"])
    code, _, err = collect(capsys, book, back)
    assert (code, err) == (0, [])
    merged = [r[:5] for r in ledger_rows(book)[4:]]
    assert [(r[2], r[3], r[4]) for r in merged] == [
        ("1004", "B-07", 1), ("1004", "P1-03", 1), ("1003", "P3-15", 0.5),
        ("1003", "P3-16", 1.5), ("1003", "P3-17", 1), ("W02", "WB-10", 2)]

    # and the month scores the halves: 0.5 day × -1, 1.5 days × -2
    code, _, err = run(capsys, "month", book, "--month", MONTH)
    assert (code, err) == (0, [])
    detail = table(book.parent / RESULT_NAME, "明细", "对象").records()
    got = {(r["编号"], r["规则编码"]): (r["数量"], r["分值"]) for r in detail}
    assert got[("1003", "P3-15")] == (0.5, -0.5)
    assert got[("1003", "P3-16")] == (1.5, -3)
    assert got[("1003", "P3-17")] == (1, -1)


def test_the_office_ledger_takes_whole_counts_in_month(tmp_path, capsys):
    data = center()
    data.ledger += [(D(2026, 11, 6), "个人", "1004", "B-07", 0.5),          # row 6
                    (D(2026, 11, 7), "个人", "1004", "P3-15", 0.5),         # row 7: days
                    (D(2026, 11, 8), "窗口", "W01", "WD-03", "1.5")]        # row 8
    book = center_book(tmp_path, data)
    add_rules(book, *DAY_RULES)
    before = sha256(book)
    code, out, err = run(capsys, "month", book, "--month", MONTH)
    assert (code, out) == (2, [])
    assert err == [
        "考核工作簿有 2 处问题，未生成结果：",
        f"台账!E6: B-07 以“次”计，数量应为整数，而不是 0.5{WHOLE}",
        f"台账!E8: WD-03 以“次”计，数量应为整数，而不是 1.5{WHOLE}",
    ]
    assert sha256(book) == before
    assert not (book.parent / RESULT_NAME).exists()


def test_a_book_made_before_the_unit_column_reads_the_unit_from_the_rule_text(tmp_path, capsys):
    data = center()
    data.ledger += [(D(2026, 11, 7), "个人", "1004", "P3-15", 0.5)]  # row 6: (每天)
    book = center_book(tmp_path, data)
    add_rules(book, *DAY_RULES[:1])
    wb = openpyxl.load_workbook(book)
    assert wb["规则"].cell(1, UNIT_COLUMN).value == "计量单位"
    wb["规则"].delete_cols(UNIT_COLUMN)  # as 规则 was before the column existed
    wb.save(book)
    code, _, err = run(capsys, "month", book, "--month", MONTH)
    assert (code, err) == (0, [])
    detail = table(book.parent / RESULT_NAME, "明细", "对象").records()
    assert [(r["数量"], r["分值"]) for r in detail
            if (r["编号"], r["规则编码"]) == ("1004", "P3-15")] == [(0.5, -0.5)]

    wb = openpyxl.load_workbook(book)  # a count, by its words, is still whole only
    append_rows(wb["台账"], [(D(2026, 11, 9), "个人", "1004", "B-07", 0.5)])
    wb.save(book)
    code, _, err = run(capsys, "month", book, "--month", MONTH)
    assert code == 2
    assert err == [HEAD_1, f"台账!E7: B-07 以“次”计，数量应为整数，而不是 0.5{WHOLE}"]


def test_a_unit_that_is_not_a_unit_is_a_located_problem(tmp_path, capsys):
    book = center_book(tmp_path)
    add_rules(book, rule_row("P3-15", "值班窗口无人在岗", -1, "3次"))
    row = openpyxl.load_workbook(book)["规则"].max_row
    code, _, err = run(capsys, "month", book, "--month", MONTH)
    assert code == 2
    letter = openpyxl.utils.get_column_letter(UNIT_COLUMN)
    assert err == [HEAD_1, f"规则!{letter}{row}: 计量单位应为 次、件、天 一类的单位，而不是 '3次'"]


def test_the_form_tells_the_head_counts_are_whole(tmp_path, capsys):
    book = center_book(tmp_path)
    make_forms(capsys, book)
    ws = openpyxl.load_workbook(book.parent / "自查表" / MONTH / NAMES["W02"])["自查表"]
    howto = next(c.value for row in ws.iter_rows() for c in row
                 if isinstance(c.value, str) and c.value.startswith("1. 一人一事一行"))
    assert "次数、件数填整数" in howto and "天数可填 0.5" in howto
    prompts = [dv.prompt for dv in ws.data_validations.dataValidation if dv.promptTitle == "数量"]
    assert prompts and all("次数、件数填整数" in p for p in prompts)


# --- 13. 已交 / 未交 / 有问题, and 弃权 read only from a form that is in ---------------------

def summary(out):
    """The counts the first line of `collect` gives."""
    head = out[0]
    return {s: int(head.split(s + " ")[1].split("，")[0].split("；")[0])
            for s in ("已交", "未交", "有问题")}


def standings(book):
    """What 报送情况 says: the 报送 of every window, its 弃权人数, and the subtitle."""
    status = table(book.parent / REPORT, "报送情况", "窗口编号")
    return ({r["窗口编号"]: (r["报送"], r["弃权人数"]) for r in status.records()},
            status.title[1][0])


def test_windows_whose_forms_are_not_back_are_unsubmitted_not_abstaining(tmp_path, back, capsys):
    book = center_book(tmp_path)
    make_forms(capsys, book)
    code, out, err = collect(capsys, book, back)
    assert (code, err) == (0, [])
    assert out[:2] == [
        "2026-11 自查表（3 个窗口）：已交 0，未交 3，有问题 0；收到文件 0 个",
        "未交的窗口（尚未交回，暂不计弃权）：不动产登记窗口（W01）、市场监管窗口（W02）、税务窗口（W03）",
    ]
    assert not any(line.startswith("弃权") for line in out)
    by_window, subtitle = standings(book)
    assert by_window == {w: ("未交", None) for w in ("W01", "W02", "W03")}
    assert subtitle.startswith("窗口 3 个：已交 0 个，未交 3 个，有问题 0 个；弃权 0 人（只计已交的窗口）")
    assert table(book.parent / REPORT, "弃权", "窗口编号").records() == []


def _w01_good(book, back):
    """W01's form, right: 周八 (1005) neither reports nor ticks, so he is 弃权."""
    form = fill(book, "W01")
    form.item(1, "1002 李四", D(2026, 11, 3), "P1-03")
    form.tick("1001")
    form.sign("李四", "张三")
    form.save(back / NAMES["W01"])


def _w02_form(book):
    """W02's form as its head fills it: 赵六 reports, 王五 (1003) neither reports nor ticks."""
    form = fill(book, "W02")
    form.item(1, "1004 赵六", D(2026, 11, 12), "B-07")
    form.sign("赵六", "王五")
    return form


def _rows(book, back, capsys):
    form = _w02_form(book)
    form.item(2, "1004 赵六", D(2026, 11, 13), "B-07", 0.5)  # half a count
    form.save(back / NAMES["W02"])


def _other_window_people(book, back, capsys):
    form = _w02_form(book)
    form.item(2, "1002 李四", D(2026, 11, 13), "P1-03")  # 李四 is W01's
    form.save(back / NAMES["W02"])


def _refused_file(book, back, capsys):
    data = (book.parent / "自查表" / MONTH / NAMES["W02"]).read_bytes()
    (back / NAMES["W02"]).write_bytes(data[: len(data) // 2])  # cut short in the mail


def _xls_by_name(book, back, capsys):
    (back / "市场监管窗口_2026-11_自查表.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)


def _other_month(book, back, capsys):
    code, _, _ = run(capsys, "selfcheck", "make", book, "--month", "2026-10", "--out",
                     book.parent / "十月")
    assert code == 0
    form = Form(book.parent / "十月" / "市场监管窗口_2026-10_自查表.xlsx")
    form.item(1, "1004 赵六", D(2026, 10, 12), "B-07")
    form.save(back / "市场监管窗口_2026-10_自查表.xlsx")


def _old_template(book, back, capsys):
    path = _w02_form(book).save(back / NAMES["W02"])
    set_meta(path, {"模板版本": "2025.1", "校验码": digest("2025.1", "W02", Month(2026, 11))})


def _signature(book, back, capsys):
    path = _w02_form(book).save(back / NAMES["W02"])
    set_meta(path, {"校验码": "0" * 32})  # a head who edited the hidden sheet


def _two_files(book, back, capsys):
    _w02_form(book).save(back / NAMES["W02"])
    _w02_form(book).save(back / "市场监管窗口（修改）.xlsx")


FAILURES = {  # how W02's form fails -> the files received in all (W01's good one included)
    "rows": (_rows, 2), "other window's people": (_other_window_people, 2),
    "refused file": (_refused_file, 2), ".xls by its name": (_xls_by_name, 2),
    "other month": (_other_month, 2), "old template": (_old_template, 2),
    "signature": (_signature, 2), "two files": (_two_files, 3),
}


@pytest.mark.parametrize("way", FAILURES)
def test_every_way_a_form_fails_is_counted_alike(tmp_path, back, capsys, way):
    book = center_book(tmp_path)
    make_forms(capsys, book)
    _w01_good(book, back)
    prepare, received = FAILURES[way]
    prepare(book, back, capsys)

    code, out, err = collect(capsys, book, back)
    assert code == 2 and err
    assert out[:4] == [
        f"2026-11 自查表（3 个窗口）：已交 1，未交 1，有问题 1；收到文件 {received} 个",
        "未交的窗口（尚未交回，暂不计弃权）：税务窗口（W03）",
        "有问题的窗口（改正后重新交回、再收集，暂不计弃权）：市场监管窗口（W02）",
        "弃权（未填报事项，也未选本月无扣加分）共 1 人：1005 周八（不动产登记窗口）",
    ]
    by_window, subtitle = standings(book)
    assert by_window == {"W01": ("已交", 1), "W02": ("有问题", None), "W03": ("未交", None)}
    assert Counter(s for s, _ in by_window.values()) == summary(out)  # the sheet agrees
    assert subtitle.startswith("窗口 3 个：已交 1 个，未交 1 个，有问题 1 个；弃权 1 人")
    abstained = table(book.parent / REPORT, "弃权", "窗口编号").records()
    assert [(r["工号"], r["原因"]) for r in abstained] == [("1005", "未填报事项，也未选本月无扣加分")]


def test_a_corrected_form_brings_its_abstentions(tmp_path, back, capsys):
    book = center_book(tmp_path)
    make_forms(capsys, book)
    _w01_good(book, back)
    _rows(book, back, capsys)
    code, out, _ = collect(capsys, book, back)
    assert code == 2 and summary(out) == {"已交": 1, "未交": 1, "有问题": 1}

    form = _w02_form(book)  # the head puts right the half count; 王五 still says nothing
    form.item(2, "1004 赵六", D(2026, 11, 13), "B-07", 1)
    form.save(back / NAMES["W02"])
    code, out, err = collect(capsys, book, back)
    assert (code, err) == (0, [])
    assert out[:3] == [
        "2026-11 自查表（3 个窗口）：已交 2，未交 1，有问题 0；收到文件 2 个",
        "未交的窗口（尚未交回，暂不计弃权）：税务窗口（W03）",
        "弃权（未填报事项，也未选本月无扣加分）共 2 人：1005 周八（不动产登记窗口）、1003 王五（市场监管窗口）",
    ]
    by_window, _ = standings(book)
    assert by_window == {"W01": ("已交", 1), "W02": ("已交", 1), "W03": ("未交", None)}


def test_a_file_that_names_no_window_leaves_the_windows_as_they_are(tmp_path, back, capsys):
    book = center_book(tmp_path)
    make_forms(capsys, book)
    shutil.copy(book, back / "随手一份.xlsx")  # the office workbook itself, sent by mistake
    code, out, err = collect(capsys, book, back)
    assert code == 2
    assert err[1:] == ["随手一份.xlsx: 不是本系统生成的自查表（找不到模板标识），"
                       "请使用 kaohe selfcheck make 生成的模板填写"]
    assert out[0] == ("2026-11 自查表（3 个窗口）：已交 0，未交 3，有问题 0；"
                      "收到文件 1 个，其中 1 个认不出是哪个窗口的")
    by_window, _ = standings(book)
    assert {s for s, _ in by_window.values()} == {"未交"}
