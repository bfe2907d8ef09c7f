"""Failure tracking across the counting period (default the calendar year), pure:
a 3rd 未达标 month -> 通报批评; a 2nd 未达标 quarter -> 退回原单位; and every monthly
退回派出单位 and 通报批评 (P5-05). Kept as data: the notices are written from these records."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .month_record import MonthRecord, PersonMonth
from .numbers import mean_score
from .periods import Month, Quarter, quarter_of
from .results import Event
from .scoring import grade_of
from .settings import PERIOD_CALENDAR_YEAR, Settings
from .words import Grade, Status, Subject

MONTHLY_CRITICISM = "通报批评"  # 发生三次月考评不达标
RETURN_TO_UNIT = "退回原单位"  # 发生两次季考评不达标


@dataclass(frozen=True, slots=True, eq=False)
class Failure:
    """One entry of the 待处理 list: a 通报批评 or a 退回 and the months that led to it."""

    action: str  # 通报批评 / 退回原单位 / 退回派出单位
    person_id: str
    name: str
    window_id: str
    window_name: str
    unit: str
    period: str  # "2026-11" or "2026Q4"
    basis: str
    events: tuple[Event, ...] = ()  # the 台账 rows of a monthly rule's follow-up


def _period_key(month: Month, settings: Settings) -> object:
    return month.year if settings.failure_period == PERIOD_CALENDAR_YEAR else None


def counted_together(earlier: Month, later: Month, settings: Settings) -> bool:
    """Whether a failure in `earlier` counts toward one in `later` (未达标计数周期: the same
    calendar year, or always when the office counts 累计)."""
    return _period_key(earlier, settings) == _period_key(later, settings)


def counts_as_below(person: PersonMonth, settings: Settings) -> bool:
    """A 未达标 month; a 取消资格 month too when the office reads it so (取消资格月计入未达标)."""
    if person.rated:
        return person.score is not None and grade_of(person.score, settings) == Grade.BELOW
    return settings.dq_month_counts_as_below and person.status == Status.DISQUALIFIED


def counting_note(settings: Settings) -> str:
    """What the 待处理 sheet says about the months it counts (the 【解读】 in force)."""
    if settings.dq_month_counts_as_below:
        return "月度未达标次数计入取消资格的月份（设置“取消资格月计入未达标”为 是）"
    return "月度未达标次数不计取消资格的月份（设置“取消资格月计入未达标”为 否）"


def track(records: Mapping[Month, MonthRecord], settings: Settings) -> list[Failure]:
    """Every failure that the given months give rise to, in time order."""
    months = sorted(records)
    out: list[Failure] = []
    below_quarters: dict[tuple[object, str], list[Quarter]] = {}
    below_months: dict[tuple[object, str], list[Month]] = {}
    dq_months: set[tuple[Month, str]] = set()  # 取消资格 months counted as 未达标
    for month in months:
        record = records[month]
        for p in record.people:
            if counts_as_below(p, settings):
                seen = below_months.setdefault((_period_key(month, settings), p.id), [])
                seen.append(month)
                if not p.rated:
                    dq_months.add((month, p.id))
                if len(seen) >= settings.monthly_failures_for_criticism:
                    listed = _months_text(seen, {m for m in seen if (m, p.id) in dq_months})
                    out.append(Failure(MONTHLY_CRITICISM, p.id, p.name, p.window_id,
                                       p.window_name, p.unit, str(month),
                                       f"第 {len(seen)} 次月度考评未达标（{listed}）"))
        people = {p.id: p for p in record.people} if record.actions else {}
        for a in record.actions:
            if a.subject != Subject.PERSON:
                continue
            person = people.get(a.subject_id)
            out.append(Failure(a.action, a.subject_id, a.name,
                               person.window_id if person else "",
                               person.window_name if person else "",
                               person.unit if person else "", str(month), a.basis,
                               a.events))
        if month.ends_quarter:
            out.extend(_quarter_failures(quarter_of(month), records, settings, below_quarters))
    return out


def _quarter_failures(quarter: Quarter, records: Mapping[Month, MonthRecord],
                      settings: Settings,
                      counts: dict[tuple[object, str], list[Quarter]]) -> list[Failure]:
    months = quarter.months
    if not all(m in records for m in months):
        return []  # a quarter counts once all three months are in
    scores: dict[str, list[Decimal]] = {}
    latest: dict[str, PersonMonth] = {}
    for m in months:
        for p in records[m].people:
            latest[p.id] = p
            if p.rated and p.score is not None:
                scores.setdefault(p.id, []).append(p.score)
    out = []
    for pid, values in scores.items():
        score = mean_score(values, settings.person_decimals)
        if grade_of(score, settings) != Grade.BELOW:
            continue
        key = (_period_key(months[0], settings), pid)
        seen = counts.setdefault(key, [])
        seen.append(quarter)
        if len(seen) >= settings.quarterly_failures_for_return:
            p = latest[pid]
            listed = "、".join(q.label for q in seen)
            out.append(Failure(RETURN_TO_UNIT, pid, p.name, p.window_id,
                               p.window_name, p.unit, str(quarter),
                               f"第 {len(seen)} 次季度考评未达标（{listed}，本季 {score}）"))
    return out


def in_period(failures: Sequence[Failure], periods: set[str]) -> list[Failure]:
    return [f for f in failures if f.period in periods]


def _months_text(months: Sequence[Month], disqualified: set[Month] | None = None) -> str:
    """"3月、7月、10月", or with years when they span more than one (累计); a 取消资格
    month counted as 未达标 says so: "10月取消资格"."""
    one_year = len({m.year for m in months}) == 1
    return "、".join((f"{m.month}月" if one_year else m.label)
                    + ("取消资格" if disqualified and m in disqualified else "") for m in months)
