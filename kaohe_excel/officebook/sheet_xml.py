"""Editing the cells of one worksheet's XML in place, leaving every other byte as it was.

openpyxl rewrites a whole workbook when it saves, and on the way it drops what it does not
model: shapes with macros assigned (a common kind of "button"), text boxes, form controls'
properties, and more (see docs/selfcheck.md). So the 台账 sheet is edited as text: only the
<row> elements that change are rebuilt, new cells are inline strings or numbers (the shared
strings part is not touched), and the rest of the sheet's XML is copied unchanged.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.numbers import format_points
from ..errors import column_letter
from ..files.cells import EXCEL_EPOCH

_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_EXCEL_ESCAPE = re.compile(r"(_x[0-9A-Fa-f]{4}_)")
_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class EditRefused(Exception):
    """The sheet cannot be edited safely; the message names the cell."""


def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _attr(attrs: str, name: str) -> str | None:
    match = re.search(rf'(?:^|\s){name}="([^"]*)"', attrs)
    return match.group(1) if match else None


def _escape(text: str) -> str:
    """Text as the content of <t>: characters XML cannot hold dropped, "_x0041_" kept literal
    (Excel reads _xHHHH_ as an escape), a carriage return kept (XML would make it a newline)."""
    text = _INVALID_XML.sub("", text)
    text = _EXCEL_ESCAPE.sub(r"_x005F\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


@dataclass
class Cell:
    col: int
    xml: str
    attrs: str = ""
    body: str = ""

    @property
    def style(self) -> str | None:
        return _attr(self.attrs, "s")

    @property
    def has_value(self) -> bool:
        return bool(re.search(r"<(?:\w+:)?(?:v|is|f)\b", self.body))

    @property
    def has_formula(self) -> bool:
        return bool(re.search(r"<(?:\w+:)?f\b", self.body))


@dataclass
class Row:
    number: int
    attrs: str
    cells: list[Cell]
    span: tuple[int, int] | None  # where the original <row> is in the sheet text
    dirty: bool = False

    def cell(self, col: int) -> Cell | None:
        for c in self.cells:
            if c.col == col:
                return c
        return None

    def put(self, cell: Cell) -> None:
        cols = [c.col for c in self.cells]
        i = bisect.bisect_left(cols, cell.col)
        if i < len(cols) and cols[i] == cell.col:
            self.cells[i] = cell
        else:
            self.cells.insert(i, cell)
        self.dirty = True


@dataclass
class Sheet:
    """A worksheet's XML with its rows parsed; `text()` gives the edited XML back."""

    source: str
    prefix: str  # "x:" when the file uses a prefix for the main namespace, else ""
    data_start: int  # offset just inside <sheetData>
    data_end: int  # offset of </sheetData>
    empty_tag: tuple[int, int] | None  # the span of <sheetData/> when it has no rows
    rows: list[Row] = field(default_factory=list)
    _by_number: dict[int, Row] | None = None

    @classmethod
    def parse(cls, xml: str) -> Sheet:
        match = re.search(r"<(\w+:)?sheetData\b[^>]*?(/?)>", xml)
        if not match:
            raise EditRefused("工作表的结构无法识别（没有 sheetData）")
        prefix = match.group(1) or ""
        if match.group(2):
            sheet = cls(xml, prefix, match.start(), match.start(), (match.start(), match.end()))
            return sheet
        end = xml.find(f"</{prefix}sheetData>", match.end())
        if end < 0:
            raise EditRefused("工作表的结构无法识别（sheetData 不完整）")
        sheet = cls(xml, prefix, match.end(), end, None)
        sheet._parse_rows()
        return sheet

    def _parse_rows(self) -> None:
        p = re.escape(self.prefix)
        row_re = re.compile(rf"<{p}row\b([^>]*?)(?:/>|>(.*?)</{p}row>)", re.S)
        cell_re = re.compile(rf"<{p}c\b([^>]*?)(?:/>|>(.*?)</{p}c>)", re.S)
        number = 0
        for m in row_re.finditer(self.source, self.data_start, self.data_end):
            attrs, body = m.group(1), m.group(2) or ""
            r = _attr(attrs, "r")
            number = int(r) if r else number + 1
            cells: list[Cell] = []
            col = -1
            for c in cell_re.finditer(body):
                ref = _attr(c.group(1), "r")
                parsed = _CELL_REF.match(ref) if ref else None
                col = column_index(parsed.group(1)) if parsed else col + 1
                cells.append(Cell(col, c.group(0), c.group(1), c.group(2) or ""))
            self.rows.append(Row(number, attrs, cells, (m.start(), m.end())))

    # --- looking ------------------------------------------------------------------------
    def row(self, number: int) -> Row | None:
        if self._by_number is None:  # built once: looking rows up must not grow with the sheet
            self._by_number = {r.number: r for r in self.rows}
        return self._by_number.get(number)

    def last_used(self, cols: set[int]) -> int:
        """The last row with a value or formula in any of `cols` (0 when none)."""
        for row in reversed(self.rows):
            if any(c.col in cols and c.has_value for c in row.cells):
                return row.number
        return 0

    def styles_below(self, header_row: int, cols: set[int]) -> dict[int, str]:
        """Per column, the style of its last cell with a value below the header row."""
        found: dict[int, str] = {}
        for row in reversed(self.rows):
            if row.number <= header_row or len(found) == len(cols):
                break
            for c in row.cells:
                if c.col in cols and c.col not in found and c.has_value and c.style:
                    found[c.col] = c.style
        return found

    # --- changing -----------------------------------------------------------------------
    def _row_for(self, number: int) -> Row:
        row = self.row(number)
        if row is None:
            row = Row(number, "", [], None, dirty=True)
            if not self.rows or self.rows[-1].number < number:
                self.rows.append(row)  # appending below the table, the usual case
            else:
                i = bisect.bisect_left([r.number for r in self.rows], number)
                self.rows.insert(i, row)
            if self._by_number is not None:
                self._by_number[number] = row
        return row

    def set(self, number: int, col: int, value: object, style: str | None) -> None:
        """Write `value` (str, Decimal, int, date; None clears) at the cell. An existing
        cell keeps its style; a cell holding a formula is refused."""
        row = self._row_for(number)
        old = row.cell(col)
        ref = f"{column_letter(col)}{number}"
        if old is not None:
            if old.has_formula:
                raise EditRefused(f"{ref}: 单元格含公式，为免破坏公式未做改动；请清除该单元格后重试")
            style = old.style if old.style is not None else style
        if old is None and (value is None or value == ""):
            return
        row.put(self._cell(ref, col, value, style))

    def _cell(self, ref: str, col: int, value: object, style: str | None) -> Cell:
        p = self.prefix
        s = f' s="{style}"' if style is not None else ""
        if value is None or value == "":
            attrs = f' r="{ref}"{s}'
            return Cell(col, f"<{p}c{attrs}/>", attrs, "")
        if isinstance(value, dt.date):
            value = Decimal((value - EXCEL_EPOCH).days)
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            attrs = f' r="{ref}"{s}'
            body = f"<{p}v>{format_points(Decimal(value))}</{p}v>"
        else:
            text = _escape(str(value))
            space = ' xml:space="preserve"' if text != text.strip() else ""
            attrs = f' r="{ref}"{s} t="inlineStr"'
            body = f"<{p}is><{p}t{space}>{text}</{p}t></{p}is>"
        return Cell(col, f"<{p}c{attrs}>{body}</{p}c>", attrs, body)

    # --- writing back -------------------------------------------------------------------
    def _row_xml(self, row: Row) -> str:
        p = self.prefix
        attrs = re.sub(r'\s(?:r|spans)="[^"]*"', "", row.attrs).rstrip()
        attrs = f' r="{row.number}"' + (attrs if attrs.startswith(" ") or not attrs
                                         else " " + attrs)
        if not row.cells:
            return f"<{p}row{attrs}/>"
        return f"<{p}row{attrs}>" + "".join(c.xml for c in row.cells) + f"</{p}row>"

    def text(self) -> str:
        if not any(r.dirty for r in self.rows):
            return self.source
        if self.empty_tag is not None:
            start, end = self.empty_tag
            p = self.prefix
            inner = "".join(self._row_xml(r) for r in self.rows)
            tag = self.source[start:end]
            open_tag = tag[:-2].rstrip() + ">"
            return self.source[:start] + open_tag + inner + f"</{p}sheetData>" + self.source[end:]
        out: list[str] = [self.source[:self.data_start]]
        pos = self.data_start
        for row in self.rows:
            if row.span is None:
                out.append(self._row_xml(row))
                continue
            start, end = row.span
            out.append(self.source[pos:start])
            out.append(self._row_xml(row) if row.dirty else self.source[start:end])
            pos = end
        out.append(self.source[pos:])
        return "".join(out)


def update_ref_attr(xml: str, tag: str, last_row: int, last_col: int) -> str:
    """Grow the first `<tag ref="A1:J20"…>` of `xml` to reach `last_row` / `last_col`."""
    match = re.search(rf'(<(?:\w+:)?{tag}\b[^>]*?\sref=")([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?(")', xml)
    if not match:
        return xml
    first_col, first_row = match.group(2), int(match.group(3))
    end_col = match.group(4) or first_col
    end_row = int(match.group(5) or first_row)
    new_col = column_letter(max(column_index(end_col), last_col))
    new_row = max(end_row, last_row)
    ref = f"{first_col}{first_row}:{new_col}{new_row}"
    return xml[:match.start()] + match.group(1) + ref + match.group(6) + xml[match.end():]
