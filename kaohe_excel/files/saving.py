"""Writing files safely: through a temporary file and an atomic replace, never over a file
that Excel holds open (the result is then kept under another name and the user is told)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import FileProblem


@dataclass(frozen=True)
class Saved:
    path: Path
    diverted_from: Path | None = None  # the wanted target, when Excel held it open

    @property
    def message(self) -> str:
        if self.diverted_from is None:
            return f"已写入 {self.path}"
        return (f"{self.diverted_from.name} 正在被 Excel 打开,结果已另存为 {self.path.name};"
                f"关闭后可改用此文件")


def owner_files(path: Path) -> list[Path]:
    """Excel's lock files for `path`: "~$name", or "~$" + name less its first two characters
    (what Office writes for longer names)."""
    names = {"~$" + path.name, "~$" + path.name[2:]}
    return [path.with_name(n) for n in names if path.with_name(n).exists()]


def is_open_in_excel(path: Path) -> bool:
    if owner_files(path):
        return True
    if not path.exists():
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
        raise FileProblem(f"目录不存在: {target.parent}")
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


def replace_through_temp(target: Path, write: Callable[[Path], None],
                         before_replace: Callable[[Path], None] | None = None) -> None:
    """`write(tmp)` beside `target`, `before_replace(tmp)`, then one atomic replace.

    The temporary file never outlives the call, whatever fails."""
    fd, name = tempfile.mkstemp(prefix=".~kaohe-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        if before_replace is not None:
            before_replace(tmp)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise ReplaceRefused(*exc.args) from None
    finally:
        tmp.unlink(missing_ok=True)


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
