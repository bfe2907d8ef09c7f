"""The errors users see. Every message says where (sheet!cell) and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem in a workbook: `台账!D12: 未知规则编码 "P9-99"`."""

    sheet: str
    cell: str  # "D12", "D" (a whole column), or "" (the whole sheet)
    message: str

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return f"{where}: {self.message}"


class KaoheError(Exception):
    """Base of every error that is meant for a user, not a traceback."""


class DataErrors(KaoheError, ValueError):
    """The workbook holds problems; all of them are listed, nothing was scored or written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))


class FileProblem(KaoheError, OSError):
    """A file cannot be read or written (missing, not a workbook, locked by Excel)."""


def _problem_order(p: Problem) -> tuple[str, int, str, str]:
    head = p.cell.split(":")[0]
    digits = "".join(ch for ch in head if ch.isdigit())
    letters = "".join(ch for ch in head if ch.isalpha())
    return (p.sheet, int(digits) if digits else 0, f"{len(letters):02d}{letters}", p.message)


class Problems:
    """Collects problems while reading so that a run reports all of them at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, sheet: str, cell: str, message: str) -> None:
        self.items.append(Problem(sheet, cell, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise DataErrors(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)
