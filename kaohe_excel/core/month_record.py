"""A scored month as a small record: what the quarter, the year, the failure tracking and the
notices need of a month, without re-reading the office workbook. The archive keeps it as JSON
(archive/record_json.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .periods import Month
from .results import Action, MonthResult
from .words import Grade, Reach, State, Status


@dataclass(frozen=True, slots=True, eq=False)
class PersonMonth:
    """One person's scored month, as the quarter, the year and the archive keep it."""

    id: str
    name: str
    window_id: str
    window_name: str
    unit: str
    status: Status
    score: Decimal | None  # the published (rounded) score; None when not rated
    grade: Grade | None
    rank: int | None
    cases: Decimal
    deductions: Decimal
    bonuses: Decimal
    reasons: tuple[str, ...] = ()
    reach: Reach = Reach.MONTH  # how far the month's 取消资格 reaches (当季/全年: the awards)
    reach_why: str = ""

    @property
    def rated(self) -> bool:
        return self.status == Status.RATED


@dataclass(frozen=True, slots=True, eq=False)
class WindowMonth:
    """One window's scored month, as the quarter, the year and the archive keep it."""

    id: str
    name: str
    unit: str
    email: str
    status: Status
    score: Decimal | None
    grade: Grade | None
    rank: int | None
    cases: Decimal
    deductions: Decimal
    staff_mean: Decimal | None
    reach: Reach = Reach.MONTH
    reach_why: str = ""

    @property
    def rated(self) -> bool:
        return self.status == Status.RATED


@dataclass(frozen=True, slots=True, eq=False)
class MonthRecord:
    """A scored month: its state (公示稿 or 审定), people, windows and follow-ups."""

    month: Month
    state: State
    people: tuple[PersonMonth, ...]
    windows: tuple[WindowMonth, ...]
    actions: tuple[Action, ...]


def record_of(result: MonthResult, state: State = State.DRAFT) -> MonthRecord:
    people = tuple(
        PersonMonth(
            p.person.id, p.person.name, p.person.window_id, p.window_name, p.person.unit,
            p.status, p.outcome.score if p.rated else None, p.grade, p.rank, p.cases,
            p.outcome.deductions, p.outcome.bonuses, tuple(p.reasons), p.outcome.reach,
            p.outcome.reach_why,
        )
        for p in result.people
    )
    windows = tuple(
        WindowMonth(
            w.window.id, w.window.name, w.window.unit, w.window.email, w.status,
            w.score if w.rated else None, w.grade, w.rank, w.cases,
            w.outcome.deductions if w.outcome else Decimal(0), w.staff_mean,
            w.outcome.reach if w.outcome else Reach.MONTH, w.outcome.reach_why if w.outcome else "",
        )
        for w in result.windows
    )
    return MonthRecord(result.month, state, people, windows, tuple(result.actions))
