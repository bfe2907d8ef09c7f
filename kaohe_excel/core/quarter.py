"""The quarter (季评比), pure: three month records in, quarterly scores, ranks, 先进个人 and
红旗窗口 out, with the reason for every candidate's outcome."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from ..errors import Problems
from .awards import Candidate, Decision, Selection, ordering, select, settle
from .month_record import MonthRecord, PersonMonth, WindowMonth
from .numbers import ZERO, mean_score
from .periods import Month, Quarter
from .scoring import competition_ranks, grade_of
from .settings import Settings, parse_tie_break
from .words import Award, Grade, Reach, State, Status, Subject


@dataclass(frozen=True, slots=True)
class Standing:
    """One person or window over a period (quarter or year)."""

    id: str
    name: str
    window_id: str  # the person's latest window; the window's own id
    window_name: str
    unit: str
    monthly: tuple[PersonMonth | WindowMonth | None, ...]  # one per month of the period
    rated_months: int
    score: Decimal | None
    grade: Grade | None
    rank: int | None
    cases: Decimal
    deductions: Decimal
    award: Award | None
    why: str
    note: str


@dataclass(frozen=True, slots=True)
class QuarterResult:
    quarter: Quarter
    states: dict[Month, State]
    people: tuple[Standing, ...]
    windows: tuple[Standing, ...]
    person_quota: int
    window_quota: int
    settings: Settings

    @property
    def drafts(self) -> list[Month]:
        return [m for m, s in self.states.items() if s == State.DRAFT]


def _ineligible(entries: Sequence[PersonMonth | WindowMonth | None], months: Sequence[Month],
                settings: Settings) -> str:
    """Why the entries are not eligible for the quarter's award ("" when they are). A
    取消资格 whose reach is the quarter or the year always counts; the other parts are the
    office's reading of 按公务员考核标准评选, each a setting."""
    for month, entry in zip(months, entries, strict=True):
        if entry is not None and entry.reach.covers(Reach.QUARTER):
            return f"{month.month}月{entry.reach_why}"
    for month, entry in zip(months, entries, strict=True):
        label = f"{month.month}月"
        if entry is None or entry.status == Status.NO_STAFF:
            if settings.quarter_every_month:
                return f"{label}{entry.status if entry else '未参评'}"
        elif entry.status != Status.RATED:
            if settings.quarter_no_dq_month:
                return f"{label}{entry.status}"
        elif (settings.quarter_no_below_month and entry.score is not None
              and grade_of(entry.score, settings) == Grade.BELOW):
            return f"{label}未达标（{entry.score}）"
    return ""


def standings(
    months: Sequence[Month],
    records: Mapping[Month, MonthRecord],
    pick: Callable[[MonthRecord], Sequence[PersonMonth] | Sequence[WindowMonth]],
    places: int,
    settings: Settings,
) -> list[tuple[Standing, str]]:
    """Per id: the period's standing (without award) and why it is not eligible ("" if it is)."""
    by_id: dict[str, list[PersonMonth | WindowMonth | None]] = {}
    for i, month in enumerate(months):
        record = records.get(month)
        for entry in pick(record) if record else ():
            by_id.setdefault(entry.id, [None] * len(months))[i] = entry
    out = []
    for key, entries in by_id.items():
        present = [e for e in entries if e is not None]
        rated = [e for e in present if e.rated and e.score is not None]
        latest = present[-1]
        window_id = getattr(latest, "window_id", latest.id)
        window_name = getattr(latest, "window_name", latest.name)
        score = mean_score([e.score for e in rated], places) if rated else None  # type: ignore[misc]
        windows_seen: list[tuple[Month, str]] = []
        for month, e in zip(months, entries, strict=True):
            if isinstance(e, PersonMonth) and (not windows_seen
                                               or windows_seen[-1][1] != e.window_name):
                windows_seen.append((month, e.window_name))
        notes = []
        if len(windows_seen) > 1:
            notes.append("调动：" + "，".join(f"{m.month}月起在{w}" for m, w in windows_seen)
                         + "；个人成绩随本人，各月计入当月所在窗口")
        absent = [f"{m.month}月" for m, e in zip(months, entries, strict=True) if e is None
                  and records.get(m) is not None]
        if absent:
            notes.append(f"{'、'.join(absent)}不在岗（中途入驻或离开）")
        out.append((Standing(
            key, latest.name, window_id, window_name, latest.unit, tuple(entries), len(rated),
            score, grade_of(score, settings) if score is not None else None, None,
            sum((e.cases for e in present), ZERO), sum((e.deductions for e in present), ZERO),
            None, "", "；".join(notes),
        ), _ineligible(entries, months, settings)))
    return out


