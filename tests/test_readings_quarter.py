"""Quarter eligibility, the tool's reading of 按公务员考核标准评选: each part a 【解读】 setting,
switched on (the default) and off, through `kaohe quarter`. Six people, one 先进个人
(⌊6 × 18%⌋ = 1); the others stay at 100.0. Expected values by hand from docs/rules.md."""

from __future__ import annotations

import pytest
from readings_helpers import book_with, months_of, quarter_run, reasons, set_setting

SIX = ["A", "B", "C", "D", "E", "F"]
Q4 = months_of("2026-10", 3)


@pytest.mark.parametrize(("value", "chosen", "why"), [
    ("是", None, "不具备评选资格：10月未参评"),
    ("否", "是", "名额 1 个（参评 6 × 18% 向下取整）；季度得分 102，排第 1 名，入选先进个人"),
])
def test_every_month_rated(tmp_path, capsys, value, chosen, why):
    # A joins in November: +2 (B-13) in November and December, 102.0 for the quarter
    events = [("2026-11-10", "A", "B-13"), ("2026-12-10", "A", "B-13")]
    book = book_with(tmp_path, SIX, Q4, events, joined={"A": "2026-11-01"})
    set_setting(book, "季度评选须三个月均参评", value)
    row = reasons(quarter_run(capsys, book, "2026Q4"))["A"]
    assert (row["评选结果"], row["说明"]) == (chosen, why)


@pytest.mark.parametrize(("value", "chosen", "why"), [
    ("是", None, "不具备评选资格：10月取消资格"),
    ("否", "是", "名额 1 个（参评 6 × 18% 向下取整）；季度得分 102，排第 1 名，入选先进个人"),
])
def test_no_disqualified_month(tmp_path, capsys, value, chosen, why):
    # A quarrels with a client in October (P1-09, 取消当月考评资格), +2 in November and December
    events = [("2026-10-10", "A", "P1-09"), ("2026-11-10", "A", "B-13"),
              ("2026-12-10", "A", "B-13")]
    book = book_with(tmp_path, SIX, Q4, events)
    set_setting(book, "季度评选排除取消资格月份", value)
    row = reasons(quarter_run(capsys, book, "2026Q4"))["A"]
    assert (row["评选结果"], row["说明"]) == (chosen, why)


@pytest.mark.parametrize(("value", "chosen", "why"), [
    ("是", None, "不具备评选资格：10月未达标（60.0）"),
    ("否", "是", "名额 1 个（参评 6 × 18% 向下取整）；季度得分 104，排第 1 名，入选先进个人"),
])
def test_no_below_standard_month(tmp_path, capsys, value, chosen, why):
    # October 60.0 (P1-02 ×2 −20, P4-05 ×2 −20); November and December 126.0 (B-13 ×13):
    # (60.0 + 126.0 + 126.0) / 3 = 104.0
    events = [("2026-10-10", "A", "P1-02", 2), ("2026-10-11", "A", "P4-05", 2),
              ("2026-11-10", "A", "B-13", 13), ("2026-12-10", "A", "B-13", 13)]
    book = book_with(tmp_path, SIX, Q4, events)
    set_setting(book, "季度评选排除未达标月份", value)
    row = reasons(quarter_run(capsys, book, "2026Q4"))["A"]
    assert (row["评选结果"], row["说明"]) == (chosen, why)
