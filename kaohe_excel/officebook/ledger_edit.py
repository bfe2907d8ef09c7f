"""Writing rows into the office workbook's 台账 without disturbing anything else in it.

The workbook is a zip package. Every member except the 台账 worksheet (and, only when no date
format exists yet, styles.xml) is copied byte for byte: other sheets, formats, data
validations, defined names, the VBA project, buttons and drawings stay exactly as they were.
The new book is written beside the old one, read back and checked, then a timestamped copy of
the old book is kept and the new one replaces it in one step. A book that Excel holds open is
not touched at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import socket
import sys
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FileProblem
from ..files.parts import sheet_parts
from ..files.saving import (
    ReplaceRefused,
    is_open_in_excel,
    is_read_only,
    process_alive,
    replace_through_temp,
)
from .sheet_xml import EditRefused, Sheet, update_ref_attr

MAX_BACKUPS = 10
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DATE_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}


@dataclass
class LedgerEdit:
    """What to change in 台账. Rows are worksheet row numbers, columns 0-based."""

    sheet: str
    header_row: int
    columns: dict[str, int]  # every header the edit writes -> its column
    new_headers: dict[str, int] = field(default_factory=dict)  # headers to add -> column
    writes: dict[int, Mapping[str, object]] = field(default_factory=dict)  # row -> values
    appends: list[Mapping[str, object]] = field(default_factory=list)
    date_headers: frozenset[str] = frozenset({"日期"})

    @property
    def changes(self) -> bool:
        return bool(self.new_headers or self.writes or self.appends)


def _sheet_part(z: zipfile.ZipFile, name: str) -> str:
    """The zip member of the worksheet called `name`."""
    parts = sheet_parts(z)
    if name not in parts:
        raise EditRefused(f"找不到工作表“{name}”")
    if not parts[name]:
        raise EditRefused(f"工作表“{name}”的关系缺失")
    return parts[name]


_CELL_XFS = re.compile(r"(<(\w+:)?cellXfs\b[^>]*>)(.*?)(</(?:\w+:)?cellXfs>)", re.S)
_XF = re.compile(r"<(?:\w+:)?xf\b([^>]*?)(?:/>|>.*?</(?:\w+:)?xf>)", re.S)
_NUM_FMT = re.compile(r'<(?:\w+:)?numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')


def _date_xfs(styles: str) -> list[bool]:
    """For each cell format (cellXfs) of styles.xml: does it show a date?"""
    custom = {m.group(1): m.group(2) for m in _NUM_FMT.finditer(styles)}
    cell_xfs = _CELL_XFS.search(styles)
    flags = []
    for attrs in _XF.findall(cell_xfs.group(3)) if cell_xfs else []:
        fid = re.search(r'numFmtId="(\d+)"', attrs)
        flags.append(fid is not None
                     and _is_date_format(int(fid.group(1)), custom.get(fid.group(1), "")))
    return flags


def _date_style(styles: str) -> tuple[str | None, str]:
    """The index of a cell format showing dates, adding one to styles.xml if there is none.
    Returns (index, styles xml)."""
    flags = _date_xfs(styles)
    if True in flags:
        return str(flags.index(True)), styles
    cell_xfs = _CELL_XFS.search(styles)
    if not cell_xfs:
        return None, styles
    prefix = cell_xfs.group(2) or ""
    new_xf = (f'<{prefix}xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" '
              'applyNumberFormat="1"/>')
    head = re.sub(r'count="\d+"', f'count="{len(flags) + 1}"', cell_xfs.group(1))
    new = head + cell_xfs.group(3) + new_xf + cell_xfs.group(4)
    return str(len(flags)), styles[:cell_xfs.start()] + new + styles[cell_xfs.end():]


def _is_date_format(fmt_id: int, code: str) -> bool:
    if fmt_id in _DATE_IDS:
        return True
    if not code:
        return False
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code.lower())
    return "y" in bare or "d" in bare


def _apply(sheet: Sheet, edit: LedgerEdit, date_style: Callable[[], str | None],
           ) -> list[int]:
    """Change the parsed sheet; returns the row numbers the appended rows went to."""
    cols = set(edit.columns.values()) | set(edit.new_headers.values())
    styles = sheet.styles_below(edit.header_row, cols)
    header = sheet.row(edit.header_row)
    header_style = None
    if header and header.cells:
        header_style = header.cells[-1].style
    for name, col in edit.new_headers.items():
        sheet.set(edit.header_row, col, name, header_style)
    date_cols = {edit.columns[h] for h in edit.date_headers if h in edit.columns}

    def style_for(col: int) -> str | None:
        if col in date_cols:
            return date_style()
        return styles.get(col)

    def write(number: int, values: Mapping[str, object]) -> None:
        for name, value in values.items():
            col = edit.columns[name]
            sheet.set(number, col, value, style_for(col))

    for number, values in sorted(edit.writes.items()):
        write(number, values)
    start = max(sheet.last_used(cols), edit.header_row) + 1
    appended = []
    for i, values in enumerate(edit.appends):
        write(start + i, values)
        appended.append(start + i)
    return appended


def _date_style_picker(sheet: Sheet, edit: LedgerEdit, styles_xml: list[str]) -> Callable[[], str | None]:
    """The style for new date cells: the date column's own, else any date format of the
    book (added to styles.xml only when the book has none)."""
    col = next((edit.columns[h] for h in edit.date_headers if h in edit.columns), None)
    own = sheet.styles_below(edit.header_row, {col}).get(col) if col is not None else None
    chosen: list[str | None] = []

    def pick() -> str | None:
        if not chosen:
            if own is not None and _style_is_date(own, styles_xml[0]):
                chosen.append(own)
            else:
                index, styles_xml[0] = _date_style(styles_xml[0])
                chosen.append(index)
        return chosen[0]
    return pick


def _style_is_date(index: str, styles: str) -> bool:
    flags = _date_xfs(styles)
    return index.isdigit() and int(index) < len(flags) and flags[int(index)]


def edit_package(src: Path, dst: Path, edit: LedgerEdit) -> list[int]:
    """Write a copy of the workbook `src` to `dst` with `edit` applied to its 台账 sheet.
    Returns the row numbers of the appended rows."""
    try:
        zin = zipfile.ZipFile(src)
    except (OSError, zipfile.BadZipFile) as exc:
        raise FileProblem(f"无法读取考核工作簿 {src.name}: {exc}") from None
    with zin:
        try:
            part = _sheet_part(zin, edit.sheet)
            sheet = Sheet.parse(zin.read(part).decode("utf-8"))
            return _write_package(zin, dst, part, sheet, edit)
        except EditRefused as exc:
            where = f"{edit.sheet}!" if re.match(r"[A-Z]+\d+: ", str(exc)) else ""
            raise FileProblem(f"{where}{exc}（考核工作簿未改动）") from None


def _write_package(zin: zipfile.ZipFile, dst: Path, part: str, sheet: Sheet, edit: LedgerEdit,
                   ) -> list[int]:
    styles_name = "xl/styles.xml"
    styles_xml = [zin.read(styles_name).decode("utf-8")
                  if styles_name in zin.namelist() else ""]
    original_styles = styles_xml[0]
    appended = _apply(sheet, edit, _date_style_picker(sheet, edit, styles_xml))
    text = sheet.text()
    last_row = max((r.number for r in sheet.rows), default=1)
    last_col = max((c.col for r in sheet.rows for c in r.cells), default=0)
    text = update_ref_attr(text, "dimension", last_row, last_col)
    if appended:
        text = _grow_autofilter(text, edit.header_row, appended[-1])
    changed = {part: text.encode("utf-8")}
    if styles_xml[0] != original_styles:
        changed[styles_name] = styles_xml[0].encode("utf-8")
    with zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = changed.get(info.filename)
            if data is None:
                data = zin.read(info)
            zout.writestr(info, data, compress_type=info.compress_type)
    return appended


def _grow_autofilter(xml: str, header_row: int, last_row: int) -> str:
    match = re.search(r'<(?:\w+:)?autoFilter\b[^>]*?\sref="[A-Z]+(\d+)', xml)
    if match and int(match.group(1)) == header_row:
        return update_ref_attr(xml, "autoFilter", last_row, -1)
    return xml


# --- replacing the book safely --------------------------------------------------------

def backup_folder(book: Path) -> Path:
    return book.with_name(f"{book.stem}_备份")


def open_message(book: Path) -> str:
    return f"{book.name} 正在被 Excel 打开，未做任何改动；请关闭后重新运行"


def read_only_message(book: Path) -> str:
    return (f"{book.name} 是只读文件（文件属性中勾选了“只读”，或没有写入权限），未做任何改动；"
            "请取消只读后重新运行")


# --- one writer at a time -----------------------------------------------------------------

LOCK_STALE_SECONDS = 2 * 3600  # no collect takes this long; a lock this old was left behind


def lock_path(book: Path) -> Path:
    return book.with_name(f".{book.name}.kaohe-lock")


@contextlib.contextmanager
def book_lock(book: Path, wait: float = 60.0) -> Iterator[Path]:
    """Hold the lock file beside `book` while its contents are read, changed and replaced, so
    that a second run waits instead of writing over the first one's rows. A lock whose process
    is gone (same computer) or that is older than LOCK_STALE_SECONDS is taken over."""
    path = lock_path(book)
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            break
        except FileExistsError:
            holder = _holder(path)
            if _stale(path, holder):
                with contextlib.suppress(OSError):
                    path.unlink()
                continue
            if time.monotonic() >= deadline:
                raise FileProblem(_busy_message(book, holder)) from None
            time.sleep(0.2)
        except OSError as exc:
            raise FileProblem(f"无法在 {book.parent} 中建立锁文件（{exc.strerror or exc}），"
                              "考核工作簿未改动") from None
    me = {"pid": os.getpid(), "host": socket.gethostname(),
          "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(me, f)
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)  # type: ignore[attr-defined]
    try:
        yield path
    finally:
        with contextlib.suppress(OSError):
            path.unlink()


def _holder(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _stale(path: Path, holder: dict[str, object]) -> bool:
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return False  # gone meanwhile: the next try takes it
    if age > LOCK_STALE_SECONDS:
        return True
    pid = holder.get("pid")
    if holder.get("host") == socket.gethostname() and isinstance(pid, int):
        return not process_alive(pid)
    return not holder and age > 60  # unreadable and not being written: left half-made


def _busy_message(book: Path, holder: dict[str, object]) -> str:
    who = "、".join(str(holder[k]) for k in ("host", "pid", "started") if holder.get(k))
    return (f"另一个 kaohe 正在改写 {book.name}（{who or '锁文件 ' + lock_path(book).name}），"
            "未做任何改动；请等它结束后重新运行")


def replace_book(book: Path, write: Callable[[Path], None],
                 check: Callable[[Path], None] | None = None) -> Path:
    """Write the new book with `write(tmp)`, `check(tmp)` it, keep a timestamped copy of the
    current book (the newest MAX_BACKUPS are kept), then move the new book into place.
    Returns the backup's path. Nothing changes when the book is open in Excel or read-only."""
    if is_read_only(book):
        raise FileProblem(read_only_message(book))
    if is_open_in_excel(book):
        raise FileProblem(open_message(book))
    backups: list[Path] = []

    def checked_and_backed_up(tmp: Path) -> None:
        if check is not None:
            check(tmp)
        backups.append(_backup(book))
        if is_open_in_excel(book):  # opened while we wrote
            raise FileProblem(open_message(book))

    try:
        replace_through_temp(book, write, checked_and_backed_up)
    except ReplaceRefused:
        raise FileProblem(open_message(book)) from None
    except FileProblem:
        raise
    except OSError as exc:
        raise FileProblem(f"写入 {book.name} 失败（{exc.strerror or exc}），考核工作簿未改动") from None
    _prune(backups[0].parent, book)
    return backups[0]


