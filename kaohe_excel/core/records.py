"""Typed records of the office workbook, as the scoring core sees them (no cells, no files).

`row` fields keep the worksheet row a record came from, so every result can name it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .periods import Month


@dataclass(frozen=True, slots=True, eq=False)
class Person:
    """A row of the 人员 sheet, with the windows of the 调动 sheet folded in."""

    id: str
    name: str
    window_id: str
    unit: str = ""
    post: str = "工作人员"
    email: str = ""
    joined: dt.date | None = None
    left: dt.date | None = None
    row: int = 0
    # later windows, each from its 生效日期 (the 调动 sheet), in date order
    moves: tuple[tuple[dt.date, str], ...] = ()

    def window_on(self, day: dt.date) -> str:
        window = self.window_id
        for since, moved_to in self.moves:
            if since <= day:
                window = moved_to
        return window

    def window_in(self, month: Month) -> str:
        """A month counts for the window of its last day in post (a move that takes effect
        in the month counts the whole month for the new window)."""
        last = min(month.last_day, self.left) if self.left else month.last_day
        return self.window_on(last)

    def active_in(self, month: Month) -> bool:
        """On the roster for at least one day of the month."""
        if self.joined and self.joined > month.last_day:
            return False
        return not (self.left and self.left < month.first_day)


@dataclass(frozen=True, slots=True, eq=False)
class Window:
    """A row of the 窗口 sheet."""

    id: str
    name: str
    unit: str = ""
    head: str = ""
    email: str = ""
    row: int = 0


@dataclass(frozen=True, slots=True, eq=False)
class LedgerEntry:
    """One 台账 row: an event of a person (个人) or a window (窗口) under a rule code."""

    row: int
    day: dt.date
    subject: str  # names.SUBJECT_PERSON or names.SUBJECT_WINDOW
    subject_id: str
    code: str
    quantity: Decimal = Decimal(1)
    points: Decimal | None = None  # manual rows only
    event: str = ""  # 事项: the key of the no-double rule
    note: str = ""
    source: str = ""
    recorder: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class Attendance:
    """A person's 考勤 row for the month: days in post, leave and cases."""

    person_id: str
    working_days: Decimal
    present_days: Decimal
    approved_leave: Decimal = Decimal(0)
    personal_unreplaced: Decimal = Decimal(0)  # 事假无人顶替天数
    other_unreplaced: Decimal = Decimal(0)  # 其他请假无人顶替天数
    sick_unreplaced: Decimal = Decimal(0)  # 病假（有诊断书）无人顶替天数
    assigned_days: Decimal = Decimal(0)  # 单位指派和休干部假天数
    cases: Decimal = Decimal(0)
    row: int = 0


@dataclass(frozen=True, eq=False)
class MonthInputs:
    """Everything one month's scoring needs, already checked by the readers."""

    month: Month
    people: tuple[Person, ...]
    windows: tuple[Window, ...]
    ledger: tuple[LedgerEntry, ...]  # only this month's rows
    attendance: dict[str, Attendance] = field(default_factory=dict)
    window_cases: dict[str, Decimal] = field(default_factory=dict)
    # (对象, 编号, 规则编码) -> the quantity in earlier months of the rule's reach, for the
    # rules counted past the month (取消资格范围 当季/全年: P2-07's 两次 over the quarter)
    earlier: dict[tuple[str, str, str], Decimal] = field(default_factory=dict)
