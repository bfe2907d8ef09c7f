"""Every rule code of docs/rules.md, scored through the real default rulebook.

The expected points and statuses below are written by hand from rules.md; none of them is
read from the rulebook under test.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from core_helpers import D, L, W, line_of, lines_of, person, person_of, rulebook, run, window_of

from kaohe_excel.core.words import Subject

DQ = "取消资格"
RETURNED = "退回派出单位"
RATED = "参评"

# ---------------------------------------------------------------------------------------------
# The codes of rules.md, by how they score (hand-copied from the spec's tables).

# per codes of a person: (code, points). Quantity 2 is used unless 2 × points would exceed
# the category's weight (then 1), so the category cap never hides the per arithmetic.
PERSON_PER = [
    ("P1-01", "-5"), ("P1-02", "-10"), ("P1-03", "-2"), ("P1-04", "-1"), ("P1-06", "-2"),
    ("P1-07", "-2"), ("P1-08", "-5"),
    ("P1-13", "-5"), ("P1-14", "-5"), ("P1-15", "-5"), ("P1-16", "-5"), ("P1-17", "-5"),
    ("P1-18", "-2"), ("P1-19", "-2"), ("P1-20", "-5"), ("P1-21", "-10"), ("P1-22", "-5"),
    ("P1-23", "-2"), ("P1-24", "-1"), ("P1-25", "-2"), ("P1-26", "-2"), ("P1-27", "-1"),
    ("P2-01", "-2"), ("P2-03", "-5"), ("P2-04", "-2"), ("P2-05", "-10"), ("P2-09", "-10"),
    ("P2-10", "-2"), ("P2-11", "-5"), ("P2-12", "-5"), ("P2-13", "-10"), ("P2-14", "-10"),
    ("P2-15", "-5"), ("P2-16", "-2"), ("P2-17", "-5"), ("P2-18", "-5"), ("P2-19", "-5"),
    ("P2-20", "-5"),
    ("P3-02", "-5"), ("P3-07", "-2"), ("P3-09", "-1"), ("P3-14", "-5"),
    ("P4-01", "-5"), ("P4-02", "-10"), ("P4-03", "-5"), ("P4-04", "-2"), ("P4-05", "-10"),
    ("P4-06", "-2"), ("P4-07", "-2"), ("P4-08", "-10"), ("P4-09", "-2"), ("P4-10", "-2"),
    ("P5-03", "-20"),
    # bonuses (B-01..B-04 without 事项 score as plain per rows)
    ("B-01", "1"), ("B-02", "2"), ("B-03", "3"), ("B-04", "1"), ("B-05", "2"),
    ("B-07", "0.1"), ("B-08", "0.1"), ("B-09", "0.5"), ("B-10", "0.2"), ("B-11", "0.5"),
    ("B-12", "0.5"), ("B-13", "2"), ("B-14", "1"),
]
WEIGHT = {"P1": 20, "P2": 20, "P3": 10, "P4": 30, "P5": 20}

WINDOW_PER = [
    ("WB-01", "1"), ("WB-02", "2"), ("WB-03", "3"), ("WB-04", "2"), ("WB-08", "2"),
    ("WB-09", "2"), ("WB-10", "0.5"), ("WB-11", "1"), ("WB-12", "2"), ("WB-13", "3"),
    ("WD-01", "-1"), ("WD-02", "-2"), ("WD-03", "-1"), ("WD-04", "-3"), ("WD-05", "-10"),
    ("WD-06", "-2"), ("WD-08", "-10"), ("WD-09", "-3"), ("WD-11", "-15"), ("WD-12", "-5"),
    ("WD-15", "-2"), ("WD-16", "-2"), ("WD-17", "-2"), ("WD-18", "-2"), ("WD-19", "-5"),
    ("WD-20", "-2"),
]

PERSON_DQ = ["P1-05", "P1-09", "P1-11", "P2-06", "P2-08", "P3-12", "P4-11", "P5-01", "P5-02"]
WINDOW_DQ = ["WD-07", "WD-10", "WD-13"]
RETURN = ["P1-10", "P1-12", "P5-04"]

# (code, quantity, expected points or DQ) for the ladders
PERSON_LADDERS = [
    ("P3-01", 1, "-2"), ("P3-01", 2, "-5"), ("P3-01", 3, "-10"), ("P3-01", 4, DQ),
    ("P3-01", 6, DQ),
    ("P3-06", 1, "-10"), ("P3-06", 2, DQ), ("P3-06", 3, DQ),
    ("P3-08", 1, "-5"), ("P3-08", 2, DQ),
]
WINDOW_LADDERS = [("WD-14", 1, "-5"), ("WD-14", 2, DQ), ("WD-14", 3, DQ)]

# per + DQ at n: (code, quantity, points, disqualified?)
PER_DQ = [
    ("P2-02", 1, "-2", False), ("P2-02", 2, "-4", False), ("P2-02", 3, "-6", True),
    ("P2-07", 1, "-5", False), ("P2-07", 2, "-10", True),
    ("P3-10", 1, "-2", False), ("P3-10", 2, "-4", False), ("P3-10", 3, "-6", True),
]

DERIVED = ["P3-03", "P3-04", "P3-05", "P3-11", "P3-13", "B-15", "WB-06", "WB-07"]
OTHER = ["P5-05", "B-06", "WB-05", "X-01", "WX-01"]

ALL_CODES = (
    [c for c, _ in PERSON_PER] + [c for c, _ in WINDOW_PER] + PERSON_DQ + WINDOW_DQ + RETURN
    + ["P3-01", "P3-06", "P3-08", "WD-14", "P2-02", "P2-07", "P3-10"] + DERIVED + OTHER
)


def test_the_hand_table_covers_127_distinct_codes():
    assert len(ALL_CODES) == len(set(ALL_CODES)) == 127


def test_default_rulebook_carries_exactly_the_codes_of_rules_md():
    assert set(rulebook().rules) == set(ALL_CODES)


def _quantity(code: str, points: str) -> int:
    weight = WEIGHT.get(code[:2])
    if weight is not None and 2 * abs(Decimal(points)) > weight:
        return 1
    return 2


# ---------------------------------------------------------------------------------------------
# per


@pytest.mark.parametrize(("code", "points"), PERSON_PER, ids=[c for c, _ in PERSON_PER])
def test_person_per_code_is_points_times_quantity(code, points):
    q = _quantity(code, points)
    expected = D(points) * q
    r = run(["A"], [L("A", code, q)])
    a = person_of(r, "A")
    assert a.status == RATED
    assert a.outcome.raw == D(100) + expected
    line = line_of(r, "A", code)
    assert line.points == expected
    assert line.quantity == q


@pytest.mark.parametrize(("code", "points"), PERSON_PER[:3] + [("P4-01", "-5"), ("B-09", "0.5")])
def test_person_per_quantity_summed_over_rows(code, points):
    r = run(["A"], [L("A", code), L("A", code)])
    assert person_of(r, "A").outcome.raw == D(100) + 2 * D(points)


def test_decimal_quantity_half_a_time():
    r = run(["A"], [L("A", "P4-01", "0.5")])
    assert person_of(r, "A").outcome.raw == D("97.5")
    assert person_of(r, "A").outcome.score == D("97.5")


@pytest.mark.parametrize(("code", "points"), WINDOW_PER, ids=[c for c, _ in WINDOW_PER])
def test_window_per_code_is_points_times_quantity(code, points):
    # one staff member with no rows -> window base 100; window rows are not category capped
    expected = D(points) * 2
    r = run(["A"], [W("W1", code, 2)])
    w = window_of(r, "W1")
    assert w.status == RATED
    assert w.staff_mean == D(100)
    assert w.score == D(100) + expected
    assert line_of(r, "W1", code).points == expected


# ---------------------------------------------------------------------------------------------
# ladders


@pytest.mark.parametrize(("code", "quantity", "expected"), PERSON_LADDERS)
def test_person_ladder(code, quantity, expected):
    r = run(["A"], [L("A", code, quantity)])
    a = person_of(r, "A")
    if expected == DQ:
        assert a.status == DQ
        assert a.rank is None and a.grade is None
    else:
        assert a.status == RATED
        assert a.outcome.raw == D(100) + D(expected)


@pytest.mark.parametrize(("code", "quantity", "expected"), PERSON_LADDERS[:4])
def test_person_ladder_counts_the_months_rows_together(code, quantity, expected):
    # n rows of 1 map to the ladder's total for n, not n × the first step
    r = run(["A"], [L("A", code) for _ in range(quantity)])
    a = person_of(r, "A")
    if expected == DQ:
        assert a.status == DQ
    else:
        assert a.outcome.raw == D(100) + D(expected)


@pytest.mark.parametrize(("code", "quantity", "expected"), WINDOW_LADDERS)
def test_window_ladder(code, quantity, expected):
    r = run(["A"], [W("W1", code, quantity)])
    w = window_of(r, "W1")
    if expected == DQ:
        assert w.status == DQ
        assert w.rank is None and w.grade is None
    else:
        assert w.status == RATED
        assert w.score == D(100) + D(expected)


# ---------------------------------------------------------------------------------------------
# per + DQ at n


@pytest.mark.parametrize(("code", "quantity", "points", "dq"), PER_DQ)
def test_per_with_dq_at_n(code, quantity, points, dq):
    r = run(["A"], [L("A", code) for _ in range(quantity)])
    a = person_of(r, "A")
    assert a.status == (DQ if dq else RATED)
    # the points are still computed and shown for a DQ month
    assert a.outcome.raw == D(100) + D(points)
    assert line_of(r, "A", code).points == D(points)


# ---------------------------------------------------------------------------------------------
# DQ and return codes


@pytest.mark.parametrize("code", PERSON_DQ)
def test_person_dq_code(code):
    r = run(["A", "B"], [L("A", code)])
    a = person_of(r, "A")
    assert a.status == DQ
    assert a.rank is None
    assert a.grade is None
    assert a.outcome.raw == D(100)
    assert person_of(r, "B").rank == 1
    assert line_of(r, "A", code).disqualifies


@pytest.mark.parametrize("code", WINDOW_DQ)
def test_window_dq_code(code):
    r = run(["A", "B"], [W("W1", code)])
    w = window_of(r, "W1")
    assert w.status == DQ
    assert w.rank is None and w.grade is None
    # the window's staff are still rated
    assert person_of(r, "A").status == RATED


@pytest.mark.parametrize("code", RETURN)
def test_return_code(code):
    r = run(["A", "B"], [L("A", code)])
    a = person_of(r, "A")
    assert a.status == RETURNED
    assert a.rank is None and a.grade is None
    returns = [x for x in r.actions if x.action == RETURNED]
    assert len(returns) == 1
    assert returns[0].subject == Subject.PERSON
    assert returns[0].subject_id == "A"
    assert code in returns[0].basis
    assert person_of(r, "B").rank == 1


def test_p5_05_deducts_ten_and_lists_a_criticism():
    r = run(["A", "B"], [L("A", "P5-05")])
    a = person_of(r, "A")
    assert a.status == RATED
    assert a.outcome.score == D(90)
    criticism = [x for x in r.actions if x.action == "通报批评"]
    assert [(x.subject, x.subject_id) for x in criticism] == [(Subject.PERSON, "A")]
    assert "P5-05" in criticism[0].basis
    assert not [x for x in r.actions if x.subject_id == "B"]


def test_p2_08_is_dq_and_the_detail_says_compensation():
    r = run(["A"], [L("A", "P2-08")])
    assert person_of(r, "A").status == DQ
    assert "承担经济赔偿" in line_of(r, "A", "P2-08").why


# ---------------------------------------------------------------------------------------------
# caps


@pytest.mark.parametrize(("rows", "expected"), [(1, "0.1"), (2, "0.2"), (3, "0.3"), (4, "0.3"),
                                                 (7, "0.3")])
def test_b_06_capped_at_0_3(rows, expected):
    ledger = [L("A", "B-06", event=f"感谢信{i}") for i in range(rows)]
    r = run(["A"], ledger)
    assert person_of(r, "A").outcome.raw == D(100) + D(expected)


def test_b_06_cap_applies_to_rows_without_event_too():
    r = run(["A"], [L("A", "B-06", 5)])
    assert person_of(r, "A").outcome.raw == D("100.3")


def test_b_06_same_event_counts_once():
    r = run(["A"], [L("A", "B-06", event="感谢信1"), L("A", "B-06", event="感谢信1")])
    assert person_of(r, "A").outcome.raw == D("100.1")


@pytest.mark.parametrize(("quantity", "expected"), [(1, "1.5"), (2, "3"), (3, "3"), (5, "3")])
def test_wb_05_capped_at_3(quantity, expected):
    r = run(["A"], [W("W1", "WB-05", quantity)])
    assert window_of(r, "W1").score == D(100) + D(expected)


# ---------------------------------------------------------------------------------------------
# no-double groups


@pytest.mark.parametrize(("rows", "expected"), [
    ([("B-01", "报道1"), ("B-02", "报道1"), ("B-03", "报道1")], "3"),
    ([("B-01", "报道1"), ("B-04", "报道1")], "1"),
    ([("B-02", "报道1"), ("B-01", "报道1")], "2"),
    ([("B-01", "报道1"), ("B-02", "报道2")], "3"),
    ([("B-03", "报道1"), ("B-03", "报道1")], "3"),
    ([("B-01", ""), ("B-01", "")], "2"),  # rows without 事项 count separately
    ([("B-02", ""), ("B-02", "报道1"), ("B-03", "报道1")], "5"),
])
def test_publicity_no_double_group(rows, expected):
    r = run(["A"], [L("A", code, event=event) for code, event in rows])
    assert person_of(r, "A").outcome.raw == D(100) + D(expected)


def test_no_double_event_is_per_person():
    r = run(["A", "B"], [L("A", "B-03", event="报道1"), L("B", "B-01", event="报道1")])
    assert person_of(r, "A").outcome.raw == D(103)
    assert person_of(r, "B").outcome.raw == D(101)


@pytest.mark.parametrize(("rows", "expected"), [
    ([("WB-10", "信息1"), ("WB-13", "信息1")], "3"),
    ([("WB-10", "信息1"), ("WB-11", "信息1"), ("WB-12", "信息1")], "2"),
    ([("WB-10", "信息1"), ("WB-10", "信息2")], "1"),
    ([("WB-11", ""), ("WB-11", "")], "2"),
    ([("WB-01", "报道1"), ("WB-03", "报道1"), ("WB-02", "报道1")], "3"),
    # different groups do not merge even with the same 事项 text
    ([("WB-01", "同一"), ("WB-11", "同一")], "2"),
])
def test_window_no_double_groups(rows, expected):
    r = run(["A"], [W("W1", code, event=event) for code, event in rows])
    assert window_of(r, "W1").score == D(100) + D(expected)


# ---------------------------------------------------------------------------------------------
# group DQ 遵章守纪 (P1-13 … P1-27)


@pytest.mark.parametrize(("rows", "dq", "points"), [
    ([("P1-13", 5)], True, "-20"),  # −25, C1 weight 20: 扣完为止
    ([("P1-13", 2), ("P1-18", 3)], True, "-16"),
    ([("P1-24", 1), ("P1-27", 1), ("P1-19", 1), ("P1-23", 1), ("P1-26", 1)], True, "-8"),
    ([("P1-13", 2), ("P1-18", 2)], False, "-14"),
    ([("P1-24", 4)], False, "-4"),
    ([("P1-13", 1), ("P1-14", 1), ("P1-15", 1), ("P1-16", 1)], False, "-20"),
    # P1-01 is not in the group
    ([("P1-24", 4), ("P1-01", 1)], False, "-9"),
    ([("P1-24", "4.5")], False, "-4.5"),
    ([("P1-24", "4.5"), ("P1-27", "0.5")], True, "-5"),
])
def test_group_dq_zunzhang_shouji(rows, dq, points):
    r = run(["A"], [L("A", code, q) for code, q in rows])
    a = person_of(r, "A")
    assert a.status == (DQ if dq else RATED)
    assert a.outcome.raw == D(100) + D(points)


# ---------------------------------------------------------------------------------------------
# manual rows


@pytest.mark.parametrize(("points", "quantity", "expected"), [
    ("2", 1, "102"), ("2", 3, "106"), ("-3", 1, "97"), ("-0.5", 2, "99"), ("0.05", 1, "100.05"),
])
def test_x_01_row_points_times_quantity(points, quantity, expected):
    r = run(["A"], [L("A", "X-01", quantity, points=points)])
    assert person_of(r, "A").outcome.raw == D(expected)


def test_x_01_rows_add_up():
    r = run(["A"], [L("A", "X-01", points="2"), L("A", "X-01", points="-0.5")])
    assert person_of(r, "A").outcome.raw == D("101.5")


@pytest.mark.parametrize(("points", "quantity", "expected"), [
    ("2", 1, "102"), ("1.5", 2, "103"), ("-4", 1, "96"), ("-0.25", 1, "99.75"),
])
def test_wx_01_row_points_times_quantity(points, quantity, expected):
    r = run(["A"], [W("W1", "WX-01", quantity, points=points)])
    assert window_of(r, "W1").score == D(expected)


# ---------------------------------------------------------------------------------------------
# derived leave rules, from 考勤 (the "Reading of the leave clauses")


@pytest.mark.parametrize(("att", "expected"), [
    # 事假 without a replacement: d < 3 -> −1 a day (P3-03); 3 ≤ d < 7 -> −10 (P3-04); ≥ 7 -> DQ
    ({"personal": 1}, "-1"),
    ({"personal": 2}, "-2"),
    ({"personal": "2.5"}, "-2.5"),
    ({"personal": 3}, "-10"),
    ({"personal": "6.5"}, "-10"),
    ({"personal": 7}, DQ),
    ({"personal": 9}, DQ),
    # other leave without a replacement: −1 a day
    ({"other": 2}, "-2"),
    ({"other": "0.5"}, "-0.5"),
    # certified 病假 without a replacement: −0.1 a day
    ({"sick": 3}, "-0.3"),
    ({"sick": "0.5"}, "-0.05"),
    # combined: P3-03 days add up
    ({"personal": 2, "other": 1}, "-3"),
    ({"personal": 1, "sick": 2}, "-1.2"),
    # 事假 ≥ 3 is P3-04 only, other leave still per day, capped by C3 (10)
    ({"personal": 3, "other": 2}, "-10"),
])
def test_leave_days(att, expected):
    r = run(["A"], attendance_of={"A": att})
    a = person_of(r, "A")
    if expected == DQ:
        assert a.status == DQ
        assert lines_of(r, "A", "P3-04")
    else:
        assert a.status == RATED
        assert a.outcome.raw == D(100) + D(expected)


def test_personal_leave_two_days_goes_through_p3_03():
    r = run(["A"], attendance_of={"A": {"personal": 2}})
    assert line_of(r, "A", "P3-03").points == D(-2)
    assert not lines_of(r, "A", "P3-04")


def test_personal_leave_three_days_goes_through_p3_04_only():
    r = run(["A"], attendance_of={"A": {"personal": 3}})
    assert line_of(r, "A", "P3-04").points == D(-10)
    assert not lines_of(r, "A", "P3-03")


def test_certified_sick_leave_goes_through_p3_05():
    r = run(["A"], attendance_of={"A": {"sick": 3}})
    assert line_of(r, "A", "P3-05").points == D("-0.3")
    assert person_of(r, "A").outcome.score == D("99.7")


@pytest.mark.parametrize(("att", "deducted"), [
    # P3-11: approved leave less 单位指派/休干部假, strictly more than half of 21 (10.5) -> −10
    ({"present": "10.5", "approved": "10.5"}, False),
    ({"present": 10, "approved": 11}, True),
    ({"present": 10, "approved": 11, "assigned": 1}, False),
    ({"present": "9.5", "approved": "11.5", "assigned": 1}, False),
    ({"present": 9, "approved": 12, "assigned": 1}, True),
    ({"working": 20, "present": 10, "approved": 10}, False),
    ({"working": 20, "present": "9.5", "approved": "10.5"}, True),
])
def test_p3_11_strictly_more_than_half(att, deducted):
    r = run(["A"], attendance_of={"A": att})
    a = person_of(r, "A")
    assert a.status == RATED
    assert a.outcome.raw == (D(90) if deducted else D(100))
    assert bool(lines_of(r, "A", "P3-11")) == deducted


@pytest.mark.parametrize(("att", "dq"), [
    # P3-13: (present + approved) × 3 < working × 2 -> DQ, exact
    ({"present": 13}, True),  # 39 < 42
    ({"present": 14}, False),  # 42 = 42
    ({"present": "13.5"}, True),  # 40.5 < 42
    ({"present": 13, "approved": 1}, False),  # approved leave counted
    ({"present": 13, "approved": "0.5"}, True),
    ({"working": 22, "present": "14.5"}, True),  # 43.5 < 44
    ({"working": 22, "present": 15}, False),  # 45 ≥ 44 although 15/22 is not a "nice" number
    ({"working": 20, "present": 13}, True),  # 39 < 40
    ({"working": 20, "present": "13.5"}, False),  # 40.5 ≥ 40
])
def test_p3_13_two_thirds_exact(att, dq):
    r = run(["A"], attendance_of={"A": att})
    a = person_of(r, "A")
    assert a.status == (DQ if dq else RATED)
    assert bool(lines_of(r, "A", "P3-13")) == dq


def test_p3_11_and_p3_13_together_with_approved_leave():
    # present 9, approved 12: P3-11 applies (12 > 10.5), P3-13 does not (21 × 3 ≥ 42)
    r = run(["A"], attendance_of={"A": {"present": 9, "approved": 12}})
    a = person_of(r, "A")
    assert a.status == RATED
    assert a.outcome.score == D(90)


# ---------------------------------------------------------------------------------------------
# derived case-count rules


@pytest.mark.parametrize(("cases", "expected"), [
    (0, "100"), (299, "100"), ("299.5", "100"), (300, "100.1"), (301, "100.1"), (1000, "100.1"),
])
def test_b_15_at_300_cases(cases, expected):
    r = run(["A"], attendance_of={"A": {"cases": cases}})
    assert person_of(r, "A").outcome.raw == D(expected)
    assert bool(lines_of(r, "A", "B-15")) == (expected != "100")


@pytest.mark.parametrize(("cases", "expected"), [
    (0, "0"), (199, "0"), (200, "0.5"), (250, "0.5"), (399, "0.5"), (400, "1"), (401, "1"),
    (5000, "1"),
])
def test_wb_06_wb_07_window_cases(cases, expected):
    r = run(["A"], window_cases={"W1": cases})
    w = window_of(r, "W1")
    assert w.cases == D(cases)
    assert w.score == D(100) + D(expected)


def test_wb_06_and_wb_07_name_the_right_code():
    r = run([person("A", "W1"), person("B", "W2")], window_cases={"W1": 399, "W2": 400})
    assert line_of(r, "W1", "WB-06").points == D("0.5")
    assert not lines_of(r, "W1", "WB-07")
    assert line_of(r, "W2", "WB-07").points == D(1)
    assert not [d for d in lines_of(r, "W2", "WB-06") if d.points]


def test_window_cases_default_to_the_sum_of_staff_cases():
    people = [person("A", "W1"), person("B", "W1"), person("C", "W2"), person("D", "W3")]
    att = {"A": {"cases": 150}, "B": {"cases": 50}, "C": {"cases": 199}, "D": {"cases": 10}}
    r = run(people, window_cases={"W3": 400}, attendance_of=att)
    w1, w2, w3 = window_of(r, "W1"), window_of(r, "W2"), window_of(r, "W3")
    assert (w1.cases, w2.cases, w3.cases) == (D(200), D(199), D(400))
    assert w1.score == D("100.5")  # 150 + 50 = 200 -> WB-06
    assert w2.score == D(100)
    assert w3.score == D(101)  # the 窗口办件 figure wins over the staff sum (10)


def test_window_case_figure_overrides_a_larger_staff_sum():
    people = [person("A", "W1"), person("B", "W1")]
    att = {"A": {"cases": 300}, "B": {"cases": 300}}
    r = run(people, window_cases={"W1": 150}, attendance_of=att)
    w = window_of(r, "W1")
    assert w.cases == D(150)
    # staff means 100.1 (B-15 each); no WB-06/07 on 150 cases
    assert w.score == D("100.1")
