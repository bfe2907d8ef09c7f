"""Regenerate docs/selfcheck-template.png: the demo center's 市场监管窗口 self-check, filled in
the way a window head fills it, printed by LibreOffice (soffice → PDF → pdftoppm → PNG).

    .venv/bin/python docs/selfcheck_picture.py
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

from kaohe_excel import api
from kaohe_excel.core.periods import Month
from kaohe_excel.officebook.demo import demo_book_data
from kaohe_excel.selfcheck.make import make_templates

HERE = Path(__file__).parent
MONTH = Month(2026, 11)


def _fill(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["自查表"]
    titles = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    staff = [ws.cell(r, 2).value for r in range(titles["一、人员情况"] + 2, titles["二、个人扣加分事项"] - 1)]
    row = titles["二、个人扣加分事项"] + 2
    items = [
        (staff[2], dt.date(2026, 11, 5), "P3-01", 1, "", "忘记考勤", "同意", None, ""),
        (staff[3], dt.date(2026, 11, 9), "B-06", 1, "王某感谢信", "群众送来感谢信", "同意", None, ""),
        (staff[1], dt.date(2026, 11, 12), "P1-03", 1, "", "上岗未佩戴工作牌", "同意", None, ""),
        (staff[4], dt.date(2026, 11, 18), "B-07", 2, "简报第 6 期", "中心简报署名信息", "修改", 1,
         "只有一篇署名"),
        (staff[3], dt.date(2026, 11, 20), "B-12", 1, "", "延时服务 40 分钟", "不同意", None,
         "未经督查处认定"),
    ]
    for i, values in enumerate(items):
        for col, value in zip((2, 3, 4, 6, 7, 8, 9, 10, 11), values, strict=True):
            if value not in (None, ""):
                ws.cell(row + i, col).value = value
    wrow = titles["三、窗口扣加分事项"] + 2
    for col, value in zip((3, 4, 6, 7, 8, 9), (dt.date(2026, 11, 16), "WB-10", 1,
                                                "信息:延时服务", "信息被中心网站采用", "同意"), strict=True):
        ws.cell(wrow, col).value = value
    for r in range(titles["一、人员情况"] + 2, titles["二、个人扣加分事项"] - 1):
        if ws.cell(r, 2).value in (staff[0], staff[5], staff[6], staff[7]):
            ws.cell(r, 4).value = "√"
    sign = titles["四、签字"] + 2
    ws.cell(sign, 3).value = staff[1].split(" ")[1]
    ws.cell(sign, 6).value = staff[0].split(" ")[1]
    ws.cell(sign, 10).value = dt.date(2026, 12, 2)
    wb.save(path)


def main() -> int:
    soffice = shutil.which("soffice")
    if not soffice or not shutil.which("pdftoppm"):
        print("需要 LibreOffice (soffice) 和 pdftoppm", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        book = work / "考核工作簿.xlsx"
        api.init_book(book, demo_book_data(MONTH))
        made = make_templates(book, MONTH)
        form = made.folder / "市场监管窗口_2026-11_自查表.xlsx"
        _fill(form)
        subprocess.run([soffice, f"-env:UserInstallation={(work / 'lo').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(work), str(form)],
                       check=True, capture_output=True, timeout=180)
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile",
                        str(work / (form.stem + ".pdf")), str(work / "page")], check=True)
        shutil.copy(work / "page.png", HERE / "selfcheck-template.png")
    print(HERE / "selfcheck-template.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
