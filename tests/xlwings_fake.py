"""A fake of the xlwings surface the button adapter uses (kaohe_excel/excel/surface.py),
written from xlwings' documented behaviour: `range(a).value` reads and writes a cell (a list
fills a row, a list of lists a block), `app.status_bar = False` hands the bar back to Excel,
`app.alert` returns the button pressed, `sheets.add(name, after=)` inserts a sheet. A string
written to a cell is taken as Excel takes typed input: a leading apostrophe makes the rest text
(and is not part of the value), a leading "=" makes a formula, a number-like string becomes a
number. `book.save()` writes the cells written since opening into the file (with openpyxl, as
Excel would save them). Only light imports, so that benchmarks/excel_button.py can time a click
with it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook


def _split(address: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", address)
    assert m, address
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


@dataclass(frozen=True)
class Formula:
    text: str


def _as_excel_takes(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if value.startswith("'"):
        return value[1:]
    if value.startswith("="):
        return Formula(value)
    try:
        return float(value.strip())
    except ValueError:
        return value


class FakeRange:
    def __init__(self, sheet: FakeSheet, address: str):
        self.sheet, self.address = sheet, address

    @property
    def value(self) -> Any:
        return self.sheet.cells.get(_split(self.address))

    @value.setter
    def value(self, value: Any) -> None:
        row, col = _split(self.address)
        rows = value if isinstance(value, list) and value and isinstance(value[0], list) \
            else [value] if isinstance(value, list) else [[value]]
        for r, cells in enumerate(rows):
            for c, v in enumerate(cells):
                self.sheet.cells[(row + r, col + c)] = _as_excel_takes(v)
                self.sheet.dirty.add((row + r, col + c))

    def add_hyperlink(self, address: str, text_to_display: str | None = None,
                      screen_tip: str | None = None) -> None:
        row, col = _split(self.address)
        self.sheet.links[(row, col)] = address
        self.sheet.cells[(row, col)] = text_to_display or address


class FakeSheet:
    def __init__(self, name: str, cells: dict[tuple[int, int], Any] | None = None):
        self.name = name
        self.cells = cells or {}
        self.links: dict[tuple[int, int], str] = {}
        self.dirty: set[tuple[int, int]] = set()
        self.active = False

    def range(self, address: str) -> FakeRange:
        return FakeRange(self, address)

    def clear(self) -> None:
        self.cells.clear()
        self.links.clear()

    def activate(self) -> None:
        self.active = True


class FakeSheets:
    def __init__(self, sheets: list[FakeSheet]):
        self.items = sheets

    def __getitem__(self, name: str) -> FakeSheet:
        return next(s for s in self.items if s.name == name)

    def __iter__(self):
        return iter(self.items)

    def add(self, name=None, before=None, after=None) -> FakeSheet:
        sheet = FakeSheet(name)
        at = self.items.index(after) + 1 if after else self.items.index(before) if before else 0
        self.items.insert(at, sheet)
        return sheet


class FakeBooks:
    def __init__(self) -> None:
        self.opened: list[str] = []

    def open(self, fullname: str) -> None:
        self.opened.append(fullname)


class FakeApp:
    def __init__(self, answers: list[str] | None = None):
        self.alerts: list[str] = []
        self.answers = answers or []
        self.bar_history: list[Any] = []
        self.updating_history: list[bool] = []
        self.books = FakeBooks()

    @property
    def status_bar(self) -> Any:
        return self.bar_history[-1] if self.bar_history else False

    @status_bar.setter
    def status_bar(self, value: Any) -> None:
        self.bar_history.append(value)

    @property
    def screen_updating(self) -> bool:
        return self.updating_history[-1] if self.updating_history else True

    @screen_updating.setter
    def screen_updating(self, value: bool) -> None:
        self.updating_history.append(value)

    def alert(self, prompt: str, title=None, buttons="ok", mode=None) -> str:
        self.alerts.append(prompt)
        return self.answers.pop(0) if self.answers else "ok"


class FakeApi:
    def __init__(self) -> None:
        self.Saved = True


class FakeBook:
    """An open workbook: its 控制台 cells come from the file, as Excel shows them."""

    def __init__(self, path: Path, app: FakeApp | None = None):
        self.fullname = str(path)
        self.app = app or FakeApp()
        self.api = FakeApi()
        self.saves = 0
        wb = CalamineWorkbook.from_path(str(path))
        sheets = []
        for name in wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets.append(FakeSheet(name, {(r, c): v for r, row in enumerate(rows, start=1)
                                           for c, v in enumerate(row, start=1) if v != ""}))
        self.sheets = FakeSheets(sheets)

    def save(self) -> None:
        self.saves += 1
        self.api.Saved = True
        written = [s for s in self.sheets if s.dirty]
        if not written:
            return
        import openpyxl  # only a save with edits needs it

        wb = openpyxl.load_workbook(self.fullname, keep_vba=self.fullname.endswith(".xlsm"))
        for sheet in written:
            ws = wb[sheet.name] if sheet.name in wb.sheetnames else wb.create_sheet(sheet.name)
            for row, col in sorted(sheet.dirty):
                value = sheet.cells.get((row, col))
                cell = ws.cell(row=row, column=col)
                if isinstance(value, Formula):
                    cell.value = value.text
                elif isinstance(value, str):
                    cell.value = value
                    cell.data_type = "s"  # text, as Excel keeps it
                elif isinstance(value, dt.date):
                    cell.value = value
                    cell.number_format = "yyyy/m/d"  # what Excel gives a date typed in
                else:
                    cell.value = value
            sheet.dirty.clear()
        wb.save(self.fullname)
