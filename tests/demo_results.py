"""The demo year's result files, made once by the commands a clerk runs, for the tests that
check every output (tests/test_print.py, tests/test_words.py)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from kaohe_excel import api
from kaohe_excel.officebook.demo import demo_year_data

YEAR = 2026
SELFCHECK_MONTH = f"{YEAR}-11"


def run(*argv: object) -> list[str]:
    """Run `kaohe argv…`; the lines it printed (it must succeed)."""
    from kaohe_excel.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    assert code == 0, (argv, err.getvalue())
    return out.getvalue().splitlines() + err.getvalue().splitlines()


def make_demo_year(folder: Path) -> tuple[Path, list[str]]:
    """The demo book in `folder` with every month scored and finalized, the quarters, the year,
    one month's self-check forms and their 核对表; returns the book and every printed line."""
    book = folder / "考核工作簿.xlsx"
    api.init_book(book, demo_year_data(YEAR))
    printed: list[str] = []
    for m in range(1, 13):
        month = f"{YEAR}-{m:02d}"
        printed += run("month", book, "--month", month)
        if month == SELFCHECK_MONTH:  # forms sent out and collected back unfilled: a 核对表
            printed += run("selfcheck", "make", book, "--month", month)
            printed += run("selfcheck", "collect", book, "--month", month,
                           folder / "自查表" / month)
        printed += run("finalize", book, "--month", month)
    for q in range(1, 5):
        printed += run("quarter", book, "--quarter", f"{YEAR}Q{q}")
    printed += run("year", book, "--year", YEAR)
    return book, printed


def result_files(folder: Path) -> dict[str, Path]:
    """One file of each result workbook kind, by kind."""
    first = sorted
    return {
        "月度考评结果（公示稿）": folder / f"月度考评结果_{SELFCHECK_MONTH}_公示稿.xlsx",
        "月度考评结果": folder / "考评结果" / f"{YEAR}-11" / f"月度考评结果_{YEAR}-11_审定.xlsx",
        "季度考评结果": folder / f"季度考评结果_{YEAR}Q3.xlsx",
        "各窗口季度考评结果": first((folder / f"季度考评结果_{YEAR}Q3_各窗口").glob("*.xlsx"))[0],
        "年度考评结果": folder / f"年度考评结果_{YEAR}.xlsx",
        "各派出单位年度考评结果": first((folder / f"年度考评结果_{YEAR}_各派出单位").glob("*.xlsx"))[0],
        "月度考评自查表": first((folder / "自查表" / SELFCHECK_MONTH).glob("*.xlsx"))[0],
        "自查核对表": folder / f"自查核对_{SELFCHECK_MONTH}.xlsx",
    }
