"""LibreOffice opens the workbooks we write without complaint: converted headless to CSV, the
text is all there. Slow (LibreOffice starts for each conversion); skipped without soffice."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from book_helpers import MONTH, RESULT_NAME, new_book, run, small_book

SOFFICE = shutil.which("soffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]
TITLE = "XX市行政服务中心2026年11月窗口及工作人员绩效考评结果（公示稿）"
CSV_UTF8 = "csv:Text - txt - csv (StarCalc):44,34,76"  # comma, double quote, UTF-8
# the same, with the 12th token -1: every sheet to its own file <name>-<sheet>.csv (LO 7.2+)
ALL_SHEETS = CSV_UTF8 + ",1,,0,false,true,true,false,false,-1"


def convert(source: Path, outdir: Path, profile: Path, filter_: str = CSV_UTF8,
            ) -> subprocess.CompletedProcess:
    outdir.mkdir(exist_ok=True)
    return subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", filter_, "--outdir", str(outdir), str(source)],
        capture_output=True, text=True, timeout=120, check=False,
    )


def assert_clean(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 0, proc.stderr
    complaints = [line for line in (proc.stdout + proc.stderr).splitlines()
                  if re.match(r"\s*(Error|General Error|Exception)", line, re.I)]
    assert complaints == [], complaints


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return [row for row in csv.reader(f)]


@pytest.fixture
def result(tmp_path, capsys) -> Path:
    """A result workbook with rated, disqualified and returned people, a window without rated
    staff (no chart bar for it) and user text that looks like a formula."""
    data = small_book()
    data.windows.append(("W03", "税务窗口", "市税务局", "孙七", "w03@example.cn"))
    data.people += [("1004", "孙七", "W03", "市税务局", "工作人员"),
                    ("1005", "周八", "W01", "市自然资源局", "工作人员")]
    data.attendance += [("2026-11", "1004", 21, 21, 0, 0, 0, 0, 0, 10),
                        ("2026-11", "1005", 21, 21, 0, 0, 0, 0, 0, 0)]
    data.ledger += [(dt.date(2026, 11, 9), "个人", "1004", "P1-09"),
                    (dt.date(2026, 11, 9), "个人", "1005", "P5-04"),
                    (dt.date(2026, 11, 9), "个人", "1001", "X-01", None, 0.5, None,
                     '=HYPERLINK("http://x","y")')]
    book = new_book(tmp_path / "考核工作簿.xlsx", data)
    code, _out, err = run(capsys, "month", book, "--month", MONTH)
    assert (code, err) == (0, [])
    return tmp_path / RESULT_NAME


def test_libreoffice_opens_the_result_workbook(tmp_path, result):
    outdir = tmp_path / "csv"
    proc = convert(result, outdir, tmp_path / "lo-profile")
    assert_clean(proc)
    rows = read_csv(outdir / (result.stem + ".csv"))  # the first sheet: 个人排名
    assert rows[0][0] == TITLE
    header = rows.index(next(r for r in rows if r and r[0] == "排名"))
    assert rows[header][:9] == ["排名", "工号", "姓名", "窗口编号", "窗口名称", "得分", "办件数", "等级",
                                "状态"]
    # the first person: 张三, X-01 +0.5 -> 100.5 (超标)
    assert _no_cases(rows[header + 1]) == ["1", "1001", "张三", "W01", "不动产登记窗口", "100.5", "超标",
                                    "参评"]
    # 王五: B-07 2 x 0.1 -> 100.2; the rated first, the others with empty score, grade and rank
    by_id = {r[1]: _no_cases(r) for r in rows[header + 1:] if len(r) > 8}
    assert by_id["1003"] == ["2", "1003", "王五", "W02", "市场监管窗口", "100.2", "超标",
                                 "参评"]
    assert by_id["1004"][0] == "" and by_id["1004"][5:8] == ["", "", "取消资格"]
    assert by_id["1005"][0] == "" and by_id["1005"][5:8] == ["", "", "退回派出单位"]


def _no_cases(row: list[str]) -> list[str]:
    """The first eight columns but 办件数 (column 7, beside the score)."""
    return row[:6] + row[7:9]


def _version() -> tuple[int, int]:
    out = subprocess.run([SOFFICE, "--version"], capture_output=True, text=True, timeout=120,
                         check=False).stdout
    m = re.search(r"(\d+)\.(\d+)", out)
    return (int(m[1]), int(m[2])) if m else (0, 0)


def test_libreoffice_reads_every_sheet_of_the_result(tmp_path, result):
    if _version() < (7, 2):
        pytest.skip("exporting every sheet to CSV needs LibreOffice 7.2 or later")
    outdir = tmp_path / "csv"
    proc = convert(result, outdir, tmp_path / "lo-profile", ALL_SHEETS)
    assert_clean(proc)
    sheets = {p.stem.removeprefix(result.stem + "-"): read_csv(p) for p in outdir.glob("*.csv")}
    assert {"个人排名", "窗口排名", "明细", "提示"} <= set(sheets)
    for name in ("个人排名", "窗口排名", "明细", "提示"):
        assert sheets[name][0][0] == TITLE, name
    windows = {r[1]: _no_cases(r) for r in sheets["窗口排名"] if len(r) > 8}
    # W01: 张三 100.5 and 李四 98.0 (周八 returned, left out) -> 99.25; cases 150 + 120 + 0
    # = 270 -> WB-06 +0.5 -> 99.75. W02: 王五 100.2, WD-01 -1 -> 99.20
    assert windows["W01"] == ["1", "W01", "不动产登记窗口", "99.25", "0.50", "99.75", "达标",
                                  "参评"]
    assert windows["W02"] == ["2", "W02", "市场监管窗口", "100.20", "-1.00", "99.20", "达标",
                                  "参评"]
    assert windows["W03"][7] == "无参评人员"
    detail = [r for r in sheets["明细"] if len(r) > 7 and r[3] == "X-01"]
    assert len(detail) == 1 and '=HYPERLINK("http://x","y")' in detail[0][7]


def test_libreoffice_opens_the_office_workbook_made_by_init(tmp_path, capsys):
    book = tmp_path / "考核工作簿.xlsx"
    code, _out, err = run(capsys, "init", book)
    assert (code, err) == (0, [])
    outdir = tmp_path / "csv"
    proc = convert(book, outdir, tmp_path / "lo-profile")
    assert_clean(proc)
    rows = read_csv(outdir / "考核工作簿.csv")  # the first sheet: 说明
    assert rows[0][0] == "考核工作簿使用说明"
    assert any(r and r[0] == "人员" for r in rows)
