"""Derived quantities: what a rule reads from 考勤 / 窗口办件 instead of the ledger.

A rule row names one of these in its 数据来源 column; its kind (按次, 阶梯, 取消资格) then
scores the quantity like any ledger quantity. The thresholds live in the rulebook (ladder
steps) and in the settings (ratios), never here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from .numbers import ZERO
from .numbers import format_points as _n

if TYPE_CHECKING:
    from .records import Attendance
    from .rulebook import Rulebook
    from .settings import Settings

ONE = Decimal(1)


@dataclass(frozen=True, slots=True, eq=False)
class Derived:
    """A quantity read from 考勤 or 窗口办件, with how it was worked out."""

    quantity: Decimal
    why: str


@dataclass(frozen=True, eq=False)
class Source:
    """One 数据来源 a rule may name: whose quantity it computes, and how."""

    name: str  # what the 数据来源 column holds
    subject: str  # 个人 or 窗口
    compute: Callable[..., Derived]
    note: str


SOURCES: dict[str, Source] = {}


Compute = TypeVar("Compute", bound=Callable[..., Derived])


def source(name: str, subject: str, note: str) -> Callable[[Compute], Compute]:
    """Register what a 数据来源 computes: a person's from their 考勤 row, a window's from its
    case count; `note` is the 规则 sheet's help for it."""

    def register(fn: Compute) -> Compute:
        SOURCES[name] = Source(name, subject, fn, note)
        return fn

    return register


PERSONAL_LEAVE = "事假无人顶替天数"


@source(PERSONAL_LEAVE, "个人", "考勤表 事假无人顶替天数 (P3-04)")
def personal_leave(att: Attendance, settings: Settings, book: Rulebook) -> Derived:
    if not att.personal_unreplaced:
        return Derived(ZERO, "")
    return Derived(att.personal_unreplaced, f"事假无人顶替 {_n(att.personal_unreplaced)} 天")


@source("按天扣分请假天数", "个人", "其他请假无人顶替天数，加上不足P3-04起扣天数的事假天数 (P3-03)")
def daily_leave(att: Attendance, settings: Settings, book: Rulebook) -> Derived:
    if not (att.other_unreplaced or att.personal_unreplaced):
        return Derived(ZERO, "")
    days = att.other_unreplaced
    why = f"其他请假无人顶替 {_n(att.other_unreplaced)} 天"
    start = book.first_step(PERSONAL_LEAVE)
    if settings.personal_leave_daily and att.personal_unreplaced and (
        start is None or att.personal_unreplaced < start
    ):
        days += att.personal_unreplaced
        why += f"，事假无人顶替 {_n(att.personal_unreplaced)} 天（不足起扣天数，按天计）"
    return Derived(days, why)


@source("病假无人顶替天数", "个人", "考勤表 病假无人顶替天数 (P3-05)")
def sick_leave(att: Attendance, settings: Settings, book: Rulebook) -> Derived:
    if not att.sick_unreplaced:
        return Derived(ZERO, "")
    return Derived(att.sick_unreplaced, f"病假无人顶替 {_n(att.sick_unreplaced)} 天")


@source("请假超过比例", "个人", "批准请假天数减单位指派和休干部假天数，严格超过法定工作日×比例时为1 (P3-11)")
def leave_over_ratio(att: Attendance, settings: Settings, book: Rulebook) -> Derived:
    counted = att.approved_leave - att.assigned_days
    ratio = settings.leave_ratio  # exact: counted / working > p / q  <=>  counted * q > working * p
    over = counted * ratio.denominator > att.working_days * ratio.numerator
    if not over:
        return Derived(ZERO, "")
    return Derived(ONE, f"请假 {_n(counted)} 天超过法定工作日 {_n(att.working_days)} 天的"
                        f" {settings.leave_ratio}")


@source("出勤不足比例", "个人", "出勤天数（可计入批准请假）不足法定工作日×比例时为1 (P3-13)")
def attendance_short(att: Attendance, settings: Settings, book: Rulebook) -> Derived:
    counts_leave = settings.attendance_counts_approved_leave
    present = att.present_days + att.approved_leave if counts_leave else att.present_days
    ratio = settings.attendance_ratio
    short = present * ratio.denominator < att.working_days * ratio.numerator
    if not short:
        return Derived(ZERO, "")
    label = f"出勤 {_n(att.present_days)} 天"
    if counts_leave:
        label += f" + 批准请假 {_n(att.approved_leave)} 天"
    return Derived(ONE, f"{label}不足法定工作日 {_n(att.working_days)} 天的"
                        f" {settings.attendance_ratio}")


@source("个人办件数", "个人", "考勤表 办件数 (B-15)")
def person_cases(att: Attendance, settings: Settings, book: Rulebook) -> Derived:
    return Derived(att.cases, f"本月办件 {_n(att.cases)} 件")


@source("窗口办件数", "窗口", "窗口办件表的办件数，缺省为本窗口人员办件数之和 (WB-06/07)")
def window_cases(cases: Decimal, settings: Settings, book: Rulebook) -> Derived:
    return Derived(cases, f"窗口本月办件 {_n(cases)} 件")