def _backup(book: Path) -> Path:
    folder = backup_folder(book)
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    # numbered after every copy of the same second, kept or pruned, so the order holds
    n = max((key[1] for key, _ in _stamped(book) if key[0] == stamp), default=0) + 1
    target = folder / (f"{book.stem}_{stamp}{book.suffix}" if n == 1
                       else f"{book.stem}_{stamp}-{n}{book.suffix}")
    shutil.copy2(book, target)
    return target


def _stamped(book: Path) -> list[tuple[tuple[str, int], Path]]:
    folder = backup_folder(book)
    if not folder.is_dir():
        return []
    pattern = re.compile(rf"^{re.escape(book.stem)}_(\d{{8}}-\d{{6}})(?:-(\d+))?"
                         rf"{re.escape(book.suffix)}$")
    found = []
    for p in folder.iterdir():
        match = pattern.match(p.name)
        if match:
            found.append(((match.group(1), int(match.group(2) or 1)), p))
    return sorted(found)


def backups(book: Path) -> Sequence[Path]:
    """The kept copies of `book`, oldest first."""
    return [p for _, p in _stamped(book)]


def _prune(folder: Path, book: Path) -> None:
    kept = list(backups(book))
    for old in kept[:-MAX_BACKUPS]:
        old.unlink(missing_ok=True)
