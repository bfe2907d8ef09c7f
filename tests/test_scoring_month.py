"""score_month as a whole: category caps, rounding, grades, ranks, the window base, statuses.

Every expected value is written by hand from docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from fractions import Fraction

import pytest
from core_helpers import D, L, W, lines_of, person, person_of, score, window_of
from core_helpers import build_inputs as _build_inputs
from core_helpers import run as _run

from kaohe_excel.core.results import LINE_CATEGORY
from kaohe_excel.core.settings import Settings

DQ = "取消资格"
RETURNED = "退回派出单位"
RATED = "参评"
NO_STAFF = "无参评人员"
ABOVE, MET, BELOW = "超标", "达标", "未达标"

NO_CAP = replace(Settings(), category_cap=False)

# Each window's 窗口办件 figure is 100 unless a test says otherwise, so WB-06/WB-07 (200 and 400
# cases) never add to a window score here; test_rules_each_code.py covers them.
QUIET_CASES = {f"W{i}": 100 for i in range(1, 6)}


def build_inputs(*args, **kw):
    kw.setdefault("window_cases", QUIET_CASES)
    return _build_inputs(*args, **kw)


def run(*args, **kw):
    kw.setdefault("window_cases", QUIET_CASES)
    return _run(*args, **kw)

# ---------------------------------------------------------------------------------------------
# 扣完为止: a category cannot lose more than its weight


def test_category_cap_c3_only_its_weight_is_taken():
    r = run(["A"], [L("A", "P3-06"), L("A", "P3-01")])
    a = person_of(r, "A")
    assert a.status == RATED
    assert a.outcome.raw == D(90)
    assert a.outcome.score == D(90)
    assert a.outcome.deductions == D(10)
    give_back = [d for d in lines_of(r, "A") if d.kind == LINE_CATEGORY]
    assert [(d.code, d.points) for d in give_back] == [("C3", D(2))]


def test_category_cap_off_takes_everything():
    r = run(["A"], [L("A", "P3-06"), L("A", "P3-01")], settings=NO_CAP)
    a = person_of(r, "A")
    assert a.outcome.raw == D(88)
    assert a.outcome.deductions == D(12)
    assert not [d for d in lines_of(r, "A") if d.kind == LINE_CATEGORY]


@pytest.mark.parametrize(("rows", "capped", "uncapped"), [
    # C1 20: −10 × 3 = −30 -> −20
    ([("P1-02", 3)], "80", "70"),
    # C2 20 and C4 30 are separate: −25 -> −20, −35 -> −30
    ([("P2-05", 2), ("P2-03", 1), ("P4-05", 3), ("P4-01", 1)], "50", "40"),
    # C5 20: −20 × 2 -> −20
    ([("P5-03", 2)], "80", "60"),
    # exactly at the weight: nothing given back
    ([("P3-02", 2)], "90", "90"),
    # different categories never share a cap
    ([("P3-06", 1), ("P1-01", 1)], "85", "85"),
])
def test_category_caps_per_category(rows, capped, uncapped):
    ledger = [L("A", code, q) for code, q in rows]
    assert person_of(run(["A"], ledger), "A").outcome.raw == D(capped)
    assert person_of(run(["A"], ledger, settings=NO_CAP), "A").outcome.raw == D(uncapped)


def test_bonuses_are_outside_the_category_caps():
    # C3 −12 -> −10, then +2 (B-05): 92, not 90 (bonus eaten by the cap) nor 90 + 2 − 2
    r = run(["A"], [L("A", "P3-06"), L("A", "P3-01"), L("A", "B-05")])
    assert person_of(r, "A").outcome.raw == D(92)


def test_manual_rows_are_outside_the_category_caps():
    r = run(["A"], [L("A", "P3-06"), L("A", "P3-01"), L("A", "X-01", points="-15")])
    assert person_of(r, "A").outcome.raw == D(75)


def test_derived_leave_deductions_share_the_c3_cap():
    # 事假 3 days (P3-04 −10) + P3-07 (−2) -> C3 −10
    r = run(["A"], [L("A", "P3-07")], attendance_of={"A": {"personal": 3}})
    assert person_of(r, "A").outcome.raw == D(90)


def test_window_rows_are_not_capped_by_category():
    # WD −15 × 3 − 10 = −55: no category weight on window rows
    r = run(["A"], [W("W1", "WD-11", 3), W("W1", "WD-05")])
    assert window_of(r, "W1").score == D(45)


# ---------------------------------------------------------------------------------------------
# rounding half up


def test_person_rounding_half_up_89_25():
    # −10 −1 +0.2 +0.05 = 89.25 -> 89.3 (half-even would give 89.2)
    ledger = [L("A", "P1-02"), L("A", "P1-04"), L("A", "B-10"), L("A", "X-01", points="0.05")]
    a = person_of(run(["A"], ledger), "A")
    assert a.outcome.raw == D("89.25")
    assert a.outcome.score == D("89.3")
    assert a.outcome.score.as_tuple().exponent == -1


@pytest.mark.parametrize(("manual", "expected"), [
    ("-0.05", "100.0"),  # 99.95
    ("-0.15", "99.9"),  # 99.85
    ("-0.04", "100.0"),  # 99.96
    ("-0.06", "99.9"),  # 99.94
    ("0.05", "100.1"),  # 100.05
    ("0.25", "100.3"),  # 100.25
    ("-0.35", "99.7"),  # 99.65
])
def test_person_rounding_one_decimal(manual, expected):
    a = person_of(run(["A"], [L("A", "X-01", points=manual)]), "A")
    assert a.outcome.score == D(expected)


def _staff_with(score_delta: dict[str, list]) -> tuple[list, list]:
    people = [person(pid, "W1") for pid in score_delta]
    ledger = [row for rows in score_delta.values() for row in rows]
    return people, ledger


def test_window_rounding_half_up_90_125():
    # staff 90.1, 90.1, 90.1, 90.2 -> mean 90.125 -> 90.13 (half-even would give 90.12)
    people, ledger = _staff_with({
        "A": [L("A", "P1-01", 2), L("A", "B-07")],
        "B": [L("B", "P1-01", 2), L("B", "B-08")],
        "C": [L("C", "P1-02"), L("C", "B-07")],
        "D": [L("D", "P1-02"), L("D", "B-10")],
    })
    r = run(people, ledger)
    assert [person_of(r, p).outcome.score for p in "ABCD"] == [D("90.1")] * 3 + [D("90.2")]
    w = window_of(r, "W1")
    assert w.staff_mean == D("90.125")
    assert w.score == D("90.13")
    assert w.score.as_tuple().exponent == -2


def test_window_rounding_with_window_rows():
    # staff 100 -> base 100; WX-01 −0.005 -> 99.995 -> 100.00
    r = run(["A"], [W("W1", "WX-01", points="-0.005")])
    assert window_of(r, "W1").score == D("100.00")
    r = run(["A"], [W("W1", "WX-01", points="-0.015")])
    assert window_of(r, "W1").score == D("99.99")  # 99.985 half up


# ---------------------------------------------------------------------------------------------
# grades


@pytest.mark.parametrize(("ledger", "score_", "grade"), [
    ([], "100.0", MET),
    ([L("A", "B-07")], "100.1", ABOVE),
    ([L("A", "X-01", points="0.05")], "100.1", ABOVE),  # 100.05 rounds up
    ([L("A", "X-01", points="0.04")], "100.0", MET),  # 100.04 rounds down
    ([L("A", "P4-01", 6)], "70.0", MET),
    ([L("A", "P4-01", 6), L("A", "X-01", points="-0.1")], "69.9", BELOW),
    ([L("A", "P4-01", 6), L("A", "X-01", points="-0.05")], "70.0", MET),  # grade on rounded
    ([L("A", "P4-01", 6), L("A", "X-01", points="-0.06")], "69.9", BELOW),
    ([L("A", "P4-01", 6), L("A", "P1-02", 2)], "50.0", BELOW),
])
def test_person_grade_boundaries(ledger, score_, grade):
    a = person_of(run(["A"], ledger), "A")
    assert a.outcome.score == D(score_)
    assert a.grade == grade


@pytest.mark.parametrize(("manual", "score_", "grade"), [
    ("0.01", "100.01", ABOVE), (None, "100.00", MET), ("-30", "70.00", MET),
    ("-30.01", "69.99", BELOW),
])
def test_window_grade_boundaries(manual, score_, grade):
    ledger = [W("W1", "WX-01", points=manual)] if manual else []
    w = window_of(run(["A"], ledger), "W1")
    assert w.score == D(score_)
    assert w.grade == grade


# ---------------------------------------------------------------------------------------------
# ranks


def test_person_ranks_with_ties():
    ledger = [L("B", "P1-03"), L("C", "P1-03"), L("D", "P1-01")]
    r = run(["D", "C", "A", "B"], ledger)
    ranks = {p: person_of(r, p).rank for p in "ABCD"}
    assert ranks == {"A": 1, "B": 2, "C": 2, "D": 4}


def test_person_ranks_use_the_rounded_score():
    # 99.96 and 100.04 both publish as 100.0 and share rank 1; 99.9 is third
    ledger = [L("A", "X-01", points="-0.04"), L("B", "X-01", points="0.04"),
              L("C", "X-01", points="-0.1")]
    r = run(["A", "B", "C"], ledger)
    assert [person_of(r, p).rank for p in "ABC"] == [1, 1, 3]


def test_dq_and_returned_people_get_no_rank_and_no_grade():
    ledger = [L("A", "P1-05"), L("B", "P5-04"), L("C", "P1-03"), L("D", "X-01", points="-40")]
    r = run(["A", "B", "C", "D", "E"], ledger)
    a, b = person_of(r, "A"), person_of(r, "B")
    assert (a.status, a.rank, a.grade) == (DQ, None, None)
    assert (b.status, b.rank, b.grade) == (RETURNED, None, None)
    # their scores of 100 do not push anyone down
    assert person_of(r, "E").rank == 1
    assert person_of(r, "C").rank == 2
    assert person_of(r, "D").rank == 3
    assert person_of(r, "D").grade == BELOW


def test_window_ranks_with_ties_and_dq():
    people = [person("A", "W1"), person("B", "W2"), person("C", "W3"), person("D", "W4"),
              person("E", "W5")]
    ledger = [W("W2", "WD-01"), W("W3", "WD-01"), W("W4", "WD-02"), W("W5", "WD-07")]
    r = run(people, ledger)
    ranks = {w: window_of(r, w).rank for w in ("W1", "W2", "W3", "W4", "W5")}
    assert ranks == {"W1": 1, "W2": 2, "W3": 2, "W4": 4, "W5": None}
    assert window_of(r, "W5").grade is None


# ---------------------------------------------------------------------------------------------
# the window base


def _window_with_dq_staff():
    people = [person("A", "W1"), person("B", "W1"), person("C", "W1"), person("E", "W1")]
    ledger = [
        # A: 89.25 -> 89.3
        L("A", "P1-02"), L("A", "P1-04"), L("A", "B-10"), L("A", "X-01", points="0.05"),
        # B: 90
        L("B", "P1-02"),
        # C: DQ with 100
        L("C", "P1-09"),
        # E: returned with 100 (the person id D would also do)
        L("E", "P1-12"),
    ]
    return build_inputs(people, ledger)


def test_window_base_is_the_mean_of_rated_staff_rounded_scores():
    r = score(_window_with_dq_staff())
    w = window_of(r, "W1")
    # (89.3 + 90.0) / 2 = 89.65; the mean of raw scores would be 89.625 -> 89.63
    assert w.staff_counted == 2
    assert w.staff_mean == D("89.65")
    assert w.score == D("89.65")
    assert w.status == RATED


def test_window_base_with_every_staff_member_when_the_setting_is_off():
    r = score(_window_with_dq_staff(), replace(Settings(), window_base_rated_only=False))
    w = window_of(r, "W1")
    # (89.3 + 90 + 100 + 100) / 4 = 94.825 -> 94.83
    assert w.staff_counted == 4
    assert w.staff_mean == D("94.825")
    assert w.score == D("94.83")


def test_window_base_plus_window_rows():
    people = [person("A", "W1"), person("B", "W1"), person("C", "W1")]
    ledger = [L("B", "P1-01"), L("C", "P1-02"), W("W1", "WB-04"), W("W1", "WD-09")]
    # staff 100, 95, 90 -> 95; +2 −3 -> 94
    w = window_of(run(people, ledger), "W1")
    assert w.staff_mean == D(95)
    assert w.adjustments == D(-1)
    assert w.score == D(94)


def test_window_base_one_third():
    # 100, 100, 99.9 -> 299.9 / 3 = 99.9666… -> 99.97
    people = [person("A", "W1"), person("B", "W1"), person("C", "W1")]
    w = window_of(run(people, [L("C", "X-01", points="-0.1")]), "W1")
    assert w.score == D("99.97")


def test_window_without_staff_has_no_score():
    people = [person("A", "W1")]
    r = run(people, [W("W2", "WB-04")], windows=["W1", "W2"])
    w2 = window_of(r, "W2")
    assert w2.status == NO_STAFF
    assert w2.score is None
    assert w2.rank is None and w2.grade is None
    assert any(n.kind == NO_STAFF and "W2" in n.message for n in r.notices)
    assert window_of(r, "W1").rank == 1


def test_window_whose_staff_are_all_dq_has_no_score():
    people = [person("A", "W1"), person("B", "W1"), person("C", "W2")]
    r = run(people, [L("A", "P1-09"), L("B", "P1-10")])
    w1 = window_of(r, "W1")
    assert w1.status == NO_STAFF
    assert w1.score is None
    assert w1.rank is None
    assert window_of(r, "W2").rank == 1
    # with the setting off, the DQ staff make up the base
    r = run(people, [L("A", "P1-09"), L("B", "P1-10")],
            settings=replace(Settings(), window_base_rated_only=False))
    assert window_of(r, "W1").status == RATED
    assert window_of(r, "W1").score == D(100)


def test_window_dq_wd_07():
    r = run(["A"], [W("W1", "WD-07"), W("W1", "WB-04")])
    w = window_of(r, "W1")
    assert w.status == DQ
    assert w.rank is None
    assert w.grade is None
    assert w.score == D(102)  # the points are still computed
    assert person_of(r, "A").status == RATED


def test_staff_dq_does_not_disqualify_the_window():
    r = run([person("A", "W1"), person("B", "W1")], [L("A", "P1-05")])
    w = window_of(r, "W1")
    assert w.status == RATED
    assert w.score == D(100)


# ---------------------------------------------------------------------------------------------
# who is scored


def test_heads_rated_by_default():
    people = [person("A", "W1"), person("H", "W1", post="工作区长")]
    r = run(people, [L("H", "P1-02")])
    assert person_of(r, "H").outcome.score == D(90)
    assert window_of(r, "W1").score == D(95)


def test_heads_not_rated_leaves_the_head_out():
    people = [person("A", "W1"), person("H", "W1", post="工作区长")]
    r = run(people, [L("H", "P1-02")], settings=replace(Settings(), heads_rated=False))
    assert [p.person.id for p in r.people] == ["A"]
    assert window_of(r, "W1").staff_counted == 1
    assert window_of(r, "W1").score == D(100)


@pytest.mark.parametrize(("joined", "left", "active"), [
    (None, None, True),
    (dt.date(2026, 4, 1), None, False),  # joined after the month
    (dt.date(2026, 3, 31), None, True),  # joined on the last day
    (dt.date(2026, 3, 15), None, True),
    (None, dt.date(2026, 2, 28), False),  # left before the month
    (None, dt.date(2026, 3, 1), True),  # left on the first day
    (dt.date(2025, 1, 1), dt.date(2026, 3, 20), True),
])
def test_people_not_active_in_the_month_are_not_scored(joined, left, active):
    people = [person("A", "W1"), person("B", "W1", joined=joined, left=left)]
    r = run(people, [L("B", "P1-02")])
    ids = [p.person.id for p in r.people]
    assert ids == (["A", "B"] if active else ["A"])
    assert window_of(r, "W1").score == (D(95) if active else D(100))


def test_zero_cases_is_flagged_not_disqualified():
    r = run(["A", "B"], attendance_of={"A": {"cases": 0}})
    a = person_of(r, "A")
    assert a.status == RATED
    assert a.outcome.score == D(100)
    flags = [n for n in r.notices if n.kind == "待核实零办件"]
    assert len(flags) == 1
    assert "A" in flags[0].message
    assert not [n for n in flags if "人员B" in n.message]


def test_zero_cases_flag_can_be_turned_off():
    r = run(["A"], attendance_of={"A": {"cases": 0}},
            settings=replace(Settings(), flag_zero_cases=False))
    assert not [n for n in r.notices if n.kind == "待核实零办件"]


def test_p4_11_disqualifies_a_zero_case_person_when_entered():
    r = run(["A"], [L("A", "P4-11")], attendance_of={"A": {"cases": 0}})
    assert person_of(r, "A").status == DQ


# ---------------------------------------------------------------------------------------------
# score = base − deductions + bonuses


@pytest.mark.parametrize(("ledger", "deductions", "bonuses", "raw"), [
    ([], "0", "0", "100"),
    ([L("A", "P1-01"), L("A", "B-05"), L("A", "X-01", points="-1")], "6", "2", "96"),
    ([L("A", "P3-06"), L("A", "P3-01"), L("A", "B-09"), L("A", "X-01", points="0.3")],
     "10", "0.8", "90.8"),
    ([L("A", "P5-03", 2), L("A", "P4-01"), L("A", "B-06", 5), L("A", "B-03", event="e"),
      L("A", "B-01", event="e")], "25", "3.3", "78.3"),
])
def test_score_is_base_minus_deductions_plus_bonuses(ledger, deductions, bonuses, raw):
    a = person_of(run(["A"], ledger), "A")
    assert a.outcome.deductions == D(deductions)
    assert a.outcome.bonuses == D(bonuses)
    assert a.outcome.raw == D(raw)
    assert a.outcome.raw == D(100) - a.outcome.deductions + a.outcome.bonuses


def test_base_score_is_a_setting():
    a = person_of(run(["A"], [L("A", "P1-01")], settings=replace(Settings(), base_score=D(90))),
                  "A")
    assert a.outcome.score == D(85)


def test_returned_wins_over_dq():
    a = person_of(run(["A"], [L("A", "P1-05"), L("A", "P1-10")]), "A")
    assert a.status == RETURNED
    assert a.rank is None


# ---------------------------------------------------------------------------------------------
# the readings of the leave clauses are settings


def test_personal_leave_not_daily_when_the_setting_is_off():
    config = replace(Settings(), personal_leave_daily=False)
    r = run(["A"], attendance_of={"A": {"personal": 2, "other": 1}}, settings=config)
    assert person_of(r, "A").outcome.raw == D(99)  # only the other leave day
    r = run(["A"], attendance_of={"A": {"personal": 3}}, settings=config)
    assert person_of(r, "A").outcome.raw == D(90)  # P3-04 still applies


def test_attendance_without_approved_leave_when_the_setting_is_off():
    att = {"A": {"present": 13, "approved": 1}}
    assert person_of(run(["A"], attendance_of=att), "A").status == RATED
    config = replace(Settings(), attendance_counts_approved_leave=False)
    assert person_of(run(["A"], attendance_of=att, settings=config), "A").status == DQ


def test_leave_ratio_is_a_setting():
    att = {"A": {"present": 13, "approved": 8}}  # 8 > 21 / 3 = 7, 8 < 10.5
    assert person_of(run(["A"], attendance_of=att), "A").outcome.raw == D(100)
    config = replace(Settings(), leave_ratio=Fraction(1, 3))
    assert person_of(run(["A"], attendance_of=att, settings=config), "A").outcome.raw == D(90)
