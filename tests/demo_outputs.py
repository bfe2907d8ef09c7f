"""Every Open XML file a demo year's commands write, built once for the session (the fixture
`demo_year_outputs` in conftest.py): the office book, the self-check forms and 核对表, the
month / quarter / per-window / year / per-派出单位 results, the 审定 archives, the notices of a
month, a quarter and the year and their templates, and an `.xlsm` office book with its VBA
project (after init, self-check collect and `kaohe excel set-python`).

The commands run through `kaohe` as the office runs them; the only thing done by hand is what a
window head does (a returned self-check form, filled with openpyxl as selfcheck_helpers.Form
fills it) and the copies in `快照/` of the office books at the moments they are checked (after
`init`, after `selfcheck collect`), since later commands rewrite them in place.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from selfcheck_helpers import Form

from kaohe_excel.cli.main import main

YEAR = 2026
COLLECTED = f"{YEAR}-11"  # the month whose self-check forms are made and collected
DRAFTS = (f"{YEAR}-05", f"{YEAR}-06", COLLECTED)  # run as 公示稿 before 审定
CRITICIZED = f"{YEAR}-10"  # the demo's 3rd 未达标 month: a 通报批评 among the month's notices
RETURNED = f"{YEAR}Q3"  # the demo's 2nd 未达标 quarter: a 退回原单位函 among the quarter's
SNAPSHOTS = "快照"
BUTTONS = "按钮"  # the .xlsm office book lives in its own folder
TEMPLATES = "我的模板"  # the notice templates copied out for editing


def _kaohe(*argv: object) -> None:
    code = main([str(a) for a in argv])
    assert code == 0, f"kaohe {' '.join(map(str, argv))} -> {code}"


def _collect_one_form(book: Path, month: str) -> None:
    """`selfcheck make`, one window head fills and returns a form, `selfcheck collect`."""
    _kaohe("selfcheck", "make", book, "--month", month)
    made = sorted((book.parent / "自查表" / month).glob("*.xlsx"))
    form = Form(made[0])
    form.item(1, next(iter(form.staff_rows())), f"{month.replace('-', '/')}/5", "P3-01")
    form.sign()
    form.save(book.parent / "回收" / made[0].name)
    _kaohe("selfcheck", "collect", book, "--month", month, book.parent / "回收")


def build_demo_outputs(root: Path) -> Path:
    """Runs the demo year's commands in `root`; returns `root`."""
    snapshots = root / SNAPSHOTS
    snapshots.mkdir()
    book = root / "考核工作簿.xlsx"
    _kaohe("init", book, "--demo", "--year", YEAR)
    shutil.copy(book, snapshots / "考核工作簿_init后.xlsx")
    _collect_one_form(book, COLLECTED)
    shutil.copy(book, snapshots / "考核工作簿_自查收集后.xlsx")
    for month in DRAFTS:
        _kaohe("month", book, "--month", month)
    _kaohe("notices", book, "--month", COLLECTED, "--date", f"{YEAR}-12-01")  # the 公示
    for m in range(1, 13):
        _kaohe("finalize", book, "--month", f"{YEAR}-{m:02d}")
    for q in range(1, 5):
        _kaohe("quarter", book, "--quarter", f"{YEAR}Q{q}")
    _kaohe("year", book, "--year", YEAR)
    _kaohe("notices", book, "--month", CRITICIZED, "--date", f"{YEAR}-11-03")
    _kaohe("notices", book, "--quarter", RETURNED, "--date", f"{YEAR}-10-12")
    _kaohe("notices", book, "--year", YEAR, "--date", f"{YEAR + 1}-01-08")
    _kaohe("notices", book, "--templates", root / TEMPLATES)  # re-worded in Word by the office
    _kaohe("excel", "upgrade", book)  # the year's book as an .xlsm with the buttons, beside it

    xlsm = root / BUTTONS / "考核工作簿.xlsm"
    xlsm.parent.mkdir()
    _kaohe("init", xlsm, "--demo", "--month", COLLECTED)
    shutil.copy(xlsm, snapshots / "考核工作簿_init后.xlsm")
    _collect_one_form(xlsm, COLLECTED)
    shutil.copy(xlsm, snapshots / "考核工作簿_自查收集后.xlsm")
    _kaohe("excel", "set-python", sys.executable, xlsm)  # rewrites the xlwings.conf sheet
    return root
