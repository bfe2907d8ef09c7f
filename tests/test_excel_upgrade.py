"""`kaohe excel upgrade`: an office .xlsx the office has edited becomes an .xlsm with the 控制台
and buttons; every cell value survives (read back with openpyxl), and `kaohe month` on it gives
what it gives on the .xlsx. Run on an older .xlsm it rebuilds the VBA and keeps the data."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from oletools.olevba import VBA_Parser
from python_calamine import CalamineWorkbook

from kaohe_excel import api
from kaohe_excel.cli import main
from kaohe_excel.excel import console as C
from kaohe_excel.excel import project
from kaohe_excel.excel.buttons import BUTTONS
from kaohe_excel.excel.create import create_book
from kaohe_excel.officebook.demo import demo_book_data

MONTH = api.as_month("2026-11")
RESULT_SHEETS = ("个人排名", "窗口排名", "明细", "提示", "待处理")


def _edited_demo(folder: Path) -> Path:
    """The demo book as an office would have it after a year: its own rule and setting
    values, an extra 台账 row, a column and a sheet of its own (a test-only edit)."""
    book = folder / "考核工作簿.xlsx"
    api.init_book(book, demo_book_data(MONTH))
    wb = openpyxl.load_workbook(book)
    rules = wb["规则"]
    row = next(r for r in rules.iter_rows(min_row=2) if r[0].value == "P3-01")
    row[6].value = "1:-3, 2:-6, 3:-10, 4:取消资格"  # 阶梯: the office made lateness dearer
    settings = wb["设置"]
    row = next(r for r in settings.iter_rows(min_row=2) if r[0].value == "中心名称")
    row[1].value = "YY市政务服务中心"
    ledger = wb["台账"]
    ledger.append([dt.datetime(2026, 11, 20), "个人", "2026008", "P1-01", 1, None, "会议迟到",
                   "=HYPERLINK(\"x\")", "督查", "李丹丹"])
    ledger.cell(row=ledger.max_row, column=8).data_type = "s"  # typed text, not a formula
    people = wb["人员"]
    people.cell(row=1, column=9).value = "备注"
    people.cell(row=3, column=9).value = "11月借调"
    own = wb.create_sheet("我的统计")
    own["A1"], own["B1"], own["A2"], own["B2"] = "月份", "人数", "2026-11", 59
    own["C2"] = dt.datetime(2026, 12, 1)
    own["D2"] = "=B2*2"
    wb.save(book)
    return book


def _values(path: Path) -> dict[str, dict[tuple[int, int], Any]]:
    wb = openpyxl.load_workbook(path, data_only=True)
    return {ws.title: {(c.row, c.column): c.value for row in ws.iter_rows() for c in row
                       if c.value is not None}
            for ws in wb.worksheets}


def _validations(path: Path) -> dict[str, set[tuple[str, str, str | None]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: {(str(v.sqref), v.type, v.formula1) for v in ws.data_validations.dataValidation}
            for ws in wb.worksheets}


def _result(book: Path, out: Path) -> dict[str, list[list[Any]]]:
    assert main(["month", str(book), "--month", str(MONTH), "--out", str(out)]) == 0
    wb = CalamineWorkbook.from_path(str(out))
    return {s: wb.get_sheet_by_name(s).to_python() for s in RESULT_SHEETS}


def _kaohe_module(path: Path) -> str:
    parser = VBA_Parser(str(path))
    try:
        return next(code for _, stream, _, code in parser.extract_macros()
                    if stream.endswith("Kaohe"))
    finally:
        parser.close()


def test_upgrade_keeps_every_cell_and_scores_the_same(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    book = _edited_demo(tmp_path)
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    assert main(["excel", "upgrade", str(book)]) == 0
    said = capsys.readouterr().out
    xlsm = book.with_suffix(".xlsm")
    assert hashlib.sha256(book.read_bytes()).hexdigest() == before  # the .xlsx is untouched
    assert "我的统计" in said and "D2" in said and "公式" in said

    old, new = _values(book), _values(xlsm)
    assert list(new) == [C.CONSOLE, *old, C.CONF]
    for sheet, cells in old.items():
        assert new[sheet] == cells, sheet
    assert new["台账"][(ledger_rows := max(r for r, _ in old["台账"]), 8)] == "=HYPERLINK(\"x\")"
    assert ledger_rows > 2
    olds, news = _validations(book), _validations(xlsm)
    for sheet, found in olds.items():
        assert news[sheet] == found, sheet
    assert olds["台账"]  # the drop-downs were there to keep

    edited = _result(book, tmp_path / "from_xlsx.xlsx")
    assert _result(xlsm, tmp_path / "from_xlsm.xlsx") == edited
    plain = tmp_path / "plain" / "考核工作簿.xlsx"
    plain.parent.mkdir()
    api.init_book(plain, demo_book_data(MONTH))
    assert _result(plain, tmp_path / "plain.xlsx") != edited  # the edits were scored

    assert all(f"Public Sub {b.macro}()" in _kaohe_module(xlsm) for b in BUTTONS)
    with zipfile.ZipFile(xlsm) as z:
        vml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".vml"))
    assert all(b.caption in vml for b in BUTTONS)


def test_a_second_upgrade_needs_force(tmp_path: Path) -> None:
    book = _edited_demo(tmp_path)
    assert main(["excel", "upgrade", str(book)]) == 0
    assert main(["excel", "upgrade", str(book)]) == 1
    assert main(["excel", "upgrade", str(book), "--force"]) == 0


def test_an_older_xlsm_gets_the_new_vba_and_keeps_its_data(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    xlsm = tmp_path / "考核工作簿.xlsm"
    current = project.vba_source

    def older(name: str) -> str:  # a Kaohe module from before the latest buttons
        text = current(name)
        return text.split("Public Sub KaoheYear")[0] if name == "Kaohe" else text

    monkeypatch.setattr(project, "vba_source", older)
    create_book(xlsm, demo_book_data(MONTH), month=MONTH)
    monkeypatch.undo()
    assert "KaoheCheck" not in _kaohe_module(xlsm)
    assert main(["excel", "set-python", __import__("sys").executable, str(xlsm),
                 "--temp-dir", "C:\\kaohe-temp"]) == 0
    wb = openpyxl.load_workbook(xlsm, keep_vba=True)  # a test-only edit: one more 台账 row
    wb["台账"].append([dt.datetime(2026, 11, 21), "个人", "2026008", "P1-01", 1])
    wb["控制台"]["B3"] = "2026-10"
    wb.save(xlsm)
    old = _values(xlsm)

    assert main(["excel", "upgrade", str(xlsm)]) == 0
    new = _values(xlsm)
    for sheet in old:
        if sheet not in (C.CONSOLE, C.CONF):
            assert new[sheet] == old[sheet], sheet
    assert new[C.CONSOLE][(3, 2)] == "2026-10"  # the period the book was left at
    conf = {r[0]: r[1] for r in CalamineWorkbook.from_path(str(xlsm)).get_sheet_by_name(C.CONF)
            .to_python()}
    assert conf["Interpreter_Win"] == __import__("sys").executable
    assert conf["TEMP DIR"] == "C:\\kaohe-temp"
    assert conf[C.VBA_KEY] == C.vba_stamp()
    assert all(f"Public Sub {b.macro}()" in _kaohe_module(xlsm) for b in BUTTONS)
    assert list((tmp_path / "考核工作簿_备份").iterdir())  # the replaced book was kept
