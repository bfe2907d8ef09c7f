"""The button adapter against the fake of the xlwings surface (tests/xlwings_fake.py), driving
the real scoring on the demo book."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from xlwings_fake import FakeApp, FakeBook, _split

from kaohe_excel import api
from kaohe_excel.cli import main
from kaohe_excel.errors import column_letter
from kaohe_excel.excel import adapter
from kaohe_excel.excel import console as C
from kaohe_excel.excel.buttons import BUTTONS
from kaohe_excel.excel.create import create_book
from kaohe_excel.officebook.demo import demo_book_data

BUTTON = {b.entry: b for b in BUTTONS}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    book = tmp_path / "考核工作簿.xlsm"
    month = api.as_month("2026-11")
    create_book(book, demo_book_data(month), month=month)
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
    assert console.range(C.LAST_SUMMARY).value.startswith("2026-11 考评完成：参评 59 人")
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
    def broken(book: Path, period: object, ui: object) -> None:
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
