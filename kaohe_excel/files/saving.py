"""Writing files safely: through a temporary file and an atomic replace, never over a file
that Excel holds open (the result is then kept under another name and the user is told).

The temporary file is flushed to disk (fsync) before the replace and the folder after it, so a
power cut leaves the old file or the new one, never a damaged one; the replaced file keeps its
permission bits. A temporary file left by a killed run is named after its process and removed
by the next run in that folder once the process is gone (and is hidden on Windows meanwhile).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import FileProblem


@dataclass(frozen=True, eq=False)
class Saved:
    """Where a file was written, and where it was meant to go when Excel held that open."""

    path: Path
    diverted_from: Path | None = None  # the wanted target, when Excel held it open

    @property
    def message(self) -> str:
        if self.diverted_from is None:
            return f"已写入 {self.path}"
        return (f"{self.diverted_from.name} 正在被 Excel 打开，结果已另存为 {self.path.name}；"
                f"关闭后可改用此文件")


def owner_files(path: Path) -> list[Path]:
    """Excel's lock files for `path`: "~$name", or "~$" + name less its first two characters
    (what Office writes for longer names)."""
    names = {"~$" + path.name, "~$" + path.name[2:]}
    return [path.with_name(n) for n in names if path.with_name(n).exists()]


def is_read_only(path: Path) -> bool:
    """The file's read-only attribute (Windows) or its missing write bits (POSIX); root's
    power to write anyway does not make a read-only book writable in the user's eyes."""
    try:
        return not path.stat().st_mode & stat.S_IWUSR
    except OSError:
        return False


def is_open_in_excel(path: Path) -> bool:
    if owner_files(path):
        return True
    if not path.exists() or is_read_only(path):
        return False
    try:  # on Windows a workbook open in Excel cannot be opened for writing
        with open(path, "r+b"):
            return False
    except PermissionError:
        return True
    except OSError:
        return False


def write_atomically(target: Path, write: Callable[[Path], None]) -> Saved:
    """Call `write(tmp)` to produce the file, then move it onto `target` in one step.

    If Excel holds `target` open, the result goes to `target` stamped with the time instead.
    """
    target = Path(target)
    if not target.parent.is_dir():
        raise FileProblem(f"目录不存在：{target.parent}")
    diverted_from = None
    if is_open_in_excel(target):
        diverted_from = target
        target = _beside(target)
    try:
        replace_through_temp(target, write)
    except ReplaceRefused:
        if diverted_from is not None:
            raise
        return write_atomically_elsewhere(target, write)
    return Saved(target, diverted_from)


class ReplaceRefused(PermissionError):
    """The new file was complete but could not be moved onto the target (Windows: open)."""


def replace_through_temp(target: Path, write: Callable[[Path], object],
                         before_replace: Callable[[Path], None] | None = None) -> None:
    """`write(tmp)` beside `target`, `before_replace(tmp)`, then one atomic replace.

    The temporary file never outlives the call, whatever fails."""
    sweep_debris(target.parent)
    fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=target.suffix,
                                dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        _hide(tmp)
        write(tmp)
        if before_replace is not None:
            before_replace(tmp)
        _take_mode(target, tmp)
        _fsync(tmp)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise ReplaceRefused(*exc.args) from None
        _fsync_folder(target.parent)
    finally:
        tmp.unlink(missing_ok=True)


TEMP_PREFIX = ".~kaohe-"
_TEMP = re.compile(rf"^{re.escape(TEMP_PREFIX)}(\d+)-")
_UMASK = os.umask(0)
os.umask(_UMASK)
_STALE_SECONDS = 3600  # a temporary file of a process that cannot be asked is stale after this


def sweep_debris(folder: Path) -> list[Path]:
    """Remove the temporary files that runs killed in `folder` left behind; returns them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        match = _TEMP.match(entry.name)
        try:
            if match and process_alive(int(match.group(1))):
                continue
            if not match and time.time() - entry.stat().st_mtime < _STALE_SECONDS:
                continue  # an older run's name without its process: wait until surely stale
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def process_alive(pid: int) -> bool:
    """Is process `pid` running on this machine? (Windows cannot be asked without a handle
    library; there a temporary file open in a live run cannot be removed anyway.)"""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _hide(path: Path) -> None:
    if sys.platform == "win32":  # the dot hides it elsewhere
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)  # type: ignore[attr-defined]


def _take_mode(target: Path, tmp: Path) -> None:
    """The new file gets the old one's permission bits, or the usual ones for a new file
    (mkstemp makes it readable by its owner only)."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = 0o666 & ~_UMASK
    os.chmod(tmp, mode | stat.S_IWUSR if sys.platform == "win32" else mode)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; Windows cannot open a folder for this."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomically_elsewhere(target: Path, write: Callable[[Path], None]) -> Saved:
    """The replace was refused (Excel opened the file meanwhile): keep the result beside it."""
    saved = write_atomically(_beside(target), write)
    return Saved(saved.path, target)


def _beside(target: Path) -> Path:
    """A free name next to `target`, stamped with the time: 结果_20261130-151500.xlsx."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    other = target.with_name(f"{target.stem}_{stamp}{target.suffix}")
    n = 2
    while other.exists():
        other = target.with_name(f"{target.stem}_{stamp}-{n}{target.suffix}")
        n += 1
    return other
