"""Table rows are written by our own row writer (files/xlsx.TableSheet), not cell by cell
through xlsxwriter: what it writes must be what xlsxwriter would have written.

Each test writes the same cells twice, once through `write_row` on a table sheet and once
through `write_cell` (xlsxwriter's own writer) on a plain sheet, and reads both back with
openpyxl, an independent reader: values, types and formats must agree cell for cell. The
sheet's XML is also checked for what Excel insists on and openpyxl forgives: rows in
ascending order, each row once.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from kaohe_excel.core.words import Grade, Status
from kaohe_excel.files.xlsx import Styles, new_workbook, table_sheet, write_cell, write_row

HEADERS = ("工号", "姓名", "得分", "等级", "日期", "是否", "说明")
WIDTHS = (10, 10, 8, 8, 12, 6, 40)
LONG_TEXT = "因窗口人员未按规定时间到岗，群众等候超过二十分钟并电话投诉，经核实属实。" * 3


def _rows(st: Styles) -> list[list[tuple[object, object]]]:
    return [
        [("1001", st.text), ("张三", st.text), (Decimal("95.50"), st.person),
         (Grade.ABOVE, st.grade(Grade.ABOVE)), (dt.date(2026, 11, 5), st.date),
         (True, st.text), ("P1-03 着装不规范 −2", st.text)],
        [("1002", st.text), ("李四", st.text), (None, st.person), (None, st.text),
         (None, st.date), (False, st.text), (Status.DISQUALIFIED, st.flag)],
        [("=HYPERLINK(\"http://x\")", st.text), ("<b>王&五</b>", st.text), (88, st.int),
         ("", st.text), (dt.datetime(2026, 11, 30, 8, 30), st.date), (1.25, st.num),
         (LONG_TEXT, st.text)],
        [("1004", st.text), ("赵\x01六", st.text), (Decimal("-0.15"), st.num),
         (Grade.BELOW, st.grade(Grade.BELOW)), (None, None), (0, st.int),
         ("第一行\n第二行", st.text)],
    ]


def _write(path: Path, through_rows: bool, big: bool = False) -> None:
    wb = new_workbook(path, big=big)
    st = Styles(wb)
    if through_rows:
        ws, head = table_sheet(wb, st, "表", HEADERS, WIDTHS, "标题", "副标题")
        for i, cells in enumerate(_rows(st), start=head + 1):
            write_row(ws, i, cells)
    else:
        ws = wb.add_worksheet("表")
        for i, cells in enumerate(_rows(st), start=3):
            for col, (value, fmt) in enumerate(cells):
                write_cell(ws, i, col, value, fmt)
    wb.close()


def _cells(path: Path) -> list[list[tuple]]:
    ws = openpyxl.load_workbook(path)["表"]
    return [[(c.value, type(c.value).__name__, c.number_format, c.font.b, c.font.color and
              c.font.color.rgb, c.fill.fgColor.rgb, c.border.left.style, c.data_type)
             for c in row] for row in ws.iter_rows(min_row=4, max_row=7)]


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("big", [False, True], ids=["in memory", "streamed"])
def test_rows_read_back_as_xlsxwriter_writes_them(tmp_path, big):
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    _write(ours, through_rows=True, big=big)
    _write(theirs, through_rows=False)
    assert _cells(ours) == _cells(theirs)
    values = [[c[0] for c in row] for row in _cells(ours)]
    assert values[0][:4] == ["1001", "张三", 95.5, "超标"]
    assert values[0][4] == dt.datetime(2026, 11, 5) and values[0][5] == "是"
    assert values[1][2:5] == [None, None, None]  # blank, but bordered (compared above)
    assert values[2][0] == "=HYPERLINK(\"http://x\")"  # text, never a formula
    assert _cells(ours)[2][0][-1] == "s"
    assert values[2][1] == "<b>王&五</b>" and values[3][2] == -0.15


def test_rows_are_in_order_once_each_after_the_title_rows(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = new_workbook(path)
    st = Styles(wb)
    ws, head = table_sheet(wb, st, "表", HEADERS, WIDTHS, "标题", "副标题")
    rows = _rows(st)
    for i in (3, 1, 0, 2):  # written out of order
        write_row(ws, head + 1 + i, rows[i])
    write_cell(ws, head + 2, 8, "旁注", st.text)  # a cell written the usual way on a kept row
    wb.close()
    numbers = [int(n) for n in re.findall(r'<row r="(\d+)"', _sheet_xml(path))]
    assert numbers == sorted(set(numbers)) == [1, 2, 3, 4, 5, 6, 7]
    ws = openpyxl.load_workbook(path)["表"]
    assert ws["A1"].value == "标题" and ws["A3"].value == "工号"
    assert [ws.cell(head + 1 + i + 1, 1).value for i in range(4)] == ["1001", "1002",
                                                                      "=HYPERLINK(\"http://x\")",
                                                                      "1004"]
    assert ws.cell(head + 2 + 1, 9).value == "旁注"
    assert ws.cell(head + 2 + 1, 2).value == "李四"  # the rest of that row is still there


def test_running_text_wraps_and_its_row_grows(tmp_path):
    path = tmp_path / "t.xlsx"
    _write(path, through_rows=True)
    ws = openpyxl.load_workbook(path)["表"]
    assert ws["G6"].alignment.wrap_text  # the long 说明
    long_row, two_lines, short_row = (ws.row_dimensions[r].height for r in (6, 7, 4))
    assert long_row and two_lines and long_row > two_lines > 20
    assert short_row is None or short_row < 20
    assert ws.column_dimensions["G"].width <= 41  # running text wraps within its width


def test_text_longer_than_a_cell_is_cut_as_xlsxwriter_cuts_it(tmp_path):
    text = "𠀀" * 20000 + "尾"  # 40,001 UTF-16 units: astral characters count twice
    written = []
    for through_rows in (True, False):
        path = tmp_path / f"{through_rows}.xlsx"
        wb = new_workbook(path)
        st = Styles(wb)
        if through_rows:
            ws, head = table_sheet(wb, st, "表", ("说明",), (40,))
            write_row(ws, head + 1, [(text, st.text)])
        else:
            ws = wb.add_worksheet("表")
            write_cell(ws, 1, 0, text, st.text)
        wb.close()
        written.append(openpyxl.load_workbook(path)["表"]["A2"].value)
    assert written[0] == written[1] == "𠀀" * 16383
