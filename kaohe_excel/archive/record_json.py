"""A month record as JSON (results.json in the archive), built field by field from the
dataclasses, so a field added to a record is written and read without a second list here."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import fields, is_dataclass
from decimal import Decimal
from typing import Any

from ..core.month_record import MonthRecord, PersonMonth, WindowMonth
from ..core.periods import Month
from ..core.results import Action, Event
from ..core.words import FollowUp, Grade, Reach, State, Status, Subject

FORMAT_VERSION = 1
# fields that hold exact numbers: written as text ("95.5"), read back as Decimal
_DECIMALS = {"score", "cases", "deductions", "bonuses", "staff_mean"}
# fields that hold the domain's words, read back as their enums ("" stays "": not graded)
_WORDS = {"status": Status, "grade": Grade, "action": FollowUp, "subject": Subject,
          "reach": Reach}
# fields that hold records of their own (a list of objects in JSON)
_NESTED: dict[str, Any] = {"events": Event}
_DATES = {"day"}  # ISO dates


def _out(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if is_dataclass(value):
        return _as_dict(value)
    if isinstance(value, tuple):
        return [_out(v) for v in value]
    return value


def _as_dict(item: Any) -> dict[str, Any]:
    return {f.name: _out(getattr(item, f.name)) for f in fields(item)}


def _from_dict(cls: Any, data: dict[str, Any]) -> Any:
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:  # a field added since the archive was written: its default
            continue
        raw = data[f.name]
        if f.name in _DECIMALS:
            values[f.name] = None if raw is None else Decimal(raw)
        elif f.name in _NESTED:
            values[f.name] = tuple(_from_dict(_NESTED[f.name], item) for item in raw)
        elif f.name in _DATES:
            values[f.name] = dt.date.fromisoformat(raw)
        elif f.name in _WORDS:  # a grade of "" (format 1 before enums) is no grade
            values[f.name] = _WORDS[f.name](raw) if raw else None
        elif isinstance(raw, list):
            values[f.name] = tuple(raw)
        else:
            values[f.name] = raw
    return cls(**values)


def dumps(record: MonthRecord) -> str:
    data = {
        "format": FORMAT_VERSION,
        "month": str(record.month),
        "state": record.state,
        "people": [_as_dict(p) for p in record.people],
        "windows": [_as_dict(w) for w in record.windows],
        "actions": [_as_dict(a) for a in record.actions],
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def loads(text: str) -> MonthRecord:
    data = json.loads(text)
    if data.get("format") != FORMAT_VERSION:
        raise ValueError(f"unknown month record format {data.get('format')!r}")
    year, month = (int(part) for part in data["month"].split("-"))
    return MonthRecord(
        Month(year, month), State(data["state"]),
        tuple(_from_dict(PersonMonth, p) for p in data["people"]),
        tuple(_from_dict(WindowMonth, w) for w in data["windows"]),
        tuple(_from_dict(Action, a) for a in data["actions"]),
    )
