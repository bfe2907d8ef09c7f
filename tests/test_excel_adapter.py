"""The button adapter against a fake of the xlwings surface it uses, driving the real scoring
on the demo book. The fake follows xlwings' documented behaviour: `range(a).value` reads and
writes a cell (a list fills a row, a list of lists a block), `app.status_bar = False` hands the
bar back to Excel, `app.alert` returns the button pressed, `sheets.add(name, after=)` inserts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from kaohe_excel.officebook.demo import demo_book_data
from python_calamine import CalamineWorkbook

from kaohe_excel import api
from kaohe_excel.cli import main
from kaohe_excel.errors import column_letter
from kaohe_excel.excel import adapter
from kaohe_excel.excel import console as C
from kaohe_excel.excel.buttons import BUTTONS

BUTTON = {b.entry: b for b in BUTTONS}


def _split(address: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", address)
    assert m, address
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


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
                self.sheet.cells[(row + r, col + c)] = v

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
        wb = openpyxl.load_workbook(path)
        cells = {(c.row, c.column): c.value for row in wb[C.CONSOLE].iter_rows() for c in row
                 if c.value is not None}
        self.sheets = FakeSheets([FakeSheet(n, cells if n == C.CONSOLE else None)
                                  for n in wb.sheetnames])

    def save(self) -> None:
        self.saves += 1
        self.api.Saved = True


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    book = tmp_path / "考核工作簿.xlsm"
    month = api.as_month("2026-11")
    api.init_book(book, demo_book_data(month), month=month)
    return book


def _rows(path: Path, sheet: str) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_month_button_writes_what_the_cli_writes(demo: Path, tmp_path: Path) -> None:
    book = FakeBook(demo)
    outcome = adapter.run(book, BUTTON["month"])
    assert outcome is not None
    result = api.month_result_path(demo, api.as_month("2026-11"))
    assert book.app.books.opened == [str(result)]
    by_button = {s: _rows(result, s) for s in ("个人排名", "窗口排名", "明细")}
    cli_out = tmp_path / "cli.xlsx"
    assert main(["month", str(demo), "--month", "2026-11", "--out", str(cli_out)]) == 0
    assert by_button == {s: _rows(cli_out, s) for s in by_button}
    console = book.sheets[C.CONSOLE]
    assert console.range(C.LAST_ACTION).value == "计算月度考评"
    assert console.range(C.LAST_SUMMARY).value.startswith("2026-11 考评完成:参评 59 人")
    row, col = _split(f"{C.LINK_COLUMN}{C.FIRST_LINK_ROW}")
    assert console.links[(row, col)] == str(result)
    assert book.app.status_bar is False and book.app.screen_updating is True
    assert book.app.alerts == []


def test_unsaved_edits_are_saved_after_asking_once(demo: Path) -> None:
    book = FakeBook(demo)
    book.api.Saved = False
    assert adapter.run(book, BUTTON["month"]) is not None
    assert book.saves == 1 and len(book.app.alerts) == 1 and "未保存" in book.app.alerts[0]

    book = FakeBook(demo, FakeApp(answers=["cancel"]))
    book.api.Saved = False
    assert adapter.run(book, BUTTON["month"]) is None
    assert book.saves == 0 and book.app.books.opened == []


def test_data_errors_fill_the_problem_sheet_with_links(demo: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(demo, keep_vba=True)  # a test-only edit of the data
    ledger = wb["台账"]
    ledger.cell(row=5, column=4).value = "P9-99"
    ledger.cell(row=9, column=3).value = "2026999"
    bad = tmp_path / "bad.xlsm"
    wb.save(bad)
    book = FakeBook(bad)
    assert adapter.run(book, BUTTON["month"]) is None
    sheet = book.sheets[C.PROBLEMS]
    assert [s.name for s in book.sheets][:2] == [C.CONSOLE, C.PROBLEMS]
    assert [sheet.cells[(1, c)] for c in (1, 2, 3)] == adapter.PROBLEM_HEADERS
    links = {sheet.cells[(r, 2)]: sheet.links[(r, 2)] for r in range(2, 4)}
    assert links == {"台账!C9": "#'台账'!C9", "台账!D5": "#'台账'!D5"}
    assert "2 处问题" in book.app.alerts[0]
    assert not api.month_result_path(bad, api.as_month("2026-11")).exists()
    assert book.app.status_bar is False

    # the next clean run clears it
    fixed = FakeBook(demo)
    fixed.sheets.items.insert(1, sheet)
    assert adapter.run(fixed, BUTTON["month"]) is not None
    assert sheet.cells == {(1, 1): "上次运行没有发现问题"} and sheet.links == {}


def test_an_unexpected_error_clears_the_bar_and_writes_a_log(demo: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              ) -> None:
    def broken(book: Path, period: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(adapter.ACTIONS, "month", broken)
    book = FakeBook(demo)
    assert adapter.run(book, BUTTON["month"]) is None
    assert book.app.status_bar is False and book.app.screen_updating is True
    assert any(isinstance(v, str) and "正在" in v for v in book.app.bar_history)
    [message] = book.app.alerts
    log = Path(re.search(r"已写入 (\S+?\.log)", message).group(1))
    assert "Traceback" not in message and "ZeroDivisionError" not in message
    assert log.parent == demo.parent / adapter.LOG_FOLDER
    assert "ZeroDivisionError: boom" in log.read_text(encoding="utf-8")


def test_a_bad_period_cell_is_one_chinese_line(demo: Path) -> None:
    book = FakeBook(demo)
    book.sheets[C.CONSOLE].range(C.MONTH_CELL).value = "十一月"
    assert adapter.run(book, BUTTON["month"]) is None
    assert book.app.alerts[0].startswith("控制台!B3:")


def test_a_date_in_the_month_cell_and_the_quarter_button(demo: Path) -> None:
    import datetime as dt

    book = FakeBook(demo)
    book.sheets[C.CONSOLE].range(C.MONTH_CELL).value = dt.datetime(2026, 11, 1)
    assert adapter.run(book, BUTTON["finalize"]) is None  # asked, and the answer was not yes
    book.app.answers = ["yes"]
    assert adapter.run(book, BUTTON["finalize"]) is not None
    assert "2026-11 已审定" in book.sheets[C.CONSOLE].range(C.LAST_SUMMARY).value


def test_check_button_reports(demo: Path) -> None:
    book = FakeBook(demo)
    assert adapter.run(book, BUTTON["check"]) is not None
    assert "xlwings:0.37.8" in book.app.alerts[0]


def test_problem_link_targets() -> None:
    from kaohe_excel.errors import Problem

    assert adapter.link_target(Problem("人员", "C", "x")) == "#'人员'!C1"
    assert adapter.link_target(Problem("规则", "", "x")) == "#'规则'!A1"
    assert adapter.link_target(Problem("O'Brien", "B2:C3", "x")) == "#'O''Brien'!B2"
    assert column_letter(0) == "A"


def test_set_python_changes_only_the_conf_sheet(demo: Path, tmp_path: Path) -> None:
    import sys
    import zipfile

    before = zipfile.ZipFile(demo).read("xl/vbaProject.bin")
    assert main(["excel", "set-python", sys.executable, str(demo),
                 "--temp-dir", "C:\\kaohe-temp"]) == 0
    with zipfile.ZipFile(demo) as z:
        assert z.read("xl/vbaProject.bin") == before
    rows = {r[0]: r[1] for r in _rows(demo, C.CONF)}
    assert rows["Interpreter_Win"] == sys.executable and rows["TEMP DIR"] == "C:\\kaohe-temp"
    assert rows["ADD_WORKBOOK_TO_PYTHONPATH"] == "False"
