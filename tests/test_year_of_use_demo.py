"""The demo year run as a clerk runs it (issue 8): each month scored, its self-check forms made
and the month finalized, then the quarters, the year and their notices. What it shows: the
returned person still in October's 考勤 gets a 提示; the year's 说明 states his 退回; and the
self-check password, set to a value of its own, reaches no output at all (every workbook,
document, page and line the commands printed), only the book it is kept in."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from book_helpers import row_of, table

from kaohe_excel import api
from kaohe_excel.officebook.demo import RETURNED_LEAVES_MONTH, demo_year_data, demo_year_stories

YEAR = 2026
SECRET = "Qx7-机密-4418"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, list[str]]:
    """The year's folder and every line the commands printed."""
    folder = tmp_path_factory.mktemp("year_of_use")
    book = folder / "考核工作簿.xlsx"
    data = demo_year_data(YEAR)
    data.settings = {"自查表保护密码": SECRET}
    api.init_book(book, data)
    printed: list[str] = []
    from kaohe_excel.cli.main import main

    def step(*argv: object) -> None:
        import contextlib
        import io

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(a) for a in argv])
        printed.extend(out.getvalue().splitlines() + err.getvalue().splitlines())
        assert code == 0, (argv, err.getvalue())

    for m in range(1, 13):
        month = f"{YEAR}-{m:02d}"
        step("month", book, "--month", month)
        step("selfcheck", "make", book, "--month", month)
        step("finalize", book, "--month", month)
    for q in range(1, 5):
        step("quarter", book, "--quarter", f"{YEAR}Q{q}")
    step("year", book, "--year", YEAR)
    step("notices", book, "--quarter", f"{YEAR}Q4", "--html")
    step("notices", book, "--year", YEAR, "--html")
    step("verify", book)
    return folder, printed


def test_the_returned_person_still_in_october_gets_a_notice(demo):
    folder, _ = demo
    (pid,) = demo_year_stories(YEAR)["returned"]
    month = f"{YEAR}-{RETURNED_LEAVES_MONTH:02d}"
    result = folder / "考评结果" / month / f"月度考评结果_{month}_审定.xlsx"
    rows = [r for r in table(result, "提示", "类型").records() if r["类型"] == "退回后仍在考核"]
    notes = [r["内容"] for r in rows]
    assert len(notes) == 1 and f"（{pid}）已于 {YEAR}年第三季度 退回原单位" in notes[0]
    assert "请在人员表填写其离开日期" in notes[0]
    # 位置 names the person's row of 人员, where the 离开日期 goes
    assert rows[0]["位置"] == f"人员 第{row_of(folder / '考核工作簿.xlsx', '人员', pid)}行"
    september = folder / "考评结果" / f"{YEAR}-09" / f"月度考评结果_{YEAR}-09_审定.xlsx"
    assert not [r for r in table(september, "提示", "类型").records()
                if r["类型"] == "退回后仍在考核"]


def test_the_year_states_the_return_and_the_recommendation(demo):
    folder, _ = demo
    stories = demo_year_stories(YEAR)
    annual = table(folder / f"年度考评结果_{YEAR}.xlsx", "个人年度", "排名").by("工号")
    assert "退回原单位" in annual[stories["returned"][0]]["说明"]
    assert f"{YEAR}年10月通报批评" in annual[stories["criticized"][0]]["说明"]
    pool = table(folder / f"年度考评结果_{YEAR}.xlsx", "年度先进", "类别").records()
    recommended = [r for r in pool if r["推荐顺序"]]
    assert [r["推荐顺序"] for r in recommended] == list(range(1, len(recommended) + 1))
    assert all(r["入选季度数"] >= 3 for r in recommended)
    assert len(recommended) < len([r for r in pool if r["类别"] == "年度先进个人"])


def _texts(path: Path) -> list[bytes]:
    """The bytes a reader could find the secret in: a zip's members, or the file itself."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            return [z.read(name) for name in z.namelist()]
    return [path.read_bytes()]


def test_the_password_reaches_no_output(demo):
    folder, printed = demo
    book = folder / "考核工作簿.xlsx"
    kept = {book, *folder.glob("考评结果/*/考核工作簿_审定时.xlsx")}  # the book and its copies
    assert any(SECRET.encode() in t for t in _texts(book))  # it is there to be found
    outputs = [p for p in folder.rglob("*") if p.is_file() and p not in kept]
    kinds = {p.suffix for p in outputs}
    assert {".xlsx", ".docx", ".html", ".json"} <= kinds and len(outputs) > 60
    leaks = [p for p in outputs for t in _texts(p)
             if SECRET.encode() in t or SECRET.encode("utf-16-le") in t]
    assert leaks == []
    assert not [line for line in printed if SECRET in line]
    settings = table(folder / "考评结果" / f"{YEAR}-12" / f"月度考评结果_{YEAR}-12_审定.xlsx",
                     "考评设置", "项目").by("项目")
    assert settings["自查表保护密码"]["值"] == "（已设置，不显示）"
