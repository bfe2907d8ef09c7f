"""The in-place edit of a worksheet's XML: whatever is not edited stays byte for byte, new cells
are well-formed and typed (text never becomes a formula), odd but valid sheets are handled."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from kaohe_excel.core.numbers import format_points
from kaohe_excel.errors import FileProblem
from kaohe_excel.officebook.ledger_edit import LedgerEdit, edit_package
from kaohe_excel.officebook.sheet_xml import EditRefused, Sheet

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'


def _cells(xml: str) -> dict[str, str]:
    """{ref: the cell's XML text content} of a sheet, parsed as XML (so it must be well-formed)."""
    root = ElementTree.fromstring(xml)
    found = {}
    for c in root.iter(f"{{{MAIN}}}c"):
        found[c.get("r")] = "".join(c.itertext())
    return found


def test_untouched_rows_keep_their_bytes_and_new_cells_are_typed():
    xml = (HEAD + '<dimension ref="A1:B2"/><sheetData>'
           '<row r="1" spans="1:2"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>\n'
           '<row r="2" spans="1:2" ht="20" customHeight="1"><c r="A2" s="3"><v>46331</v></c>'
           '<c r="B2" s="4" t="s"><v>2</v></c></row>'
           "</sheetData><pageMargins/></worksheet>")
    sheet = Sheet.parse(xml)
    sheet.set(2, 2, "=HYPERLINK(\"http://x\",\"y\") & <b>", "4")
    sheet.set(3, 0, dt.date(2026, 11, 5), "3")
    sheet.set(3, 4, Decimal("0.50"), None)
    sheet.set(3, 1, "  两头空格 ", "4")
    sheet.set(3, 3, "控制\x01字符", None)
    out = sheet.text()
    assert out.startswith(xml[:xml.index("<row r=\"2\"")])  # row 1 untouched
    assert out.endswith("</sheetData><pageMargins/></worksheet>")
    assert '<row r="2" ht="20" customHeight="1">' in out  # spans dropped, the rest kept
    assert _cells(out) == {"A1": "0", "B1": "1", "A2": "46331", "B2": "2",
                           "C2": '=HYPERLINK("http://x","y") & <b>',
                           "A3": "46331", "B3": "  两头空格 ", "D3": "控制字符", "E3": "0.5"}
    assert '<c r="C2" s="4" t="inlineStr"><is><t>=HYPERLINK' in out  # text, not <f>
    assert '<t xml:space="preserve">  两头空格 </t>' in out
    assert '<c r="E3"><v>0.5</v></c>' in out


def test_existing_cells_keep_their_style_and_clearing_keeps_the_cell():
    xml = (HEAD + '<sheetData><row r="5"><c r="A5" s="7" t="s"><v>3</v></c>'
           '<c r="C5" s="8"><v>2</v></c></row></sheetData></worksheet>')
    sheet = Sheet.parse(xml)
    sheet.set(5, 0, "新", "1")
    sheet.set(5, 2, None, None)
    sheet.set(5, 1, None, "9")  # nothing there: nothing written
    out = sheet.text()
    assert '<row r="5"><c r="A5" s="7" t="inlineStr"><is><t>新</t></is></c><c r="C5" s="8"/></row>' in out


def test_a_formula_in_the_way_is_refused():
    xml = HEAD + '<sheetData><row r="2"><c r="E2"><f>D2*2</f><v>4</v></c></row></sheetData></worksheet>'
    sheet = Sheet.parse(xml)
    with pytest.raises(EditRefused, match="E2: 单元格含公式"):
        sheet.set(2, 4, Decimal(1), None)


def test_prefixed_namespace_and_cells_without_references():
    xml = (f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>'
           "<x:row><x:c t=\"inlineStr\"><x:is><x:t>a</x:t></x:is></x:c><x:c><x:v>1</x:v></x:c></x:row>"
           '<x:row r="3"><x:c r="B3"><x:v>2</x:v></x:c></x:row>'
           "</x:sheetData></x:worksheet>")
    sheet = Sheet.parse(xml)
    assert [(r.number, [c.col for c in r.cells]) for r in sheet.rows] == [(1, [0, 1]), (3, [1])]
    assert sheet.last_used({1}) == 3
    sheet.set(2, 0, "新行", None)
    out = sheet.text()
    assert '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>新行</x:t></x:is></x:c></x:row>' in out
    assert out.index('<x:row r="2">') < out.index('<x:row r="3">')
    ElementTree.fromstring(out)


def test_an_empty_sheet_data_gets_rows():
    xml = HEAD + "<sheetData/><pageMargins/></worksheet>"
    sheet = Sheet.parse(xml)
    sheet.set(1, 0, "日期", None)
    out = sheet.text()
    assert "<sheetData><row r=\"1\">" in out and "</sheetData><pageMargins/>" in out
    assert _cells(out) == {"A1": "日期"}


def _book(path, with_dates: bool):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("台账")
    ws.write_row(0, 0, ["日期", "对象", "编号", "规则编码"])
    if with_dates:
        ws.write_datetime(1, 0, dt.datetime(2026, 11, 2), wb.add_format({"num_format": "yyyy/m/d"}))
        ws.write_row(1, 1, ["个人", "1001", "P1-03"])
    ws.autofilter(0, 0, 1, 3)
    wb.add_worksheet("其他").write(0, 0, "不动")
    wb.close()


@pytest.mark.parametrize("with_dates", [True, False])
def test_dates_get_a_date_format(tmp_path, with_dates):
    src, dst = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    _book(src, with_dates)
    edit = LedgerEdit("台账", 1, {"日期": 0, "对象": 1, "编号": 2, "规则编码": 3})
    edit.appends.append({"日期": dt.date(2026, 11, 5), "对象": "窗口", "编号": "W01",
                         "规则编码": "WB-10"})
    assert edit_package(src, dst, edit) == [3 if with_dates else 2]
    book = CalamineWorkbook.from_path(str(dst))
    rows = book.get_sheet_by_name("台账").to_python()
    assert rows[-1] == [dt.date(2026, 11, 5), "窗口", "W01", "WB-10"]
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst) as b:
        changed = {n for n in a.namelist() if a.read(n) != b.read(n)}
        styles = b.read("xl/styles.xml").decode()
        sheet = b.read("xl/worksheets/sheet1.xml").decode()
    if with_dates:
        assert changed == {"xl/worksheets/sheet1.xml"}
    else:  # no date format anywhere in the book: one is added to styles.xml
        assert changed == {"xl/worksheets/sheet1.xml", "xl/styles.xml"}
        assert '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' in styles
    last = 3 if with_dates else 2
    assert f'<autoFilter ref="A1:D{last}"/>' in sheet
    assert f'<dimension ref="A1:D{last}"/>' in sheet


