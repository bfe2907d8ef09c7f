"""Which months are final (审定): the archive folder's names and the look at its manifests.

Apart from store.py (finalize, re-open, verify, load), so that scoring a month, which only
asks whether the month or the months before it are final, does not load the hashing and the
record format of the archive (start-up is part of every wait).
"""

from __future__ import annotations

from pathlib import Path

from ..core.periods import Month
from ..errors import KaoheError

ARCHIVE = "考评结果"
MANIFEST = "manifest.json"


class MonthIsFinal(KaoheError):
    """The month was finalized; it cannot be scored or finalized again unless re-opened."""


def archive_root(book: Path) -> Path:
    return Path(book).parent / ARCHIVE


def month_dir(book: Path, month: Month) -> Path:
    return archive_root(book) / str(month)


def is_final(book: Path, month: Month) -> bool:
    manifest = month_dir(book, month) / MANIFEST
    if not manifest.is_file():
        return False
    check_owner(book, month)
    return True


def check_owner(book: Path, month: Month) -> None:
    """An archive belongs to the workbook that was finalized, not to whatever book shares its
    folder: another book there must not take its final months for its own."""
    import json  # only once a month has a manifest: most months a command asks about have not

    try:
        owner = json.loads((month_dir(book, month) / MANIFEST).read_text(encoding="utf-8"))["book"]
    except (OSError, ValueError, KeyError):
        return  # a damaged manifest is reported by verify()
    if owner != Path(book).name:
        raise KaoheError(
            f"{ARCHIVE}/{month} 是 {owner} 的审定存档，不属于 {Path(book).name}；"
            "不同的考核工作簿请放在不同的文件夹（考核工作簿改过名的，请改回 "
            f"{owner}）")


def refuse_if_final(book: Path, month: Month) -> None:
    if is_final(book, month):
        raise MonthIsFinal(
            f"{month} 已审定（{ARCHIVE}/{month}），不能重新计分；确需修改，"
            f"请先运行 kaohe reopen {Path(book).name} --month {month} --reason \"原因\"")


def final_months(book: Path) -> list[Month]:
    root = archive_root(book)
    months = []
    if root.is_dir():
        for folder in root.iterdir():
            if (folder / MANIFEST).is_file():
                try:
                    y, m = folder.name.split("-")
                    month = Month(int(y), int(m))
                except ValueError:
                    continue
                check_owner(book, month)
                months.append(month)
    return sorted(months)
