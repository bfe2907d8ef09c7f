"""Months, quarters and years: the periods the 办法 scores, and the ways the office types a
quarter or a year (2026Q4, 2026-Q4, 2026年第4季度, 2026)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple


@lru_cache(maxsize=256)
def _last_day(year: int, month: int) -> dt.date:
    """Asked for every person of a province's month: worked out once per month (the day
    before the next month's first; `calendar` is not imported for it, start-up counts)."""
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def date_text(day: dt.date) -> str:
    """A date as documents write it, Arabic numerals without leading zeros: 2026年12月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """A calendar month, ordered by time; str() gives 2026-11."""

    year: int
    month: int

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return _last_day(self.year, self.month)

    @property
    def label(self) -> str:
        """How notices say it: 2026年11月."""
        return f"{self.year}年{self.month}月"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def ends_quarter(self) -> bool:
        """March, June, September, December: the month completes its quarter."""
        return self.month % 3 == 0

    def contains(self, day: dt.date) -> bool:
        return day.year == self.year and day.month == self.month



def _fold(value: object) -> str:
    """Full-width forms folded, so ２０２６Ｑ４ reads as 2026Q4."""
    return unicodedata.normalize("NFKC", str(value)).strip()


_QUARTER = re.compile(r"^(\d{4})\s*(?:[-/]?\s*[Qq]\s*([1-4])|年?\s*第?\s*([1-4一二三四])\s*季度?)$")
_CN = {"一": 1, "二": 2, "三": 3, "四": 4}


class Quarter(NamedTuple):
    year: int
    number: int

    @property
    def months(self) -> tuple[Month, Month, Month]:
        first = 3 * (self.number - 1) + 1
        return (Month(self.year, first), Month(self.year, first + 1), Month(self.year, first + 2))

    @property
    def label(self) -> str:
        return f"{self.year}年第{'一二三四'[self.number - 1]}季度"

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"


def parse_quarter(value: object) -> Quarter:
    text = _fold(value)
    match = _QUARTER.match(text)
    if not match:
        raise ValueError(f"不是季度：{text!r}（可写作 2026Q4）")
    number = match[2] or match[3]
    return Quarter(int(match[1]), int(_CN.get(number, number)))


def period_of(period: str) -> Month | Quarter:
    """A period as the failure tracking writes it: "2026Q3" or "2026-08"."""
    if "Q" in period:
        year, number = period.split("Q")
        return Quarter(int(year), int(number))
    year, month = period.split("-")
    return Month(int(year), int(month))


def period_label(period: str) -> str:
    """"2026Q3" -> 2026年第三季度, "2026-08" -> 2026年8月."""
    return period_of(period).label


def period_end(period: str) -> Month:
    """The last month of a period ("2026Q3" -> 2026-09)."""
    found = period_of(period)
    return found.months[-1] if isinstance(found, Quarter) else found


def quarter_of(month: Month) -> Quarter:
    return Quarter(month.year, (month.month - 1) // 3 + 1)


def parse_year(value: object) -> int:
    text = _fold(value).removesuffix("年")
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"不是年份：{text!r}（可写作 2026）")
    return int(text)


def year_months(year: int) -> list[Month]:
    return [Month(year, m) for m in range(1, 13)]
