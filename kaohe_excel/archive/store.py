"""Final months (审定): an archive folder beside the office workbook that users can open.

    考评结果/2026-11/            the final month: a copy of the office workbook as scored,
        考核工作簿_审定时.xlsx    the result workbook (审定), results.json for the quarter and
        月度考评结果_2026-11_审定.xlsx   the year, and manifest.json with a SHA-256 of each file
        results.json
        manifest.json
    考评结果/2026-11.reopened-20261205-093000/   an earlier final state, with reopen.json

The folder is built under a temporary name and renamed into place in one step, so an
interrupted finalize leaves either the old state or the new one, never half of it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from ..core.month_record import MonthRecord
from ..core.periods import Month
from ..core.words import State
from ..errors import KaoheError
from . import record_json
from .finals import (  # noqa: F401  (the archive's API: store.is_final as before)
    ARCHIVE,
    MANIFEST,
    MonthIsFinal,
    archive_root,
    final_months,
    is_final,
    month_dir,
    refuse_if_final,
)

RECORD = "results.json"
REOPEN = "reopen.json"
PARTIAL = ".partial-"


class MonthNotFinal(KaoheError):
    pass


class ArchiveTampered(KaoheError):
    """A file of a final month's archive was changed, added to or removed."""


def result_name(month: Month) -> str:
    return f"月度考评结果_{month}_审定.xlsx"


def input_name(book: Path) -> str:
    return f"考核工作簿_审定时{Path(book).suffix}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_synced(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def finalized_at(book: Path, month: Month) -> str:
    """When the final month was finalized, as the manifest says ("2026-12-03"), or ""."""
    try:
        manifest = json.loads((month_dir(book, month) / MANIFEST).read_text(encoding="utf-8"))
        return str(manifest["finalized_at"])[:10]
    except (OSError, ValueError, KeyError):
        return ""


def reopened(book: Path) -> list[tuple[Month, dict[str, str]]]:
    """Every re-opened final state kept beside the archive: (month, its reopen record)."""
    root = archive_root(book)
    out: list[tuple[Month, dict[str, str]]] = []
    for folder in sorted(root.glob("*.reopened-*")) if root.is_dir() else ():
        try:
            y, m = folder.name.split(".")[0].split("-")
            month = Month(int(y), int(m))
        except ValueError:
            continue
        out.extend((month, info) for info in previous_states(book, month)
                   if info["folder"] == folder.name)
    return out


def previous_states(book: Path, month: Month) -> list[dict[str, str]]:
    """The month's earlier final states that were re-opened, oldest first."""
    root = archive_root(book)
    out = []
    for folder in sorted(root.glob(f"{month}.reopened-*")):
        info: dict[str, str] = {"folder": folder.name}
        try:
            info.update(json.loads((folder / REOPEN).read_text(encoding="utf-8")))
        except (OSError, ValueError):
            info["reason"] = "（未记录原因）"
        out.append(info)
    return out


def finalize(book: Path, month: Month, record: MonthRecord,
             write_result: Callable[[Path], None]) -> Path:
    """Archive the month as final. `write_result(path)` writes the 审定 result workbook."""
    book = Path(book)
    root = archive_root(book)
    root.mkdir(exist_ok=True)
    for stale in root.glob(f".{month}{PARTIAL}*"):  # left by an interrupted finalize
        shutil.rmtree(stale, ignore_errors=True)
    refuse_if_final(book, month)
    target = month_dir(book, month)
    if target.exists():
        raise KaoheError(f"{ARCHIVE}/{month} 已存在但不是审定存档（没有 {MANIFEST}）；"
                         "请先把这个文件夹移走或改名，再审定")
    partial = root / f".{month}{PARTIAL}{os.getpid()}"
    partial.mkdir()
    try:
        shutil.copy2(book, partial / input_name(book))
        write_result(partial / result_name(month))
        _write_synced(partial / RECORD, record_json.dumps(dataclasses.replace(record, state=State.FINAL)))
        files = sorted(p.name for p in partial.iterdir())
        manifest = {
            "month": str(month),
            "state": State.FINAL.value,
            "finalized_at": dt.datetime.now().isoformat(timespec="seconds"),
            "finalized_by": _user(),
            "book": book.name,
            "files": {name: _sha256(partial / name) for name in files},
            "previous": previous_states(book, month),
        }
        _write_synced(partial / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.rename(partial, target)  # the one step that makes the month final
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return target


def reopen(book: Path, month: Month, reason: str) -> Path:
    """Re-open a final month; its archive is kept under a new name with the reason."""
    if not reason.strip():
        raise KaoheError("重新打开已审定的月份须说明原因：--reason \"…\"")
    if not is_final(book, month):
        raise MonthNotFinal(f"{month} 尚未审定，无需重新打开")
    now = dt.datetime.now()
    source = month_dir(book, month)
    kept = archive_root(book) / f"{month}.reopened-{now:%Y%m%d-%H%M%S}"
    n = 2
    while kept.exists():  # two re-opens within one second
        kept = archive_root(book) / f"{month}.reopened-{now:%Y%m%d-%H%M%S}-{n}"
        n += 1
    # written before the rename, so the kept folder always carries its reason
    _write_synced(source / REOPEN, json.dumps({
        "reason": reason.strip(), "reopened_at": now.isoformat(timespec="seconds"),
        "reopened_by": _user(), "problems": verify(book, month),
    }, ensure_ascii=False, indent=1))
    try:
        os.rename(source, kept)
    except OSError:
        (source / REOPEN).unlink(missing_ok=True)  # still final: no record of a re-open
        raise
    return kept


def verify(book: Path, month: Month) -> list[str]:
    """Problems with a final month's archive: files changed, missing or added."""
    folder = month_dir(book, month)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files: dict[str, str] = manifest["files"]
    except (OSError, ValueError, KeyError):
        return [f"{ARCHIVE}/{month}/{MANIFEST}: 清单缺失或已损坏"]
    problems = []
    for name, digest in files.items():
        path = folder / name
        if not path.exists():
            problems.append(f"{ARCHIVE}/{month}/{name}: 文件缺失")
        elif _sha256(path) != digest:
            problems.append(f"{ARCHIVE}/{month}/{name}: 审定后被修改过（校验值不符）")
    extra = {p.name for p in folder.iterdir() if not _harmless(p.name)} - set(files) - {
        MANIFEST, REOPEN}
    problems.extend(f"{ARCHIVE}/{month}/{name}: 审定后新增的文件" for name in sorted(extra))
    return problems


def _harmless(name: str) -> bool:
    """Files that opening the folder leaves behind: Excel's owner file, OS thumbnails."""
    return name.startswith("~$") or name in {"Thumbs.db", "desktop.ini", ".DS_Store"}


def load_final(book: Path, month: Month) -> MonthRecord:
    """The final record of `month`, after checking that nothing in its archive was changed."""
    problems = verify(book, month)
    if problems:
        raise ArchiveTampered(f"{month} 的审定存档与清单不符，不能使用：\n" + "\n".join(problems))
    text = (month_dir(book, month) / RECORD).read_text(encoding="utf-8")
    return record_json.loads(text)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some service accounts
        return ""
