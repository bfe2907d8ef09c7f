"""Shared xlsxwriter set-up for every workbook we create: formats, titled tables, print set-up.

Text cells are always written with write_string and the workbook refuses to turn strings into
formulas, URLs or numbers, so text a user typed ("=HYPERLINK(…)") stays text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ..core.words import Grade

FONT = "等线"


def new_workbook(path: Path, big: bool = False) -> xlsxwriter.Workbook:
    """A workbook that writes user text as text. `big` streams rows to disk (constant memory)."""
    return xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "constant_memory": big,
            "in_memory": not big,  # small books: no temporary files, much faster to write
        },
    )


def _places(decimals: int) -> str:
    """Excel's number format for a score rounded to `decimals`: 0, 0.0, 0.00 …"""
    return "0" + ("." + "0" * decimals if decimals else "")


class Styles:
    """The handful of formats our sheets use, created once per workbook."""

    def __init__(self, wb: xlsxwriter.Workbook, person_decimals: int = 1, window_decimals: int = 2):
        """Scores show the decimals the office publishes (设置: 个人/窗口得分小数位)."""
        base = {"font_name": FONT, "font_size": 10.5, "valign": "vcenter"}
        self.title = wb.add_format({**base, "bold": True, "font_size": 14, "align": "left"})
        self.subtitle = wb.add_format({**base, "font_color": "#595959"})
        self.header = wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "border": 1,
                                     "align": "center", "text_wrap": True})
        self.text = wb.add_format({**base, "border": 1})
        self.wrap = wb.add_format({**base, "border": 1, "text_wrap": True})
        self.int = wb.add_format({**base, "border": 1, "num_format": "0"})
        self.num = wb.add_format({**base, "border": 1, "num_format": "General"})
        self.person = wb.add_format({**base, "border": 1, "num_format": _places(person_decimals)})
        self.window = wb.add_format({**base, "border": 1, "num_format": _places(window_decimals)})
        self.date = wb.add_format({**base, "border": 1, "num_format": "yyyy-mm-dd"})
        self.above = wb.add_format({**base, "border": 1, "bg_color": "#C6EFCE",
                                    "font_color": "#006100"})
        self.below = wb.add_format({**base, "border": 1, "bg_color": "#FFC7CE",
                                    "font_color": "#9C0006"})
        self.muted = wb.add_format({**base, "border": 1, "font_color": "#7F7F7F"})
        self.plain = wb.add_format(base)
        self.plain_wrap = wb.add_format({**base, "text_wrap": True, "valign": "top"})

    def grade(self, grade: Grade | None) -> Format:
        """超标 green, 未达标 red, anything else plain."""
        if grade is Grade.ABOVE:
            return self.above
        return self.below if grade is Grade.BELOW else self.text


def write_cell(ws: Worksheet, row: int, col: int, value: object, fmt: Format | None) -> None:
    """Write by type; text never becomes a formula."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "是" if value else "否", fmt)
    elif isinstance(value, (int, float, Decimal)):
        ws.write_number(row, col, float(value), fmt)
    elif isinstance(value, (dt.date, dt.datetime)):
        ws.write_datetime(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def table_sheet(
    wb: xlsxwriter.Workbook,
    styles: Styles,
    name: str,
    headers: Sequence[str],
    widths: Sequence[float],
    title: str | None = None,
    subtitle: str | None = None,
    landscape: bool = True,
) -> tuple[Worksheet, int]:
    """A sheet with an optional title block, a header row, frozen panes and print set-up.
    Returns the sheet and the 0-based row index of its header."""
    ws = wb.add_worksheet(name)
    row = 0
    if title:
        ws.write_string(0, 0, title, styles.title)
        ws.set_row(0, 24)
        row = 1
        if subtitle:
            ws.write_string(1, 0, subtitle, styles.subtitle)
            row = 2
    for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
        ws.set_column(col, col, width)
        ws.write_string(row, col, header, styles.header)
    ws.freeze_panes(row + 1, 0)
    ws.set_paper(9)  # A4
    if landscape:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)  # fit to width, as many pages as it takes
    ws.repeat_rows(row)
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.hide_gridlines(0)
    return ws, row


def write_row(ws: Worksheet, row: int, cells: Sequence[tuple[object, Format | None]]) -> None:
    """Write (value, format) pairs from column A on."""
    for col, (value, fmt) in enumerate(cells):
        write_cell(ws, row, col, value, fmt)
