"""What a collect found, window by window: the records `collect` fills and the
reconciliation workbook and the CLI read."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..core.periods import Month
from ..core.records import Person, Window
from ..errors import Problem
from ..files.saving import Saved
from ..officebook.sheet_xml import column_index
from . import labels as L
from .merge import Plan
from .returned import Returned


@dataclass
class WindowResult:
    window: Window
    status: str
    files: list[Path] = field(default_factory=list)
    returned: Returned | None = None
    plan: Plan | None = None
    silent: list[Person] = field(default_factory=list)  # neither named nor ticked in its form
    ledger_rows: list[int] = field(default_factory=list)  # where its merged rows are
    note: str = ""

    @property
    def standing(self) -> str:
        """已交, 未交 or 有问题: every way a form can fail is 有问题, and counted alike."""
        if self.status in (L.ST_MERGED, L.ST_UNCHANGED):
            return L.IN
        return L.OUT if self.status == L.ST_MISSING else L.TROUBLE

    @property
    def abstained(self) -> list[Person]:
        """弃权 is read from a form that is in; a window not back yet, or back with a problem,
        has none until its form comes in right (not everyone of it 弃权)."""
        return self.silent if self.standing == L.IN else []


@dataclass
class Collected:
    month: Month
    book: Path
    folder: Path
    rejected: list[tuple[Path, str]]
    windows: list[WindowResult]
    changed_windows: list[str]
    backup: Path | None
    report: Saved | None = None

    @property
    def problem_lines(self) -> list[str]:
        """`file: sheet!cell: what is wrong`, then whole files refused, in file order."""
        lines: list[tuple[str, str]] = []
        for w in self.windows:
            if w.status == L.ST_DUPLICATE:
                for path in w.files:
                    others = "、".join(shown(p) for p in w.files if p != path)
                    lines.append((shown(path), f"{shown(path)}: 与 {others} 都是{w.window.name}"
                                               f"（{w.window.id}）的自查表，均未并入；请只保留一个后重新收集"))
            elif w.returned is not None:
                name = shown(w.returned.path)
                lines += [(name, f"{name}: {p}") for p in sorted(w.returned.problems, key=_where)]
        lines += [(shown(path), f"{shown(path)}: {reason}") for path, reason in self.rejected]
        return [text for _, text in sorted(lines, key=lambda x: x[0])]

    @property
    def missing(self) -> list[Window]:
        return self.standing(L.OUT)

    def standing(self, standing: str) -> list[Window]:
        """The windows that are 已交, 未交 or 有问题."""
        return [w.window for w in self.windows if w.standing == standing]

    @property
    def unplaced(self) -> list[Path]:
        """Refused files that could not be told to be any window's (neither by their hidden
        identity nor by their name)."""
        placed = {p for w in self.windows for p in w.files}
        return [p for p, _ in self.rejected if p not in placed]

    @property
    def abstained(self) -> list[tuple[Window, Person, str]]:
        return [(w.window, p, L.A_SILENT) for w in self.windows for p in w.abstained]


def shown(path: Path, whole: bool = False) -> str:
    """A file's name fit for one line of a message or a cell: a name in a legacy encoding
    (bytes that are not UTF-8) shown as GBK, what Chinese zip tools write; control
    characters such as a newline shown as \\n, never breaking the line."""
    name = str(path) if whole or not path.name else path.name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = os.fsencode(name).decode("gbk", errors="replace")
    return "".join(repr(ch)[1:-1] if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs")
                   else ch for ch in name)


def _where(problem: Problem) -> tuple[int, int]:
    """Order of problems in one file: by row, then by column."""
    match = re.match(r"([A-Z]+)(\d+)$", problem.cell)
    return (int(match.group(2)), column_index(match.group(1))) if match else (0, 0)
