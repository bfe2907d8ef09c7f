"""What scoring a month produces: plain records that the writers turn into sheets and
that the quarter, the year and the notices read again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .periods import Month
from .records import Person, Window
from .settings import Settings
from .words import Grade, Reach, Status


class Source(StrEnum):
    """Where a number of the month came from; the writers name the sheet (officebook/names.py)."""

    LEDGER = "ledger"  # 台账
    ATTENDANCE = "attendance"  # 考勤
    WINDOW_CASES = "window_cases"  # 窗口办件
    WINDOWS = "windows"  # 窗口
    PEOPLE = "people"  # 人员


@dataclass(frozen=True, slots=True, eq=False)
class Where:
    """A row of the office workbook: the source sheet and its row number (0: the whole sheet)."""

    source: Source
    row: int = 0


# DetailLine.kind
LINE_RULE = "rule"  # a rule's points for the month
LINE_GROUP = "group"  # a group DQ (遵章守纪 five times)
LINE_CATEGORY = "category"  # the 扣完为止 give-back of a category over its weight


@dataclass(frozen=True, slots=True, eq=False)
class DetailLine:
    """One scored rule of one person or window: the why behind every point."""

    subject: str  # 个人 / 窗口
    subject_id: str
    name: str
    code: str
    text: str
    quantity: Decimal | None
    points: Decimal
    why: str
    rows: tuple[int, ...] = ()  # ledger rows it came from
    source: Source | None = Source.LEDGER  # None: a group DQ or a category give-back
    kind: str = LINE_RULE
    disqualifies: bool = False
    short: str = ""  # the rule's 简称; for a category give-back, the cap in words


@dataclass(frozen=True, slots=True, eq=False)
class Notice:
    """A warning for the office to check (待核实零办件, 无参评人员 …)."""

    kind: str
    where: Where
    message: str


@dataclass(frozen=True, slots=True)
class Event:
    """A 台账 row behind a follow-up, as the 通报 tells it: its date, 事项 and 说明."""

    day: dt.date
    matter: str = ""  # 事项
    note: str = ""  # 说明
    row: int = 0


@dataclass(frozen=True, slots=True)
class Action:
    """A follow-up the notices act on: 通报批评, 退回派出单位."""

    action: str
    subject: str
    subject_id: str
    name: str
    basis: str
    # the 台账 rows of the rule, kept with the month (the archive keeps no ledger rows);
    # empty for a rule computed from 考勤 and in archives written before this field
    events: tuple[Event, ...] = ()


@dataclass(eq=False)
class Outcome:
    """The scored month of one person or window, before ranking."""

    raw: Decimal  # base + every adjustment, unrounded
    score: Decimal  # rounded half up
    deductions: Decimal  # points taken off after category caps, as a positive number
    bonuses: Decimal  # points added (bonuses and positive manual rows)
    disqualified: list[str] = field(default_factory=list)
    returned: list[str] = field(default_factory=list)
    reach: Reach = Reach.MONTH  # the widest 取消资格范围 of the month's 取消资格
    reach_why: str = ""  # the 取消资格 that reaches that far

    @property
    def status(self) -> Status:
        if self.returned:
            return Status.RETURNED
        if self.disqualified:
            return Status.DISQUALIFIED
        return Status.RATED


@dataclass(frozen=True, slots=True, eq=False)
class PersonResult:
    """One person's scored month: outcome, status, grade and rank."""

    person: Person
    window_name: str
    outcome: Outcome
    cases: Decimal
    status: Status
    grade: Grade | None = None  # None: not rated
    rank: int | None = None

    @property
    def rated(self) -> bool:
        return self.status == Status.RATED

    @property
    def reasons(self) -> list[str]:
        return self.outcome.returned + self.outcome.disqualified


@dataclass(frozen=True, slots=True, eq=False)
class WindowResult:
    """One window's scored month: its staff mean, its own rows, grade and rank."""

    window: Window
    staff_mean: Decimal | None  # exact mean of the counted staff scores
    staff_counted: int
    adjustments: Decimal  # window rows' points
    outcome: Outcome | None  # None when no staff was rated
    cases: Decimal
    status: Status
    grade: Grade | None = None  # None: not rated
    rank: int | None = None

    @property
    def rated(self) -> bool:
        return self.status == Status.RATED

    @property
    def score(self) -> Decimal | None:
        return self.outcome.score if self.outcome else None


@dataclass(eq=False)
class MonthResult:
    """Everything a month's scoring produces, for the result workbook and the records."""

    month: Month
    settings: Settings
    people: list[PersonResult]
    windows: list[WindowResult]
    details: list[DetailLine]
    notices: list[Notice]
    actions: list[Action]
