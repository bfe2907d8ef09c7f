"""`kaohe excel upgrade BOOK`: an office workbook (.xlsx, or an older .xlsm) rewritten as an
.xlsm with the 控制台, its buttons, xlwings.conf and the current VBA project.

Every cell value of every sheet is copied where it was (data sheets, the office's own rule and
setting rows, sheets the office added), with column widths, frozen panes, filters and the data
validations (drop-down lists) read from the old sheets' XML. What xlsxwriter cannot carry over
(cell fonts and colours, formulas, comments, pictures, conditional formats, merged cells, names)
is found and listed, so that the user knows what to set again. The old file is never changed:
an .xlsx stays beside the new .xlsm; an .xlsm is replaced only after a backup copy is kept.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .. import api
from ..core.periods import Month
from ..errors import FileProblem, KaoheError
from ..files.parts import sheet_parts
from ..files.saving import write_atomically
from ..files.sheets import open_workbook
from ..files.xlsx import Styles, new_workbook
from ..officebook import names as N
from ..officebook.ledger_edit import replace_book
from . import console as C
from .wps import write_menu

OURS = (C.CONSOLE, C.CONF, C.PROBLEMS)  # rebuilt, never copied
OFFICE_SHEETS = (N.GUIDE, N.PEOPLE, N.WINDOWS, N.LEDGER, N.ATTENDANCE, N.WINDOW_CASES,
                 N.TRANSFERS, N.DECISIONS, N.HOLIDAYS, N.RULES, N.SETTINGS, N.UNITS)
TABLES = OFFICE_SHEETS[1:]  # header in row 1: styled, frozen and printed as kaohe init does
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_OPERATORS = {"between": "between", "notBetween": "not between", "equal": "equal to",
              "notEqual": "not equal to", "greaterThan": "greater than",
              "lessThan": "less than", "greaterThanOrEqual": "greater than or equal to",
              "lessThanOrEqual": "less than or equal to"}
_TYPES = {"whole": "integer", "decimal": "decimal", "list": "list", "date": "date",
          "time": "time", "textLength": "length", "custom": "custom"}


@dataclass
class Upgraded:
    path: Path
    backup: Path | None  # the replaced .xlsm's copy; None when an .xlsx was upgraded
    sheets: list[str]  # the sheets copied, in order
    own_sheets: list[str]  # sheets the office added (not made by kaohe init)
    not_kept: list[str] = field(default_factory=list)  # one Chinese line each


@dataclass
class _SheetLayout:
    """What the old sheet's XML says beyond the values."""

    hidden: bool = False
    widths: list[tuple[int, int, float, bool]] = field(default_factory=list)  # first, last, w, hidden
    freeze: tuple[int, int] | None = None  # rows, columns
    autofilter: str = ""
    validations: list[dict[str, Any]] = field(default_factory=list)
    formulas: list[str] = field(default_factory=list)  # cells
    lost: list[str] = field(default_factory=list)  # what of this sheet is not carried over


def target_of(book: Path) -> Path:
    return book.with_suffix(".xlsm")


def upgrade(book: Path, force: bool = False, interpreter: str = "") -> Upgraded:
    book = api.require_book(book)
    suffix = book.suffix.lower()
    if suffix not in (".xlsx", ".xlsm"):
        raise FileProblem(f"{book.name} 不是考核工作簿（.xlsx 或 .xlsm）")
    target = target_of(book)
    if suffix == ".xlsx" and target.exists() and not force:
        raise FileProblem(f"{target.name} 已存在，未做任何改动；确需用 {book.name} 重建它，请加 --force")
    wb = open_workbook(book)
    names = [n for n in wb.sheet_names if n not in OURS]
    missing = [n for n in (N.PEOPLE, N.WINDOWS, N.LEDGER, N.RULES, N.SETTINGS) if n not in names]
    if missing:
        raise FileProblem(f"{book.name} 没有“{'”“'.join(missing)}”表，不像是考核工作簿，未做任何改动")
    grids = {n: wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in names}
    console = {}
    if C.CONSOLE in wb.sheet_names:
        rows = wb.get_sheet_by_name(C.CONSOLE).to_python(skip_empty_area=False)
        console = {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row)}
    conf: list[tuple[str, str]] = []
    if C.CONF in wb.sheet_names:
        conf = [(str(r[0]), _text(r[1]) if len(r) > 1 else "")
                for r in wb.get_sheet_by_name(C.CONF).to_python() if r and r[0] != ""]
    with zipfile.ZipFile(book) as z:
        layouts = _layouts(z, names)
        not_kept = _book_level_losses(z)
    month = _console_month(console)
    old_conf = dict((k.upper(), v) for k, v in conf)
    parts = C.XlsmParts(month, interpreter or old_conf.get("INTERPRETER_WIN", ""),
                        tuple((k, v) for k, v in conf if k.upper() != C.VBA_KEY.upper()))
    own = [n for n in names if n not in OFFICE_SHEETS]

    def write(tmp: Path) -> None:
        _write(tmp, parts, names, grids, layouts)

    if suffix == ".xlsm" or target.exists():
        backup: Path | None = replace_book(target, write)
    else:
        write_atomically(target, write)
        backup = None
    from ..selfcheck.metadata import make_key

    make_key(target)  # the stem is the .xlsx's: an existing key is shared, not replaced
    write_menu(target)
    for name in names:
        not_kept += [f"“{name}”表：{what}" for what in layouts[name].lost]
    return Upgraded(target, backup, names, own, not_kept)


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _console_month(cells: dict[tuple[int, int], Any]) -> Month:
    value = cells.get((2, 1))  # B3
    try:
        if isinstance(value, (dt.date, dt.datetime)):
            return Month(value.year, value.month)
        if value not in (None, ""):
            return api.as_month(_text(value))
    except KaoheError:
        pass
    today = dt.date.today()
    return Month(today.year, today.month)


