"""Reading an attachment back before it is sent: whose rows a result workbook holds, and
whether any cell of a workbook or any text of a letter names someone it must not.

A window's mail holds no other window's staff, a unit's none of another unit's: this is
checked on the very bytes that go out, not on the data they were made from.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FileProblem
from ..files.cells import normalize_text
from ..files.sheets import open_workbook

_DRAFT_MARK = "尚未审定"  # quarter_workbook.period_title's subtitle for draft months
_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


@dataclass
class ResultBook:
    """What a result workbook holds: the rows of its people sheet and its window sheet."""

    path: Path
    people: list[dict[str, str]] = field(default_factory=list)
    windows: list[dict[str, str]] = field(default_factory=list)
    texts: set[str] = field(default_factory=set)  # every cell of every sheet, as text
    draft: bool = False
    unreadable: str = ""


def read_result_book(path: Path, people_sheet: str, window_sheet: str = "") -> ResultBook:
    found = ResultBook(path)
    try:  # every reader's preflight first: a file in the folder may be anyone's
        book = open_workbook(path)
    except FileProblem as exc:
        found.unreadable = str(exc)
        return found
    try:
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python()
            for row in rows:
                found.texts.update(t for t in (normalize_text(v) for v in row) if t)
            if name in (people_sheet, window_sheet):
                records = _records(rows)
                if name == people_sheet:
                    found.people = records
                else:
                    found.windows = records
                found.draft = found.draft or any(
                    _DRAFT_MARK in normalize_text(v) for row in rows[:3] for v in row)
    finally:
        book.close()
    if not found.people and people_sheet not in found.texts:
        found.unreadable = found.unreadable or f"{path.name} 中没有“{people_sheet}”表的数据"
    return found


def _records(rows: Sequence[Sequence[object]]) -> list[dict[str, str]]:
    """Rows below the header row (the first row starting with 排名 or 工号) as dicts."""
    for i, row in enumerate(rows):
        first = normalize_text(row[0]) if row else ""
        if first in ("排名", "工号"):
            headers = [normalize_text(v) for v in row]
            return [dict(zip(headers, (normalize_text(v) for v in r), strict=False))
                    for r in rows[i + 1:] if any(normalize_text(v) for v in r)]
    return []


def letter_texts(path: Path) -> set[str]:
    """The runs of text of a .docx (body, headers, footers, tables), joined per paragraph."""
    texts: set[str] = set()
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                xml = z.read(name).decode("utf-8", "replace")
                for paragraph in xml.split("</w:p>"):
                    joined = "".join(_TEXT.findall(paragraph))
                    if joined:
                        texts.add(_unescape(joined))
    return texts


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def strangers(texts: set[str], others: dict[str, str], own_names: set[str],
              in_sentences: bool = False) -> list[str]:
    """Those of `others` ({工号: 姓名} of people who must not appear) whose 工号 or name is a
    cell of `texts`; with `in_sentences` (a letter's paragraphs) a name anywhere in the text.
    A name that is, or is part of, the name of someone who belongs does not count."""
    found = []
    joined = "\n".join(texts) if in_sentences else ""
    for pid, name in others.items():
        own = any(name in mine for mine in own_names)
        named = bool(name) and not own and (name in texts or (in_sentences and name in joined))
        if pid in texts or (in_sentences and pid in joined) or named:
            found.append(f"{name}（{pid}）")
    return sorted(found)
