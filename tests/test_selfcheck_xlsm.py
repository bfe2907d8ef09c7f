"""An office workbook kept as `.xlsm`, with a VBA project, form buttons (one on 台账 itself), a
text box and a note, survives `kaohe selfcheck collect`: the VBA project is byte-identical,
every part except the 台账 worksheet is byte-identical, and the buttons are still wired to
their macro. openpyxl would drop the text box (it does not keep drawing shapes), which is why
collect edits the 台账 sheet's XML in the zip instead."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from book_helpers import run, table
from selfcheck_helpers import MONTH, NAMES, D, Form, center, day, ledger_rows, returned_dir

from kaohe_excel.officebook import create as office_workbook
from kaohe_excel.officebook.book_data import BookData

VBA = Path(__file__).parent / "files" / "vbaProject.bin"


class _WithMacros(xlsxwriter.Workbook):
    """The office workbook as `kaohe init` writes it, plus what an Excel user adds: the VBA
    project, a button on 说明 and one on 台账, a text box and a note on 台账."""

    def close(self):
        self.add_vba_project(str(VBA))
        for ws in self.worksheets():
            if ws.name == "说明":
                ws.insert_button("D2", {"macro": "say_hello", "caption": "计算本月"})
            if ws.name == "台账":
                ws.insert_button("M2", {"macro": "say_hello", "caption": "收集自查表",
                                        "width": 120, "height": 30})
                ws.insert_textbox("M5", "督查管理处: 每月 5 日前收集自查表")
                ws.write_comment("A1", "日期必须在当月内")
        return super().close()


@pytest.fixture
def xlsm(tmp_path, monkeypatch):
    def new_workbook(path, big=False):
        return _WithMacros(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                       "strings_to_numbers": False})

    monkeypatch.setattr(office_workbook, "new_workbook", new_workbook)
    data = center()
    book = tmp_path / "考核工作簿.xlsm"
    office_workbook.write_office_workbook(book, BookData(
        people=[tuple(r) for r in data.people], windows=[tuple(r) for r in data.windows],
        ledger=[tuple(r) for r in data.ledger], attendance=[tuple(r) for r in data.attendance]))
    return book


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _fill_w01(book: Path, folder: Path) -> None:
    form = Form(book.parent / "自查表" / MONTH / NAMES["W01"])
    form.item(1, "1002 李四", D(2026, 11, 5), "P3-01", 2)
    form.item(1, day=D(2026, 11, 18), code="WB-10", window=True)
    form.tick("1001")
    form.tick("1005")
    form.save(folder / NAMES["W01"])


def test_vba_project_and_buttons_survive_collect(xlsm, tmp_path, capsys):
    before = _members(xlsm)
    assert before["xl/vbaProject.bin"] == VBA.read_bytes()
    code, _, err = run(capsys, "selfcheck", "make", xlsm, "--month", MONTH)
    assert (code, err) == (0, [])
    back = returned_dir(tmp_path)
    _fill_w01(xlsm, back)
    code, out, err = run(capsys, "selfcheck", "collect", xlsm, "--month", MONTH, back)
    assert (code, err) == (0, [])
    assert out[2].startswith("已更新台账（不动产登记窗口）")

    after = _members(xlsm)
    assert list(after) == list(before)  # the same parts, in the same order
    assert after["xl/vbaProject.bin"] == VBA.read_bytes()
    changed = sorted(n for n in before if before[n] != after[n])
    assert changed == ["xl/worksheets/sheet4.xml"]  # 台账, and nothing else

    # the 台账 sheet still points at its drawings, and they still hold the buttons
    sheet = after["xl/worksheets/sheet4.xml"].decode()
    old_sheet = before["xl/worksheets/sheet4.xml"].decode()
    for tag in (r"<legacyDrawing [^>]*/>", r"<drawing [^>]*/>", r"<sheetPr[^>]*>"):
        assert re.findall(tag, sheet) == re.findall(tag, old_sheet) != []
    vml = [after[n].decode() for n in after if n.endswith(".vml")]
    buttons = [re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", v) for v in vml]
    assert sorted(sum(buttons, [])) == ["say_hello", "say_hello"]
    assert any("收集自查表" in v for v in vml)
    drawing = next(after[n].decode() for n in after if re.match(r"xl/drawings/drawing\d+\.xml$", n))
    assert "督查管理处: 每月 5 日前收集自查表" in drawing

    # and the book is still a book: the ledger reads, the month scores
    rows = ledger_rows(xlsm)
    assert [r[:5] for r in rows[4:]] == [
        (day(2026, 11, 5), "个人", "1002", "P3-01", 2),
        (day(2026, 11, 18), "窗口", "W01", "WB-10", 1),
    ]
    assert openpyxl.load_workbook(xlsm, keep_vba=True).sheetnames[:4] == ["说明", "人员", "窗口",
                                                                         "台账"]
    code, out, err = run(capsys, "month", xlsm, "--month", MONTH)
    assert (code, err) == (0, [])
    people = table(tmp_path / "月度考评结果_2026-11_公示稿.xlsx", "个人排名", "排名").by("工号")
    assert people["1002"]["得分"] == 93  # P1-03 −2 (office) and P3-01 twice −5 (self-check)


def test_openpyxl_would_lose_the_text_box(xlsm, tmp_path):
    """Why collect does not simply load and save the book with openpyxl (keep_vba=True)."""
    saved = tmp_path / "openpyxl.xlsm"
    openpyxl.load_workbook(xlsm, keep_vba=True).save(saved)
    drawings = [v.decode(errors="replace") for n, v in _members(saved).items()
                if re.match(r"xl/drawings/drawing\d+\.xml$", n)]
    assert not any("督查管理处: 每月 5 日前收集自查表" in d for d in drawings)
