"""LibreOffice in both directions: a self-check filled and saved by LibreOffice is collected like
one saved by Excel, and the office workbook that collect edited in place opens in LibreOffice
with the merged rows where they should be. Slow; skipped without soffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from book_helpers import run
from python_calamine import CalamineWorkbook
from selfcheck_helpers import MONTH, NAMES, D, fill, ledger_rows, make_book, returned_dir

SOFFICE = shutil.which("soffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


def lo_convert(source: Path, outdir: Path, profile: Path) -> Path:
    """Open `source` in LibreOffice and save it as .xlsx in `outdir` (its name kept)."""
    outdir.mkdir(exist_ok=True)
    proc = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(source)],
        capture_output=True, text=True, timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr
    complaints = [line for line in (proc.stdout + proc.stderr).splitlines()
                  if re.match(r"\s*(Error|General Error|Exception)", line, re.I)]
    assert complaints == [], complaints
    return outdir / (source.stem + ".xlsx")


def test_a_form_saved_by_libreoffice_is_collected(tmp_path, capsys):
    book = make_book(tmp_path)
    assert run(capsys, "selfcheck", "make", book, "--month", MONTH)[0] == 0
    form = fill(book, "W01")
    form.item(1, "1002 李四", "2026/11/5", "p3-01", "２", note="忘记打卡")
    form.item(2, "1001", D(2026, 11, 12), "B-07", 3, review="修改", new_qty="1")
    form.item(1, day=D(2026, 11, 18), code="WB-10", window=True)
    form.tick("1005")
    form.sign()
    filled = form.save(tmp_path / "填好" / NAMES["W01"])
    back = returned_dir(tmp_path)
    lo_convert(filled, back, tmp_path / "lo-profile")
    assert [p.name for p in back.iterdir()] == [NAMES["W01"]]

    code, out, err = run(capsys, "selfcheck", "collect", book, "--month", MONTH, back)
    assert (code, err) == (0, [])
    assert out[0] == "2026-11 自查表（3 个窗口）：已交 1，未交 2，有问题 0；收到文件 1 个"
    rows = ledger_rows(book)
    assert [r[1:5] + r[7:10] for r in rows[4:]] == [
        ("个人", "1002", "P3-01", 2, "忘记打卡", "自查", "张三"),
        ("个人", "1001", "B-07", 1, "复核修改：数量 3→1", "自查", "张三"),
        ("窗口", "W01", "WB-10", 1, None, "自查", "张三"),
    ]

    # the book collect wrote opens in LibreOffice, with the merged rows in 台账
    reopened = lo_convert(book, tmp_path / "lo-book", tmp_path / "lo-profile")
    ledger = CalamineWorkbook.from_path(str(reopened)).get_sheet_by_name("台账").to_python()
    assert ledger[0][:11] == ["日期", "对象", "编号", "规则编码", "数量", "分值", "事项", "说明",
                              "来源", "记录人", "自查引用"]
    assert [r[:5] for r in ledger[5:]] == [
        [D(2026, 11, 5), "个人", "1002", "P3-01", 2.0],
        [D(2026, 11, 12), "个人", "1001", "B-07", 1.0],
        [D(2026, 11, 18), "窗口", "W01", "WB-10", 1.0],
    ]