def _write(path: Path, parts: C.XlsmParts, names: Sequence[str],
           grids: dict[str, list[list[Any]]], layouts: dict[str, _SheetLayout]) -> None:
    wb = new_workbook(path)
    wb.set_properties({"title": "考核工作簿", "author": "kaohe_excel"})
    st = Styles(wb)
    formats = _Formats(wb, st)
    parts.first(wb, st)
    for name in names:
        ws = wb.add_worksheet(name)
        layout = layouts[name]
        table = name in TABLES
        for r, row in enumerate(grids[name]):
            for c, value in enumerate(row):
                _write_value(ws, r, c, value, formats.of(value, header=table and r == 0,
                                                         table=table))
        for first, last, width, hidden in layout.widths:
            ws.set_column_pixels(first, last, round(width * 7), None,
                                 {"hidden": True} if hidden else None)
        if layout.freeze:
            ws.freeze_panes(*layout.freeze)
        if layout.autofilter:
            ws.autofilter(layout.autofilter)
        for options in layout.validations:
            first_cell, *_ = options["multi_range"].split()
            if ws.data_validation(first_cell, options) != 0:
                layout.lost.append(f"{options['multi_range']} 的数据有效性")
        if table:
            ws.set_paper(9)
            ws.set_landscape()
            ws.fit_to_pages(1, 0)
            ws.repeat_rows(0)
            ws.set_footer("&C第 &P 页，共 &N 页")
        if layout.hidden:
            ws.hide()
    parts.last(wb, st)
    wb.close()


class _Formats:
    """The format of a copied cell follows its value: dates show as dates, long text wraps;
    the data sheets get the bordered look of kaohe init."""

    def __init__(self, wb: Workbook, st: Styles):
        base = {"font_name": "等线", "font_size": 10.5, "valign": "vcenter"}
        self.st = st
        self.plain_date = wb.add_format({**base, "num_format": "yyyy-mm-dd"})
        self.stamp = wb.add_format({**base, "border": 1, "num_format": "yyyy-mm-dd hh:mm"})
        self.plain_stamp = wb.add_format({**base, "num_format": "yyyy-mm-dd hh:mm"})
        self.time = wb.add_format({**base, "num_format": "hh:mm:ss"})

    def of(self, value: object, header: bool, table: bool) -> Format:
        st = self.st
        if header:
            return st.header
        if isinstance(value, dt.datetime):
            return self.stamp if table else self.plain_stamp
        if isinstance(value, dt.date):
            return st.date if table else self.plain_date
        if isinstance(value, (dt.time, dt.timedelta)):
            return self.time
        if isinstance(value, str) and len(value) > 40:
            return st.wrap if table else st.plain_wrap
        return st.text if table else st.plain


