"""`kaohe init BOOK.xlsm`: the office workbook with its 控制台, buttons, VBA project and
xlwings.conf, and 考评.cmd beside it for WPS users."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import api
from ..core.periods import Month
from ..files.saving import Saved
from ..officebook.book_data import BookData
from .console import XlsmParts
from .wps import write_menu


def create_book(path: Path, data: BookData | None = None, overwrite: bool = False,
                month: Month | None = None) -> Saved:
    """`month` is the 控制台's default period (today's month when not given)."""
    today = dt.date.today()
    parts = XlsmParts(month or Month(today.year, today.month))
    saved = api.init_book(path, data, overwrite, extra=parts)
    write_menu(saved.path)
    return saved
