"""Shared helpers for the tests that go through the doors a user uses: the `kaohe` CLI,
office workbooks filled with openpyxl the way a clerk fills them, result workbooks read back
with openpyxl and python-calamine.

Nothing here computes an expected score: expectations are written by hand in the tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from kaohe_excel import api
from kaohe_excel.cli.main import main

Row = Sequence[object]

MONTH = "2026-11"
RESULT_NAME = "月度考评结果_2026-11_公示稿.xlsx"  # what `kaohe month` writes beside the book


@dataclass
class Book:
    """What a clerk types into the office workbook; each list is rows in header order."""

    people: list[Row] = field(default_factory=list)
    windows: list[Row] = field(default_factory=list)
    ledger: list[Row] = field(default_factory=list)
    attendance: list[Row] = field(default_factory=list)
    window_cases: list[Row] = field(default_factory=list)


def set_value(ws, row: int, col: int, value: object) -> None:
    """Write a cell as Excel keeps typed text: a string starting with "=" stays text
    (the clerk typed it with a leading apostrophe), never a formula."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def append_rows(ws, rows: Iterable[Row]) -> None:
    """Append rows below the last used row of `ws` (below the header in a new book)."""
    start = ws.max_row + 1
    if ws.max_row == 1 and all(c.value is None for c in ws[1]):
        start = 1
    for r, values in enumerate(rows, start=start):
        for c, value in enumerate(values, start=1):
            if value is not None:
                set_value(ws, r, c, value)


def new_book(path: Path, data: Book | None = None) -> Path:
    """An office workbook as `kaohe init` makes it, then filled with openpyxl."""
    api.init_book(path)
    if data is not None:
        fill(path, data)
    return path


def fill(path: Path, data: Book) -> None:
    wb = openpyxl.load_workbook(path)
    for sheet, rows in (("人员", data.people), ("窗口", data.windows), ("台账", data.ledger),
                        ("考勤", data.attendance), ("窗口办件", data.window_cases)):
        append_rows(wb[sheet], rows)
    wb.save(path)


def edit(path: Path, sheet: str, cell: str, value: object) -> None:
    """Change one cell of the office workbook with openpyxl, as a clerk would in Excel."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    set_value(ws, ws[cell].row, ws[cell].column, value)
    wb.save(path)


def row_of(path: Path, sheet: str, value: str, column: int = 1) -> int:
    """The worksheet row whose cell in `column` holds `value` (for locating a rule row)."""
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    for i, row in enumerate(ws.iter_rows(min_col=column, max_col=column, values_only=True),
                            start=1):
        if row[0] == value:
            return i
    raise AssertionError(f"{value!r} not found in {sheet}")


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run(capsys, *argv: object) -> tuple[int, list[str], list[str]]:
    """Run `kaohe argv…`; returns (exit code, stdout lines, stderr lines)."""
    capsys.readouterr()
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


# --- reading result workbooks back -----------------------------------------------------

def sheet_values(path: Path, sheet: str) -> list[list[object]]:
    """Every row of `sheet` as openpyxl reads it, trailing empty cells dropped."""
    ws = openpyxl.load_workbook(path)[sheet]
    return [_trim(list(row)) for row in ws.iter_rows(values_only=True)]


def calamine_values(path: Path, sheet: str) -> list[list[object]]:
    """The same with python-calamine, in openpyxl's terms (blank -> None, from cell A1)."""
    wb = CalamineWorkbook.from_path(str(path))
    data = wb.get_sheet_by_name(sheet)
    start_row, start_col = data.start or (0, 0)
    rows: list[list[object]] = [[] for _ in range(start_row)]
    for row in data.to_python(skip_empty_area=False):
        rows.append(_trim([None] * start_col + [None if v == "" else v for v in row]))
    return rows


def _trim(row: list[object]) -> list[object]:
    while row and row[-1] is None:
        row.pop()
    return row


@dataclass
class Table:
    """A result sheet: title rows, the header row and the records below it."""

    title: list[list[object]]
    header: list[object]
    rows: list[list[object]]
    header_row: int  # 1-based worksheet row of the header

    def records(self) -> list[dict[str, object]]:
        return [dict(zip(self.header, r + [None] * (len(self.header) - len(r)), strict=False))
                for r in self.rows]

    def by(self, column: str) -> dict[object, dict[str, object]]:
        return {rec[column]: rec for rec in self.records()}


def table(path: Path, sheet: str, first_header: str) -> Table:
    """Split a result sheet at its header row (the first row whose A cell is `first_header`)."""
    values = sheet_values(path, sheet)
    for i, row in enumerate(values):
        if row and row[0] == first_header:
            return Table(values[:i], row, [r for r in values[i + 1:] if r], i + 1)
    raise AssertionError(f"no header row starting with {first_header!r} in {sheet}")


def all_cells(path: Path) -> Iterable[tuple[str, object]]:
    """(sheet, cell) for every non-empty cell of a workbook, as openpyxl loads it."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws.title, cell


def files_in(directory: Path) -> set[str]:
    return {p.name for p in Path(directory).iterdir()}


# --- a small valid office workbook for the bad-input, saving and LibreOffice tests -----

def small_book() -> Book:
    """Two windows, three people, a few ledger rows; valid for 2026-11."""
    return Book(
        windows=[
            ("W01", "不动产登记窗口", "市自然资源局", "张三", "w01@example.cn"),
            ("W02", "市场监管窗口", "市市场监管局", "王五", "w02@example.cn"),
        ],
        people=[
            ("1001", "张三", "W01", "市自然资源局", "工作区长"),
            ("1002", "李四", "W01", "市自然资源局", "工作人员"),
            ("1003", "王五", "W02", "市市场监管局", "工作人员"),
        ],
        ledger=[
            (dt.date(2026, 11, 3), "个人", "1002", "P1-03", 1, None, None, "未佩证"),
            (dt.date(2026, 11, 4), "个人", "1003", "B-07", 2),
            (dt.date(2026, 11, 5), "窗口", "W02", "WD-01", 1),
        ],
        attendance=[
            ("2026-11", "1001", 21, 21, 0, 0, 0, 0, 0, 150),
            ("2026-11", "1002", 21, 21, 0, 0, 0, 0, 0, 120),
            ("2026-11", "1003", 21, 21, 0, 0, 0, 0, 0, 90),
        ],
    )
