"""Odd cells and archives that must not give silent wrong results or internal errors: error
cells, formulas saved without results, huge numbers, settings out of range, zeroed no-double
rows, manual rows with a quantity, title rows, another book's archive, an archive opened in Excel."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal

import openpyxl
import pytest
from book_helpers import edit, new_book, row_of, run, small_book
from core_helpers import L, lines_of, person_of
from core_helpers import run as score
from openpyxl.cell.cell import TYPE_ERROR
from test_bad_input import HEAD_1, book_with, refused

DAY = dt.date(2026, 11, 20)


def test_error_cells_and_formulas_without_results_are_reported_not_defaulted(tmp_path, capsys):
    book = book_with(tmp_path)
    wb = openpyxl.load_workbook(book)
    wb["台账"]["E2"] = "#DIV/0!"  # 数量 of 李四's P1-03: blank would silently mean 1
    wb["台账"]["E2"].data_type = TYPE_ERROR
    wb["台账"]["E3"] = "=1+1"  # openpyxl saves formulas without their result
    wb["考勤"]["F3"] = "#REF!"  # 事假无人顶替天数: blank would silently mean 0
    wb["考勤"]["F3"].data_type = TYPE_ERROR
    wb.save(book)
    assert refused(capsys, book) == [
        "考核工作簿有 3 处问题，未生成结果：",
        "台账!E2: 单元格是错误值 #DIV/0!，请更正",
        "台账!E3: 公式没有保存计算结果，请在 Excel 中打开此工作簿并保存后再试",
        "考勤!F3: 单元格是错误值 #REF!，请更正",
    ]


def test_a_huge_quantity_is_a_located_problem(tmp_path, capsys):
    book = book_with(tmp_path, ledger=[(DAY, "个人", "1003", "B-07", "1e30")])
    assert refused(capsys, book) == [HEAD_1, "台账!E5: 数值过大：1e30"]


def test_settings_out_of_range(tmp_path, capsys):
    book = book_with(tmp_path)
    edit(book, "设置", f"B{row_of(book, '设置', '个人得分小数位')}", 30)
    edit(book, "设置", f"B{row_of(book, '设置', '先进个人比例')}", "150%")
    edit(book, "设置", f"B{row_of(book, '设置', '超标线')}", 60)
    err = refused(capsys, book)
    assert err[0] == "考核工作簿有 3 处问题，未生成结果："
    assert sorted(err[1:]) == sorted([
        f"设置!B{row_of(book, '设置', '个人得分小数位')}: 个人得分小数位: 小数位应为 0 到 4，而不是 30",
        f"设置!B{row_of(book, '设置', '先进个人比例')}: 先进个人比例: 比例应在 0 到 100% 之间，而不是 150%",
        f"设置!B{row_of(book, '设置', '超标线')}: 超标线: 超标线 60 不能低于达标线 70",
    ])


def test_a_zeroed_no_double_row_adds_nothing_and_half_a_row_adds_half():
    zeroed = score(["A"], [L("A", "B-03", 0, event="报道")])
    assert person_of(zeroed, "A").outcome.score == Decimal("100.0")
    assert lines_of(zeroed, "A", "B-03") == []
    half = score(["A"], [L("A", "B-06", "0.5", event="感谢信"),
                         L("A", "B-06", "0.5", event="感谢信")])
    assert person_of(half, "A").outcome.raw == Decimal("100.05")


def test_a_manual_row_carries_its_total_so_its_quantity_must_be_one(tmp_path, capsys):
    book = book_with(tmp_path, ledger=[(DAY, "个人", "1003", "X-01", 2, 5, None, "领导小组决定")])
    assert refused(capsys, book) == [
        HEAD_1, "台账!E5: X-01 为特别情形，分值即本行的总分，数量应为空或 1"]


def test_a_month_without_any_attendance_is_one_line(tmp_path, capsys):
    book = book_with(tmp_path)
    code, _, err = run(capsys, "month", book, "--month", "2027-01")
    assert code == 2
    assert err == [HEAD_1, "考勤: 考勤表中没有 2027-01 的任何行（每位在岗人员每月一行）"]


def test_a_title_row_above_the_header_is_one_line(tmp_path, capsys):
    book = book_with(tmp_path)
    wb = openpyxl.load_workbook(book)
    wb["台账"].insert_rows(1)
    wb["台账"]["A1"] = "2026年台账"
    wb.save(book)
    assert refused(capsys, book) == [
        HEAD_1, "台账!1:1: 第 1 行不是表头（现为：2026年台账）；表头应为 日期、对象、编号、规则编码，"
                "且在第一行，上方不要插入标题行"]


def test_another_books_archive_is_not_taken_for_this_books(tmp_path, capsys):
    book = new_book(tmp_path / "考核工作簿.xlsx", small_book())
    assert run(capsys, "finalize", book, "--month", "2026-11")[0] == 0
    other = tmp_path / "另一个中心.xlsx"
    shutil.copy(book, other)
    code, _, err = run(capsys, "month", other, "--month", "2026-11")
    assert code == 1
    assert err == ["考评结果/2026-11 是 考核工作簿.xlsx 的审定存档，不属于 另一个中心.xlsx；"
                   "不同的考核工作簿请放在不同的文件夹（考核工作簿改过名的，请改回 考核工作簿.xlsx）"]
    manifest = json.loads((tmp_path / "考评结果" / "2026-11" / "manifest.json").read_text("utf-8"))
    assert manifest["book"] == "考核工作簿.xlsx"


def test_finalize_into_a_folder_that_is_not_an_archive_says_so(tmp_path, capsys):
    book = new_book(tmp_path / "考核工作簿.xlsx", small_book())
    folder = tmp_path / "考评结果" / "2026-11"
    folder.mkdir(parents=True)
    (folder / "备注.txt").write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "finalize", book, "--month", "2026-11")
    assert code == 1
    assert err == ["考评结果/2026-11 已存在但不是审定存档（没有 manifest.json）；"
                   "请先把这个文件夹移走或改名，再审定"]
    assert (folder / "备注.txt").read_text(encoding="utf-8") == "x"


def test_opening_an_archived_result_in_excel_is_not_tampering(tmp_path, capsys):
    book = new_book(tmp_path / "考核工作簿.xlsx", small_book())
    assert run(capsys, "finalize", book, "--month", "2026-11")[0] == 0
    folder = tmp_path / "考评结果" / "2026-11"
    (folder / "~$月度考评结果_2026-11_审定.xlsx").write_bytes(b"owner")
    (folder / "Thumbs.db").write_bytes(b"x")
    assert run(capsys, "verify", book) == (0, ["2026-11: 存档完好"], [])
    (folder / "新加的.xlsx").write_bytes(b"x")
    code, _, err = run(capsys, "verify", book)
    assert (code, err) == (3, ["考评结果/2026-11/新加的.xlsx: 审定后新增的文件"])


@pytest.mark.parametrize("cut", range(1, 60))
def test_an_error_cell_split_between_two_chunks_is_still_found(cut):
    """The preflight pass reads sheets in chunks; a cell cut anywhere between two chunks (even
    inside t="e" or <f>) is found as if it came whole."""
    from kaohe_excel.files.preflight import _Unreadable

    xml = (b'<row r="2"><c r="E2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
           b'<c r="F2"><f>SUM(A1)</f></c></row>')
    scan = _Unreadable()
    scan.take(b"x" * 5000 + xml[:cut])
    scan.take(xml[cut:] + b"y" * 5000)
    assert scan.cells == {"E2": "单元格是错误值 #DIV/0!，请更正",
                          "F2": "公式没有保存计算结果，请在 Excel 中打开此工作簿并保存后再试"}
