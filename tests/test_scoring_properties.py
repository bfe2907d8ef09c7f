"""Hypothesis properties of score_month over random ledgers on a small fixed roster.

The roster: W1 = A, B and a 工作区长 H; W2 = C, D; W3 = E. Everyone has the default attendance
(21 working days, 21 present, 100 cases), so no derived person rule applies; the windows' case
figures are fixed (W1 100, W2 250, W3 450 -> WB-06 +0.5 on W2, WB-07 +1 on W3).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from core_helpers import DAY, D, build_inputs, person, rulebook, score
from hypothesis import given, settings
from hypothesis import strategies as st

from kaohe_excel.core.numbers import round_half_up
from kaohe_excel.core.records import LedgerEntry
from kaohe_excel.core.results import LINE_CATEGORY, LINE_RULE, MonthResult
from kaohe_excel.core.settings import Settings
from kaohe_excel.core.words import Subject

BOOK = rulebook()
ROSTER = (
    person("A", "W1"), person("B", "W1"), person("H", "W1", post="工作区长"),
    person("C", "W2"), person("D", "W2"), person("E", "W3"),
)
PEOPLE = [p.id for p in ROSTER]
WINDOWS = ["W1", "W2", "W3"]
WINDOW_CASES = {"W1": 100, "W2": 250, "W3": 450}
WINDOW_CASE_BONUS = {"W1": D(0), "W2": D("0.5"), "W3": D(1)}  # WB-06 / WB-07, by hand

# ledger rules of the default rulebook: no 数据来源, not 特别情形
LEDGER_CODES = {
    subject: sorted(c for c, r in BOOK.rules.items()
                    if r.source == "" and not r.kind.manual and r.subject == subject)
    for subject in (Subject.PERSON, Subject.WINDOW)
}
MANUAL_CODE = {Subject.PERSON: "X-01", Subject.WINDOW: "WX-01"}

PROPS = settings(max_examples=200, deadline=None)

quantities = st.sampled_from([D(1), D(1), D(1), D(2), D(3), D("0.5")])
events = st.sampled_from(["", "", "事项1", "事项1", "事项2"])
MANUAL_POINTS = [D(-5), D("-0.5"), D("-0.05"), D("0.05"), D("0.1"), D(1), D("2.5")]


def _templates() -> list[tuple[str, str, str, Decimal | None]]:
    """(subject, id, code, manual points), repeated to weight the draw: A and W2 get more rows
    than the others, and no-double codes, 遵章守纪 codes and manual rows more than their share,
    so that caps, events, groups and manual points come into play."""
    out = []
    for subject, ids in ((Subject.PERSON, ["A"] * 4 + PEOPLE),
                         (Subject.WINDOW, ["W2"] * 2 + WINDOWS)):
        codes = LEDGER_CODES[subject]
        weighted: list[tuple[str, Decimal | None]] = [(c, None) for c in codes]
        weighted += [(c, None) for c in codes if BOOK.rules[c].no_double] * 10
        weighted += [(c, None) for c in codes if BOOK.rules[c].group] * 2
        weighted += [(MANUAL_CODE[subject], p) for p in MANUAL_POINTS] * 4
        out += [(subject, i, c, p) for i in ids for c, p in weighted]
    return out


TEMPLATES = _templates()


def _row(drawn):
    (subject, subject_id, code, points), quantity, event = drawn
    return subject, subject_id, code, quantity, points, event


# (subject, id, code, quantity, points, event) without a row number
rows = st.tuples(st.sampled_from(TEMPLATES), quantities, events).map(_row)
ledgers = st.lists(rows, max_size=20)


def entries(raw_rows) -> list[LedgerEntry]:
    return [
        LedgerEntry(row=i + 2, day=DAY, subject=s, subject_id=sid, code=code, quantity=q,
                    points=pts, event=ev, note="特别情形" if pts is not None else "")
        for i, (s, sid, code, q, pts, ev) in enumerate(raw_rows)
    ]


def score_ledger(ledger, config: Settings | None = None) -> MonthResult:
    return score(build_inputs(ROSTER, ledger, window_cases=WINDOW_CASES), config)


def summary(result: MonthResult):
    """Everything a ledger's row order or row split must not change."""
    people = sorted(
        (p.person.id, p.outcome.raw, p.outcome.score, p.status, p.grade, p.rank,
         p.outcome.deductions, p.outcome.bonuses, tuple(sorted(p.reasons)))
        for p in result.people
    )
    windows = sorted(
        (w.window.id, w.staff_mean, w.staff_counted, w.adjustments, w.score, w.status, w.grade,
         w.rank, w.outcome.deductions if w.outcome else None,
         w.outcome.bonuses if w.outcome else None)
        for w in result.windows
    )
    actions = sorted((a.action, a.subject, a.subject_id, a.basis) for a in result.actions)
    points = sorted((d.subject, d.subject_id, d.code, d.kind, d.quantity, d.points)
                    for d in result.details)
    return people, windows, actions, points


