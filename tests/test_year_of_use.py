"""A year of use (issue 8) on small books made here: a transfer under one 工号, ties settled
by the 考评领导小组, ranks that agree, the year's recommendation list, the guards a clerk needs
and the working-day calendar. The demo year's own stories are in test_year_of_use_demo.py.

Every expected number is written by hand from docs/rules.md and the official 2026 calendar
(国务院办公厅关于2026年部分节假日安排的通知)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from book_helpers import Book, append_rows, run, small_book, table
from period_helpers import NOV, OCT, Q4, c, finals, records

from kaohe_excel import api
from kaohe_excel.core.awards import Decision
from kaohe_excel.core.periods import Month
from kaohe_excel.core.quarter import score_quarter
from kaohe_excel.core.settings import Settings
from kaohe_excel.core.words import Award, State, Subject
from kaohe_excel.core.workdays import WorkCalendar
from kaohe_excel.core.year import score_year
from kaohe_excel.errors import DataErrors
from kaohe_excel.officebook import names as N
from kaohe_excel.selfcheck.make import default_deadline

D = Decimal
DEC = Month(2026, 12)


def _book(path: Path, data: Book, **sheets: list[tuple[object, ...]]) -> Path:
    """An office workbook made by init, filled as a clerk fills it (openpyxl), with rows for
    the extra sheets given by name (调动=…, 评选决定=…, 节假日=…)."""
    api.init_book(path)
    wb = openpyxl.load_workbook(path)
    for sheet, rows in (("人员", data.people), ("窗口", data.windows), ("台账", data.ledger),
                        ("考勤", data.attendance), *sheets.items()):
        append_rows(wb[sheet], rows)
    wb.save(path)
    return path


def _three_months() -> Book:
    """small_book's people over 2026-10 … 12 with the calendar's 法定工作日 (18, 21, 23);
    李四 (1002) moves from W01 to W02 on 2026-11-16."""
    data = small_book()
    days = {"2026-10": 18, "2026-11": 21, "2026-12": 23}
    data.attendance = [(m, pid, n, n, 0, 0, 0, 0, 0, cases)
                       for m, n in days.items()
                       for pid, cases in (("1001", 150), ("1002", 120), ("1003", 90))]
    data.ledger = [
        (dt.date(2026, 10, 13), "个人", "1002", "P1-03", 1),  # -2 in W01's month
        (dt.date(2026, 11, 17), "个人", "1002", "P1-03", 2),  # -4, now in W02
        (dt.date(2026, 12, 3), "个人", "1003", "B-07", 1),
    ]
    return data


MOVE = [("1002", "W02", dt.date(2026, 11, 16), "调整岗位")]


# --- 1. a transfer is one person ----------------------------------------------------------

def test_a_month_counts_for_the_window_the_person_was_in(tmp_path: Path):
    book = _book(tmp_path / "b.xlsx", _three_months(), 调动=MOVE)
    october, november = api.score_book(book, OCT), api.score_book(book, NOV)
    oct_windows = {w.window.id: w for w in october.windows}
    nov_windows = {w.window.id: w for w in november.windows}
    # 10月: W01 = (100 + 98) / 2 = 99; W02 = 王五 alone, 100
    assert (oct_windows["W01"].staff_counted, oct_windows["W01"].staff_mean) == (2, D(99))
    assert oct_windows["W02"].staff_counted == 1
    # 11月 (move on the 16th): 李四's 96 counts for W02: (96 + 100) / 2 = 98; W01 = 张三 alone
    assert (nov_windows["W02"].staff_counted, nov_windows["W02"].staff_mean) == (2, D(98))
    assert (nov_windows["W01"].staff_counted, nov_windows["W01"].staff_mean) == (1, D(100))
    li = next(p for p in november.people if p.person.id == "1002")
    assert (li.person.window_id, li.window_name) == ("W02", "市场监管窗口")


def test_the_quarter_and_the_year_list_the_mover_once(tmp_path: Path, capsys):
    book = _book(tmp_path / "b.xlsx", _three_months(), 调动=MOVE)
    code, _, err = run(capsys, "quarter", book, "--quarter", "2026Q4", "--allow-draft")
    assert code == 0, err
    rows = table(tmp_path / "季度考评结果_2026Q4.xlsx", "个人季度", "排名").records()
    assert [r["工号"] for r in rows].count("1002") == 1 and len(rows) == 3
    li = next(r for r in rows if r["工号"] == "1002")
    # (98 + 96 + 100) / 3 = 98.0, rated all three months across two windows
    assert (li["季度得分"], li["参评月数"], li["窗口编号"]) == (98, 3, "W02")
    assert li["说明"] == "调动：10月起在不动产登记窗口，11月起在市场监管窗口；个人成绩随本人，各月计入当月所在窗口"
    # each window's own workbook holds only its present staff
    folder = tmp_path / "季度考评结果_2026Q4_各窗口"
    (w01,) = [p for p in folder.iterdir() if "不动产登记窗口" in p.name]
    assert [r["工号"] for r in table(w01, "个人季度", "排名").records()] == ["1001"]
    code, _, err = run(capsys, "year", book, "--year", "2026", "--allow-draft")
    assert code == 0, err
    annual = table(tmp_path / "年度考评结果_2026.xlsx", "个人年度", "排名").records()
    assert [r["工号"] for r in annual].count("1002") == 1
    units = table(tmp_path / "年度考评结果_2026.xlsx", "派出单位汇总", "派出单位").by("派出单位")
    assert units["市自然资源局"]["人数"] == 2  # 李四 counted once, in his 派出单位


@pytest.mark.parametrize(("row", "cell", "message"), [
    (("1099", "W02", dt.date(2026, 11, 16)), "A2", "未知工号 1099（人员表中没有）"),
    (("1002", "W09", dt.date(2026, 11, 16)), "B2", "未知窗口编号 W09（窗口表中没有）"),
    (("1002", "W01", dt.date(2026, 11, 16)), "B2", "李四（1002）在 2026-11-16 之前已在窗口 W01"),
    (("1002", "W02", None), "C2", "缺少生效日期"),
])
def test_a_wrong_transfer_row_names_its_cell(tmp_path: Path, capsys, row, cell, message):
    book = _book(tmp_path / "b.xlsx", _three_months(), 调动=[row])
    code, out, err = run(capsys, "month", book, "--month", "2026-11")
    assert code == 2 and f"{N.TRANSFERS}!{cell}: {message}" in err  # 2: the book has problems
    assert not (tmp_path / "月度考评结果_2026-11_公示稿.xlsx").exists()


# --- 3. ties settled by the 考评领导小组 ---------------------------------------------------

def _tied_records():
    """Eleven people; the quota is ⌊11 × 18%⌋ = 1; A and B tie at the cut on everything."""
    people = {"A": [c("99", cases=10)] * 3, "B": [c("99", cases=10)] * 3}
    people.update({f"P{k}": ["90"] * 3 for k in range(9)})
    return records(Q4.months, people)


def _decide(key: str, chosen: bool, row: int = 2) -> Decision:
    return Decision(Subject.PERSON, key, chosen, "2027年1月8日领导小组会议纪要", "2026Q4",
                    N.DECISIONS, f"C{row}")


def test_an_unsettled_tie_stays_tied_and_the_year_says_so():
    recs = _tied_records()
    q = score_quarter(Q4, recs, finals(recs), Settings())
    assert [s.award for s in q.people[:2]] == [Award.TIED, Award.TIED]
    year = score_year(2026, recs, finals(recs), Settings())
    assert [(u[0], u[2].id) for u in year.unsettled] == [(Q4, "A"), (Q4, "B")]
    assert year.person_awards == {}  # a tie is not a chosen quarter


def test_a_settled_tie_is_chosen_with_the_leading_group_and_its_basis():
    recs = _tied_records()
    q = score_quarter(Q4, recs, finals(recs), Settings(), [_decide("B", True)])
    by = {s.id: s for s in q.people}
    assert by["B"].award == Award.CHOSEN and by["A"].award is None  # the quota of 1 is full
    assert by["B"].why == ("名额 1 个（参评 11 × 18% 向下取整）；季度得分 99，与 1 人并列第 1 名；"
                           "与他人季度得分、办件数、扣分均相同，处在名额线上，"
                           "领导小组决定入选先进个人（依据：2027年1月8日领导小组会议纪要）")
    assert "名额已由领导小组决定的人选占满，未入选" in by["A"].why
    year = score_year(2026, recs, finals(recs), Settings(), decisions=[_decide("B", True)])
    assert year.person_awards == {"B": 1} and year.unsettled == ()


def test_a_decision_for_someone_not_tied_names_its_row():
    recs = _tied_records()
    with pytest.raises(DataErrors) as exc:
        score_quarter(Q4, recs, finals(recs), Settings(), [_decide("P3", True, row=5)])
    assert str(exc.value) == (f"{N.DECISIONS}!C5: P3 在名额线上没有并列待定（评选结果为未入选），"
                              "不需要领导小组决定，请删除这一行")


def test_the_book_s_decision_sheet_settles_the_quarter(tmp_path: Path, capsys):
    """Two people of equal score, cases and deductions; the quota ⌊3 × 18%⌋ = 0 gives no tie,
    so a decision there is an error at its row, read from the sheet through the CLI."""
    book = _book(tmp_path / "b.xlsx", _three_months(),
                 评选决定=[("2026Q4", "个人", "1003", "入选", "领导小组会议纪要", dt.date(2027, 1, 8))])
    code, out, err = run(capsys, "quarter", book, "--quarter", "2026Q4", "--allow-draft")
    assert code == 2
    assert err[-1].startswith(f"{N.DECISIONS}!C2: 1003 在名额线上没有并列待定")
    assert not (tmp_path / "季度考评结果_2026Q4.xlsx").exists()


# --- 4. the year's recommendation list ----------------------------------------------------

def _year_records():
    """Eleven people, twelve months (quota ⌊11 × 18%⌋ = 1 a quarter): P01 is best in Q1-Q3
    (99 against P00's 98), P00 best in Q4; everybody else 90."""
    months = [Month(2026, m) for m in range(1, 13)]
    people = {f"P{k:02d}": ["90"] * 12 for k in range(2, 11)}
    people["P01"] = ["99"] * 9 + ["90"] * 3
    people["P00"] = ["98"] * 9 + ["99"] * 3
    return records(months, people)


def test_the_recommendation_list_is_the_people_chosen_in_three_quarters():
    recs = _year_records()
    year = score_year(2026, recs, finals(recs), Settings())
    assert year.person_awards == {"P01": 3, "P00": 1}
    assert [s.id for s in year.person_pool] == ["P01", "P00"]  # 年度先进: every chosen one
    assert [s.id for s in year.recommended] == ["P01"]  # at least 3 quarters (设置 default)
    fewer = score_year(2026, recs, finals(recs), Settings(recommend_min_quarters=1))
    assert [s.id for s in fewer.recommended] == ["P01", "P00"]
    nobody = score_year(2026, recs, finals(recs), Settings(recommend_min_quarters=4))
    assert nobody.recommended == () and len(nobody.person_pool) == 2


def test_the_year_sheet_shows_the_ordered_recommendation_column(tmp_path: Path):
    from kaohe_excel.reports.year import write_year_workbook

    recs = _year_records()
    states = {m: State.FINAL for m in recs}
    write_year_workbook(tmp_path / "y.xlsx", score_year(2026, recs, states, Settings()))
    rows = table(tmp_path / "y.xlsx", "年度先进", "类别").records()
    assert [(r["编号"], r["入选季度数"], r["推荐顺序"], r["说明"]) for r in rows] == [
        ("P01", 3, 1, "优秀公务员、先进个人标兵推荐人选"), ("P00", 1, None, None)]


# --- 5. ranks that agree -------------------------------------------------------------------

def test_the_explanation_names_the_table_s_rank_and_the_tie_break_order():
    people = {"A": [c("96", cases=30)] * 3, "B": [c("95.4", cases=20)] * 3,
              "C": [c("95.4", cases=40)] * 3, "X": [c("98"), c("取消资格"), c("98")],
              "D": [c("95.4", cases=30)] * 3, "E": [c("95.4", cases=10)] * 3}
    people.update({f"P{k}": ["80"] * 3 for k in range(5)})
    recs = records(Q4.months, people)
    q = score_quarter(Q4, recs, finals(recs), Settings())
    by = {s.id: s for s in q.people}
    # the table: X 98 is 1st (not eligible), A 2nd, then four share 3rd
    assert [by[k].rank for k in ("X", "A", "C", "D", "B", "E")] == [1, 2, 3, 3, 3, 3]
    assert [s.id for s in q.people[:6]] == ["X", "A", "C", "D", "B", "E"]  # by 办件数 in the tie
    assert "季度得分 96，排第 2 名（具备评选资格者中第 1 位）" in by["A"].why
    assert "季度得分 95.4，与 3 人并列第 3 名；按办件数排在其中第 3" in by["B"].why
    assert "与 3 人并列第 3 名；按办件数排在其中第 1" in by["C"].why


# --- 6-9. guards ---------------------------------------------------------------------------

def test_a_period_without_any_attendance_writes_nothing(tmp_path: Path, capsys):
    book = _book(tmp_path / "b.xlsx", _three_months())
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = run(capsys, "quarter", book, "--quarter", "2027Q1")
    assert (code, out, err) == (1, [], ["2027-01、2027-02、2027-03 都没有考勤，没有可计算的月份，未生成结果"])
    code, out, err = run(capsys, "year", book, "--year", "2027")
    assert (code, out, err) == (1, [], ["2027-01 至 2027-12 都没有考勤，没有可计算的月份，未生成结果"])
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_quarter_with_a_missing_month_says_which(tmp_path: Path, capsys):
    data = _three_months()
    data.attendance = [r for r in data.attendance if r[0] != "2026-12"]
    data.ledger = [r for r in data.ledger if r[0].month != 12]
    book = _book(tmp_path / "b.xlsx", data)
    code, out, err = run(capsys, "quarter", book, "--quarter", "2026Q4", "--allow-draft")
    assert code == 0, err
    assert out[0].endswith("；注意：2026-12 没有考勤，未计入")


def test_collect_into_a_final_month_refuses_and_merges_nothing(tmp_path: Path, capsys):
    book = _book(tmp_path / "b.xlsx", _three_months())
    assert run(capsys, "finalize", book, "--month", "2026-11")[0] == 0
    (tmp_path / "回收").mkdir()
    before = book.read_bytes()
    code, out, err = run(capsys, "selfcheck", "collect", book, "--month", "2026-11",
                         tmp_path / "回收")
    assert (code, out) == (1, [])
    assert err == ["2026-11 已审定（存档 考评结果/2026-11），自查表不能再并入台账，未做任何改动；"
                   '确需并入，请先运行 kaohe reopen b.xlsx --month 2026-11 --reason "原因"']
    assert book.read_bytes() == before


def test_a_book_open_in_excel_is_said_and_finalize_needs_force(tmp_path: Path, capsys):
    book = _book(tmp_path / "b.xlsx", _three_months())
    (tmp_path / "~$b.xlsx").write_bytes(b"owner")
    code, out, err = run(capsys, "month", book, "--month", "2026-11")
    assert code == 0
    assert err == ["注意：b.xlsx 正在 Excel 中打开：只读取磁盘上已保存的内容，未保存的修改不会计入"]
    code, out, err = run(capsys, "finalize", book, "--month", "2026-11")
    assert code == 1 and "加 --force" in err[0] and "未保存的修改不会计入" in err[0]
    assert not (tmp_path / "考评结果" / "2026-11").exists()
    code, out, err = run(capsys, "finalize", book, "--month", "2026-11", "--force")
    assert code == 0 and (tmp_path / "考评结果" / "2026-11" / "manifest.json").is_file()


def test_a_missing_book_is_one_line_everywhere(tmp_path: Path, capsys):
    book = _book(tmp_path / "b.xlsx", _three_months())
    assert run(capsys, "finalize", book, "--month", "2026-11")[0] == 0
    missing = tmp_path / "别的.xlsx"  # beside b.xlsx's archive
    for argv in (("month", missing, "--month", "2026-11"),
                 ("finalize", missing, "--month", "2026-11"),
                 ("quarter", missing, "--quarter", "2026Q4"),
                 ("year", missing, "--year", "2026"),
                 ("verify", missing)):
        code, out, err = run(capsys, *argv)
        assert (code, out, err) == (1, [], [f"找不到考核工作簿 {missing}"]), argv


def test_finalize_a_final_month_and_verify_lists_reopened_months(tmp_path: Path, capsys):
    book = _book(tmp_path / "b.xlsx", _three_months())
    assert run(capsys, "finalize", book, "--month", "2026-11")[0] == 0
    code, out, err = run(capsys, "finalize", book, "--month", "2026-11")
    today = dt.date.today().isoformat()
    assert (code, err) == (1, [f"2026-11 已审定（{today}，存档 考评结果/2026-11），无需再次审定；"
                               '确需更正，请先运行 kaohe reopen b.xlsx --month 2026-11 --reason "原因"'])
    assert run(capsys, "reopen", book, "--month", "2026-11", "--reason", "更正李四台账")[0] == 0
    assert run(capsys, "finalize", book, "--month", "2026-11")[0] == 0
    code, out, err = run(capsys, "verify", book)
    assert code == 0 and out[0] == "2026-11: 存档完好"
    assert out[1].startswith(f"2026-11: 曾于 {today} 重新打开，原因：更正李四台账，原存档 2026-11.reopened-")


# --- 10. the password never reaches a result ----------------------------------------------

def test_the_settings_sheet_of_a_result_hides_the_password(tmp_path: Path, capsys):
    book = _book(tmp_path / "b.xlsx", _three_months())
    wb = openpyxl.load_workbook(book)
    ws = wb[N.SETTINGS]
    row = next(r for r in ws.iter_rows() if r[0].value == "自查表保护密码")
    row[1].value = "Zq-7731-密"
    wb.save(book)
    assert run(capsys, "month", book, "--month", "2026-11")[0] == 0
    shown = table(tmp_path / "月度考评结果_2026-11_公示稿.xlsx", "考评设置", "项目").by("项目")
    assert shown["自查表保护密码"]["值"] == "（已设置，不显示）"


# --- 11. the calendar ----------------------------------------------------------------------

def test_working_days_follow_the_official_2026_calendar():
    cal = WorkCalendar()
    assert [len(cal.workdays(Month(2026, m))) for m in range(1, 13)] == [
        21, 16, 22, 21, 19, 21, 23, 21, 22, 18, 21, 23]  # hand-counted from the 通知
    assert cal.is_workday(dt.date(2026, 10, 10)) and not cal.is_workday(dt.date(2026, 10, 5))
    # the 3rd working day after September: 10-08, 10-09, 10-10 (a 调休 Saturday)
    assert default_deadline(Month(2026, 9)) == dt.date(2026, 10, 10)


def test_a_year_the_package_does_not_carry_uses_the_holidays_sheet(tmp_path: Path):
    cal = WorkCalendar()
    assert not cal.known(2027) and not cal.is_workday(dt.date(2027, 1, 1))  # a fixed date
    assert default_deadline(DEC) == dt.date(2027, 1, 6)  # 1-04, 1-05, 1-06
    data = _three_months()
    book = _book(tmp_path / "b.xlsx", data, 节假日=[
        (dt.date(2027, 1, 4), "放假", "假定的调整"), (dt.date(2027, 1, 9), "上班", "调休")])
    from kaohe_excel.officebook.read import read_calendar

    sheet = read_calendar(book)
    assert sheet.known(2027)
    assert default_deadline(DEC, sheet) == dt.date(2027, 1, 7)  # 1-05, 1-06, 1-07
    assert default_deadline(DEC, sheet, 5) == dt.date(2027, 1, 9)  # the 调休 Saturday


def test_attendance_that_differs_from_the_calendar_gets_a_notice(tmp_path: Path):
    data = _three_months()
    data.attendance = [(*r[:2], 22, 22, *r[4:]) if r[:2] == ("2026-10", "1003") else r
                       for r in data.attendance]
    data.people = [*data.people, ("1004", "赵六", "W02", "市市场监管局", "工作人员", None,
                                  dt.date(2026, 10, 19))]
    data.attendance += [("2026-10", "1004", 10, 10, 0, 0, 0, 0, 0, 40),  # 10-19 … 10-30
                        ("2026-11", "1004", 21, 21, 0, 0, 0, 0, 0, 40),
                        ("2026-12", "1004", 23, 23, 0, 0, 0, 0, 0, 40)]
    book = _book(tmp_path / "b.xlsx", data)
    october = api.score_book(book, OCT)
    found = [n.message for n in october.notices if n.kind == "法定工作日与日历不符"]
    assert found == ["王五（1003）填的法定工作日为 22，日历中 2026-10 的法定工作日为 18 天，请核实"]
    assert not [n for n in api.score_book(book, NOV).notices if n.kind == "法定工作日与日历不符"]
