"""The demo center (`kaohe init --demo`): built and scored through the CLI, read back from the
files, and checked for a believable spread; plus the generator's own consistency and determinism.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from kaohe_excel.cli.main import main
from kaohe_excel.core.periods import Month
from kaohe_excel.core.words import Grade, Post, Status, Subject
from kaohe_excel.core.workdays import WorkCalendar
from kaohe_excel.officebook import names as N
from kaohe_excel.officebook.demo import demo_book_data, weekdays
from kaohe_excel.reports import names as R

MONTH = Month(2026, 11)


def _table(ws, first_header: str) -> list[dict[str, object]]:
    """The records below the header row (the first row whose column A is `first_header`)."""
    rows = ws.iter_rows(values_only=True)
    for row in rows:
        if row and row[0] == first_header:
            headers = [h for h in row if h is not None]
            break
    else:
        raise AssertionError(f"{ws.title}: no header row starting with {first_header}")
    return [dict(zip(headers, r, strict=False)) for r in rows
            if any(v not in (None, "") for v in r)]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, list[dict[str, object]]]:
    folder = tmp_path_factory.mktemp("demo")
    book = folder / "考核工作簿.xlsx"
    assert main(["init", str(book), "--demo", "--month", "2026-11"]) == 0
    assert main(["month", str(book), "--month", "2026-11"]) == 0
    results = [p for p in folder.glob("*.xlsx") if p != book]
    assert len(results) == 1, results
    tables = {}
    wb = openpyxl.load_workbook(book, read_only=True)
    tables["ledger"] = _table(wb[N.LEDGER], N.LEDGER_HEADERS[0])
    wb.close()
    wb = openpyxl.load_workbook(results[0], read_only=True)
    for key, sheet, first in (("people", R.R_PEOPLE, "排名"), ("windows", R.R_WINDOWS, "排名"),
                              ("detail", R.R_DETAIL, "对象"), ("warnings", R.R_WARNINGS, "类型")):
        tables[key] = _table(wb[sheet], first)
    wb.close()
    return tables


def _lines(demo, code: str) -> list[dict[str, object]]:
    return [r for r in demo["detail"] if r["规则编码"] == code]


def test_demo_center_has_the_size_of_a_real_center(demo):
    assert 10 <= len(demo["windows"]) <= 14
    assert 50 <= len(demo["people"]) <= 70
    assert 200 <= len(demo["ledger"]) <= 600


def test_demo_scores_have_a_believable_spread(demo):
    statuses = Counter(r["状态"] for r in demo["people"])
    assert statuses[Status.DISQUALIFIED] >= 1
    scores = [r["得分"] for r in demo["people"] if r["状态"] == Status.RATED]
    assert all(isinstance(s, (int, float)) for s in scores)
    assert sum(s > 100 for s in scores) >= 3
    assert sum(85 <= s <= 100 for s in scores) >= 0.7 * len(scores)
    assert min(scores) >= 70  # weak staff lose points, but nobody fails the month
    grades = Counter(r["等级"] for r in demo["people"] if r["状态"] == Status.RATED)
    assert grades[Grade.ABOVE] >= 3 and grades[Grade.MET] > len(scores) // 2


def test_demo_shows_the_window_rules(demo):
    green = _lines(demo, "WB-05")
    assert len(green) == 1
    assert green[0]["对象"] == Subject.WINDOW
    assert green[0]["数量"] == 3 and green[0]["分值"] == 3  # 3 × 1.5 capped at 3
    assert "上限" in green[0]["计分说明"]
    assert [r["对象"] for r in _lines(demo, "WD-09")] == [Subject.WINDOW]
    assert _lines(demo, "WB-06") and _lines(demo, "WB-07")
    assert all(r["分值"] == 0.5 for r in _lines(demo, "WB-06"))
    assert all(r["分值"] == 1 for r in _lines(demo, "WB-07"))


def test_demo_shows_the_person_rules(demo):
    assert any(r["分值"] == -10 for r in _lines(demo, "P3-04"))
    assert any(r["分值"] == -10 for r in _lines(demo, "P3-11"))
    assert _lines(demo, "B-15")
    (manual,) = _lines(demo, "X-01")
    assert manual["分值"] == 1
    (publicity,) = _lines(demo, "B-02")  # B-01 and B-02 for the same 事项 count once
    assert "不重复" in publicity["计分说明"] and publicity["分值"] == 2
    assert not _lines(demo, "B-01")
    assert any(r["分值"] == 0 and "取消" in str(r["计分说明"]) for r in _lines(demo, "P1-09"))
    assert any("取消资格" in str(r["计分说明"]) for r in _lines(demo, "P3-01"))


def test_demo_flags_the_zero_case_person(demo):
    kinds = [r["类型"] for r in demo["warnings"]]
    assert kinds.count("待核实零办件") == 1


def test_same_seed_same_book_other_seed_other_book():
    first = demo_book_data(MONTH)
    assert demo_book_data(MONTH, seed=2026) == first
    other = demo_book_data(MONTH, seed=7)
    assert other != first
    assert other.people != first.people and other.ledger != first.ledger


@pytest.mark.parametrize(("month", "seed"), [(MONTH, 2026), (Month(2027, 2), 1), (Month(2026, 5), 99)])
def test_demo_book_is_consistent(month: Month, seed: int):
    data = demo_book_data(month, seed)
    assert data.center_name and data.center_name.startswith("XX")
    people = [dict(zip(N.PEOPLE_HEADERS, r, strict=True)) for r in data.people]
    windows = [dict(zip(N.WINDOWS_HEADERS, r, strict=True)) for r in data.windows]
    ids = [p["工号"] for p in people]
    assert len(set(ids)) == len(ids) and all(str(i).isdigit() and len(str(i)) == 7 for i in ids)
    names = [p["姓名"] for p in people]
    assert len(set(names)) == len(names) and all(2 <= len(str(n)) <= 3 for n in names)
    assert all(str(r["邮箱"]).endswith(".example.gov.cn") for r in people + windows)
    active = [p for p in people
              if p["离开日期"] is None or p["离开日期"] >= month.first_day]
    for w in windows:
        staff = [p for p in active if p["窗口编号"] == w["窗口编号"]]
        heads = [p for p in staff if p["岗位"] == Post.HEAD]
        assert len(heads) == 1 and heads[0]["姓名"] == w["工作区长"], w
        assert all(p["派出单位"] == w["派出单位"] for p in staff)
    joined_mid_month = [p for p in active if month.contains(p["入驻日期"])]
    assert len(joined_mid_month) == 1

    attendance = {r[1]: dict(zip(N.ATTENDANCE_HEADERS, r, strict=True)) for r in data.attendance}
    assert set(attendance) == {p["工号"] for p in active}
    full_month = len(weekdays(month))
    for p in active:
        a = attendance[p["工号"]]
        days = Decimal(str(a["法定工作日"]))
        expected = len(weekdays(month, p["入驻日期"]))
        assert days == (expected if month.contains(p["入驻日期"]) else full_month)
        leave = Decimal(str(a["批准请假天数"]))
        assert Decimal(str(a["出勤天数"])) + leave == days
        unreplaced = sum(Decimal(str(a[h])) for h in N.ATTENDANCE_HEADERS[5:8])
        assert unreplaced <= leave and Decimal(str(a["单位指派和休干部假天数"])) <= leave
    assert sum(a["办件数"] == 0 for a in attendance.values()) == 1

    ledger = [dict(zip(N.LEDGER_HEADERS, r, strict=True)) for r in data.ledger]
    dates = [r["日期"] for r in ledger]
    assert dates == sorted(dates)
    assert all(isinstance(d, dt.date) and month.contains(d) and WorkCalendar().is_workday(d)
               for d in dates)  # no ordinary event on a public holiday; 调休 Saturdays count
    by_id = {p["工号"]: p for p in active}
    for r in ledger:
        if r["对象"] == Subject.PERSON:
            assert r["编号"] in by_id and r["日期"] >= by_id[r["编号"]]["入驻日期"]
        else:
            assert r["对象"] == Subject.WINDOW and r["编号"] in {w["窗口编号"] for w in windows}
        assert (r["分值"] is not None) == (r["规则编码"] in ("X-01", "WX-01"))
        assert r["说明"] and r["来源"] and r["记录人"]


def test_demo_needs_no_real_domain():
    data = demo_book_data(MONTH)
    assert not any("@" in str(cell) and "example" not in str(cell)
                   for rows in (data.people, data.windows, data.ledger) for r in rows for cell in r)


def test_cli_demo_seed_option(tmp_path: Path):
    book = tmp_path / "示例.xlsx"
    assert main(["init", str(book), "--demo", "--month", "2027-02", "--seed", "5"]) == 0
    wb = openpyxl.load_workbook(book, read_only=True)
    people = _table(wb[N.PEOPLE], N.PEOPLE_HEADERS[0])
    wb.close()
    assert [r["工号"] for r in people] == [r[0] for r in demo_book_data(Month(2027, 2), 5).people]
