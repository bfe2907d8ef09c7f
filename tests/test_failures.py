"""Failure tracking (奖惩), pure: hand-written month records in, the list of 通报批评 /
退回原单位 / 退回派出单位 entries out.

From docs/rules.md (Quarter and year):
- a person's 3rd 未达标 month in the counting period → 通报批评 (that month); each further one
  is listed again;
- a person's 2nd 未达标 quarter (quarterly score < 70, rounded half up) → 退回原单位;
- the counting period is a setting, default the calendar year (自然年), or 累计;
- every 退回派出单位 from a monthly rule and every P5-05 通报批评 of a month is listed.
"""

from __future__ import annotations

import dataclasses

from period_helpers import DQ, RET, action, c, month, records

from kaohe_excel.core.failures import in_period, track
from kaohe_excel.core.settings import Settings

YEAR = [month(2026, m) for m in range(1, 13)]
CUMULATIVE = dataclasses.replace(Settings(), failure_period="累计")


def year_of(scores: dict[str, list], year: int = 2026, **kw):  # type: ignore[no-untyped-def]
    """Records for the months of `year` that the score lists cover (from January on)."""
    n = len(next(iter(scores.values())))
    return records([month(year, m) for m in range(1, n + 1)], scores, **kw)


def entries(failures, kind: str | None = None) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(f.action, f.person_id, f.period) for f in failures
            if kind is None or f.action == kind]


# --- 通报批评 after the 3rd 未达标 month -------------------------------------------------

def test_third_below_standard_month_in_the_year_is_criticised():
    # 未达标 in 2月, 5月 and 9月 (quarters 1, 2, 3 each have one bad month, means ≥ 70)
    recs = year_of({"A": ["90.0", "69.9", "90.0", "90.0", "60.0", "90.0",
                          "90.0", "90.0", "65.5", "90.0"]})
    found = track(recs, Settings())
    assert entries(found) == [("通报批评", "A", "2026-09")]
    f = found[0]
    assert f.name == "人员A"
    assert f.window_id == "W1"
    assert "3" in f.basis


def test_exactly_seventy_is_not_a_failure():
    recs = year_of({"A": ["70.0", "70.0", "70.0", "69.9", "69.9"]})
    assert entries(track(recs, Settings()), "通报批评") == []


def test_fourth_below_standard_month_is_listed_again():
    recs = year_of({"A": ["69.0", "90.0", "69.0", "90.0", "90.0", "69.0",
                          "90.0", "90.0", "90.0", "90.0", "69.0"]})
    # bad months: 1, 3, 6, 11 → listed in 6月 (3rd) and 11月 (4th)
    assert entries(track(recs, Settings()), "通报批评") == [
        ("通报批评", "A", "2026-06"), ("通报批评", "A", "2026-11")]


def test_dq_and_returned_months_are_not_below_standard_months():
    recs = year_of({"A": ["69.0", DQ, "69.0", RET, "90.0", "90.0"]})
    assert entries(track(recs, Settings()), "通报批评") == []


def test_months_of_another_year_do_not_count_in_the_calendar_year():
    months = [month(2025, 11), month(2025, 12), month(2026, 1), month(2026, 2)]
    recs = records(months, {"A": ["60.0", "60.0", "60.0", "90.0"]})
    assert entries(track(recs, Settings()), "通报批评") == []


def test_months_of_another_year_count_when_the_period_is_cumulative():
    months = [month(2025, 11), month(2025, 12), month(2026, 1), month(2026, 2)]
    recs = records(months, {"A": ["60.0", "60.0", "60.0", "90.0"]})
    assert entries(track(recs, CUMULATIVE), "通报批评") == [("通报批评", "A", "2026-01")]


def test_each_person_counts_separately():
    recs = year_of({
        "A": ["60.0", "60.0", "90.0", "60.0"],
        "B": ["60.0", "90.0", "60.0", "90.0"],
    })
    assert entries(track(recs, Settings()), "通报批评") == [("通报批评", "A", "2026-04")]


def test_months_are_counted_even_across_windows():
    recs = year_of({"A": [c("60.0", window="W1"), c("60.0", window="W2"),
                          c("60.0", window="W3")]})
    found = [f for f in track(recs, Settings()) if f.action == "通报批评"]
    assert [(f.person_id, f.period, f.window_id) for f in found] == [("A", "2026-03", "W3")]


def test_the_criticism_count_is_a_setting():
    settings = dataclasses.replace(Settings(), monthly_failures_for_criticism=2)
    recs = year_of({"A": ["60.0", "90.0", "60.0"]})
    assert entries(track(recs, settings), "通报批评") == [("通报批评", "A", "2026-03")]


