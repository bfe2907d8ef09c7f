"""Making hostile workbooks in a test: a member of the zip package replaced or added, a
deflate bomb written in pieces (a few KB on disk), a value at the sheet's far corner."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from kaohe_excel.files.parts import sheet_parts


def rewrite(path: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite the zip at `path` with `member`'s bytes passed through `change`."""
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, change(data) if info.filename == member else data,
                       compress_type=zipfile.ZIP_DEFLATED)
    return path


def part_of(path: Path, sheet: str) -> str:
    with zipfile.ZipFile(path) as z:
        return sheet_parts(z)[sheet]


def put_far_cell(path: Path, sheet: str, ref: str = "XFD1048576", text: str = "x") -> Path:
    """One inline-string value at `ref` of `sheet`, appended as the sheet's last row."""
    row = "".join(ch for ch in ref if ch.isdigit())
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c></row>'
    return rewrite(path, part_of(path, sheet),
                   lambda xml: xml.replace(b"</sheetData>", cell.encode() + b"</sheetData>"))


def bomb(path: Path, member: str, head: bytes, filler: bytes, size: int, tail: bytes) -> Path:
    """Replace `member` by head + filler repeated to about `size` bytes + tail, compressed in
    pieces so the test never holds the inflated text."""
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info)) for info in z.infolist() if info.filename != member]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        info._compresslevel = 9  # type: ignore[attr-defined]  # the best ratio
        with z.open(info, "w", force_zip64=True) as out:
            out.write(head)
            block = filler * max(1, (1 << 20) // len(filler))
            for _ in range(size // len(block)):
                out.write(block)
            out.write(tail)
    return path
