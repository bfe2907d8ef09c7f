"""`kaohe excel set-python`: change rows of the xlwings.conf sheet of a closed .xlsm in place.
Only that sheet's XML changes; the VBA project, buttons and every other part are copied byte
for byte (openpyxl would drop the buttons)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from ..errors import FileProblem
from ..officebook.ledger_edit import _sheet_part, replace_book
from ..officebook.sheet_xml import EditRefused
from .console import CONF

_ROW = re.compile(r'<row\b[^>]*\br="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.S)


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def set_values(book: Path, values: Mapping[str, str]) -> Path:
    """Set `key` -> `value` rows (existing keys keep their row; new keys are appended)."""
    book = Path(book)
    if book.suffix.lower() != ".xlsm" or not book.exists():
        raise FileProblem(f"{book} 不是 kaohe init 生成的 .xlsm 考核工作簿")
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(book))
    if CONF not in wb.sheet_names:
        raise FileProblem(f"{book.name} 没有 {CONF} 表；请用 kaohe init 生成的 .xlsm")
    rows = wb.get_sheet_by_name(CONF).to_python()
    keys = [str(r[0]).upper() if r else "" for r in rows]

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(book) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
            try:
                part = _sheet_part(zin, CONF)
            except EditRefused as exc:
                raise FileProblem(str(exc)) from None
            xml = zin.read(part).decode("utf-8")
            for item in zin.infolist():
                data = zin.read(item)
                if item.filename == part:
                    data = _edited(xml, keys, values).encode("utf-8")
                zout.writestr(item, data)

    return replace_book(book, write)


def _edited(xml: str, keys: list[str], values: Mapping[str, str]) -> str:
    rows = {int(m.group(1)): m for m in _ROW.finditer(xml)}
    new_rows = []
    last = max([len(keys), *rows.keys()], default=0)
    for key, value in values.items():
        if key.upper() in keys:
            n = keys.index(key.upper()) + 1
        else:
            last += 1
            n = last
        new_rows.append((n, f'<row r="{n}">{_cell(f"A{n}", key)}{_cell(f"B{n}", value)}</row>'))
    for n, row in new_rows:
        if n in rows:
            old = rows[n].group(0)
            xml = xml.replace(old, row, 1)
        else:
            xml = xml.replace("</sheetData>", row + "</sheetData>", 1)  # no regex: paths hold backslashes
            xml = xml.replace("<sheetData/>", f"<sheetData>{row}</sheetData>", 1)
    return xml