# ---------------------------------------------------------------------------------------------
# (1) the order of the ledger rows does not matter


@PROPS
@given(raw=ledgers, data=st.data())
def test_shuffling_the_ledger_changes_nothing(raw, data):
    ledger = entries(raw)
    shuffled = data.draw(st.permutations(ledger))
    assert summary(score_ledger(shuffled)) == summary(score_ledger(ledger))


# ---------------------------------------------------------------------------------------------
# (2) a row of quantity n is n rows of quantity 1 (codes outside no-double groups)


def split(ledger: list[LedgerEntry]) -> list[LedgerEntry]:
    out: list[LedgerEntry] = []
    next_row = 1000
    for e in ledger:
        n = e.quantity
        if BOOK.rules[e.code].no_double == "" and n == n.to_integral_value() and n > 1:
            for _ in range(int(n)):
                out.append(replace(e, quantity=D(1), row=next_row))
                next_row += 1
        else:
            out.append(e)
    return out


@PROPS
@given(raw=ledgers)
def test_splitting_a_row_into_single_rows_changes_nothing(raw):
    ledger = entries(raw)
    people, windows, actions, _ = summary(score_ledger(ledger))
    people2, windows2, actions2, _ = summary(score_ledger(split(ledger)))
    assert (people2, windows2, actions2) == (people, windows, actions)


# ---------------------------------------------------------------------------------------------
# (3) raw = base − deductions + bonuses; a weighted category never loses more than its weight


def model_adjustments(rows_of_subject: list[LedgerEntry], category_cap: bool):
    """An independent reading of rules.md for one subject's ledger rows:
    (points, disqualified?, returned?). Uses only the rulebook's parameters."""
    quantity: dict[str, Decimal] = defaultdict(Decimal)
    manual: dict[str, Decimal] = defaultdict(Decimal)
    best: dict[tuple[str, str], str] = {}
    most: dict[tuple[str, str], Decimal] = defaultdict(Decimal)  # largest quantity of the event
    for e in rows_of_subject:
        rule = BOOK.rules[e.code]
        if rule.no_double and e.event:
            key = (rule.no_double, e.event)
            most[key] = max(most[key], e.quantity)
            if key not in best or BOOK.rules[best[key]].points < rule.points:
                best[key] = e.code
        elif rule.kind.manual:
            manual[e.code] += e.points * e.quantity
        else:
            quantity[e.code] += e.quantity
    for key, code in best.items():
        # each event counts once (one occurrence at most), at its highest points
        quantity[code] += min(most[key], D(1))

    dq = returned = False
    per_category: dict[str, Decimal] = defaultdict(Decimal)
    bonuses = D(0)
    group_quantity: dict[str, Decimal] = defaultdict(Decimal)
    for code, q in quantity.items():
        rule = BOOK.rules[code]
        if rule.kind.name == "per":
            points = rule.points * q
            if rule.dq_at is not None and q >= rule.dq_at:
                dq = True
        elif rule.kind.name == "ladder":
            points = D(0)
            for step in rule.steps:
                if q >= step.at:
                    if step.points is None:
                        dq, points = True, D(0)
                    else:
                        points = step.points
        elif rule.kind.name == "dq":
            points, dq = D(0), True
        elif rule.kind.name == "return":
            points, returned = D(0), True
        else:
            raise AssertionError(rule.kind)
        if rule.cap is not None:
            points = max(-rule.cap, min(rule.cap, points))
        if rule.group:
            group_quantity[rule.group] += q
        if points < 0:
            per_category[rule.category] += -points
        else:
            bonuses += points
    for group, q in group_quantity.items():
        if q >= BOOK.groups[group].dq_at:
            dq = True
    deductions = D(0)
    for category, taken in per_category.items():
        weight = BOOK.categories[category].weight
        if category_cap and weight is not None:
            taken = min(taken, weight)
        deductions += taken
    total = bonuses - deductions + sum(manual.values(), D(0))
    return total, dq, returned


