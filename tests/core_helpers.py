"""Shared helpers for the tests of the pure scoring core (no workbooks, no files).

`build_inputs` makes a MonthInputs for a few people with a default attendance of 21 working
days, 21 days present, 100 cases; `L` / `W` make ledger rows for a person or a window.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache

from kaohe_excel.core.periods import Month
from kaohe_excel.core.records import Attendance, LedgerEntry, MonthInputs, Person, Window
from kaohe_excel.core.results import DetailLine, MonthResult, PersonResult, WindowResult
from kaohe_excel.core.rulebook import Rulebook
from kaohe_excel.core.scoring import score_month
from kaohe_excel.core.settings import Settings
from kaohe_excel.core.words import Subject
from kaohe_excel.officebook.default_rules import default_rulebook

MONTH = Month(2026, 3)
DAY = dt.date(2026, 3, 10)
D = Decimal

_rows = itertools.count(2)


def dec(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


@lru_cache(maxsize=1)
def rulebook() -> Rulebook:
    """The real default rulebook (parsed once; scoring never mutates it)."""
    return default_rulebook()


def L(person_id: str, code: str, quantity: object = 1, *, points: object = None,
      event: str = "", note: str = "", row: int | None = None) -> LedgerEntry:
    """A ledger row for a person (个人)."""
    return LedgerEntry(
        row=next(_rows) if row is None else row, day=DAY, subject=Subject.PERSON,
        subject_id=person_id, code=code, quantity=dec(quantity),
        points=None if points is None else dec(points), event=event,
        note=note or ("特别情形" if points is not None else ""),
    )


def W(window_id: str, code: str, quantity: object = 1, *, points: object = None,
      event: str = "", note: str = "", row: int | None = None) -> LedgerEntry:
    """A ledger row for a window (窗口)."""
    return LedgerEntry(
        row=next(_rows) if row is None else row, day=DAY, subject=Subject.WINDOW,
        subject_id=window_id, code=code, quantity=dec(quantity),
        points=None if points is None else dec(points), event=event,
        note=note or ("特别情形" if points is not None else ""),
    )


def attendance(person_id: str, *, working: object = 21, present: object = 21,
               cases: object = 100, approved: object = 0, personal: object = 0,
               other: object = 0, sick: object = 0, assigned: object = 0,
               row: int = 0) -> Attendance:
    return Attendance(
        person_id=person_id, working_days=dec(working), present_days=dec(present),
        approved_leave=dec(approved), personal_unreplaced=dec(personal),
        other_unreplaced=dec(other), sick_unreplaced=dec(sick), assigned_days=dec(assigned),
        cases=dec(cases), row=row,
    )


def person(person_id: str, window_id: str = "W1", **kw) -> Person:
    return Person(id=person_id, name=f"人员{person_id}", window_id=window_id, **kw)


def build_inputs(
    people: Iterable[str | Person] = ("A",),
    ledger: Iterable[LedgerEntry] = (),
    *,
    windows: Iterable[str | Window] | None = None,
    attendance_of: Mapping[str, Mapping[str, object] | Attendance] | None = None,
    window_cases: Mapping[str, object] | None = None,
    month: Month = MONTH,
) -> MonthInputs:
    """MonthInputs for `people` (ids on window W1, or Person records).

    Every person gets the default attendance (21 working days, 21 present, 100 cases) unless
    `attendance_of[id]` gives keyword overrides for `attendance()` or an Attendance record.
    Windows default to the windows the people sit on."""
    roster = tuple(p if isinstance(p, Person) else person(p) for p in people)
    if windows is None:
        window_ids = list(dict.fromkeys(p.window_id for p in roster)) or ["W1"]
        windows = window_ids
    window_records = tuple(
        w if isinstance(w, Window) else Window(id=w, name=f"窗口{w}", row=i + 2)
        for i, w in enumerate(windows)
    )
    overrides = dict(attendance_of or {})
    att: dict[str, Attendance] = {}
    for i, p in enumerate(roster):
        given = overrides.get(p.id, {})
        att[p.id] = given if isinstance(given, Attendance) else attendance(
            p.id, row=i + 2, **given)
    return MonthInputs(
        month=month, people=roster, windows=window_records, ledger=tuple(ledger),
        attendance=att,
        window_cases={k: dec(v) for k, v in (window_cases or {}).items()},
    )


def score(inputs: MonthInputs, settings: Settings | None = None,
          book: Rulebook | None = None) -> MonthResult:
    return score_month(inputs, book or rulebook(), settings or Settings())


def run(people: Iterable[str | Person] = ("A",), ledger: Iterable[LedgerEntry] = (),
        settings: Settings | None = None, **kw) -> MonthResult:
    """build_inputs + score_month under the default rulebook."""
    return score(build_inputs(people, ledger, **kw), settings)


def person_of(result: MonthResult, person_id: str) -> PersonResult:
    found = [p for p in result.people if p.person.id == person_id]
    assert len(found) == 1, f"{person_id}: {len(found)} results"
    return found[0]


def window_of(result: MonthResult, window_id: str) -> WindowResult:
    found = [w for w in result.windows if w.window.id == window_id]
    assert len(found) == 1, f"{window_id}: {len(found)} results"
    return found[0]


def lines_of(result: MonthResult, subject_id: str, code: str | None = None) -> list[DetailLine]:
    return [d for d in result.details
            if d.subject_id == subject_id and (code is None or d.code == code)]


def line_of(result: MonthResult, subject_id: str, code: str) -> DetailLine:
    found = lines_of(result, subject_id, code)
    assert len(found) == 1, f"{subject_id} {code}: {len(found)} detail lines"
    return found[0]