def test_a_missing_sheet_is_a_clear_refusal(tmp_path):
    src = tmp_path / "a.xlsx"
    _book(src, True)
    with pytest.raises(FileProblem) as error:
        edit_package(src, tmp_path / "b.xlsx", LedgerEdit("台账2", 1, {}))
    assert str(error.value) == "找不到工作表“台账2”（考核工作簿未改动）"


def test_a_formula_where_a_row_goes_is_a_located_refusal(tmp_path):
    src = tmp_path / "a.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("台账")
    ws.write_row(0, 0, ["日期", "对象"])
    ws.write_formula(1, 1, '="个"&"人"')
    wb.close()
    edit = LedgerEdit("台账", 1, {"日期": 0, "对象": 1})
    edit.writes[2] = {"日期": None, "对象": "窗口"}
    with pytest.raises(FileProblem) as error:
        edit_package(src, tmp_path / "b.xlsx", edit)
    assert str(error.value) == ("台账!B2: 单元格含公式，为免破坏公式未做改动；请清除该单元格后重试"
                                "（考核工作簿未改动）")
    assert not (tmp_path / "b.xlsx").exists()


def test_text_that_looks_like_an_excel_escape_or_holds_a_carriage_return(tmp_path):
    src, dst = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    _book(src, True)
    edit = LedgerEdit("台账", 1, {"日期": 0, "对象": 1, "编号": 2, "规则编码": 3})
    edit.appends.append({"日期": dt.date(2026, 11, 5), "对象": "a_x0041_b",
                         "编号": "第一行\r\n第二行", "规则编码": "=1+1"})
    edit_package(src, dst, edit)
    rows = CalamineWorkbook.from_path(str(dst)).get_sheet_by_name("台账").to_python()
    assert rows[-1] == [dt.date(2026, 11, 5), "a_x0041_b", "第一行\r\n第二行", "=1+1"]


_values = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.just("_x0041_ & <b>\r"),
    st.decimals(min_value=-10**6, max_value=10**6, allow_nan=False, places=2),
)


def _sheet_xml(cells: dict[tuple[int, int], int]) -> str:
    rows: dict[int, list[str]] = {}
    for (r, c), v in sorted(cells.items()):
        rows.setdefault(r, []).append(f'<c r="{chr(65 + c)}{r}" s="1"><v>{v}</v></c>')
    body = "".join(f'<row r="{r}" spans="1:9">{"".join(cs)}</row>' for r, cs in rows.items())
    return HEAD + f'<dimension ref="A1"/><sheetData>{body}</sheetData></worksheet>'


def _expected(value: object) -> str:
    if isinstance(value, Decimal):
        return format_points(value)
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", str(value))
    return re.sub(r"(_x[0-9A-Fa-f]{4}_)", r"_x005F\1", text)  # as XML has it; Excel unescapes


@settings(max_examples=150, deadline=None)
@given(
    existing=st.dictionaries(st.tuples(st.integers(1, 12), st.integers(0, 6)),
                             st.integers(0, 999), max_size=30),
    writes=st.lists(st.tuples(st.integers(1, 15), st.integers(0, 8), _values), max_size=20),
)
def test_writing_cells_gives_exactly_the_cells_written(existing, writes):
    """Whatever is written where, the XML stays well-formed, every cell holds its last value
    (text exactly, numbers as written), and rows nobody wrote to keep their bytes."""
    xml = _sheet_xml(existing)
    sheet = Sheet.parse(xml)
    expected = {f"{chr(65 + c)}{r}": str(v) for (r, c), v in existing.items()}
    for r, c, value in writes:
        sheet.set(r, c, value, None)
        ref = f"{chr(65 + c)}{r}"
        if value is None or value == "":
            if ref in expected:
                expected[ref] = ""
        else:
            expected[ref] = _expected(value)
    out = sheet.text()
    assert _cells(out) == expected
    touched = {r for r, _, _ in writes}
    for r in {r for r, _ in existing} - touched:
        original = re.search(rf'<row r="{r}" .*?</row>', xml)
        assert original and original.group(0) in out
    numbers = [int(m) for m in re.findall(r'<row r="(\d+)"', out)]
    assert numbers == sorted(set(numbers))