def check_identities(result: MonthResult, ledger: list[LedgerEntry], config: Settings):
    by_subject: dict[tuple[str, str], list[LedgerEntry]] = defaultdict(list)
    for e in ledger:
        by_subject[(e.subject, e.subject_id)].append(e)

    rounded: dict[str, Decimal] = {}
    for p in result.people:
        o = p.outcome
        assert o.raw == config.base_score - o.deductions + o.bonuses
        assert o.score == round_half_up(o.raw, 1)
        assert o.deductions >= 0 and o.bonuses >= 0
        total, dq, returned = model_adjustments(
            by_subject[(Subject.PERSON, p.person.id)], config.category_cap)
        assert o.raw == config.base_score + total
        assert p.status == ("退回派出单位" if returned else "取消资格" if dq else "参评")
        if config.category_cap:
            lines = [d for d in result.details if d.subject == Subject.PERSON
                     and d.subject_id == p.person.id]
            for category in ("C1", "C2", "C3", "C4", "C5"):
                weight = BOOK.categories[category].weight
                taken = -sum((d.points for d in lines if d.kind == LINE_RULE and d.points < 0
                              and BOOK.rules[d.code].category == category), D(0))
                given_back = sum((d.points for d in lines
                                  if d.kind == LINE_CATEGORY and d.code == category), D(0))
                assert taken - given_back <= weight
                assert given_back == max(D(0), taken - weight)
        if p.rated:
            rounded[p.person.id] = o.score

    for w in result.windows:
        staff = [p for p in ROSTER if p.window_id == w.window.id and p.id in rounded]
        if not staff:
            assert w.status in ("无参评人员", "取消资格") and w.score is None
            continue
        mean = sum((rounded[p.id] for p in staff), D(0)) / len(staff)
        assert w.staff_mean == mean
        total, dq, _ = model_adjustments(by_subject[(Subject.WINDOW, w.window.id)], False)
        total += WINDOW_CASE_BONUS[w.window.id]
        o = w.outcome
        assert o.raw == mean + total
        assert o.raw == mean - o.deductions + o.bonuses
        assert o.score == round_half_up(o.raw, 2)
        assert w.status == ("取消资格" if dq else "参评")


@PROPS
@given(raw=ledgers)
def test_score_identities_with_category_caps(raw):
    ledger = entries(raw)
    check_identities(score_ledger(ledger), ledger, Settings())


@PROPS
@given(raw=ledgers)
def test_score_identities_without_category_caps(raw):
    ledger = entries(raw)
    config = replace(Settings(), category_cap=False)
    check_identities(score_ledger(ledger, config), ledger, config)


# ---------------------------------------------------------------------------------------------
# (4) ranks are competition ranks among the rated; grades follow the rounded score


def check_ranks(results, score_of):
    rated = [r for r in results if r.rated]
    for r in results:
        if not r.rated:
            assert r.rank is None and r.grade is None
            continue
        s = score_of(r)
        assert r.rank == 1 + sum(1 for o in rated if score_of(o) > s)
        assert r.grade == ("超标" if s > 100 else "达标" if s >= 70 else "未达标")
    ranks = sorted(r.rank for r in rated)
    # 1, 2, 2, 4: a rank k shared by m results is followed by k + m
    for k in set(ranks):
        m = ranks.count(k)
        later = [x for x in ranks if x > k]
        if later:
            assert min(later) == k + m
    if ranks:
        assert ranks[0] == 1


@PROPS
@given(raw=ledgers)
def test_ranks_are_competition_ranks(raw):
    result = score_ledger(entries(raw))
    check_ranks(result.people, lambda p: p.outcome.score)
    check_ranks(result.windows, lambda w: w.score)
