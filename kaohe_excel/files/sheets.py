"""Reading sheets of a workbook with python-calamine, keeping every value's cell address.

calamine reads xlsx/xlsm about ten times faster than openpyxl (benchmarks/RESULTS.md), and it
returns the cached values of formulas, so a formula a clerk typed is read as its result.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from ..errors import FileProblem, Problems, column_letter
from .cells import is_blank, normalize_text
from .preflight import Oversized, Report, preflight
from .record import Record

_NOTE = re.compile(r"\s*[((].*$")  # a note after a header, in either kind of bracket: "数量（默认1）" is 数量


def open_workbook(path: Path) -> CalamineWorkbook:
    """The workbook, after `preflight` found nothing that would exhaust memory."""
    return open_checked(path)[0]


def open_checked(path: Path) -> tuple[CalamineWorkbook, Report]:
    """The workbook and what the preflight pass found in it (unreadable cells)."""
    if not path.exists():
        raise FileProblem(f"找不到工作簿：{path}")
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not zipfile.is_zipfile(path):
        raise FileProblem(f"{path.name} 不是 Excel 工作簿（.xlsx 或 .xlsm），或文件已损坏")
    try:
        report = preflight(path)
    except Oversized as exc:
        raise FileProblem(f"{path.name}：{exc}") from None
    except OSError as exc:
        raise FileProblem(f"无法读取工作簿 {path.name}：{exc.strerror or exc}") from None
    try:
        return CalamineWorkbook.from_path(str(path)), report
    except Exception as exc:  # calamine raises its own error types for broken files
        raise FileProblem(f"无法读取工作簿 {path.name}：{exc}") from None


def header_key(value: object) -> str:
    return _NOTE.sub("", normalize_text(value))


@dataclass(eq=False)
class Table:
    """One sheet read as a header row and records, with cell addresses."""

    sheet: str
    columns: dict[str, int]  # header -> 0-based column index in the worksheet
    first_row: int  # worksheet row number (1-based) of the first record
    raw_rows: Iterator[list[Any]] | list[list[Any]]
    offset: int  # column index of the sheet's first used column
    _letters: dict[str, str] | None = None

    def letter(self, header: str) -> str:
        return column_letter(self.columns[header]) if header in self.columns else "?"

    def cell(self, header: str, row: int) -> str:
        return f"{self.letter(header)}{row}"

    def letters(self) -> dict[str, str]:
        """{header: column letter}, worked out once (every record of the sheet asks)."""
        if self._letters is None:
            self._letters = {h: column_letter(i) for h, i in self.columns.items()}
        return self._letters

    def record(self, row: int, headers: Sequence[str], values: Sequence[object],
               problems: Problems) -> Record:
        """One row from records(), read by header with problems at its cells."""
        return Record(self.sheet, row, dict(zip(headers, values, strict=True)), self.letters(),
                      problems)

    def keep_rows(self) -> Table:
        """Hold the rows, so that records() can be read more than once (several months)."""
        self.raw_rows = list(self.raw_rows)
        return self

    def index(self, header: str) -> int:
        """The position of `header` in the raw rows."""
        return self.columns[header] - self.offset

    def records(self, headers: Sequence[str], keep: Callable[[list[Any]], bool] | None = None,
                ) -> Iterator[tuple[int, list[object]]]:
        """(row number, [value of each header]) for every row that is not blank.

        `keep(raw_row)` may drop rows before any work is done on them: a year's ledger is
        mostly other months, and skipping them early is most of the reading time."""
        picks = [self.columns.get(h) for h in headers]
        idx = [None if p is None else p - self.offset for p in picks]
        row_no = self.first_row - 1
        for values in self.raw_rows:
            row_no += 1
            if keep is not None and not keep(values):
                continue
            for v in values:  # usually stops at the first cell
                if not is_blank(v):
                    break
            else:
                continue  # a blank row
            width = len(values)
            yield row_no, [values[i] if i is not None and i < width else None for i in idx]
        if not isinstance(self.raw_rows, list):
            self.raw_rows = iter(())  # let go of the sheet: calamine frees it with the iterator


def read_table(
    book: CalamineWorkbook,
    sheet: str,
    required: Sequence[str],
    problems: Problems,
    optional: bool = False,
) -> Table | None:
    """The table of `sheet`, or None (with the problem recorded) when the sheet or a
    required column is missing. An optional sheet that is absent is simply None."""
    if sheet not in book.sheet_names:
        if not optional:
            found = "、".join(book.sheet_names)
            problems.add(sheet, "", f"缺少工作表“{sheet}”（工作簿中现有：{found}）；"
                                    "工作表改过名的，请改回原名")
        return None
    data = book.get_sheet_by_name(sheet)
    start_row, start_col = data.start or (0, 0)
    rows = data.iter_rows()
    header = next(rows, None)
    if header is None:
        if optional:
            return None
        problems.add(sheet, "", f"工作表“{sheet}”是空的，第一行应为表头")
        return None
    columns: dict[str, int] = {}
    for i, value in enumerate(header):
        key = header_key(value)
        if key and key not in columns:
            columns[key] = start_col + i
    missing = [h for h in required if h not in columns]
    header_row = start_row + 1
    if missing and len(missing) == len(required) > 1:  # not a header at all: say it once
        seen = "、".join(header_key(v) for v in header if header_key(v))[:60] or "空行"
        problems.add(sheet, f"{header_row}:{header_row}",
                     f"第 {header_row} 行不是表头（现为：{seen}）；表头应为 "
                     f"{'、'.join(required)}，且在第一行，上方不要插入标题行")
        return None
    for h in missing:
        problems.add(sheet, f"{header_row}:{header_row}", f"缺少列“{h}”（表头应在第 {header_row} 行）")
    if missing:
        return None
    return Table(sheet, columns, header_row + 1, rows, start_col)


def report_unreadable(report: Report, sheets: Sequence[str], problems: Problems) -> None:
    """Record every error cell and every formula without a saved result in `sheets`: calamine
    reads them as empty, so a default (数量 1, 0 days) would silently stand in for them."""
    for sheet in sheets:
        for cell, message in report.unreadable.get(sheet, {}).items():
            problems.add(sheet, cell, message)
