"""What a workbook will cost to read, worked out before python-calamine reads it.

calamine decompresses whole parts and builds each sheet as a dense grid from its first to its
farthest cell. A few-KB file can therefore ask for gigabytes: a part that inflates a
thousandfold (a huge cell, sharedStrings, a sheet of blanks), or one value at XFD1048576
(16,384 × 1,048,576 cells). `preflight` streams every XML part through zlib itself, under a
byte cap and a ratio cap, never trusting the sizes the zip declares, and notes each sheet's
farthest cell with a value; `Oversized` says which part or which cell, in one line.

The same pass notes the cells calamine would read as empty although they are not: error
values (#REF!, #DIV/0!) and formulas saved without their result. A default (数量 1, 0 days)
must never stand in for them, so the readers report them at their cells. One pass over the
sheets serves both checks: inflating a 1,000,000-row 台账 twice cost seconds.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import column_letter
from .parts import sheet_parts

MAX_PART = 1 << 30  # bytes of one inflated part; the 1,000,000-row benchmark 台账 is 481 MB
MAX_TOTAL = 2 << 30  # bytes of all inflated parts together
MAX_RATIO = 200  # inflated / compressed, once a part passes RATIO_FLOOR (XML is 5-30x)
RATIO_FLOOR = 8 << 20
MAX_CELLS = 4_000_000  # rows × columns of a sheet's grid, about 130 MB in calamine
SPARSE = 20  # a larger grid is refused when it is this many times its cells with values
FAR_COLUMN = 256  # beyond column IV no table of ours reaches: name that cell first
_CHUNK = 1 << 20
_CARRY = 1 << 16
# a cell that holds something (calamine skips self-closing, value-less cells such as <c r="A1" s="3"/>)
# (its attributes in any order; a value may hold "/", as a namespace declaration's URL does)
_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>')
_ROW = re.compile(rb'<row r="([0-9]{1,7})"')  # how Excel, WPS, LibreOffice, xlsxwriter write it
_WIDE = re.compile(rb'<c r="([A-Z]{2,3})[0-9]')  # columns from AA on: rare in our sheets
_READ = (".xml", ".rels", ".vml")  # parts a reader may inflate; media and vbaProject.bin are not


class Oversized(Exception):
    """The workbook would take too much memory or time to read; the message says where."""


# an error cell, and a formula saved without its result (calamine reads both as empty)
_ERROR_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*?\bt="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?'
                         rb'<v>([^<]*)</v>')
_UNCACHED = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)(?:<v\s*/>|<v></v>)?'
                       rb'</c>')
_OVERLAP = 1 << 12  # a cell element split between two chunks is found in the next one


class _Unreadable:
    """The error cells and unsaved formulas of one sheet, {cell: message}."""

    def __init__(self) -> None:
        self.cells: dict[str, str] = {}
        self.tail = b""
        self.past_cells = False

    def take(self, data: bytes) -> None:
        if self.past_cells or not self._marked(data):
            return
        end = data.find(b"</sheetData>")
        if end >= 0:  # no cell after it; its data validations' <formula1> are no formulas
            data, self.past_cells = data[:end], True
            if not self._marked(data):
                return
        text = self.tail + data
        if b't="e"' in text:
            for m in _ERROR_CELL.finditer(text):
                self.cells[m[1].decode()] = (
                    f"单元格是错误值 {m[2].decode(errors='replace')}，请更正")
        if b"<f" in text:
            for m in _UNCACHED.finditer(text):
                self.cells.setdefault(m[1].decode(), "公式没有保存计算结果，"
                                      "请在 Excel 中打开此工作簿并保存后再试")
        self.tail = text[-_OVERLAP:]

    def _marked(self, data: bytes) -> bool:
        """Whether `data` may hold an error cell or a formula. Almost every chunk holds
        neither: two byte searches, no copy (a 1,000,000-row 台账)."""
        seam = self.tail[-8:] + data[:8]  # a marker split between two chunks
        if any(m in data or m in seam for m in (b't="e"', b"<f")):
            return True
        self.tail = data[-_OVERLAP:]
        return False


@dataclass(eq=False)
class Report:
    """What the pass found in a workbook that it can be read: {sheet: {cell: message}} of the
    cells calamine would read as empty although they hold an error or an unsaved formula."""

    unreadable: dict[str, dict[str, str]]


@dataclass(eq=False)
class _Extent:
    """The farthest row and column with a value, and a cell at each."""

    row: int = 0
    row_cell: str = ""
    col: int = 0
    col_cell: str = ""
    cells: int = 0

    def take(self, refs: list[tuple[bytes, bytes]]) -> None:
        if not refs:
            return
        self.cells += len(refs)
        letters, digits = max(refs, key=lambda r: (len(r[1]), r[1]))
        if int(digits) > self.row:
            self.row, self.row_cell = int(digits), (letters + digits).decode()
        letters, digits = max(refs, key=lambda r: (len(r[0]), r[0]))
        col = _column(letters)
        if col > self.col:
            self.col, self.col_cell = col, (letters + digits).decode()

    def far_cell(self) -> str | None:
        """The cell to name when the grid up to the farthest cells is too large for the
        values it holds (a 1,000,000-row 台账 is large but full: it is read)."""
        area = self.row * self.col
        if area <= MAX_CELLS or area <= SPARSE * self.cells:
            return None
        return self.col_cell if self.col > FAR_COLUMN else self.row_cell


@dataclass(eq=False)
class _Bound:
    """A quick upper bound of a sheet's grid, from row tags and wide columns: one pass that
    costs little on a 1,000,000-row 台账. Only a sheet whose bound is too large for its values
    is scanned cell by cell (`_Extent`)."""

    row: int = 0
    col: int = 26  # no column of two letters seen: at most Z
    cells: int = 0
    opened: int = 0  # cells opened <c r="… as Excel, WPS, LibreOffice and xlsxwriter do
    unusual: bool = False  # rows or cells not written the usual way

    def take(self, data: bytes) -> None:
        rows = _ROW.findall(data)
        if rows:
            self.row = max(self.row, max(map(int, rows)))
        elif b"<c" in data or b":c " in data:
            self.unusual = True  # rows written another way: look cell by cell
        wide = _WIDE.findall(data)
        if wide:
            self.col = max(self.col, max(map(_column, wide)))
        self.cells += data.count(b"</c>")
        self.opened += data.count(b'<c r="')
        if b":c>" in data:
            self.unusual = True  # cells with a namespace prefix: look cell by cell

    def may_be_far(self) -> bool:
        area = self.row * self.col
        # fewer cells opened the usual way than closed: some cell has another attribute or
        # white space first, which the column bound does not see and calamine reads
        return (self.unusual or self.opened < self.cells
                or (area > MAX_CELLS and area > SPARSE * self.cells))


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def preflight(path: Path) -> Report:
    """Oversized when reading `path` would inflate too much or build too large a grid.
    OSError and zipfile.BadZipFile pass through (the caller reports a broken file)."""
    with zipfile.ZipFile(path) as archive, open(path, "rb") as raw:
        extents: dict[str, _Extent] = {}
        unreadable: dict[str, _Unreadable] = {}
        total = 0
        for info in archive.infolist():
            if info.file_size > MAX_PART:
                raise Oversized(_too_big(info.filename, info.file_size))
            if not info.filename.lower().endswith(_READ) or info.is_dir():
                continue
            bound = _Bound() if info.filename.startswith("xl/worksheets/") else None
            if bound is not None:
                unreadable[info.filename] = _Unreadable()
            total += _inflate(raw, info, _sheet_scan(bound, unreadable.get(info.filename)), total)
            if bound is not None and bound.may_be_far():
                extents[info.filename] = _cell_by_cell(raw, info)
        if not extents and not any(found.cells for found in unreadable.values()):
            return Report({})  # nothing to name by sheet: workbook.xml need not be parsed
        try:
            parts = sheet_parts(archive)
        except Exception:  # no or broken workbook.xml (entities included): calamine says so
            return Report({})
        report = Report({sheet: unreadable[part].cells for sheet, part in parts.items()
                         if part in unreadable and unreadable[part].cells})
        for sheet, part in parts.items():
            found = extents.get(part)
            far = found.far_cell() if found else None
            if found and far:
                raise Oversized(f"{sheet}!{far} 有内容，远离表格（使用范围达 {found.row} 行 × "
                                f"{column_letter(found.col - 1)} 列）；请删除后再试")
        return report


def _sheet_scan(bound: _Bound | None, cells: _Unreadable | None,
                ) -> Callable[[bytes], None] | None:
    """What the pass does with each inflated chunk of a worksheet (nothing for other parts)."""
    if bound is None or cells is None:
        return None

    def scan(data: bytes) -> None:
        bound.take(data)
        cells.take(data)

    return scan


def _cell_by_cell(raw: BinaryIO, info: zipfile.ZipInfo) -> _Extent:
    extent = _Extent()

    def scan(data: bytes) -> None:
        extent.take(_CELL.findall(data))

    _inflate(raw, info, scan, 0)
    return extent


def _too_big(name: str, size: int) -> str:
    return (f"文件中的 {name} 解压后超过 {size >> 20} MB，远超正常的考评工作簿，未读取；"
            "请检查文件，或在 Excel 中另存后再试")


def _inflate(raw: BinaryIO, info: zipfile.ZipInfo, scan: Callable[[bytes], None] | None,
             done: int) -> int:
    """Inflate one member from the raw bytes under the caps; returns its real size."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise Oversized(f"文件中的 {info.filename} 使用了不支持的压缩方式，未读取；请在 Excel 中另存后再试")
    raw.seek(info.header_offset)
    header = raw.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(info.filename)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    raw.seek(info.header_offset + 30 + name_len + extra_len)
    left = info.compress_size
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    size = consumed = 0
    carry = b""
    while left > 0:
        data = raw.read(min(_CHUNK, left))
        if not data:
            break
        left -= len(data)
        consumed += len(data)
        while data:
            if inflater is None:
                out, data = data, b""
            else:
                out = inflater.decompress(data, _CHUNK)
                data = inflater.unconsumed_tail
            size += len(out)
            if size > MAX_PART or done + size > MAX_TOTAL:
                raise Oversized(_too_big(info.filename, max(size, MAX_PART)))
            if size > RATIO_FLOOR and size > MAX_RATIO * consumed:
                raise Oversized(f"文件中的 {info.filename} 压缩比异常（超过 {MAX_RATIO} 倍，"
                                "可能是“压缩炸弹”），未读取；请检查文件来源")
            if scan is not None and out:
                carry += out
                cut = carry.rfind(b"<")
                if cut > 0:
                    scan(carry[:cut])
                    carry = carry[cut:]
                if len(carry) > _CARRY:  # inside a long text: keep only what a tag could need
                    scan(carry)
                    carry = carry[-64:]
            if inflater is not None and inflater.eof:
                break
    if scan is not None and carry:
        scan(carry)
    return size
