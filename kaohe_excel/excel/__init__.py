"""The Excel buttons: `kaohe_excel.excel.<action>()` is what each button's VBA macro runs
through xlwings' RunPython. xlwings is imported only here, when a button is clicked."""

from __future__ import annotations

from typing import cast


def _click(entry: str) -> None:
    import xlwings as xw  # the CLI never gets here; only the buttons need xlwings

    from .adapter import run
    from .buttons import BUTTONS
    from .surface import Book

    # xlwings annotates some of what we use more loosely (status_bar as str, alert with a
    # callback); the protocol records the calls the adapter makes
    book = cast(Book, xw.Book.caller())
    run(book, next(b for b in BUTTONS if b.entry == entry))


def make_selfcheck() -> None:
    _click("make_selfcheck")


def collect_selfcheck() -> None:
    _click("collect_selfcheck")


def month() -> None:
    _click("month")


def finalize() -> None:
    _click("finalize")


def quarter() -> None:
    _click("quarter")


def year() -> None:
    _click("year")


def check() -> None:
    _click("check")
