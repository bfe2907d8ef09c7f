"""The year (全年总评), pure: nine hand-written months (2026-01 … 2026-09, three quarters) in;
annual scores and grades, 先进个人次数 / 红旗窗口次数, the pool, the 派出单位 summary out.

The months, worked by hand from docs/rules.md (each quarter has 6 or 7 person
participants → ⌊× 18 %⌋ = 1, and 7 window participants → ⌊× 15 %⌋ = 1):

    person unit   1月 … 9月                                   annual (mean of rated months)
    P1    单位甲  90.0 every month                             90.0   达标
    P2    单位甲  99.0, except 5月 DQ and 9月 60.0             (7 × 99 + 60) / 8 = 94.125 → 94.1
    P3    单位乙  85.0 every month                             85.0
    P4    单位乙  70.0 every month                             70.0   达标 (the line)
    P5    单位乙  100.2, except DQ in 1月, 4月, 7月            100.2  超标
    P6    单位丙  65.0 in 1–3月, DQ in 4–9月                   65.0   未达标
    P7    单位丙  80.0 every month                             80.0

  Q1: P2 99.0 is the best candidate (P5 DQ in 1月, P6 未达标) → P2
  Q2: P2 DQ in 5月, P5 DQ in 4月 → P1 90.0
  Q3: P2 未达标 in 9月, P5 DQ in 7月 → P1 90.0
  → 先进个人次数 P1 2, P2 1; the pool ranked by count, then annual score: P1, P2.
  Failures: P6's 3rd 未达标 month is 3月 → 通报批评 2026-03 (Q1 is his only 未达标 quarter).

    window  1月 … 9月                                           annual
    W1      95.00 every month                                    95.00
    W2      98.50, except 5月 取消资格 and 9月 无参评人员        98.50
    W3      90.10 in 1月, 90.00 after                            810.10 / 9 = 90.0111 → 90.01
    W4…W7   89.00, 88.00, 87.00, 86.00

  Q1: W2; Q2: W2 DQ in 5月 → W1; Q3: W2 not rated in 9月 → W1 → 红旗窗口次数 W1 2, W2 1.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from period_helpers import DQ, NO_STAFF, by_id, c, finals, month, records

from kaohe_excel.core.settings import Settings
from kaohe_excel.core.year import score_year

D = Decimal
MONTHS = [month(2026, m) for m in range(1, 10)]


def _row(value: str, unit: str, n: int = 9, **special: str) -> list:  # type: ignore[type-arg]
    cells = []
    for i in range(1, n + 1):
        v = special.get(f"m{i}", value)
        cells.append(c(v, unit=unit))
    return cells


PEOPLE = {
    "P1": _row("90.0", "单位甲"),
    "P2": _row("99.0", "单位甲", m5=DQ, m9="60.0"),
    "P3": _row("85.0", "单位乙"),
    "P4": _row("70.0", "单位乙"),
    "P5": _row("100.2", "单位乙", m1=DQ, m4=DQ, m7=DQ),
    "P6": _row(DQ, "单位丙", m1="65.0", m2="65.0", m3="65.0"),
    "P7": _row("80.0", "单位丙"),
}

WINDOWS = {
    "W1": ["95.00"] * 9,
    "W2": ["98.50"] * 4 + [DQ] + ["98.50"] * 3 + [NO_STAFF],
    "W3": ["90.10"] + ["90.00"] * 8,
    "W4": ["89.00"] * 9,
    "W5": ["88.00"] * 9,
    "W6": ["87.00"] * 9,
    "W7": ["86.00"] * 9,
}


def the_year(settings: Settings | None = None):  # type: ignore[no-untyped-def]
    recs = records(MONTHS, PEOPLE, WINDOWS)
    return score_year(2026, recs, finals(recs), settings or Settings())


def test_annual_scores_are_the_mean_of_rated_months():
    people = by_id(the_year().people)
    assert {k: s.score for k, s in people.items()} == {
        "P1": D("90.0"), "P2": D("94.1"), "P3": D("85.0"), "P4": D("70.0"),
        "P5": D("100.2"), "P6": D("65.0"), "P7": D("80.0"),
    }
    assert {k: s.rated_months for k, s in people.items()} == {
        "P1": 9, "P2": 8, "P3": 9, "P4": 9, "P5": 6, "P6": 3, "P7": 9}


def test_annual_grades_and_ranks():
    people = by_id(the_year().people)
    assert {k: s.grade for k, s in people.items()} == {
        "P1": "达标", "P2": "达标", "P3": "达标", "P4": "达标",
        "P5": "超标", "P6": "未达标", "P7": "达标",
    }
    assert {k: s.rank for k, s in people.items()} == {
        "P5": 1, "P2": 2, "P1": 3, "P3": 4, "P7": 5, "P4": 6, "P6": 7}


def test_annual_window_scores():
    windows = by_id(the_year().windows)
    assert {k: s.score for k, s in windows.items()} == {
        "W1": D("95.00"), "W2": D("98.50"), "W3": D("90.01"), "W4": D("89.00"),
        "W5": D("88.00"), "W6": D("87.00"), "W7": D("86.00"),
    }
    assert windows["W2"].rated_months == 7
    assert {k: s.rank for k, s in windows.items()} == {
        "W2": 1, "W1": 2, "W3": 3, "W4": 4, "W5": 5, "W6": 6, "W7": 7}


def test_award_counts_are_taken_from_the_quarters():
    result = the_year()
    assert len(result.quarters) == 3
    assert result.person_awards == {"P1": 2, "P2": 1}
    assert result.window_awards == {"W1": 2, "W2": 1}


def test_the_pool_is_ranked_by_count_then_annual_score():
    result = the_year()
    # P1 was chosen twice (90.0), P2 once (94.1): the count comes first
    assert [s.id for s in result.person_pool] == ["P1", "P2"]
    assert [s.id for s in result.window_pool] == ["W1", "W2"]


def test_the_pool_needs_the_minimum_number_of_quarters():
    settings = dataclasses.replace(Settings(), year_award_min_quarters=2)
    result = the_year(settings)
    assert [s.id for s in result.person_pool] == ["P1"]
    assert [s.id for s in result.window_pool] == ["W1"]
    # the counts themselves do not change
    assert result.person_awards == {"P1": 2, "P2": 1}


def test_pool_ties_on_count_go_by_annual_score():
    # Q4 added: everyone 80.0, P3 95.0 → 7 participants, quota 1 → P3 chosen once
    extra = [month(2026, m) for m in (10, 11, 12)]
    q4 = {pid: [c("80.0", unit="单位乙")] * 3 for pid in PEOPLE}
    q4["P3"] = [c("95.0", unit="单位乙")] * 3
    recs = {**records(MONTHS, PEOPLE, WINDOWS), **records(extra, q4, None)}
    result = score_year(2026, recs, finals(recs), Settings())
    # P3 annual: (9 × 85 + 3 × 95) / 12 = 1050 / 12 = 87.5; P2 annual (7×99+60+3×80)/11
    # = 993 / 11 = 90.2727… → 90.3. Both chosen once; P1 twice.
    people = by_id(result.people)
    assert people["P3"].score == D("87.5")
    assert people["P2"].score == D("90.3")
    assert result.person_awards == {"P1": 2, "P2": 1, "P3": 1}
    assert [s.id for s in result.person_pool] == ["P1", "P2", "P3"]


def test_failures_of_the_year():
    result = the_year()
    assert [(f.action, f.person_id, f.period) for f in result.failures] == [
        ("通报批评", "P6", "2026-03")]


def test_dispatching_unit_summary():
    units = {u.unit: u for u in the_year().units}
    assert set(units) == {"单位甲", "单位乙", "单位丙"}
    jia, yi, bing = units["单位甲"], units["单位乙"], units["单位丙"]
    # 单位甲: P1 90.0, P2 94.1 → mean 92.05 → 92.1 (half up); both 达标; awards 2 + 1
    assert (jia.staff, jia.rated, jia.mean) == (2, 2, D("92.1"))
    assert (jia.above, jia.met, jia.below) == (0, 2, 0)
    assert (jia.awards, jia.failures) == (3, 0)
    # 单位乙: P3 85.0, P4 70.0, P5 100.2 → 255.2 / 3 = 85.0666… → 85.1
    assert (yi.staff, yi.rated, yi.mean) == (3, 3, D("85.1"))
    assert (yi.above, yi.met, yi.below) == (1, 2, 0)
    assert (yi.awards, yi.failures) == (0, 0)
    # 单位丙: P6 65.0, P7 80.0 → 72.5; P6 未达标 with one 通报批评
    assert (bing.staff, bing.rated, bing.mean) == (2, 2, D("72.5"))
    assert (bing.above, bing.met, bing.below) == (0, 1, 1)
    assert (bing.awards, bing.failures) == (0, 1)


def test_months_of_another_year_are_ignored():
    recs = records(MONTHS, PEOPLE, WINDOWS)
    recs.update(records([month(2025, 12)], {"P1": ["50.0"], "P9": ["99.0"]}))
    result = score_year(2026, recs, finals(recs), Settings())
    people = by_id(result.people)
    assert people["P1"].score == D("90.0")
    assert "P9" not in people
