"""取消资格范围 (当月 / 当季 / 全年) through `kaohe`: P5-01 reaches the year by default and the
month when the office says so; a reach of 当季 removes the person from the quarter's awards
even when 取消资格 months do not; P2-07's 两次 is counted over the reach. Expected values by
hand from docs/rules.md (取消资格范围; 【解读】 P5-01, P2-07)."""

from __future__ import annotations

import openpyxl
import pytest
from book_helpers import row_of, run, table
from readings_helpers import (
    book_with,
    month_people,
    month_sheet,
    months_of,
    quarter_run,
    reasons,
    set_rule,
    set_setting,
    year_run,
)

from kaohe_excel.officebook import names as N

SIX = ["A", "B", "C", "D", "E", "F"]  # 6 participants: one 先进个人 (⌊6 × 18%⌋ = 1)


def _p5_01_year(tmp_path):  # type: ignore[no-untyped-def]
    """A is the best of Q3 (+2 each month, B-13) and commits P5-01 in November."""
    events = [(f"2026-{m:02d}-10", "A", "B-13") for m in (7, 8, 9, 10, 12)]
    events.append(("2026-11-12", "A", "P5-01"))
    return book_with(tmp_path, SIX, months_of("2026-07", 6), events)


def test_p5_01_reaches_the_year_by_default(tmp_path, capsys):
    book = _p5_01_year(tmp_path)
    nov = month_people(capsys, book, "2026-11")
    assert nov["A"]["状态"] == "取消资格"
    assert nov["A"]["说明"] == ("P5-01 弄虚作假向服务对象索要锦旗或感谢信（经查证核实）"
                              "（取消资格范围全年，不参加本年度先进评选）")
    detail = [r for r in month_sheet(book, "2026-11", "明细", "对象") if r["编号"] == "A"]
    assert [(r["规则编码"], r["分值"]) for r in detail] == [("P5-01", 0)]
    assert "取消资格范围全年：不参加本年度先进评选" in detail[0]["计分说明"]

    q3 = reasons(quarter_run(capsys, book, "2026Q3"))
    assert q3["A"]["评选结果"] == "是"  # the quarter before November is not touched
    q4 = reasons(quarter_run(capsys, book, "2026Q4"))
    assert q4["A"]["评选结果"] is None
    assert q4["A"]["说明"] == ("不具备评选资格：11月P5-01 弄虚作假向服务对象索要锦旗或感谢信（经查证核实）"
                             "（取消资格范围全年，不参加本年度先进评选）")

    year = year_run(capsys, book, "2026")
    # nobody is 年度先进个人 (B…F, tied at Q4's cut, are listed as 并列待定 until settled)
    assert [r["编号"] for r in table(year, "年度先进", "类别").records()
            if r["类别"] == "年度先进个人"] == []
    people = table(year, "个人年度", "排名").by("工号")
    assert people["A"]["先进个人次数"] == 1
    assert people["A"]["说明"].endswith("（取消资格范围全年，不参加本年度先进评选），不列入年度先进")


def test_p5_01_set_to_the_month_keeps_the_year(tmp_path, capsys):
    book = _p5_01_year(tmp_path)
    set_rule(book, "P5-01", "取消资格范围", "当月")
    nov = month_people(capsys, book, "2026-11")
    assert nov["A"]["说明"] == "P5-01 弄虚作假向服务对象索要锦旗或感谢信（经查证核实）"
    q4 = reasons(quarter_run(capsys, book, "2026Q4"))
    assert q4["A"]["说明"] == "不具备评选资格：11月取消资格"  # the month's own 取消资格
    year = year_run(capsys, book, "2026")
    pool = [r for r in table(year, "年度先进", "类别").records() if r["类别"] == "年度先进个人"]
    assert [(r["类别"], r["编号"], r["入选季度数"]) for r in pool] == [("年度先进个人", "A", 1)]
    assert table(year, "个人年度", "排名").by("工号")["A"]["说明"] is None


