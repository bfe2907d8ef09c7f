"""One row of a sheet read by header, each value parsed as people type it and every problem
recorded at its cell (`台账!E12: 不是数字`). The readers of every sheet use it: the office
book's tables, the 规则 sheet, and the self-check's lenient look at the 台账."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from ..core.numbers import format_points
from ..core.periods import Month
from ..errors import Problems
from .cells import normalize_text, parse_date, parse_decimal, parse_month


class Record:
    def __init__(self, sheet: str, row: int, values: Mapping[str, object],
                 letters: Mapping[str, str], problems: Problems):
        """`values` by header; `letters` gives each header's column (for the cell address);
        problems go into `problems` (a throwaway one reads leniently)."""
        self.sheet, self.row, self.values = sheet, row, values
        self.letters, self.problems = letters, problems

    def cell(self, header: str) -> str:
        return f"{self.letters.get(header, '?')}{self.row}"

    def fail(self, header: str, message: str) -> None:
        self.problems.add(self.sheet, self.cell(header), message)

    def text(self, header: str) -> str:
        return normalize_text(self.values.get(header))

    def required_text(self, header: str) -> str:
        value = self.text(header)
        if not value:
            self.fail(header, f"缺少{header}")
        return value

    def number(self, header: str, default: Decimal | None = None, *,
               negative: bool = False, positive: bool = False) -> Decimal | None:
        """The cell's number, `default` when blank, None (with the problem) when it is not a
        number, is negative where counts must not be, or is not positive where asked."""
        try:
            value = parse_decimal(self.values.get(header))
        except ValueError as exc:
            self.fail(header, str(exc))
            return None
        if value is None:
            return default
        if value < 0 and not negative and not positive:
            self.fail(header, f"{header}不能为负数：{format_points(value)}")
            return None
        if positive and value <= 0:
            self.fail(header, f"应为正数，而不是 {format_points(value)}")
            return None
        return value

    def date(self, header: str, required: bool = False) -> dt.date | None:
        try:
            value = parse_date(self.values.get(header))
        except ValueError as exc:
            self.fail(header, str(exc))
            return None
        if value is None and required:
            self.fail(header, f"缺少{header}")
        return value

    def month(self, header: str) -> Month | None:
        try:
            value = parse_month(self.values.get(header))
        except ValueError as exc:
            self.fail(header, str(exc))
            return None
        if value is None:
            self.fail(header, f"缺少{header}")
        return value
