"""The cycle collector is paused while a book is read, scored and its month written
(api.collector_paused: a province month spends seconds in it otherwise, see
benchmarks/RESULTS.md), and always resumed afterwards, also when the book is refused."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from kaohe_excel import api
from kaohe_excel.cli.main import main
from kaohe_excel.errors import FileProblem
from kaohe_excel.officebook.demo import demo_book_data

MONTH = api.as_month("2026-11")


@pytest.fixture
def collections():
    """How many times the collector ran (any generation) while the test ran."""
    runs: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            runs.append(info["generation"])

    gc.callbacks.append(count)
    gc.enable()
    try:
        yield runs
    finally:
        gc.callbacks.remove(count)


def test_month_runs_without_collections_and_the_collector_is_back(tmp_path, collections):
    book = tmp_path / "考核工作簿.xlsx"
    api.init_book(book, demo_book_data(MONTH))
    collections.clear()
    written = api.run_month(book, MONTH)
    # tens of thousands of objects made; the one collection is the collector's return
    assert len(collections) <= 1
    assert written.saved.path.exists() and gc.isenabled()
    gc.collect()
    assert collections  # the counter itself works


def test_the_collector_is_back_after_a_refused_book(tmp_path, collections):
    with pytest.raises(FileProblem, match="没有这个文件"):
        api.run_month(tmp_path / "没有这个文件.xlsx", MONTH)
    assert gc.isenabled()


def test_a_paused_caller_stays_paused(tmp_path):
    gc.disable()
    try:
        with api.collector_paused():
            pass
        assert not gc.isenabled()  # nested use does not switch it on behind the caller
    finally:
        gc.enable()


@pytest.mark.parametrize("finalized", [0, 2], ids=["three drafts", "two months final"])
def test_a_quarter_opens_the_book_once(tmp_path, monkeypatch, finalized):
    """Settings, 评选决定 and the draft months come from one opening of the book: checking
    and opening a province book takes seconds, and a quarter used to do it four times."""
    from kaohe_excel.files import sheets
    from kaohe_excel.officebook.demo import demo_year_data

    book = tmp_path / "考核工作簿.xlsx"
    api.init_book(book, demo_year_data(2026, months=12))
    for m in ("2026-10", "2026-11")[:finalized]:
        api.finalize_month(book, m)
    opened: list[Path] = []
    real = sheets.preflight
    monkeypatch.setattr(sheets, "preflight", lambda path, *a, **k: (opened.append(path),
                                                                     real(path, *a, **k))[1])
    written = api.run_quarter(book, "2026Q4", allow_draft=True)
    assert opened == [book]
    assert written.result.quarter.label and written.saved.path.exists()


def test_the_kaohe_process_freezes_what_start_up_made():
    """`kaohe` (cli.main.run) freezes the start-up objects before the command runs; main(),
    which these tests call in one long process, leaves the collector alone."""
    code = ("import gc, sys\n"
            "import kaohe_excel.cli.main\n"
            "cli = sys.modules['kaohe_excel.cli.main']\n"
            "seen = []\n"
            "cli.main = lambda: seen.append(gc.get_freeze_count()) or 0\n"
            "try:\n"
            "    cli.run()\n"
            "except SystemExit as exit:\n"
            "    print(exit.code, seen[0] > 1000)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["0", "True"], done.stderr
    before = gc.get_freeze_count()
    assert main(["selfcheck", "make", "没有这个文件.xlsx", "--month", "2026-11"]) == 1
    assert gc.get_freeze_count() == before


def test_making_the_self_check_forms_opens_the_book_once(tmp_path, monkeypatch):
    """The roster and the 节假日 (for the deadline) come from one opening of the book."""
    from kaohe_excel.files import sheets
    from kaohe_excel.officebook.demo import demo_book_data
    from kaohe_excel.selfcheck.make import make_templates

    book = tmp_path / "考核工作簿.xlsx"
    api.init_book(book, demo_book_data(MONTH))
    opened: list[Path] = []
    real = sheets.preflight
    monkeypatch.setattr(sheets, "preflight", lambda path, *a, **k: (opened.append(path),
                                                                     real(path, *a, **k))[1])
    made = make_templates(book, MONTH)
    assert opened == [book]
    assert made.saved and made.staff  # the forms were written
