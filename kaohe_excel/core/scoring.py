"""The pure scoring core: a month's records and the rulebook in, a MonthResult out.

No files, no cells: everything here is exact Decimal arithmetic on typed records, so the same
code scores the office workbook, the self-check round trip and the benchmarks' books.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TypeVar

from .derived import SOURCES, Derived
from .numbers import ZERO, round_half_up
from .numbers import format_points as _n
from .records import Attendance, LedgerEntry, MonthInputs, Window
from .results import (
    LINE_CATEGORY,
    LINE_GROUP,
    Action,
    DetailLine,
    Event,
    MonthResult,
    Notice,
    Outcome,
    PersonResult,
    Source,
    Where,
    WindowResult,
)
from .rulebook import Rulebook
from .settings import Settings
from .words import FollowUp, Grade, Post, Reach, Status, Subject


@dataclass(eq=False)
class _Tally:
    """What one code collected for one subject this month."""

    quantity: Decimal = ZERO
    rows: list[int] = field(default_factory=list)
    manual: list[Decimal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(eq=False)
class _Subject:
    """Whose rows a tally belongs to: a person or a window."""

    kind: str  # 个人 / 窗口
    id: str
    name: str


def grade_of(score: Decimal, settings: Settings) -> Grade:
    if score > settings.above_line:
        return Grade.ABOVE
    if score >= settings.pass_line:
        return Grade.MET
    return Grade.BELOW


def competition_ranks(scores: Sequence[Decimal]) -> list[int]:
    """Ranks for scores, highest first; equal scores share a rank, the next is skipped
    (1, 2, 2, 4). Returned in the order of `scores`."""
    order = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
    ranks = [0] * len(scores)
    for position, i in enumerate(order):
        if position and scores[i] == scores[order[position - 1]]:
            ranks[i] = ranks[order[position - 1]]
        else:
            ranks[i] = position + 1
    return ranks


def _tally(entries: Iterable[LedgerEntry], book: Rulebook) -> dict[str, _Tally]:
    """Sum the ledger rows per code, counting each no-double event once at its best points."""
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    events: dict[tuple[str, str], list[LedgerEntry]] = defaultdict(list)
    for e in entries:
        rule = book.rules[e.code]
        if rule.no_double and e.event:
            if e.quantity:  # a row zeroed out to cancel it adds nothing
                events[(rule.no_double, e.event)].append(e)
            continue
        t = tallies[e.code]
        t.quantity += e.quantity
        t.rows.append(e.row)
        if e.points is not None:
            t.manual.append(e.points * e.quantity)
            if e.note:
                t.notes.append(f"第{e.row}行：{e.note}")
    for (group, event), rows in events.items():
        # highest points wins; the code and row only make the choice independent of row order
        rows.sort(key=lambda e: (-(book.rules[e.code].points or ZERO), e.code, e.row))
        best = rows[0]
        t = tallies[best.code]
        # once: one occurrence at most (a row of 0.5 counts 0.5), at the highest points
        t.quantity += min(max(e.quantity for e in rows), Decimal(1))
        t.rows.extend(e.row for e in rows)
        if len(rows) > 1 or best.quantity != 1:
            others = "、".join(sorted({e.code for e in rows}))
            t.notes.append(
                f"事项“{event}”同一事项不重复加分（{group}：{others}），按 {best.code} 计 1 次"
            )
    return tallies


def _events(entries: Iterable[LedgerEntry], code: str) -> tuple[Event, ...]:
    """The 台账 rows of `code` a follow-up cites, in date order (a row zeroed out is none)."""
    return tuple(Event(e.day, e.event, e.note, e.row)
                 for e in sorted(entries, key=lambda e: (e.day, e.row))
                 if e.code == code and e.quantity)


def _score_subject(
    subject: _Subject,
    entries: Sequence[LedgerEntry],
    derived: dict[str, tuple[Derived, Where]],
    earlier: Mapping[tuple[str, str, str], Decimal],
    book: Rulebook,
    settings: Settings,
    base: Decimal,
    places: int,
    details: list[DetailLine],
    actions: list[Action],
) -> Outcome:
    """Score one person or window: kinds, caps, group DQ, category caps. Appends the detail."""
    tallies = _tally(entries, book)
    lines: list[DetailLine] = []
    dq: list[str] = []
    returned: list[str] = []
    group_quantity: dict[str, Decimal] = defaultdict(lambda: ZERO)
    category_deductions: dict[str, Decimal] = defaultdict(lambda: ZERO)
    reach, reach_why = Reach.MONTH, ""

    for code in sorted(tallies.keys() | derived.keys(), key=lambda c: book.rules[c].row):
        rule = book.rules[code]
        if code in derived:
            value, where = derived[code]
            source = where.source
            tally = _Tally(quantity=value.quantity, notes=[value.why],
                           rows=[where.row] if where.row else [])
        else:
            tally, source = tallies[code], Source.LEDGER
        if tally.quantity == 0 and not tally.manual:
            continue
        before = earlier.get((subject.kind, subject.id, code), ZERO)
        result = rule.kind.score(rule, tally.quantity, tally.manual, before)
        points, why = result.points, [*tally.notes, result.why]
        if rule.cap is not None and abs(points) > rule.cap:
            points = rule.cap if points > 0 else -rule.cap
            why.append(f"已达月上限 {_n(rule.cap)} 分")
        if code in derived and points == 0 and not (result.disqualified or result.returned):
            continue  # a derived rule that did not apply this month says nothing
        if result.disqualified:
            reason = result.disqualified
            if rule.reach != Reach.MONTH:  # the 取消资格 reaches the quarter's or year's awards
                reason += f"（取消资格范围{rule.reach}，不参加{rule.reach.period}先进评选）"
                why.append(f"取消资格范围{rule.reach}：不参加{rule.reach.period}先进评选")
                if not reach.covers(rule.reach):
                    reach, reach_why = rule.reach, reason
            dq.append(reason)
        if result.returned:
            returned.append(result.returned)
        criticism = rule.action == FollowUp.CRITICISM
        events = _events(entries, code) if criticism or result.returned else ()
        if criticism:
            actions.append(Action(FollowUp.CRITICISM, subject.kind, subject.id, subject.name,
                                  f"{code} {rule.text}", events))
        elif rule.action:
            why.append(rule.action)
        if result.returned:  # its 附加处理 (P1-12 追究责任) goes to 待处理 with it
            basis = result.returned + (f"；{rule.action}" if rule.action and not criticism
                                       else "")
            actions.append(Action(FollowUp.RETURN, subject.kind, subject.id, subject.name, basis,
                                  events))
        if rule.group:
            group_quantity[rule.group] += tally.quantity
        if points < 0:
            category_deductions[rule.category] += -points
        lines.append(DetailLine(
            subject.kind, subject.id, subject.name, code, rule.text, tally.quantity, points,
            "；".join(filter(None, why)), tuple(sorted(tally.rows)), source,
            disqualifies=bool(result.disqualified or result.returned), short=rule.short,
        ))

    for name, quantity in group_quantity.items():
        group = book.groups[name]
        if quantity >= group.dq_at:
            reason = f"{name}类问题本月合计 {_n(quantity)} 次，达到 {_n(group.dq_at)} 次取消资格"
            dq.append(reason)
            lines.append(DetailLine(subject.kind, subject.id, subject.name, name, group.text,
                                    quantity, ZERO, reason, kind=LINE_GROUP, source=None,
                                    disqualifies=True))

    if settings.category_cap:
        for code, taken in category_deductions.items():
            category = book.categories[code]
            if category.weight is not None and taken > category.weight:
                give_back = taken - category.weight
                lines.append(DetailLine(
                    subject.kind, subject.id, subject.name, code, category.name, None, give_back,
                    f"{category.name}类扣分 {_n(taken)} 超过该类分值 {_n(category.weight)}，"
                    f"扣完为止，按 {_n(category.weight)} 计", kind=LINE_CATEGORY, source=None,
                    short=f"{category.name}类扣分已达上限 {_n(category.weight)} 分",
                ))

    details.extend(lines)
    total = sum((line.points for line in lines), ZERO)
    bonuses = sum((line.points for line in lines
                   if line.points > 0 and line.kind != LINE_CATEGORY), ZERO)
    raw = base + total
    return Outcome(raw, round_half_up(raw, places), bonuses - total, bonuses, dq, returned,
                   reach, reach_why)


def _person_sources(att: Attendance, book: Rulebook, settings: Settings,
                    ) -> dict[str, tuple[Derived, Where]]:
    out = {}
    for rule in book.derived_rules(Subject.PERSON):
        value = SOURCES[rule.source].compute(att, settings, book)
        if value.quantity:  # a zero quantity scores nothing under any kind
            out[rule.code] = (value, Where(Source.ATTENDANCE, att.row))
    return out


def score_month(inputs: MonthInputs, book: Rulebook, settings: Settings) -> MonthResult:
    """Score every person and window of `inputs.month` under `book` and `settings`."""
    month = inputs.month
    details: list[DetailLine] = []
    notices: list[Notice] = []
    actions: list[Action] = []
    windows = {w.id: w for w in inputs.windows}
    by_subject: dict[tuple[str, str], list[LedgerEntry]] = defaultdict(list)
    for e in inputs.ledger:
        by_subject[(e.subject, e.subject_id)].append(e)

    people: list[PersonResult] = []
    staff_of: dict[str, list[PersonResult]] = defaultdict(list)
    staff_cases: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for person in inputs.people:
        if not person.active_in(month):
            continue
        att = inputs.attendance[person.id]
        staff_cases[person.window_id] += att.cases
        if person.post == Post.HEAD and not settings.heads_rated:
            continue
        subject = _Subject(Subject.PERSON, person.id, person.name)
        outcome = _score_subject(
            subject, by_subject.get((Subject.PERSON, person.id), ()),
            _person_sources(att, book, settings), inputs.earlier, book, settings,
            settings.base_score,
            settings.person_decimals, details, actions,
        )
        result = PersonResult(person, windows[person.window_id].name, outcome, att.cases,
                              outcome.status)
        people.append(result)
        staff_of[person.window_id].append(result)
        if settings.flag_zero_cases and att.cases == 0:
            notices.append(Notice(
                "待核实零办件", Where(Source.ATTENDANCE, att.row),
                f"{person.name}（{person.id}）本月办件数为 0，请核实是否属于零办件（P4-11），"
                "确属本人不作为或体外循环的，在台账录入 P4-11",
            ))

    window_results = [
        _score_window(w, staff_of.get(w.id, []), by_subject.get((Subject.WINDOW, w.id), ()),
                      inputs.window_cases.get(w.id, staff_cases[w.id]
                                              if settings.window_cases_from_staff else ZERO),
                      inputs.earlier, book, settings, details, actions, notices)
        for w in inputs.windows
    ]
    return MonthResult(month, settings, _graded_and_ranked(people, settings),
                       _graded_and_ranked(window_results, settings), details, notices, actions)


def _score_window(window: Window, staff: list[PersonResult], entries: Sequence[LedgerEntry],
                  cases: Decimal, earlier: Mapping[tuple[str, str, str], Decimal],
                  book: Rulebook, settings: Settings,
                  details: list[DetailLine], actions: list[Action], notices: list[Notice],
                  ) -> WindowResult:
    counted = [p for p in staff if p.rated or not settings.window_base_rated_only]
    mean = (sum((p.outcome.score for p in counted), ZERO) / len(counted)) if counted else None
    derived = {
        rule.code: (SOURCES[rule.source].compute(cases, settings, book),
                    Where(Source.WINDOW_CASES))
        for rule in book.derived_rules(Subject.WINDOW)
    }
    subject = _Subject(Subject.WINDOW, window.id, window.name)
    outcome = _score_subject(subject, entries, derived, earlier, book, settings, mean or ZERO,
                             settings.window_decimals, details, actions)
    adjustments = outcome.bonuses - outcome.deductions  # exact: the sum of the window rows
    if mean is None:
        status = outcome.status if outcome.status != Status.RATED else Status.NO_STAFF
        notices.append(Notice(Status.NO_STAFF, Where(Source.WINDOWS, window.row),
                              f"{window.name}（{window.id}）本月没有参评人员，窗口不计分"))
        return WindowResult(window, None, 0, adjustments, None, cases, status)
    return WindowResult(window, mean, len(counted), adjustments, outcome, cases, outcome.status)


Ranked = TypeVar("Ranked", PersonResult, WindowResult)


def _graded_and_ranked(results: list[Ranked], settings: Settings) -> list[Ranked]:
    """The same results, the rated ones with their grade and competition rank."""
    scores = [r.outcome.score for r in results if r.rated and r.outcome is not None]
    ranks = iter(competition_ranks(scores))
    return [replace(r, rank=next(ranks), grade=grade_of(r.outcome.score, settings))
            if r.rated and r.outcome is not None else r for r in results]
