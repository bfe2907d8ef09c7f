"""The quarter (季评比), pure: three hand-written months of published scores in, quarterly
scores, grades, ranks, 先进个人 and 红旗窗口 out.

Every expected value is worked out by hand from docs/rules.md (Rounding, grades,
ranks; Quarter and year):
- quarterly score = mean of the rated monthly (published) scores, rounded half up
  (person: one decimal, window: two);
- participants = rated in at least one month; quota = ⌊participants × 18 %⌋ (windows 15 %);
- candidates: rated in all three months, never DQ / returned, no 未达标 month;
- ties at the cut: quarter case count (higher first), then fewer deductions; a tie that still
  straddles the cut is 并列待定 and only those strictly above are chosen.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from period_helpers import (
    DEC,
    DQ,
    NO_STAFF,
    NOV,
    OCT,
    Q4,
    RET,
    by_id,
    c,
    finals,
    records,
)

from kaohe_excel.core.quarter import score_quarter
from kaohe_excel.core.settings import Settings

D = Decimal
MONTHS = Q4.months
CHOSEN, TIED, NONE = "是", "并列待定", None


def quarter(people=None, windows=None, settings: Settings | None = None):  # type: ignore[no-untyped-def]
    recs = records(MONTHS, people, windows)
    return score_quarter(Q4, recs, finals(recs), settings or Settings())


def filler(n: int, top: str = "80.0", prefix: str = "F") -> dict[str, list[str]]:
    """`n` eligible people (or windows) well below the interesting ones, all 80.0 by default."""
    return {f"{prefix}{i:02d}": [top, top, top] for i in range(1, n + 1)}


# --- quarterly means and rounding ---------------------------------------------------------

def test_person_mean_of_rated_months_rounds_half_up():
    result = quarter({
        "A": ["88.5", "90.0", DQ],  # (88.5 + 90.0) / 2 = 89.25 → 89.3
        "B": ["90.0", "91.5", "92.0"],  # 273.5 / 3 = 91.1666… → 91.2
        "C": ["85.0", "85.0", "85.1"],  # 255.1 / 3 = 85.0333… → 85.0
        "E": ["70.1", RET, "70.0"],  # 140.1 / 2 = 70.05 → 70.1
        "G": [DQ, DQ, DQ],  # never rated: no quarterly score
    })
    people = by_id(result.people)
    assert people["A"].score == D("89.3")
    assert people["A"].rated_months == 2
    assert people["B"].score == D("91.2")
    assert people["B"].rated_months == 3
    assert people["C"].score == D("85.0")
    assert people["E"].score == D("70.1")
    assert people["G"].score is None
    assert people["G"].rated_months == 0
    assert people["G"].rank is None


def test_window_mean_two_decimals_half_up():
    result = quarter(windows={
        "W1": ["90.12", "90.13", NO_STAFF],  # 180.25 / 2 = 90.125 → 90.13 (not 90.12)
        "W2": ["95.00", "96.01", "96.00"],  # 287.01 / 3 = 95.67
        "W3": ["88.88", "88.89", "88.89"],  # 266.66 / 3 = 88.8866… → 88.89
        "W4": ["90.00", "90.00", "90.01"],  # 270.01 / 3 = 90.0033… → 90.00
        "W5": ["99.99", DQ, "100.00"],  # 199.99 / 2 = 99.995 → 100.00
    })
    windows = by_id(result.windows)
    assert windows["W1"].score == D("90.13")
    assert windows["W2"].score == D("95.67")
    assert windows["W3"].score == D("88.89")
    assert windows["W4"].score == D("90.00")
    assert windows["W5"].score == D("100.00")
    assert windows["W5"].rated_months == 2


# --- grades and ranks on the quarterly score ---------------------------------------------

def test_grades_use_the_rounded_quarterly_score():
    result = quarter({
        "A": ["100.0", "100.1", "100.1"],  # 100.0666… → 100.1 超标
        "B": ["100.0", "100.0", "100.1"],  # 100.0333… → 100.0 达标 (one 超标 month)
        "C": ["69.9", "70.0", "70.0"],  # 69.9666… → 70.0 达标 (one 未达标 month)
        "E": ["69.9", "69.9", "70.0"],  # 69.9333… → 69.9 未达标
        "G": ["69.9", DQ, "70.0"],  # 69.95 → 70.0 达标
    })
    people = by_id(result.people)
    assert (people["A"].score, people["A"].grade) == (D("100.1"), "超标")
    assert (people["B"].score, people["B"].grade) == (D("100.0"), "达标")
    assert (people["C"].score, people["C"].grade) == (D("70.0"), "达标")
    assert (people["E"].score, people["E"].grade) == (D("69.9"), "未达标")
    assert (people["G"].score, people["G"].grade) == (D("70.0"), "达标")


def test_window_grades_on_the_quarterly_score():
    result = quarter(windows={
        "W1": ["100.01", "100.00", "100.00"],  # 100.0033… → 100.00 达标
        "W2": ["100.02", "100.02", "100.00"],  # 100.0133… → 100.01 超标
        "W3": ["69.99", "69.99", "70.00"],  # 69.9933… → 69.99 未达标
    })
    windows = by_id(result.windows)
    assert (windows["W1"].score, windows["W1"].grade) == (D("100.00"), "达标")
    assert (windows["W2"].score, windows["W2"].grade) == (D("100.01"), "超标")
    assert (windows["W3"].score, windows["W3"].grade) == (D("69.99"), "未达标")


def test_competition_ranks_on_the_quarterly_score():
    result = quarter({
        "A": ["95.0", "95.0", "95.0"],  # 95.0 → 1
        "B": ["93.0", "93.1", "92.9"],  # 93.0 → 2
        "C": ["93.0", DQ, "93.0"],  # 93.0 → 2 (ranked: rated in two months)
        "E": ["90.0", "90.0", "90.0"],  # 90.0 → 4
        "G": [DQ, DQ, DQ],  # not rated: no rank
        "H": [None, None, "89.0"],  # joined in 12月: rated once → 5
    })
    ranks = {s.id: s.rank for s in result.people}
    assert ranks == {"A": 1, "B": 2, "C": 2, "E": 4, "G": None, "H": 5}
    # the sheet order is the rank order, unranked last
    assert [s.id for s in result.people][:1] == ["A"]
    assert [s.id for s in result.people][-1] == "G"


def test_window_competition_ranks():
    result = quarter(windows={
        "W1": ["95.00", "95.00", "95.00"],
        "W2": ["96.00", "94.00", "95.00"],  # 95.00 too
        "W3": ["90.00", DQ, "90.00"],
        "W4": [NO_STAFF, NO_STAFF, NO_STAFF],
    })
    ranks = {s.id: s.rank for s in result.windows}
    assert ranks == {"W1": 1, "W2": 1, "W3": 3, "W4": None}


# --- quotas ------------------------------------------------------------------------------

@pytest.mark.parametrize(("participants", "quota"), [
    (5, 0),  # 0.9
    (6, 1),  # 1.08
    (10, 1),  # 1.8
    (11, 1),  # 1.98
    (12, 2),  # 2.16
    (23, 4),  # 4.14
    (50, 9),  # 9.0
    (100, 18),  # 18.0
])
def test_person_quota_is_the_floor_of_18_percent(participants, quota):
    # P001 highest … each 0.1 lower; all eligible
    people = {f"P{i:03d}": [str(D("99.0") - D("0.1") * i)] * 3 for i in range(1, participants + 1)}
    result = quarter(people)
    assert result.person_quota == quota
    chosen = sorted(s.id for s in result.people if s.award == CHOSEN)
    assert chosen == [f"P{i:03d}" for i in range(1, quota + 1)]
    assert all(s.award == NONE for s in result.people if s.id not in chosen)


@pytest.mark.parametrize(("participants", "quota"), [
    (6, 0),  # 0.9
    (7, 1),  # 1.05
    (12, 1),  # 1.8
    (13, 1),  # 1.95
    (14, 2),  # 2.1
    (20, 3),  # 3.0
    (40, 6),  # 6.0
])
def test_window_quota_is_the_floor_of_15_percent(participants, quota):
    windows = {f"W{i:03d}": [str(D("99.00") - D("0.25") * i)] * 3
               for i in range(1, participants + 1)}
    result = quarter(windows=windows)
    assert result.window_quota == quota
    chosen = sorted(s.id for s in result.windows if s.award == CHOSEN)
    assert chosen == [f"W{i:03d}" for i in range(1, quota + 1)]


def test_quota_zero_chooses_nobody_and_says_why():
    result = quarter({f"P{i}": ["95.0", "95.0", "95.0"] for i in range(1, 6)})  # 5 × 0.18
    assert result.person_quota == 0
    assert all(s.award == NONE for s in result.people)
    assert all(s.why for s in result.people)


def test_participants_are_those_rated_in_at_least_one_month():
    # five people rated in all three months, one never rated (DQ every month):
    # participants = 5 → ⌊0.9⌋ = 0, although six are on the roster
    never = quarter({**filler(5), "X": [DQ, DQ, DQ]})
    assert never.person_quota == 0
    # ... but a sixth rated in one month only (joined in 12月) counts: ⌊6 × 0.18⌋ = 1
    joined = quarter({**filler(5), "J": [None, None, "85.0"]})
    assert joined.person_quota == 1
    # … and one rated in one month, DQ in the others, counts too
    once = quarter({**filler(5), "K": [DQ, "85.0", RET]})
    assert once.person_quota == 1


def test_window_participants_rated_in_at_least_one_month():
    six = filler(6, "90.00", "W")
    assert quarter(windows={**six, "WX": [NO_STAFF, NO_STAFF, DQ]}).window_quota == 0
    assert quarter(windows={**six, "WY": [NO_STAFF, "85.00", NO_STAFF]}).window_quota == 1


# --- eligibility -----------------------------------------------------------------------

def test_a_dq_month_excludes_the_top_scorer():
    result = quarter({
        "TOP": ["99.0", "99.0", DQ],  # 99.0, rank 1, not a candidate
        "A": ["95.0", "95.0", "95.0"],
        "B": ["94.0", "94.0", "94.0"],
        **filler(7),
    })  # 10 participants → 1
    people = by_id(result.people)
    assert result.person_quota == 1
    assert people["TOP"].score == D("99.0")
    assert people["TOP"].rank == 1
    assert people["TOP"].award == NONE
    assert "12月" in people["TOP"].why and "取消资格" in people["TOP"].why
    assert people["A"].award == CHOSEN
    assert people["A"].rank == 2
    assert people["B"].award == NONE


def test_a_returned_month_excludes_too():
    result = quarter({
        "TOP": ["99.0", RET, "99.0"],
        "A": ["95.0", "95.0", "95.0"],
        **filler(8),
    })
    people = by_id(result.people)
    assert people["TOP"].award == NONE
    assert "退回派出单位" in people["TOP"].why
    assert people["A"].award == CHOSEN


def test_a_below_standard_month_excludes_even_with_a_high_mean():
    result = quarter({
        "LOW": ["69.9", "101.0", "101.0"],  # 271.9 / 3 = 90.6333 → 90.6, but 10月 未达标
        "EDGE": ["70.0", "100.0", "100.0"],  # 270 / 3 = 90.0; 70.0 is 达标 → a candidate
        **filler(8),
    })
    people = by_id(result.people)
    assert people["LOW"].score == D("90.6")
    assert people["LOW"].award == NONE
    assert "10月" in people["LOW"].why and "未达标" in people["LOW"].why
    assert people["EDGE"].award == CHOSEN


def test_joined_mid_quarter_participates_but_is_not_a_candidate():
    result = quarter({
        "NEW": [None, "99.0", "99.0"],  # joined in 11月: 99.0, rank 1
        "A": ["95.0", "95.0", "95.0"],
        **filler(8),
    })  # 10 participants (NEW counts) → 1
    people = by_id(result.people)
    assert result.person_quota == 1
    assert people["NEW"].score == D("99.0")
    assert people["NEW"].rated_months == 2
    assert people["NEW"].rank == 1
    assert people["NEW"].award == NONE
    assert "10月" in people["NEW"].why
    assert people["NEW"].note  # explained: not on duty in 10月
    assert people["A"].award == CHOSEN


def test_left_mid_quarter_participates_but_is_not_a_candidate():
    result = quarter({
        "GONE": ["99.0", "99.0", None],  # left after 11月
        "A": ["95.0", "95.0", "95.0"],
        **filler(8),
    })
    people = by_id(result.people)
    assert result.person_quota == 1
    assert people["GONE"].score == D("99.0")
    assert people["GONE"].award == NONE
    assert "12月" in people["GONE"].why
    assert people["A"].award == CHOSEN


def test_moved_person_keeps_the_quarterly_result_on_the_latest_window():
    result = quarter({
        "MOV": [c("97.0", window="W1"), c("98.0", window="W1"), c("99.0", window="W2")],
        **filler(9),
    })  # 10 participants → 1; MOV: 294 / 3 = 98.0, rated all three months
    mov = by_id(result.people)["MOV"]
    assert mov.score == D("98.0")
    assert mov.rated_months == 3
    assert mov.window_id == "W2"
    assert mov.award == CHOSEN
    assert "W1" in mov.note and "W2" in mov.note


def test_window_dq_in_one_month_is_ineligible_for_the_red_flag():
    result = quarter(windows={
        "WDQ": ["99.00", DQ, "99.00"],  # 99.00, rank 1, not a candidate
        "WA": ["96.00", "96.00", "96.00"],
        "WB": ["95.00", "95.00", "95.00"],
        **filler(4, "90.00", "W"),
    })  # 7 participants → 1
    windows = by_id(result.windows)
    assert result.window_quota == 1
    assert windows["WDQ"].score == D("99.00")
    assert windows["WDQ"].rank == 1
    assert windows["WDQ"].award == NONE
    assert "11月" in windows["WDQ"].why and "取消资格" in windows["WDQ"].why
    assert windows["WA"].award == CHOSEN
    assert windows["WB"].award == NONE


def test_window_without_rated_staff_in_a_month_or_below_standard_is_ineligible():
    result = quarter(windows={
        "WN": [NO_STAFF, "99.00", "99.00"],
        "WL": ["69.99", "100.50", "100.50"],  # 270.99 / 3 = 90.33, 10月 未达标
        "WA": ["90.10", "90.10", "90.10"],
        **filler(4, "90.00", "W"),
    })
    windows = by_id(result.windows)
    assert windows["WN"].award == NONE
    assert windows["WL"].score == D("90.33")
    assert windows["WL"].award == NONE
    assert windows["WA"].award == CHOSEN


# --- ties at the cut ------------------------------------------------------------------

def test_tie_at_the_cut_broken_by_quarter_case_count():
    # A: 100 + 100 + 100 = 300 cases; B: 120 + 90 + 95 = 305 cases → B chosen
    result = quarter({
        "A": [c("95.0", cases=100), c("95.0", cases=100), c("95.0", cases=100)],
        "B": [c("94.0", cases=120), c("96.0", cases=90), c("95.0", cases=95)],
        **filler(8),
    })
    people = by_id(result.people)
    assert people["A"].score == people["B"].score == D("95.0")
    assert people["A"].cases == D(300) and people["B"].cases == D(305)
    assert people["B"].award == CHOSEN
    assert people["A"].award == NONE
    # both keep the shared competition rank
    assert people["A"].rank == people["B"].rank == 1


def test_tie_with_equal_cases_broken_by_fewer_deductions():
    # same score, same cases; A lost 2 + 0 + 1 = 3 points, B lost 0 + 2 + 0 = 2 → B chosen
    result = quarter({
        "A": [c("95.0", cases=100, deductions=2), c("95.0", cases=100),
              c("95.0", cases=100, deductions=1)],
        "B": [c("95.0", cases=100), c("95.0", cases=100, deductions=2),
              c("95.0", cases=100)],
        **filler(8),
    })
    people = by_id(result.people)
    assert people["B"].award == CHOSEN
    assert people["A"].award == NONE


def test_tie_that_still_straddles_the_cut_is_left_undecided():
    # quota 1; A and B equal on score, cases and deductions: neither is chosen
    result = quarter({
        "A": [c("95.0", cases=100, deductions=1)] * 3,
        "B": [c("95.0", cases=100, deductions=1)] * 3,
        **filler(8),
    })
    people = by_id(result.people)
    assert result.person_quota == 1
    assert people["A"].award == TIED
    assert people["B"].award == TIED
    assert not [s for s in result.people if s.award == CHOSEN]
    assert "考评领导小组" in people["A"].why


def test_straddling_tie_only_those_strictly_above_are_chosen():
    # 12 participants → 2; TOP is alone above, B and C tie for the second place
    result = quarter({
        "TOP": [c("97.0", cases=50)] * 3,
        "B": [c("95.0", cases=100)] * 3,
        "C": [c("95.0", cases=100)] * 3,
        **filler(9),
    })
    people = by_id(result.people)
    assert result.person_quota == 2
    assert people["TOP"].award == CHOSEN
    assert people["B"].award == TIED
    assert people["C"].award == TIED
    assert [s.id for s in result.people if s.award == CHOSEN] == ["TOP"]


def test_case_count_decides_above_the_cut_and_the_rest_stays_undecided():
    # 12 → 2; A, B, C all 95.0: A has the most cases (600 vs 300) and is chosen; B and C
    # stay equal on every criterion across the cut → 并列待定
    result = quarter({
        "A": [c("95.0", cases=200)] * 3,
        "B": [c("95.0", cases=100)] * 3,
        "C": [c("95.0", cases=100)] * 3,
        **filler(9),
    })
    awards = {s.id: s.award for s in result.people if s.id in "ABC"}
    assert awards == {"A": CHOSEN, "B": TIED, "C": TIED}


def test_three_way_tie_for_two_places_chooses_nobody():
    result = quarter({
        "A": [c("95.0", cases=100)] * 3,
        "B": [c("95.0", cases=100)] * 3,
        "C": [c("95.0", cases=100)] * 3,
        **filler(9),
    })  # 12 → 2
    awards = {s.id: s.award for s in result.people if s.id in "ABC"}
    assert awards == {"A": TIED, "B": TIED, "C": TIED}


def test_tie_inside_the_quota_is_no_problem():
    # 12 → 2; A and B tie for first place: both chosen, nothing left 并列待定
    result = quarter({
        "A": [c("95.0", cases=100)] * 3,
        "B": [c("95.0", cases=100)] * 3,
        "C": [c("94.0", cases=100)] * 3,
        **filler(9),
    })
    people = by_id(result.people)
    assert people["A"].award == CHOSEN and people["B"].award == CHOSEN
    assert people["C"].award == NONE
    assert not [s for s in result.people if s.award == TIED]


def test_a_tie_below_the_cut_is_not_tied():
    # 10 → 1; A alone on top, B and C tie below the cut: just not chosen
    result = quarter({
        "A": ["96.0"] * 3,
        "B": [c("95.0", cases=100)] * 3,
        "C": [c("95.0", cases=100)] * 3,
        **filler(7),
    })
    people = by_id(result.people)
    assert people["A"].award == CHOSEN
    assert people["B"].award == NONE and people["C"].award == NONE


def test_window_tie_broken_by_case_count_and_left_undecided():
    # 7 windows → 1
    by_cases = quarter(windows={
        "WA": [c("95.00", cases=400)] * 3,
        "WB": [c("95.00", cases=500)] * 3,
        **filler(5, "90.00", "W"),
    })
    assert {s.id: s.award for s in by_cases.windows if s.id in ("WA", "WB")} == {
        "WA": NONE, "WB": CHOSEN}
    undecided = quarter(windows={
        "WA": [c("95.00", cases=400)] * 3,
        "WB": [c("95.00", cases=400)] * 3,
        **filler(5, "90.00", "W"),
    })
    assert {s.id: s.award for s in undecided.windows if s.id in ("WA", "WB")} == {
        "WA": TIED, "WB": TIED}


# --- the tie-break setting -------------------------------------------------------------

TIE_PEOPLE = {
    # same quarterly score 95.0; A: more cases but more deductions; B: fewer of both
    "A": [c("95.0", cases=150, deductions=2)] * 3,  # 450 cases, 6 points
    "B": [c("95.0", cases=100, deductions=1)] * 3,  # 300 cases, 3 points
    **filler(8),
}


def test_default_tie_break_is_cases_first():
    people = by_id(quarter(TIE_PEOPLE).people)
    assert (people["A"].award, people["B"].award) == (CHOSEN, NONE)


def test_tie_break_setting_deductions_first_changes_the_order():
    settings = dataclasses.replace(Settings(), tie_break="扣分，办件数")
    people = by_id(quarter(TIE_PEOPLE, settings=settings).people)
    assert (people["A"].award, people["B"].award) == (NONE, CHOSEN)


def test_tie_break_setting_empty_leaves_every_score_tie_at_the_cut_undecided():
    settings = dataclasses.replace(Settings(), tie_break="")
    people = by_id(quarter(TIE_PEOPLE, settings=settings).people)
    assert (people["A"].award, people["B"].award) == (TIED, TIED)
    assert not [s for s in people.values() if s.award == CHOSEN]


# --- explanations ------------------------------------------------------------------------

def test_every_person_and_window_has_an_explanation():
    result = quarter(
        {"A": ["95.0"] * 3, "B": ["94.0", DQ, "94.0"], "J": [None, "93.0", "93.0"],
         **filler(7)},
        {"WA": ["95.00"] * 3, "WB": [NO_STAFF, "94.00", "94.00"], **filler(5, "90.00", "W")},
    )
    assert all(s.why for s in result.people)
    assert all(s.why for s in result.windows)
    people = by_id(result.people)
    assert people["A"].award == CHOSEN
    assert people["B"].why != people["A"].why
    # the states passed in are kept (all final here): no draft month
    assert result.drafts == []
    assert set(result.states) == {OCT, NOV, DEC}


def test_draft_months_are_reported():
    recs = records(MONTHS, {"A": ["95.0"] * 3})
    result = score_quarter(Q4, recs, {OCT: "final", NOV: "final", DEC: "draft"}, Settings())
    assert result.drafts == [DEC]