def _write_value(ws: Worksheet, row: int, col: int, value: object, fmt: Format) -> None:
    """As the old cell held it: text stays text (never a formula), booleans stay booleans."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        ws.write_datetime(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _layouts(z: zipfile.ZipFile, names: Sequence[str]) -> dict[str, _SheetLayout]:
    from defusedxml import ElementTree

    parts = sheet_parts(z)
    workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
    hidden = {s.get("name"): s.get("state", "visible") != "visible"
              for s in workbook.iter(f"{_MAIN}sheet")}
    layouts = {}
    for name in names:
        layout = _SheetLayout(hidden=hidden.get(name, False))
        part = parts.get(name, "")
        if part and part in z.namelist():
            _read_layout(ElementTree.fromstring(z.read(part)), layout)
            _related_losses(z, part, layout)
        layouts[name] = layout
    return layouts


def _read_layout(root: Any, layout: _SheetLayout) -> None:
    for col in root.iter(f"{_MAIN}col"):
        if col.get("width"):
            layout.widths.append((int(col.get("min")) - 1, int(col.get("max")) - 1,
                                  float(col.get("width")), col.get("hidden") in ("1", "true")))
    pane = next(root.iter(f"{_MAIN}pane"), None)
    if pane is not None and pane.get("state") in ("frozen", "frozenSplit"):
        layout.freeze = (int(float(pane.get("ySplit", 0))), int(float(pane.get("xSplit", 0))))
    auto = next(root.iter(f"{_MAIN}autoFilter"), None)
    if auto is not None and auto.get("ref"):
        layout.autofilter = auto.get("ref")
    for v in root.iter(f"{_MAIN}dataValidation"):
        options = _validation(v)
        if options is None:
            layout.lost.append(f"{v.get('sqref')} 的数据有效性")
        else:
            layout.validations.append(options)
    for cell in root.iter(f"{_MAIN}c"):
        if cell.find(f"{_MAIN}f") is not None:
            layout.formulas.append(cell.get("r", ""))
    if layout.formulas:
        shown = "、".join(layout.formulas[:3]) + (" 等" if len(layout.formulas) > 3 else "")
        layout.lost.append(f"{len(layout.formulas)} 个公式（{shown}）只保留了计算结果")
    if next(root.iter(f"{_MAIN}conditionalFormatting"), None) is not None:
        layout.lost.append("条件格式")
    merged = [m.get("ref") for m in root.iter(f"{_MAIN}mergeCell")]
    if merged:
        layout.lost.append(f"合并单元格（{'、'.join(merged[:3])}{' 等' if len(merged) > 3 else ''}）")
    if any(r.get("customHeight") in ("1", "true") or r.get("hidden") in ("1", "true")
           for r in root.iter(f"{_MAIN}row")):
        layout.lost.append("行高和隐藏的行")


def _validation(v: Any) -> dict[str, Any] | None:
    kind = _TYPES.get(v.get("type", ""))
    sqref = v.get("sqref", "")
    if kind is None or not sqref:
        return None  # "any value" with no prompt: nothing to keep
    options: dict[str, Any] = {"validate": kind, "multi_range": sqref,
                               "ignore_blank": v.get("allowBlank") in ("1", "true"),
                               "show_input": v.get("showInputMessage") in ("1", "true"),
                               "show_error": v.get("showErrorMessage") in ("1", "true"),
                               "dropdown": v.get("showDropDown") not in ("1", "true"),
                               "error_type": v.get("errorStyle", "stop")}
    for attr, key in (("errorTitle", "error_title"), ("error", "error_message"),
                      ("promptTitle", "input_title"), ("prompt", "input_message")):
        if v.get(attr):
            options[key] = v.get(attr)
    f1 = v.find(f"{_MAIN}formula1")
    f2 = v.find(f"{_MAIN}formula2")
    first = (f1.text or "") if f1 is not None else ""
    options["value"] = first
    if kind not in ("list", "custom"):
        options["criteria"] = _OPERATORS.get(v.get("operator", "between"), "between")
        if options["criteria"] in ("between", "not between"):
            options["maximum"] = (f2.text or "") if f2 is not None else ""
    return options


def _related_losses(z: zipfile.ZipFile, part: str, layout: _SheetLayout) -> None:
    rels = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    if rels not in z.namelist():
        return
    text = z.read(rels).decode("utf-8", "replace")
    if re.search(r'/relationships/comments"', text):
        layout.lost.append("批注")
    if re.search(r'/relationships/drawing"', text):
        layout.lost.append("图片、图表或形状")
    if re.search(r'/relationships/table"', text):
        layout.lost.append("“表格”（插入 → 表格）的样式，数据已保留")
    if re.search(r'/relationships/pivotTable"', text):
        layout.lost.append("数据透视表")


def _book_level_losses(z: zipfile.ZipFile) -> list[str]:
    lost = ["单元格的字体、颜色、边框和数字格式按 kaohe init 的样式重写（列宽、冻结窗格、筛选、"
            "下拉列表和数据有效性保留）；如曾自己设置过格式，请在新工作簿中重新设置"]
    text = z.read("xl/workbook.xml").decode("utf-8", "replace")
    own = [m for m in re.findall(r'<(?:\w+:)?definedName\b[^>]*name="([^"]+)"', text)
           if not m.startswith("_xlnm.")]
    if own:
        lost.append(f"名称管理器中的名称：{'、'.join(own)}")
    return lost
