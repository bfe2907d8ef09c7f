"""A scored month as a small record (JSON in the archive): what the quarter, the year, the
failure tracking and the notices need of a month, without re-reading the office workbook."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, NamedTuple

from . import names as N
from .results import MonthResult
from .values import Month, parse_month

FORMAT_VERSION = 1


class PersonMonth(NamedTuple):
    id: str
    name: str
    window_id: str
    window_name: str
    unit: str
    status: str
    score: Decimal | None  # the published (rounded) score; None when not rated
    grade: str
    rank: int | None
    cases: Decimal
    deductions: Decimal
    bonuses: Decimal
    reasons: tuple[str, ...] = ()

    @property
    def rated(self) -> bool:
        return self.status == N.RATED


class WindowMonth(NamedTuple):
    id: str
    name: str
    unit: str
    email: str
    status: str
    score: Decimal | None
    grade: str
    rank: int | None
    cases: Decimal
    deductions: Decimal
    staff_mean: Decimal | None

    @property
    def rated(self) -> bool:
        return self.status == N.RATED


class ActionRecord(NamedTuple):
    action: str
    subject: str
    subject_id: str
    name: str
    basis: str


class MonthRecord(NamedTuple):
    month: Month
    state: str  # "draft" or "final"
    people: tuple[PersonMonth, ...]
    windows: tuple[WindowMonth, ...]
    actions: tuple[ActionRecord, ...]


def record_of(result: MonthResult, state: str = "draft") -> MonthRecord:
    people = tuple(
        PersonMonth(
            p.person.id, p.person.name, p.person.window_id, p.window_name, p.person.unit,
            p.status, p.outcome.score if p.rated else None, p.grade, p.rank, p.cases,
            p.outcome.deductions, p.outcome.bonuses, tuple(p.reasons),
        )
        for p in result.people
    )
    windows = tuple(
        WindowMonth(
            w.window.id, w.window.name, w.window.unit, w.window.email, w.status,
            w.score if w.rated else None, w.grade, w.rank, w.cases,
            w.outcome.deductions if w.outcome else Decimal(0), w.staff_mean,
        )
        for w in result.windows
    )
    actions = tuple(ActionRecord(a.action, a.subject, a.subject_id, a.name, a.basis)
                    for a in result.actions)
    return MonthRecord(result.month, state, people, windows, actions)


def _enc(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [_enc(v) for v in value]
    return value


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def dumps(record: MonthRecord) -> str:
    data = {
        "format": FORMAT_VERSION,
        "month": str(record.month),
        "state": record.state,
        "people": [dict(zip(PersonMonth._fields, _enc(tuple(p)), strict=True))
                   for p in record.people],
        "windows": [dict(zip(WindowMonth._fields, _enc(tuple(w)), strict=True))
                    for w in record.windows],
        "actions": [dict(zip(ActionRecord._fields, a, strict=True)) for a in record.actions],
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def loads(text: str) -> MonthRecord:
    data = json.loads(text)
    if data.get("format") != FORMAT_VERSION:
        raise ValueError(f"unknown month record format {data.get('format')!r}")
    month = parse_month(data["month"])
    assert month is not None
    people = tuple(
        PersonMonth(
            p["id"], p["name"], p["window_id"], p["window_name"], p["unit"], p["status"],
            _dec(p["score"]), p["grade"], p["rank"], Decimal(p["cases"]),
            Decimal(p["deductions"]), Decimal(p["bonuses"]), tuple(p["reasons"]),
        )
        for p in data["people"]
    )
    windows = tuple(
        WindowMonth(
            w["id"], w["name"], w["unit"], w["email"], w["status"], _dec(w["score"]),
            w["grade"], w["rank"], Decimal(w["cases"]), Decimal(w["deductions"]),
            _dec(w["staff_mean"]),
        )
        for w in data["windows"]
    )
    actions = tuple(ActionRecord(**a) for a in data["actions"])
    return MonthRecord(month, data["state"], people, windows, actions)