def ranked(rows: list[Standing]) -> list[Standing]:
    """Competition ranks on the period score among participants; participants first."""
    participants = [s for s in rows if s.score is not None]
    ranks = dict(zip((s.id for s in participants),
                     competition_ranks([s.score for s in participants]),  # type: ignore[misc]
                     strict=True))
    out = [replace(s, rank=ranks.get(s.id)) for s in rows]
    out.sort(key=lambda s: (s.rank is None, s.rank or 0, s.id))
    return out


def rank_and_award(rows: list[tuple[Standing, str]], ratio: Fraction, settings: Settings,
                   title: str, decisions: Sequence[Decision] = (),
                   problems: Problems | None = None) -> tuple[list[Standing], Selection]:
    """Ranks, then the award; the explanations name the table's rank, and within a shared
    rank the table lists people in the tie-break's order (as the explanations say)."""
    participants = [s for s, _ in rows if s.score is not None]
    table = ranked([s for s, _ in rows])
    candidates = [Candidate(s.id, s.score, s.cases, s.deductions,
                            why if s.score is not None else "本期未参评")
                  for s, why in rows]
    chosen = select(candidates, len(participants), ratio,
                    parse_tie_break(settings.tie_break), title,
                    {s.id: s.rank for s in table if s.rank is not None})
    if decisions:
        chosen = settle(chosen, decisions, title, problems if problems is not None else Problems())
    place = {key: i for i, key in enumerate(_eligible_order(candidates, settings))}
    awarded = [replace(s, award=chosen.award[s.id], why=chosen.why[s.id]) for s in table]
    awarded.sort(key=lambda s: (s.rank is None, s.rank or 0, place.get(s.id, len(place)), s.id))
    return awarded, chosen


def _eligible_order(candidates: Sequence[Candidate], settings: Settings) -> list[str]:
    order = ordering(parse_tie_break(settings.tie_break))
    return [c.key for c in sorted((c for c in candidates if c.score is not None),
                                  key=order, reverse=True)]


def score_quarter(quarter: Quarter, records: Mapping[Month, MonthRecord],
                  states: Mapping[Month, State], settings: Settings,
                  decisions: Sequence[Decision] = ()) -> QuarterResult:
    """`decisions`: the 考评领导小组's settlements of this quarter's ties (评选决定); one for
    someone not tied at the cut is a DataErrors naming its row."""
    months = quarter.months
    problems = Problems()
    people, person_sel = rank_and_award(
        standings(months, records, lambda r: r.people, settings.person_decimals, settings),
        settings.person_award_ratio, settings, "先进个人",
        [d for d in decisions if d.subject == Subject.PERSON], problems)
    windows, window_sel = rank_and_award(
        standings(months, records, lambda r: r.windows, settings.window_decimals, settings),
        settings.window_award_ratio, settings, "红旗窗口",
        [d for d in decisions if d.subject == Subject.WINDOW], problems)
    problems.raise_if_any()
    return QuarterResult(quarter, dict(states), tuple(people), tuple(windows),
                         person_sel.quota, window_sel.quota, settings)
