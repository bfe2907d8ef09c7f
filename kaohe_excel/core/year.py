"""The year (全年总评), pure: annual scores and grades, the quarters' awards counted, the pool
for 优秀公务员 / 先进个人标兵, and the summary sent to each 派出单位."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from .awards import Decision
from .failures import Failure, track
from .month_record import MonthRecord
from .numbers import ZERO, mean_score
from .periods import Month, Quarter, period_label, year_months
from .quarter import QuarterResult, Standing, ranked, score_quarter, standings
from .settings import Settings
from .words import NO_UNIT, Award, Grade, Reach, State, Subject


@dataclass(frozen=True, slots=True)
class UnitSummary:
    unit: str
    staff: int
    rated: int  # rated in at least one month
    mean: Decimal | None
    above: int
    met: int
    below: int
    awards: int  # 先进个人 quarters in all
    failures: int


@dataclass(frozen=True, slots=True)
class YearResult:
    year: int
    states: dict[Month, State]
    people: tuple[Standing, ...]
    windows: tuple[Standing, ...]
    person_awards: dict[str, int]  # 先进个人次数
    window_awards: dict[str, int]  # 红旗窗口次数
    person_pool: tuple[Standing, ...]  # 年度先进个人, ranked by count then annual score
    window_pool: tuple[Standing, ...]
    # 优秀公务员、先进个人标兵 recommended from the pool, in order (推荐优秀公务员最少季度数)
    recommended: tuple[Standing, ...]
    # the ties at a quarter's cut the 考评领导小组 has not settled: (quarter, 对象, standing)
    unsettled: tuple[tuple[Quarter, Subject, Standing], ...]
    units: tuple[UnitSummary, ...]
    quarters: tuple[QuarterResult, ...]
    failures: tuple[Failure, ...]
    settings: Settings


def _barred(rows: list[Standing]) -> tuple[list[Standing], set[str]]:
    """The standings, each one whose month has a 取消资格 reaching the year (取消资格范围
    全年: P5-01 by default) saying so in its 说明, and their ids (left out of the pool)."""
    out, barred = [], set()
    for s in rows:
        why = next((f"{m + 1}月{e.reach_why}" for m, e in enumerate(s.monthly)
                    if e is not None and e.reach == Reach.YEAR), "")
        if why:
            s = replace(s, note="；".join(filter(None, (s.note, why + "，不列入年度先进"))))
            barred.add(s.id)
        out.append(s)
    return out, barred


def _pool(rows: list[Standing], counts: dict[str, int], minimum: int,
          barred: set[str]) -> tuple[Standing, ...]:
    pool = [s for s in rows if counts.get(s.id, 0) >= max(minimum, 1) and s.id not in barred]
    pool.sort(key=lambda s: (-counts[s.id], -(s.score or ZERO), s.id))
    return tuple(pool)


def score_year(year: int, records: Mapping[Month, MonthRecord], states: Mapping[Month, State],
               settings: Settings, history: Mapping[Month, MonthRecord] | None = None,
               decisions: Sequence[Decision] = (),
               ) -> YearResult:
    """`history`: final months before the year, counted by failure tracking when the
    counting period (未达标计数周期) is 累计. `decisions`: the 评选决定 of the year's quarters."""
    months = year_months(year)
    people, people_barred = _barred(ranked([s for s, _ in standings(months, records, lambda r: r.people,
                                                       settings.person_decimals, settings)]))
    windows, windows_barred = _barred(ranked([s for s, _ in standings(months, records, lambda r: r.windows,
                                                        settings.window_decimals, settings)]))
    quarters = []
    person_awards: dict[str, int] = {}
    window_awards: dict[str, int] = {}
    unsettled: list[tuple[Quarter, Subject, Standing]] = []
    for number in range(1, 5):
        quarter = Quarter(year, number)
        if not any(m in records for m in quarter.months):
            continue
        result = score_quarter(quarter, records, {m: states.get(m, State.MISSING)
                                                  for m in quarter.months}, settings,
                               [d for d in decisions if d.period == str(quarter)])
        quarters.append(result)
        unsettled.extend((quarter, Subject.PERSON, s) for s in result.people
                         if s.award == Award.TIED)
        unsettled.extend((quarter, Subject.WINDOW, s) for s in result.windows
                         if s.award == Award.TIED)
        for s in result.people:
            if s.award == Award.CHOSEN:
                person_awards[s.id] = person_awards.get(s.id, 0) + 1
        for s in result.windows:
            if s.award == Award.CHOSEN:
                window_awards[s.id] = window_awards.get(s.id, 0) + 1
    failures = [f for f in track({**(history or {}), **records}, settings)
                if f.period.startswith(str(year))]
    people = _with_failures(people, failures)
    person_pool = _pool(people, person_awards, settings.year_award_min_quarters, people_barred)
    recommended = tuple(s for s in person_pool
                        if person_awards[s.id] >= max(settings.recommend_min_quarters, 1))
    return YearResult(
        year, dict(states), tuple(people), tuple(windows), person_awards, window_awards,
        person_pool, _pool(windows, window_awards, settings.year_award_min_quarters,
                           windows_barred),
        recommended, tuple(unsettled),
        _units(people, person_awards, failures, settings), tuple(quarters), tuple(failures),
        settings,
    )


def _with_failures(people: list[Standing], failures: Sequence[Failure]) -> list[Standing]:
    """The year's 说明 of each person states every 通报批评 and 退回 of the year."""
    by_person: dict[str, list[str]] = {}
    for f in failures:
        by_person.setdefault(f.person_id, []).append(f"{period_label(f.period)}{f.action}（{f.basis}）")
    return [replace(s, note="；".join(filter(None, [s.note, *by_person.get(s.id, [])])))
            for s in people]


def _units(people: list[Standing], awards: dict[str, int], failures: list[Failure],
           settings: Settings) -> tuple[UnitSummary, ...]:
    by_unit: dict[str, list[Standing]] = {}
    for s in people:
        by_unit.setdefault(s.unit or NO_UNIT, []).append(s)
    out = []
    for unit, members in sorted(by_unit.items()):
        scores = [s.score for s in members if s.score is not None]
        ids = {s.id for s in members}
        grades = [s.grade for s in members]
        out.append(UnitSummary(
            unit, len(members), len(scores),
            mean_score(scores, settings.person_decimals) if scores else None,
            grades.count(Grade.ABOVE), grades.count(Grade.MET), grades.count(Grade.BELOW),
            sum(awards.get(i, 0) for i in ids), sum(1 for f in failures if f.person_id in ids),
        ))
    return tuple(out)
