"""finalize / reopen / verify / quarter / year through the `kaohe` CLI, as a user runs them,
on a three-month office workbook (tests/period_helpers.py: `make_book`), including a finalize
killed halfway in a subprocess.

The scores of the book, worked by hand from docs/rules.md:

    工号  window  10月     11月      12月    quarter (mean, half up)        rank  grade
    1001  W01     95.0    100.0     98.0    293 / 3 = 97.67 → 97.7          6    达标
    1002  W01     100.0   100.0     100.1   300.1 / 3 = 100.03 → 100.0      3    达标
    1003  W02     100.5   100.0     100.0   300.5 / 3 = 100.17 → 100.2      2    超标  先进个人
    1004  W02     102.0   取消资格  102.0   204 / 2 = 102.0 (not a candidate) 1  超标
    1005  W03     98.0    95.0      100.0   97.7                            6    达标
    1006  W04     65.0    100.0     100.0   265 / 3 = 88.33 → 88.3 (10月 未达标) 9 达标
    1007  W05     —       100.0     100.0   100.0 (joined in 11月)           3    达标
    1008  W06     100.0   100.0     100.0   100.0                           3    达标
    1009  W07     100.0   100.0     90.0    290 / 3 = 96.67 → 96.7          8    达标
  9 participants → ⌊9 × 18 %⌋ = 1: the best candidate is 1003.

    window  10月                     11月             12月                      quarter
    W01     (95.0 + 100.0)/2 = 97.50  100.00          (98.0 + 100.1)/2 = 99.05  296.55/3 = 98.85
    W02     (100.5 + 102)/2 = 101.25  100.00 (1004 DQ) (100 + 102)/2 = 101.00   302.25/3 = 100.75
    W03     98.00                     95.00           100.00                    97.67
    W04     65.00                     100.00          100.00                    88.33 (10月 未达标)
    W05     无参评人员                100.00          100.00                    100.00
    W06     100 + 2 (WB-04) = 102.00  100.00          100.00                    100.67
    W07     100.00                    取消资格 (WD-07) 90.00                    95.00
  7 participants → ⌊7 × 15 %⌋ = 1: the best candidate is W02.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import openpyxl
import pytest
from book_helpers import edit, row_of, run, sha256, sheet_values, table
from period_helpers import charts_of_sheet, make_book, read_json

from kaohe_excel import api
from kaohe_excel.archive import store as archive
from kaohe_excel.officebook.book_data import BookData

ARCHIVE = "考评结果"
COPY = "考核工作簿_审定时.xlsx"
RESULT = "月度考评结果_{}_审定.xlsx"
QUARTER_FILE = "季度考评结果_2026Q4.xlsx"
YEAR_FILE = "年度考评结果_2026.xlsx"
MONTHS = ("2026-10", "2026-11", "2026-12")


@pytest.fixture
def book(tmp_path) -> Path:
    return make_book(tmp_path)


def finalize(capsys, book: Path, *months: str) -> None:
    for m in months:
        code, out, err = run(capsys, "finalize", book, "--month", m)
        assert code == 0, err
        assert err == []


def month_scores(path: Path) -> dict[str, object]:
    """工号 → 得分 of the 个人排名 sheet of a monthly result workbook."""
    return {r["工号"]: r["得分"] for r in table(path, "个人排名", "排名").records()}


# --- finalize ----------------------------------------------------------------------------

def test_finalize_archives_the_month(book, capsys):
    before = sha256(book)
    code, out, err = run(capsys, "finalize", book, "--month", "2026-10")
    assert code == 0
    assert err == []
    folder = book.parent / ARCHIVE / "2026-10"
    assert folder.is_dir()
    assert len(out) == 1 and "2026-10" in out[0]
    assert {p.name for p in folder.iterdir()} == {
        COPY, RESULT.format("2026-10"), "results.json", "manifest.json"}
    # the book itself is not touched; the archived copy is the book as it was scored
    assert sha256(book) == before
    assert sha256(folder / COPY) == before
    # the result workbook is the 审定 one, with the hand-computed scores
    result = folder / RESULT.format("2026-10")
    title = sheet_values(result, "个人排名")[0][0]
    assert isinstance(title, str) and title.endswith("（审定稿）")
    assert month_scores(result) == {
        "1001": 95.0, "1002": 100.0, "1003": 100.5, "1004": 102.0, "1005": 98.0,
        "1006": 65.0, "1008": 100.0, "1009": 100.0,
    }
    # results.json: the final record of the month
    record = read_json(folder / "results.json")
    assert record["month"] == "2026-10"
    assert record["state"] == "final"
    scores = {p["id"]: p["score"] for p in record["people"]}
    assert scores == {"1001": "95.0", "1002": "100.0", "1003": "100.5", "1004": "102.0",
                      "1005": "98.0", "1006": "65.0", "1008": "100.0", "1009": "100.0"}
    windows = {w["id"]: (w["status"], w["score"]) for w in record["windows"]}
    assert windows["W01"] == ("参评", "97.50")
    assert windows["W05"] == ("无参评人员", None)
    assert windows["W06"] == ("参评", "102.00")
    # manifest.json: a SHA-256 of every other file, the month, the state, when
    manifest = read_json(folder / "manifest.json")
    assert manifest["month"] == "2026-10"
    assert manifest["state"] == "final"
    assert manifest["files"] == {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in (COPY, RESULT.format("2026-10"), "results.json")}
    assert manifest["previous"] == []
    dt.datetime.fromisoformat(manifest["finalized_at"])
    # nothing half-built is left behind
    assert [p.name for p in (book.parent / ARCHIVE).iterdir()] == ["2026-10"]
    code, out, err = run(capsys, "verify", book)
    assert code == 0
    assert out == ["2026-10: 存档完好"]


def test_month_refuses_a_final_month(book, capsys):
    finalize(capsys, book, "2026-10")
    draft = book.parent / "月度考评结果_2026-10_公示稿.xlsx"
    code, out, err = run(capsys, "month", book, "--month", "2026-10")
    assert code != 0
    assert out == []
    assert len(err) == 1
    assert "2026-10" in err[0] and "已审定" in err[0] and "reopen" in err[0]
    assert not draft.exists()
    # however the month is typed
    for typed in ("2026年10月", "202610"):
        code, out, err = run(capsys, "month", book, "--month", typed)
        assert code != 0 and len(err) == 1 and "已审定" in err[0]
    assert not draft.exists()
    # other months are still scored as usual
    code, out, err = run(capsys, "month", book, "--month", "2026-11")
    assert code == 0, err


def test_finalize_twice_refuses_and_keeps_the_archive(book, capsys):
    finalize(capsys, book, "2026-10")
    folder = book.parent / ARCHIVE / "2026-10"
    digests = {p.name: sha256(p) for p in folder.iterdir()}
    code, out, err = run(capsys, "finalize", book, "--month", "2026-10")
    assert code != 0
    assert len(err) == 1 and "已审定" in err[0]
    assert {p.name: sha256(p) for p in folder.iterdir()} == digests
    assert [p.name for p in (book.parent / ARCHIVE).iterdir()] == ["2026-10"]


# --- reopen --------------------------------------------------------------------------------

def test_reopen_keeps_the_previous_state_and_scoring_works_again(book, capsys):
    finalize(capsys, book, "2026-10")
    code, out, err = run(capsys, "reopen", book, "--month", "2026-10",
                         "--reason", "1001 的 P1-01 登记错误")
    assert code == 0, err
    root = book.parent / ARCHIVE
    assert not (root / "2026-10").exists()
    kept = [p for p in root.iterdir() if p.name.startswith("2026-10.reopened-")]
    assert len(kept) == 1
    info = read_json(kept[0] / "reopen.json")
    assert info["reason"] == "1001 的 P1-01 登记错误"
    dt.datetime.fromisoformat(info["reopened_at"])
    # the previous result is kept as it was
    assert read_json(kept[0] / "results.json")["people"][0]["id"] == "1001"
    assert {p["id"]: p["score"] for p in read_json(kept[0] / "results.json")["people"]
            }["1001"] == "95.0"
    assert (kept[0] / RESULT.format("2026-10")).is_file()

    # scoring works again
    code, out, err = run(capsys, "month", book, "--month", "2026-10")
    assert code == 0, err
    # the clerk removes the wrong ledger row (1001, P1-01 on 2026-10-08) and finalizes again
    wb = openpyxl.load_workbook(book)
    ws = wb["台账"]
    rows = [r for r in range(2, ws.max_row + 1)
            if ws.cell(r, 3).value == "1001" and ws.cell(r, 4).value == "P1-01"]
    assert len(rows) == 1
    ws.delete_rows(rows[0])
    wb.save(book)
    finalize(capsys, book, "2026-10")
    folder = root / "2026-10"
    record = read_json(folder / "results.json")
    assert {p["id"]: p["score"] for p in record["people"]}["1001"] == "100.0"
    manifest = read_json(folder / "manifest.json")
    assert len(manifest["previous"]) == 1
    previous = manifest["previous"][0]
    assert previous["folder"] == kept[0].name
    assert previous["reason"] == "1001 的 P1-01 登记错误"
    assert previous["reopened_at"] == info["reopened_at"]
    code, out, err = run(capsys, "verify", book)
    assert code == 0


def test_reopen_needs_a_final_month_and_a_reason(book, capsys):
    code, out, err = run(capsys, "reopen", book, "--month", "2026-10", "--reason", "补录")
    assert code != 0
    assert len(err) == 1 and "2026-10" in err[0]
    finalize(capsys, book, "2026-10")
    code, out, err = run(capsys, "reopen", book, "--month", "2026-10", "--reason", "  ")
    assert code != 0
    assert len(err) == 1
    assert (book.parent / ARCHIVE / "2026-10" / "manifest.json").is_file()


def test_two_reopens_in_the_same_second_keep_both_previous_states(book, capsys, monkeypatch):
    # the clock does not move between the two re-opens (a script, or a fast clerk)
    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return cls(2026, 12, 5, 9, 30, 0)

    monkeypatch.setattr(archive, "dt", types.SimpleNamespace(datetime=Frozen))
    finalize(capsys, book, "2026-10")
    code, out, err = run(capsys, "reopen", book, "--month", "2026-10", "--reason", "第一次")
    assert code == 0, err
    finalize(capsys, book, "2026-10")
    code, out, err = run(capsys, "reopen", book, "--month", "2026-10", "--reason", "第二次")
    assert code == 0, err
    root = book.parent / ARCHIVE
    kept = sorted(p for p in root.iterdir() if p.name.startswith("2026-10.reopened-"))
    assert [read_json(p / "reopen.json")["reason"] for p in kept] == ["第一次", "第二次"]
    finalize(capsys, book, "2026-10")
    previous = read_json(root / "2026-10" / "manifest.json")["previous"]
    assert [p["reason"] for p in previous] == ["第一次", "第二次"]


# --- tampering -------------------------------------------------------------------------

def test_tampered_result_file_is_detected(book, capsys):
    finalize(capsys, book, *MONTHS)
    code, out, err = run(capsys, "verify", book)
    assert code == 0
    assert out == ["2026-10: 存档完好", "2026-11: 存档完好", "2026-12: 存档完好"]

    result = book.parent / ARCHIVE / "2026-10" / RESULT.format("2026-10")
    with open(result, "ab") as f:
        f.write(b"\0")
    code, out, err = run(capsys, "verify", book)
    assert code == 3
    assert "2026-10: 1 处问题" in out
    assert "2026-11: 存档完好" in out
    assert any(RESULT.format("2026-10") in line for line in err)

    code, out, err = run(capsys, "quarter", book, "--quarter", "2026Q4")
    assert code != 0
    text = "\n".join(err)
    assert "2026-10" in text and RESULT.format("2026-10") in text
    assert "Traceback" not in text
    assert not (book.parent / QUARTER_FILE).exists()
    # --allow-draft does not make a tampered final month usable
    code, out, err = run(capsys, "quarter", book, "--quarter", "2026Q4", "--allow-draft")
    assert code != 0
    assert not (book.parent / QUARTER_FILE).exists()


def test_tampered_results_json_and_added_file_are_detected(book, capsys):
    finalize(capsys, book, "2026-11")
    folder = book.parent / ARCHIVE / "2026-11"
    record = folder / "results.json"
    record.write_text(record.read_text(encoding="utf-8").replace('"95.0"', '"99.0"'),
                      encoding="utf-8")
    (folder / "备注.txt").write_text("x", encoding="utf-8")
    code, out, err = run(capsys, "verify", book)
    assert code == 3
    assert any("results.json" in line for line in err)
    assert any("备注.txt" in line for line in err)


# --- quarter --------------------------------------------------------------------------------

PERSON_HEADERS = ["排名", "工号", "姓名", "窗口编号", "窗口名称", "季度得分", "季度办件数", "等级",
                  "参评月数", "先进个人"]
WINDOW_HEADERS = ["排名", "窗口编号", "窗口名称", "季度得分", "季度办件数", "等级", "参评月数",
                  "红旗窗口"]
QUARTER_SHEETS = ("个人季度", "窗口季度", "评选说明", "待处理")


def test_quarter_refuses_while_a_month_is_not_final(book, capsys):
    finalize(capsys, book, "2026-10", "2026-11")
    code, out, err = run(capsys, "quarter", book, "--quarter", "2026Q4")
    assert code != 0
    assert len(err) == 1
    assert "2026-12" in err[0]
    assert "2026-10" not in err[0] and "2026-11" not in err[0]
    assert not (book.parent / QUARTER_FILE).exists()


def test_quarter_with_draft_months_says_so_on_every_sheet(book, capsys):
    finalize(capsys, book, "2026-10", "2026-11")
    code, out, err = run(capsys, "quarter", book, "--quarter", "2026Q4", "--allow-draft")
    assert code == 0, err
    path = book.parent / QUARTER_FILE
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        subtitle = ws["A2"].value
        assert isinstance(subtitle, str), ws.title
        assert "公示稿" in subtitle and "未审定" in subtitle, ws.title
        assert "12月" in subtitle, ws.title
    # the draft December is scored from the book: the same hand-computed results
    people = table(path, "个人季度", "排名").by("工号")
    assert people["1003"]["季度得分"] == 100.2
    assert people["1003"]["先进个人"] == "是"


def test_quarter_workbook(book, capsys):
    finalize(capsys, book, *MONTHS)
    code, out, err = run(capsys, "quarter", book, "--quarter", "2026Q4")
    assert code == 0, err
    path = book.parent / QUARTER_FILE
    assert path.is_file()
    wb = openpyxl.load_workbook(path)
    assert set(QUARTER_SHEETS) <= set(wb.sheetnames)
    for ws in wb.worksheets:
        assert "公示稿" not in (ws["A2"].value or ""), ws.title

    people = table(path, "个人季度", "排名")
    assert people.header[:len(PERSON_HEADERS)] == PERSON_HEADERS
    got = {r["工号"]: (r["排名"], r["季度得分"], r["等级"], r["参评月数"], r["先进个人"])
           for r in people.records()}
    assert got == {
        "1004": (1, 102.0, "超标", 2, None),
        "1003": (2, 100.2, "超标", 3, "是"),
        "1002": (3, 100.0, "达标", 3, None),
        "1007": (3, 100.0, "达标", 2, None),
        "1008": (3, 100.0, "达标", 3, None),
        "1001": (6, 97.7, "达标", 3, None),
        "1005": (6, 97.7, "达标", 3, None),
        "1009": (8, 96.7, "达标", 3, None),
        "1006": (9, 88.3, "达标", 3, None),
    }
    assert [r["工号"] for r in people.records()][:2] == ["1004", "1003"]
    assert people.by("工号")["1001"]["窗口编号"] == "W01"
    assert people.by("工号")["1001"]["姓名"] == "张一"
    assert "名额 1" in people.title[1][0]

    windows = table(path, "窗口季度", "排名")
    assert windows.header[:len(WINDOW_HEADERS)] == WINDOW_HEADERS
    got = {r["窗口编号"]: (r["排名"], r["季度得分"], r["等级"], r["参评月数"], r["红旗窗口"])
           for r in windows.records()}
    assert got == {
        "W02": (1, 100.75, "超标", 3, "是"),
        "W06": (2, 100.67, "超标", 3, None),
        "W05": (3, 100.0, "达标", 2, None),
        "W01": (4, 98.85, "达标", 3, None),
        "W03": (5, 97.67, "达标", 3, None),
        "W07": (6, 95.0, "达标", 2, None),
        "W04": (7, 88.33, "达标", 3, None),
    }
    assert windows.by("窗口编号")["W02"]["窗口名称"] == "市场监管窗口"

    # the chart: each window's three monthly scores
    charts = charts_of_sheet(path, "窗口季度")
    assert len(charts) == 1
    assert charts[0].count("<c:ser>") == 3
    assert all(label in charts[0] for label in ("10月", "11月", "12月"))

    # 评选说明: a reason for everyone
    why = table(path, "评选说明", "对象")
    rows = {(r["对象"], r["编号"]): r for r in why.records()}
    assert len(rows) == 9 + 7
    assert all(r["说明"] for r in rows.values())
    assert rows[("个人", "1003")]["评选结果"] == "是"
    assert "11月" in rows[("个人", "1004")]["说明"]
    assert "取消资格" in rows[("个人", "1004")]["说明"]
    assert "10月" in rows[("个人", "1006")]["说明"] and "未达标" in rows[("个人", "1006")]["说明"]
    assert "10月" in rows[("个人", "1007")]["说明"]
    assert rows[("窗口", "W02")]["评选结果"] == "是"
    assert "11月" in rows[("窗口", "W07")]["说明"] and "取消资格" in rows[("窗口", "W07")]["说明"]
    assert "10月" in rows[("窗口", "W05")]["说明"]
    assert "未达标" in rows[("窗口", "W04")]["说明"]
    # the chosen come first
    assert [r["编号"] for r in why.records() if r["对象"] == "个人"][0] == "1003"

    # 待处理: 1009's P5-05 in 12月
    todo = table(path, "待处理", "处理").records()
    assert [(r["处理"], r["工号"], r["窗口编号"], r["派出单位"], r["期间"]) for r in todo] == [
        ("通报批评", "1009", "W07", "单位丙", "2026-12")]
    assert "P5-05" in todo[0]["依据"]


def failing_book(directory: Path) -> Path:
    """One person, 2001 on W01, scored 2026-07 … 2026-12 by manual X-01 rows:

        7月 60.0  8月 74.0  9月 74.0   Q3 = 208 / 3 = 69.33 → 69.3 未达标 (1st)
        10月 60.0 11月 74.0 12月 65.0  Q4 = 199 / 3 = 66.33 → 66.3 未达标 (2nd) → 退回原单位
        未达标 months: 7月, 10月, 12月 → the 3rd in 12月 → 通报批评 (2026-12)
    """
    points = {7: -40, 8: -26, 9: -26, 10: -40, 11: -26, 12: -35}
    data = BookData(
        windows=[("W01", "不动产登记窗口", "单位甲", "张一", "w01@example.cn")],
        people=[("2001", "王一", "W01", "单位甲", "工作人员")],
        ledger=[(dt.date(2026, m, 10), "个人", "2001", "X-01", 1, p, None, "考评领导小组确定")
                for m, p in points.items()],
        attendance=[(f"2026-{m:02d}", "2001", 21, 21, 0, 0, 0, 0, 0, 80) for m in points],
    )
    path = directory / "考核工作簿.xlsx"
    api.init_book(path, data)
    return path


def test_failures_across_final_months_in_month_quarter_and_year(tmp_path, capsys):
    book = failing_book(tmp_path)
    finalize(capsys, book, "2026-07", "2026-08", "2026-09", "2026-10", "2026-11")
    # the month: 12月 is the 3rd 未达标 month of the year, counted over the final months
    code, out, err = run(capsys, "month", book, "--month", "2026-12")
    assert code == 0, err
    todo = table(tmp_path / "月度考评结果_2026-12_公示稿.xlsx", "待处理", "处理").records()
    # December also completes Q4, his 2nd 未达标 quarter: the month lists that too
    assert [(r["处理"], r["编号"]) for r in todo] == [("通报批评", "2001"), ("退回原单位", "2001")]
    assert all(m in todo[0]["依据"] for m in ("7月", "10月", "12月"))

    finalize(capsys, book, "2026-12")
    code, out, err = run(capsys, "quarter", book, "--quarter", "2026Q4")
    assert code == 0, err
    path = tmp_path / QUARTER_FILE
    assert table(path, "个人季度", "排名").by("工号")["2001"]["季度得分"] == 66.3
    todo = table(path, "待处理", "处理").records()
    assert sorted((r["处理"], r["工号"], r["期间"]) for r in todo) == [
        ("退回原单位", "2001", "2026Q4"), ("通报批评", "2001", "2026-12")]

    # the year (1–6月 have no data): both listed, and counted for 单位甲
    code, out, err = run(capsys, "year", book, "--year", "2026", "--allow-draft")
    assert code == 0, err
    path = tmp_path / YEAR_FILE
    todo = table(path, "待处理", "处理").records()
    assert sorted((r["处理"], r["工号"], r["期间"]) for r in todo) == [
        ("退回原单位", "2001", "2026Q4"), ("通报批评", "2001", "2026-12")]
    # annual: (60 + 74 + 74 + 60 + 74 + 65) / 6 = 407 / 6 = 67.83 → 67.8 未达标
    person = table(path, "个人年度", "排名").by("工号")["2001"]
    assert (person["年度得分"], person["等级"]) == (67.8, "未达标")
    unit = table(path, "派出单位汇总", "派出单位").by("派出单位")["单位甲"]
    assert (unit["未达标"], unit["通报批评及退回"]) == (1, 2)


def carried_over_book(directory: Path, period: str) -> Path:
    """3001 is 未达标 (60.0, X-01 -40) in 2025-11, 2025-12 and 2026-01, 100.0 in 2026-02 and
    2026-03. Counted over the calendar year (自然年) 2026-01 is his 1st 未达标 month: nothing
    to list. Counted cumulatively (累计, set in 设置) it is the 3rd → 通报批评 in 2026-01, to be
    listed in the month, in 2026Q1 (Q1 = 260 / 3 = 86.7, no quarter failure) and in 2026."""
    months = [(2025, 11), (2025, 12), (2026, 1), (2026, 2), (2026, 3)]
    data = BookData(
        windows=[("W01", "不动产登记窗口", "单位甲", "张一", "w01@example.cn")],
        people=[("3001", "赵一", "W01", "单位甲", "工作人员")],
        ledger=[(dt.date(y, m, 10), "个人", "3001", "X-01", 1, -40, None, "考评领导小组确定")
                for y, m in months[:3]],
        attendance=[(f"{y}-{m:02d}", "3001", 21, 21, 0, 0, 0, 0, 0, 80) for y, m in months],
    )
    book = directory / "考核工作簿.xlsx"
    api.init_book(book, data)
    edit(book, "设置", f"B{row_of(book, '设置', '未达标计数周期')}", period)
    return book


PERIODS = pytest.mark.parametrize(("period", "expected"), [
    ("自然年", []),
    ("累计", [("通报批评", "3001", "2026-01")]),
])


@PERIODS
def test_failure_period_setting_in_the_month(tmp_path, capsys, period, expected):
    book = carried_over_book(tmp_path, period)
    finalize(capsys, book, "2025-11", "2025-12")
    code, out, err = run(capsys, "month", book, "--month", "2026-01")
    assert code == 0, err
    todo = table(tmp_path / "月度考评结果_2026-01_公示稿.xlsx", "待处理", "处理").records()
    assert [(r["处理"], r["编号"], "2026-01") for r in todo] == expected


@PERIODS
def test_failure_period_setting_in_the_quarter(tmp_path, capsys, period, expected):
    book = carried_over_book(tmp_path, period)
    finalize(capsys, book, "2025-11", "2025-12", "2026-01", "2026-02", "2026-03")
    code, out, err = run(capsys, "quarter", book, "--quarter", "2026Q1")
    assert code == 0, err
    todo = table(tmp_path / "季度考评结果_2026Q1.xlsx", "待处理", "处理").records()
    assert [(r["处理"], r["工号"], r["期间"]) for r in todo] == expected


@PERIODS
def test_failure_period_setting_in_the_year(tmp_path, capsys, period, expected):
    book = carried_over_book(tmp_path, period)
    finalize(capsys, book, "2025-11", "2025-12", "2026-01", "2026-02", "2026-03")
    code, out, err = run(capsys, "year", book, "--year", "2026", "--allow-draft")
    assert code == 0, err
    todo = table(tmp_path / YEAR_FILE, "待处理", "处理").records()
    assert [(r["处理"], r["工号"], r["期间"]) for r in todo] == expected


# --- year --------------------------------------------------------------------------------

def test_year_workbook(book, capsys):
    finalize(capsys, book, *MONTHS)
    # 1月 … 9月 have no data at all (the centre started scoring in October)
    code, out, err = run(capsys, "year", book, "--year", "2026", "--allow-draft")
    assert code == 0, err
    path = book.parent / YEAR_FILE
    wb = openpyxl.load_workbook(path)
    assert {"个人年度", "窗口年度", "年度先进", "派出单位汇总"} <= set(wb.sheetnames)

    people = table(path, "个人年度", "排名")
    assert people.header[:10] == ["排名", "工号", "姓名", "窗口编号", "窗口名称", "派出单位",
                                  "年度得分", "等级", "参评月数", "先进个人次数"]
    got = {r["工号"]: (r["排名"], r["年度得分"], r["等级"], r["参评月数"], r["先进个人次数"])
           for r in people.records()}
    assert got == {
        "1004": (1, 102.0, "超标", 2, 0),
        "1003": (2, 100.2, "超标", 3, 1),
        "1002": (3, 100.0, "达标", 3, 0),
        "1007": (3, 100.0, "达标", 2, 0),
        "1008": (3, 100.0, "达标", 3, 0),
        "1001": (6, 97.7, "达标", 3, 0),
        "1005": (6, 97.7, "达标", 3, 0),
        "1009": (8, 96.7, "达标", 3, 0),
        "1006": (9, 88.3, "达标", 3, 0),
    }
    p1001 = table(path, "个人逐月", "排名").by("工号")["1001"]
    assert (p1001["10月"], p1001["11月"], p1001["12月"]) == (95.0, 100.0, 98.0)

    windows = table(path, "窗口年度", "排名")
    assert windows.header[:7] == ["排名", "窗口编号", "窗口名称", "年度得分", "等级", "参评月数",
                                  "红旗窗口次数"]
    got = {r["窗口编号"]: (r["排名"], r["年度得分"], r["红旗窗口次数"])
           for r in windows.records()}
    assert got == {
        "W02": (1, 100.75, 1), "W06": (2, 100.67, 0), "W05": (3, 100.0, 0),
        "W01": (4, 98.85, 0), "W03": (5, 97.67, 0), "W07": (6, 95.0, 0), "W04": (7, 88.33, 0),
    }
    assert len(charts_of_sheet(path, "窗口逐月")) == 1  # the months' trend, with the months

    pool = table(path, "年度先进", "类别").records()
    assert [(r["类别"], r["编号"], r["入选季度数"], r["年度得分"]) for r in pool] == [
        ("年度先进个人", "1003", 1, 100.2),
        ("年度红旗窗口", "W02", 1, 100.75),
    ]

    units = table(path, "派出单位汇总", "派出单位").by("派出单位")
    assert set(units) == {"单位甲", "单位乙", "单位丙"}
    cols = ("人数", "参评人数", "平均年度得分", "超标", "达标", "未达标", "先进个人次数",
            "通报批评及退回")
    # 单位甲: 97.7, 100.0, 100.2 → 99.3; 单位乙: 102.0, 97.7, 88.3 → 96.0;
    # 单位丙: 100.0, 100.0, 96.7 → 98.9, and 1009's 通报批评 (P5-05)
    assert tuple(units["单位甲"][k] for k in cols) == (3, 3, 99.3, 1, 2, 0, 1, 0)
    assert tuple(units["单位乙"][k] for k in cols) == (3, 3, 96.0, 1, 2, 0, 0, 0)
    assert tuple(units["单位丙"][k] for k in cols) == (3, 3, 98.9, 0, 3, 0, 0, 1)


def test_year_with_months_that_have_no_data_needs_no_allow_draft(book, capsys):
    """Months with no 考勤 at all cannot be finalized; they are missing, not drafts
    (rules.md Process states: only draft months need asking for). The office that started
    scoring in October must be able to run its year from final months only."""
    finalize(capsys, book, *MONTHS)
    code, out, err = run(capsys, "year", book, "--year", "2026")
    assert code == 0, err
    path = book.parent / YEAR_FILE
    states = {r["月份"]: r["状态"] for r in table(path, "月份状态", "月份").records()}
    assert states["2026-01"] == "无数据"
    assert states["2026-10"] == "审定"


def test_year_refuses_a_draft_month_without_allow_draft(book, capsys):
    finalize(capsys, book, "2026-10", "2026-11")
    code, out, err = run(capsys, "year", book, "--year", "2026")
    assert code != 0
    assert "2026-12" in "\n".join(err)
    assert not (book.parent / YEAR_FILE).exists()


# --- an interrupted finalize -------------------------------------------------------------

def test_killed_finalize_leaves_the_month_not_final(book, capsys):
    root = book.parent / ARCHIVE
    # `kaohe finalize` in a process of its own whose writer stops before the manifest, the
    # last file of the archive: the test kills it there (no hook in the program for this)
    driver = (
        "import sys, time\n"
        "from kaohe_excel.archive import store\n"
        "write = store._write_synced\n"
        "def slow(path, text):\n"
        "    if path.name == store.MANIFEST:\n"
        "        time.sleep(30)\n"
        "    write(path, text)\n"
        "store._write_synced = slow\n"
        "from kaohe_excel.cli.main import main\n"
        "sys.exit(main(sys.argv[1:]))\n")
    proc = subprocess.Popen(
        [sys.executable, "-c", driver, "finalize", str(book), "--month", "2026-10"],
        cwd=book.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120  # a safety net only, never an assertion on time
        partial: list[Path] = []
        while time.monotonic() < deadline:
            partial = list(root.glob(".2026-10.partial-*")) if root.is_dir() else []
            # wait until finalize has written its files and sleeps before the manifest
            if partial and (partial[0] / "results.json").is_file():
                break
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.05)
        else:
            pytest.fail("finalize never reached its pause")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL

    # killed halfway: the month is not final, the half-built folder is all that is left
    assert not (root / "2026-10").exists()
    assert [p.name for p in root.glob(".2026-10.partial-*")] == [partial[0].name]
    assert not (partial[0] / "manifest.json").exists()
    code, out, err = run(capsys, "verify", book)
    assert code == 0
    assert out == ["还没有审定的月份"]
    code, out, err = run(capsys, "month", book, "--month", "2026-10")
    assert code == 0, err
    assert month_scores(book.parent / "月度考评结果_2026-10_公示稿.xlsx")["1001"] == 95.0

    # a new finalize succeeds and clears the stale folder
    finalize(capsys, book, "2026-10")
    assert sorted(p.name for p in root.iterdir()) == ["2026-10"]
    assert (root / "2026-10" / "manifest.json").is_file()
    code, out, err = run(capsys, "verify", book)
    assert code == 0
    assert out == ["2026-10: 存档完好"]
