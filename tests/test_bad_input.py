"""Bad input through `kaohe month`: every problem comes back as `sheet!cell: message` lines on
stderr, exit status 2, no traceback, no result workbook; broken or missing files give exit 1
and one line."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from book_helpers import (
    MONTH,
    RESULT_NAME,
    edit,
    files_in,
    new_book,
    row_of,
    run,
    sha256,
    small_book,
)

DAY = dt.date(2026, 11, 20)
HEAD_1 = "考核工作簿有 1 处问题，未生成结果："
KINDS = "按次、阶梯、取消资格、退回、特别情形、类别、分组"


def book_with(tmp_path: Path, *, ledger=(), people=(), attendance=()) -> Path:
    """The small valid book (ledger rows 2-4, people and 考勤 rows 2-4) plus extra rows."""
    data = small_book()
    data.ledger += list(ledger)
    data.people += list(people)
    data.attendance += list(attendance)
    return new_book(tmp_path / "考核工作簿.xlsx", data)


def refused(capsys, book: Path, exit_code: int = 2) -> list[str]:
    """Run `kaohe month`; assert it failed cleanly and wrote nothing. Returns stderr lines."""
    before = sha256(book)
    listing = files_in(book.parent)
    code, out, err = run(capsys, "month", book, "--month", MONTH)
    assert code == exit_code, (code, err)
    assert out == []
    assert not any("Traceback" in line for line in err)
    assert not (book.parent / RESULT_NAME).exists()
    assert files_in(book.parent) == listing  # no result, no temp file
    assert sha256(book) == before
    return err


def test_the_small_book_itself_is_valid(tmp_path, capsys):
    """The base of every case below scores without a problem (so each case fails for its
    own reason)."""
    book = book_with(tmp_path)
    code, out, err = run(capsys, "month", book, "--month", MONTH)
    assert (code, err) == (0, [])
    assert (tmp_path / RESULT_NAME).is_file()


LEDGER_CASES = {
    "unknown 工号": (
        (DAY, "个人", "9999", "P1-03"),
        "台账!C5: 未知工号 9999（人员表中没有）"),
    "unknown 窗口编号": (
        (DAY, "窗口", "W99", "WD-01"),
        "台账!C5: 未知窗口编号 W99（窗口表中没有）"),
    "unknown rule code": (
        (DAY, "个人", "1002", "P9-99"),
        "台账!D5: 未知规则编码 P9-99（规则表中没有）"),
    "negative quantity": (
        (DAY, "个人", "1002", "P1-03", -1),
        "台账!E5: 数量不能为负数：-1"),
    "quantity abc": (
        (DAY, "个人", "1002", "P1-03", "abc"),
        "台账!E5: 不是数字：abc"),
    "missing date": (
        (None, "个人", "1002", "P1-03"),
        "台账!A5: 缺少日期"),
    "date 2026-13-45": (
        ("2026-13-45", "个人", "1002", "P1-03"),
        "台账!A5: 不是日期：2026-13-45"),
    "X-01 without 分值": (
        (DAY, "个人", "1002", "X-01", None, None, None, "考评领导小组决定扣分"),
        "台账!F5: X-01 为特别情形，须填写分值（加分为正，扣分为负）"),
    "X-01 without 说明": (
        (DAY, "个人", "1002", "X-01", None, -3),
        "台账!H5: X-01 为特别情形，须在说明中写明考评领导小组的决定"),
    "derived code P3-03 typed in the ledger": (
        (DAY, "个人", "1002", "P3-03", 2),
        "台账!D5: 规则 P3-03 由考勤/窗口办件自动计算，不在台账录入"),
    "window code on a person": (
        (DAY, "个人", "1002", "WD-01"),
        "台账!D5: 规则 WD-01 用于窗口，本行对象是个人"),
    "person code on a window": (
        (DAY, "窗口", "W01", "P1-03"),
        "台账!D5: 规则 P1-03 用于个人，本行对象是窗口"),
    "分值 on a rule that is not manual": (
        (DAY, "个人", "1002", "P1-03", 1, -7),
        "台账!F5: 分值只用于特别情形；P1-03 的分值由规则表确定，请清空"),
}


@pytest.mark.parametrize("case", list(LEDGER_CASES))
def test_bad_ledger_row(tmp_path, capsys, case):
    row, message = LEDGER_CASES[case]
    book = book_with(tmp_path, ledger=[row])
    assert refused(capsys, book) == [HEAD_1, message]


def test_person_in_an_unknown_window(tmp_path, capsys):
    book = book_with(tmp_path, people=[("1004", "赵六", "W99", "某局", "工作人员")],
                     attendance=[("2026-11", "1004", 21, 21, 0, 0, 0, 0, 0, 10)])
    assert refused(capsys, book) == [HEAD_1, "人员!C5: 未知窗口编号 W99（窗口表中没有）"]


def test_person_given_a_rule_code_as_window(tmp_path, capsys):
    book = book_with(tmp_path, people=[("1004", "赵六", "P1-03", "某局", "工作人员")],
                     attendance=[("2026-11", "1004", 21, 21, 0, 0, 0, 0, 0, 10)])
    assert refused(capsys, book) == [HEAD_1, "人员!C5: 未知窗口编号 P1-03（窗口表中没有）"]


def test_duplicated_staff_number(tmp_path, capsys):
    book = book_with(tmp_path, people=[("1002", "李四二", "W02", "某局", "工作人员")])
    assert refused(capsys, book) == [HEAD_1, "人员!A5: 工号 1002 重复（第 3 行已有）"]


def test_duplicated_staff_number_typed_once_as_a_number(tmp_path, capsys):
    book = book_with(tmp_path, people=[(1002, "李四二", "W02", "某局", "工作人员")])
    assert refused(capsys, book) == [HEAD_1, "人员!A5: 工号 1002 重复（第 3 行已有）"]


def test_rated_person_without_attendance(tmp_path, capsys):
    book = book_with(tmp_path)
    edit(book, "考勤", "A3", "2026-10")  # 李四's only 考勤 row is now October's
    assert refused(capsys, book) == [HEAD_1, "人员!A3: 李四（1002）在 2026-11 没有考勤行"]


def test_missing_sheet(tmp_path, capsys):
    book = book_with(tmp_path)
    wb = openpyxl.load_workbook(book)
    del wb["台账"]
    wb.save(book)
    assert refused(capsys, book) == [
        HEAD_1, "台账: 缺少工作表“台账”（工作簿中现有：说明、人员、窗口、考勤、窗口办件、调动、评选决定、节假日、规则、设置、派出单位）；"
                "工作表改过名的，请改回原名"]


def test_missing_column(tmp_path, capsys):
    book = book_with(tmp_path)
    edit(book, "台账", "D1", None)  # the 规则编码 header is gone
    assert refused(capsys, book) == [HEAD_1, "台账!1:1: 缺少列“规则编码”（表头应在第 1 行）"]


def test_attendance_for_an_unknown_person(tmp_path, capsys):
    book = book_with(tmp_path, attendance=[("2026-11", "9999", 21, 21, 0, 0, 0, 0, 0, 10)])
    assert refused(capsys, book) == [HEAD_1, "考勤!B5: 未知工号 9999（人员表中没有）"]


def test_attendance_twice_in_a_month(tmp_path, capsys):
    book = book_with(tmp_path, attendance=[("2026年11月", "1002", 21, 20, 0, 0, 0, 0, 0, 10)])
    assert refused(capsys, book) == [HEAD_1, "考勤!B5: 工号 1002 在 2026-11 已有考勤行（第 3 行）"]


def test_attendance_more_days_present_than_working_days(tmp_path, capsys):
    book = book_with(tmp_path)
    edit(book, "考勤", "D3", 22)
    assert refused(capsys, book) == [HEAD_1, "考勤!D3: 出勤天数 22 加批准请假天数 0 超过法定工作日 21"]


@pytest.mark.parametrize(("cell", "value", "message"), [
    ("D3", "abc", "考勤!D3: 不是数字：abc"),
    ("C3", None, "考勤!C3: 缺少法定工作日"),
], ids=["present-days-abc", "working-days-blank"])
def test_a_broken_attendance_row_is_reported_once(tmp_path, capsys, cell, value, message):
    """李四 has a 考勤 row (row 3) with one bad cell: that cell is the problem. Saying that
    李四 has no 考勤 row at all would send the clerk looking for a row that is there."""
    book = book_with(tmp_path)
    edit(book, "考勤", cell, value)
    assert refused(capsys, book) == [HEAD_1, message]


def test_a_broken_rule_row_is_not_called_missing_in_the_ledger(tmp_path, capsys):
    """P1-03 is in the 规则 sheet (row 15) with a bad 计分方式. The 规则 cell is the problem;
    the ledger row that uses P1-03 must not be told the code is not in the 规则 sheet."""
    book = book_with(tmp_path)  # 台账 row 2 uses P1-03
    edit(book, "规则", "E15", "按月")
    err = refused(capsys, book)
    assert f"规则!E15: 未知计分方式 '按月'，应为 {KINDS} 之一" in err
    assert not [line for line in err if "规则表中没有" in line], err


# --- the rulebook (规则 sheet) --------------------------------------------------------
# Rows of the default 规则 sheet: header, 11 category/group rows, then P1-01 in row 13.

def test_rule_rows_are_where_the_cases_below_expect(tmp_path):
    book = book_with(tmp_path)
    assert [row_of(book, "规则", c) for c in ("P1-01", "P1-02", "P1-03", "P1-04", "P3-06")] \
        == [13, 14, 15, 16, 65]


def test_rule_with_unknown_scoring_kind(tmp_path, capsys):
    book = book_with(tmp_path)
    edit(book, "规则", "E14", "按月")  # P1-02
    assert refused(capsys, book) == [
        HEAD_1, f"规则!E14: 未知计分方式 '按月'，应为 {KINDS} 之一"]


def test_rule_ladder_that_does_not_rise(tmp_path, capsys):
    book = book_with(tmp_path)
    edit(book, "规则", "G65", "1:-2, 1:-5")  # P3-06
    assert refused(capsys, book) == [HEAD_1, "规则!G65: 阶梯的数量应逐级上升"]


def test_rule_monthly_cap_below_one_occurrence(tmp_path, capsys):
    book = book_with(tmp_path)
    edit(book, "规则", "I13", 2)  # P1-01 is -5 a time
    assert refused(capsys, book) == [HEAD_1, "规则!I13: 月上限 2 小于一次的分值 5"]


def test_rule_code_used_twice(tmp_path, capsys):
    book = book_with(tmp_path)
    edit(book, "规则", "A16", "P1-03")  # the P1-04 row now says P1-03 (row 15 has it)
    assert refused(capsys, book) == [HEAD_1, "规则!A16: 规则编码 P1-03 重复（第 15 行已有）"]


def test_several_problems_are_all_reported_sorted(tmp_path, capsys):
    fine = (DAY, "个人", "1002", "P1-04")
    book = book_with(
        tmp_path,
        ledger=[
            (DAY, "个人", "9999", "P1-03", -1),   # 5: C5 and E5
            fine, fine, fine, fine, fine, fine,  # 6-11
            (DAY, "个人", "1003", "B-07", "abc"),  # 12: E12 (after row 5, not before it)
        ],
        people=[("1004", "赵六", "W99", "某局", "工作人员")],
        attendance=[("2026-11", "1004", 21, 21, 0, 0, 0, 0, 0, 10)],
    )
    edit(book, "规则", "E14", "按月")
    assert refused(capsys, book) == [
        "考核工作簿有 5 处问题，未生成结果：",
        "人员!C5: 未知窗口编号 W99（窗口表中没有）",
        "台账!C5: 未知工号 9999（人员表中没有）",
        "台账!E5: 数量不能为负数：-1",
        "台账!E12: 不是数字：abc",
        f"规则!E14: 未知计分方式 '按月'，应为 {KINDS} 之一",
    ]


# --- files that are not office workbooks ----------------------------------------------

def _one_line_failure(capsys, book: Path) -> str:
    code, out, err = run(capsys, "month", book, "--month", MONTH)
    assert code == 1
    assert out == []
    assert len(err) == 1, err
    assert "Traceback" not in err[0]
    assert not (book.parent / RESULT_NAME).exists()
    return err[0]


def test_a_text_file_named_xlsx(tmp_path, capsys):
    book = tmp_path / "考核工作簿.xlsx"
    book.write_text("工号，姓名\n1001，张三\n", encoding="utf-8")
    line = _one_line_failure(capsys, book)
    assert "考核工作簿.xlsx" in line and "不是 Excel 工作簿" in line


def test_a_zip_that_is_not_a_workbook(tmp_path, capsys):
    book = tmp_path / "考核工作簿.xlsx"
    with zipfile.ZipFile(book, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    line = _one_line_failure(capsys, book)
    assert "考核工作簿.xlsx" in line


def test_a_csv_file(tmp_path, capsys):
    book = tmp_path / "人员.csv"
    book.write_text("工号，姓名\n", encoding="utf-8")
    line = _one_line_failure(capsys, book)
    assert "人员.csv" in line


def test_a_missing_book(tmp_path, capsys):
    book = tmp_path / "没有这个文件.xlsx"
    line = _one_line_failure(capsys, book)
    assert "没有这个文件.xlsx" in line
    assert files_in(tmp_path) == set()


def test_a_bad_month_option(tmp_path, capsys):
    book = book_with(tmp_path)
    code, out, err = run(capsys, "month", book, "--month", "2026-13")
    assert code == 1
    assert len(err) == 1 and "2026-13" in err[0]
    assert not (tmp_path / RESULT_NAME).exists()


def test_out_naming_an_existing_folder(tmp_path, capsys):
    """`--out 结果/` (a folder) is a user's slip, not an internal error: either the result
    goes into the folder or one line says what is wrong (exit 1)."""
    book = book_with(tmp_path)
    folder = tmp_path / "结果"
    folder.mkdir()
    code, out, err = run(capsys, "month", book, "--month", MONTH, "--out", folder)
    assert not any("内部错误" in line for line in err), err
    assert code in (0, 1), (code, err)
    if code == 1:
        assert len(err) == 1
        assert files_in(tmp_path) == {"考核工作簿.xlsx", "结果"}
        assert files_in(folder) == set()
