"""Points as the 办法 counts them: exact decimals, rounded half up (四舍五入), written without
trailing zeros."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

ZERO = Decimal(0)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """四舍五入 to `places` decimals: 90.125 -> 90.13, 89.25 -> 89.3."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def mean_score(scores: Sequence[Decimal], places: int) -> Decimal:
    """The mean of published monthly scores, rounded half up (88.5 and 90.0 -> 89.3)."""
    return round_half_up(sum(scores, ZERO) / len(scores), places)


def format_points(value: Decimal) -> str:
    """A point value as a person writes it: -2, 0.5, +0.1 -> "0.1"; no trailing zeros."""
    return _formatted(value)


@lru_cache(maxsize=4096)
def _formatted(value: Decimal) -> str:
    # cached: a month writes the same few values (1, -0.5, 100) into thousands of reasons;
    # equal decimals (1, 1.0, -0) print alike, so sharing a cache entry is exact
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def signed(value: Decimal) -> str:
    """A point value with its sign, as the 办法 writes a bonus: +0.2, -2, 0."""
    return ("+" if value > 0 else "") + format_points(value)
