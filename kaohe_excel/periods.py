"""Quarters and years as the office types them: 2026Q4, 2026-Q4, 2026年第4季度, 2026."""

from __future__ import annotations

import re
from typing import NamedTuple

from .values import Month, normalize_text

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
    text = normalize_text(value)
    match = _QUARTER.match(text)
    if not match:
        raise ValueError(f"不是季度: {text!r}(可写作 2026Q4)")
    number = match[2] or match[3]
    return Quarter(int(match[1]), int(_CN.get(number, number)))


def quarter_of(month: Month) -> Quarter:
    return Quarter(month.year, (month.month - 1) // 3 + 1)


def parse_year(value: object) -> int:
    text = normalize_text(value).removesuffix("年")
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"不是年份: {text!r}(可写作 2026)")
    return int(text)


def year_months(year: int) -> list[Month]:
    return [Month(year, m) for m in range(1, 13)]