@pytest.mark.parametrize(("reach", "chosen"), [("当月", "是"), ("当季", None), ("全年", None)])
def test_a_reach_past_the_month_bars_the_quarter_even_when_dq_months_do_not(
        tmp_path, capsys, reach, chosen):
    # the office lets a 取消资格 month pass (季度评选排除取消资格月份 = 否): A's quarter is the
    # mean of October and December, 102.0, above everyone's 100.0
    events = [("2026-10-10", "A", "B-13"), ("2026-11-12", "A", "P5-01"),
              ("2026-12-10", "A", "B-13")]
    book = book_with(tmp_path, SIX, months_of("2026-10", 3), events)
    set_setting(book, "季度评选排除取消资格月份", "否")
    set_rule(book, "P5-01", "取消资格范围", reach)
    why = reasons(quarter_run(capsys, book, "2026Q4"))
    assert why["A"]["季度得分"] == 102
    assert why["A"]["评选结果"] == chosen
    if chosen:
        assert why["A"]["说明"] == "名额 1 个（参评 6 × 18% 向下取整）；季度得分 102，排第 1 名，入选先进个人"
        assert why["B"]["评选结果"] is None
    else:
        period = {"当季": "本季度", "全年": "本年度"}[reach]
        assert why["A"]["说明"] == (
            "不具备评选资格：11月P5-01 弄虚作假向服务对象索要锦旗或感谢信（经查证核实）"
            f"（取消资格范围{reach}，不参加{period}先进评选）")
        # the quota goes to the others, all at 100.0 with the same cases and deductions
        assert {why[p]["评选结果"] for p in SIX[1:]} == {"并列待定"}


@pytest.mark.parametrize(("reach", "status"), [("当月", "参评"), ("当季", "取消资格"),
                                               ("全年", "取消资格")])
def test_p2_07_twice_in_two_months_of_a_quarter(tmp_path, capsys, reach, status):
    events = [("2026-10-09", "A", "P2-07"), ("2026-11-10", "A", "P2-07")]
    book = book_with(tmp_path, SIX, months_of("2026-10", 2), events)
    if reach != "当月":
        set_rule(book, "P2-07", "取消资格范围", reach)
    assert month_people(capsys, book, "2026-10")["A"]["状态"] == "参评"  # once so far
    nov = month_people(capsys, book, "2026-11")["A"]
    assert nov["状态"] == status
    if status == "参评":
        assert nov["得分"] == 95
    else:
        period = {"当季": "本季度", "全年": "本年度"}[reach]
        assert nov["说明"] == (f"P2-07 {period}累计 2 次（本月 1 次），达到 2 次取消资格"
                             f"（取消资格范围{reach}，不参加{period}先进评选）")
    # the month's points are computed and shown either way
    detail = [r for r in month_sheet(book, "2026-11", "明细", "对象") if r["编号"] == "A"]
    assert [(r["规则编码"], r["数量"], r["分值"]) for r in detail] == [("P2-07", 1, -5)]


@pytest.mark.parametrize(("reach", "status"), [("当季", "参评"), ("全年", "取消资格")])
def test_the_count_over_a_quarter_starts_again_but_over_the_year_goes_on(
        tmp_path, capsys, reach, status):
    events = [("2026-09-09", "A", "P2-07"), ("2026-10-10", "A", "P2-07")]
    book = book_with(tmp_path, SIX, months_of("2026-09", 2), events)
    set_rule(book, "P2-07", "取消资格范围", reach)
    assert month_people(capsys, book, "2026-10")["A"]["状态"] == status


def test_a_count_over_the_year_does_not_reach_into_the_next_year(tmp_path, capsys):
    events = [("2026-12-09", "A", "P2-07"), ("2027-01-11", "A", "P2-07")]
    book = book_with(tmp_path, SIX, months_of("2026-12", 2), events)
    set_rule(book, "P2-07", "取消资格范围", "全年")
    assert month_people(capsys, book, "2027-01")["A"]["状态"] == "参评"


@pytest.mark.parametrize(("code", "value", "message"), [
    ("P5-01", "半年", "取消资格范围应为 当月、当季 或 全年，而不是 '半年'"),
    ("P1-03", "当季", "取消资格范围为当季的按次规则须填写取消资格数量（累计多少次取消资格）"),
    ("P3-01", "当月", "计分方式为阶梯的规则不使用取消资格范围，请清空"),
])
def test_a_bad_reach_cell_is_reported_at_its_cell(tmp_path, capsys, code, value, message):
    book = book_with(tmp_path, SIX, ["2026-11"])
    set_rule(book, code, "取消资格范围", value)
    status, out, err = run(capsys, "month", book, "--month", "2026-11")
    assert status == 2, err  # the book has problems
    assert f"规则!N{row_of(book, N.RULES, code)}: {message}" in err + out


def test_a_book_made_before_the_reach_column_reads_every_rule_as_the_month(tmp_path, capsys):
    book = book_with(tmp_path, SIX, ["2026-11"], [("2026-11-12", "A", "P5-01")])
    wb = openpyxl.load_workbook(book)
    ws = wb[N.RULES]
    assert ws.cell(row=1, column=14).value == "取消资格范围"
    ws.delete_cols(14)
    wb.save(book)
    nov = month_people(capsys, book, "2026-11")
    assert nov["A"]["说明"] == "P5-01 弄虚作假向服务对象索要锦旗或感谢信（经查证核实）"
