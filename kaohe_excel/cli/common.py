"""What every command family prints the same way."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..files.saving import Saved

MAX_LINES = 200  # problems printed; the rest are counted


def warn_if_diverted(saved: Saved) -> None:
    """One line on stderr when Excel held the target open and the result went elsewhere."""
    if saved.diverted_from:
        print(saved.message, file=sys.stderr)


def print_problems(lines: list[str], rest: str) -> None:
    """At most MAX_LINES problem lines on stderr, then how many more (`rest` says where)."""
    for line in lines[:MAX_LINES]:
        print(line, file=sys.stderr)
    if len(lines) > MAX_LINES:
        print(f"……另有 {len(lines) - MAX_LINES} 处问题未列出{rest}", file=sys.stderr)


def date_argument(text: str) -> dt.date:
    """A date option (--deadline, --date) as people type it: 2026-12-03, 2026/12/3, 2026年12月3日."""
    from ..files.cells import parse_date

    try:
        day = parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc}（如 2026-12-03）") from None
    if day is None:
        raise argparse.ArgumentTypeError("请写日期，如 2026-12-03")
    return day
