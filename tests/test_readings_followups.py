"""Second consequences and the months that count, through `kaohe`: P1-12's 附加处理 reaches
待处理, P1-05 is the seed's clause, and whether a 取消资格 month counts toward the three
未达标 months (取消资格月计入未达标) both ways. Expected values by hand from docs/rules.md."""

from __future__ import annotations

import pytest
from book_helpers import sheet_values, table
from readings_helpers import (
    book_with,
    month_people,
    month_sheet,
    months_of,
    quarter_run,
    set_rule,
    set_setting,
)

from kaohe_excel.officebook import names as N


@pytest.mark.parametrize(("action", "basis"), [
    ("建议有关部门追究责任", "P1-12 造成严重社会影响或较大经济损失；建议有关部门追究责任"),
    (None, "P1-12 造成严重社会影响或较大经济损失"),  # the office cleared the 附加处理 cell
])
def test_p1_12_carries_its_second_consequence_into_the_follow_ups(tmp_path, capsys, action,
                                                                   basis):
    book = book_with(tmp_path, ["A", "B"], ["2026-11"], [("2026-11-12", "A", "P1-12")])
    if action is None:
        set_rule(book, "P1-12", "附加处理", None)
    assert month_people(capsys, book, "2026-11")["A"]["状态"] == "退回派出单位"
    rows = month_sheet(book, "2026-11", "待处理", "处理")
    assert [(r["处理"], r["编号"], r["依据"]) for r in rows] == [("退回派出单位", "A", basis)]


def test_p1_05_is_the_seeds_clause_not_every_dress_problem(tmp_path):
    book = book_with(tmp_path, ["A"], ["2026-11"])
    rules = {row[0]: row for row in sheet_values(book, N.RULES)}
    assert rules["P1-05"][3] == "穿拖鞋或后跟无攀凉鞋的行为纠正后仍不改正"
    assert rules["P1-05"][4] == "取消资格"


def _two_below_then_disqualified(tmp_path):  # type: ignore[no-untyped-def]
    """A: October and November at 60.0 (P1-02 ×2 −20, P4-05 ×2 −20), December 取消资格 (P1-09)."""
    events = [(f"2026-{m}-10", "A", code, 2) for m in ("10", "11") for code in ("P1-02", "P4-05")]
    events.append(("2026-12-10", "A", "P1-09"))
    return book_with(tmp_path, ["A", "B"], months_of("2026-10", 3), events)


def test_a_disqualified_month_is_not_a_below_standard_month_by_default(tmp_path, capsys):
    book = _two_below_then_disqualified(tmp_path)
    assert month_people(capsys, book, "2026-10")["A"]["得分"] == 60
    assert month_people(capsys, book, "2026-12")["A"]["状态"] == "取消资格"
    path = quarter_run(capsys, book, "2026Q4")
    follow_ups = table(path, "待处理", "处理")
    assert follow_ups.rows == []
    assert follow_ups.title[1][0].endswith(
        "；月度未达标次数不计取消资格的月份（设置“取消资格月计入未达标”为 否）")
    month = table(book.with_name("月度考评结果_2026-12_公示稿.xlsx"), "待处理", "处理")
    assert month.title[1][0].endswith("不计取消资格的月份（设置“取消资格月计入未达标”为 否）")


def test_a_disqualified_month_counts_when_the_office_reads_it_so(tmp_path, capsys):
    book = _two_below_then_disqualified(tmp_path)
    set_setting(book, "取消资格月计入未达标", "是")
    path = quarter_run(capsys, book, "2026Q4")
    follow_ups = table(path, "待处理", "处理")
    assert [(r["处理"], r["工号"], r["期间"], r["依据"]) for r in follow_ups.records()] == [
        ("通报批评", "A", "2026-12", "第 3 次月度考评未达标（10月、11月、12月取消资格）"),
    ]
    assert follow_ups.title[1][0].endswith(
        "；月度未达标次数计入取消资格的月份（设置“取消资格月计入未达标”为 是）")
