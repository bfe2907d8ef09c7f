"""The Excel buttons: `kaohe_excel.excel.<action>()` is what each button's VBA macro runs
through xlwings' RunPython. xlwings is imported only here, when a button is clicked."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from .surface import Book


def _caller() -> Book:
    import xlwings as xw  # the CLI never gets here; only the buttons need xlwings

    # xlwings annotates some of what we use more loosely (status_bar as str, alert with a
    # callback); the protocol records the calls the adapter makes
    return cast("Book", xw.Book.caller())


def _click(entry: str) -> None:
    from .adapter import run
    from .buttons import BUTTONS

    run(_caller(), next(b for b in BUTTONS if b.entry == entry))


def click(caption: str) -> None:
    """What every button of the 控制台 runs (the VBA sends its caption)."""
    from .adapter import run_caption

    run_caption(_caller(), caption)


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


def notices() -> None:
    _click("notices")


def mail() -> None:
    _click("mail")


def check() -> None:
    _click("check")