# --- 退回原单位 after the 2nd 未达标 quarter ---------------------------------------------

def test_second_below_standard_quarter_returns_to_the_unit():
    # Q1: 60 + 74 + 74 = 208 / 3 = 69.33 → 69.3 未达标 (one bad month)
    # Q2: the same → the 2nd 未达标 quarter; only 2 bad months, so no 通报批评
    recs = year_of({"A": ["60.0", "74.0", "74.0", "60.0", "74.0", "74.0"]})
    assert entries(track(recs, Settings())) == [("退回原单位", "A", "2026Q2")]


def test_a_quarter_at_seventy_after_rounding_is_not_below_standard():
    # Q1 and Q2: (69.9 + 70.0) / 2 = 69.95 → 70.0 达标 (half up), the DQ month left out
    recs = year_of({"A": ["69.9", DQ, "70.0", "69.9", DQ, "70.0"]})
    assert entries(track(recs, Settings()), "退回原单位") == []


def test_one_bad_quarter_is_not_enough_and_a_bad_month_in_a_good_quarter_does_not_count():
    # Q1: 60, 80, 80 → 73.3 达标; Q2: 60, 74, 74 → 69.3 未达标 (the 1st)
    recs = year_of({"A": ["60.0", "80.0", "80.0", "60.0", "74.0", "74.0"]})
    assert entries(track(recs, Settings()), "退回原单位") == []


def test_quarters_of_another_year_do_not_count_in_the_calendar_year():
    months = [month(2025, m) for m in (10, 11, 12)] + [month(2026, m) for m in (1, 2, 3)]
    recs = records(months, {"A": ["60.0", "74.0", "74.0", "60.0", "74.0", "74.0"]})
    assert entries(track(recs, Settings()), "退回原单位") == []
    assert entries(track(recs, CUMULATIVE), "退回原单位") == [("退回原单位", "A", "2026Q1")]


def test_three_bad_months_and_two_bad_quarters_give_both():
    # bad months 1, 4, 5 → 通报批评 in 2026-05; Q1 = (65+75+75)/3 = 71.7 达标;
    # Q2 = (65+65+75)/3 = 68.3 未达标; Q3 = (60+75+70)/3 = 68.3 未达标 → 退回原单位 2026Q3
    recs = year_of({"A": ["65.0", "75.0", "75.0", "65.0", "65.0", "75.0",
                          "60.0", "75.0", "70.0"]})
    assert entries(track(recs, Settings())) == [
        ("通报批评", "A", "2026-05"),
        ("通报批评", "A", "2026-07"),
        ("退回原单位", "A", "2026Q3"),
    ]


# --- monthly actions: 退回派出单位 and P5-05 ---------------------------------------------

def test_every_return_and_p5_05_action_of_a_month_is_listed():
    acts = {
        month(2026, 1): [action("退回派出单位", "R", "P1-10 热情服务问题情节严重"),
                         action("通报批评", "S", "P5-05 踏查途中无故离开")],
        month(2026, 2): [action("通报批评", "S", "P5-05 擅自进行二次现场踏查"),
                         action("通报批评", "T", "P5-05 单独接触服务对象")],
    }
    recs = year_of({"R": [RET, "90.0"], "S": ["90.0", "80.0"], "T": ["95.0", "90.0"]},
                   actions=acts)
    found = track(recs, Settings())
    assert sorted(entries(found)) == sorted([
        ("退回派出单位", "R", "2026-01"),
        ("通报批评", "S", "2026-01"),
        ("通报批评", "S", "2026-02"),
        ("通报批评", "T", "2026-02"),
    ])
    returned = next(f for f in found if f.person_id == "R")
    assert "P1-10" in returned.basis
    assert returned.unit == "单位甲"


def test_in_period_picks_the_entries_of_a_month_or_quarter():
    recs = year_of({"A": ["60.0", "74.0", "74.0", "60.0", "74.0", "60.0"]})
    found = track(recs, Settings())
    # bad months 1, 4, 6 → 通报批评 2026-06; Q1 69.3, Q2 (60+74+60)/3 = 64.7 → 退回 2026Q2
    assert entries(in_period(found, {"2026-06"})) == [("通报批评", "A", "2026-06")]
    assert entries(in_period(found, {"2026Q2"})) == [("退回原单位", "A", "2026Q2")]
    assert entries(in_period(found, {"2026-04", "2026-05"})) == []
