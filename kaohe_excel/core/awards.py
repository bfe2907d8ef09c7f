"""Choosing 先进个人 / 红旗窗口: eligibility, a quota by floor, tie-breaks, and ties at the cut
left to the 考评领导小组 (并列待定), never decided silently."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .numbers import format_points as _n
from .words import Award

# the tie-break criteria the 设置 sheet may list (并列处理), each with its sort direction
TIE_BREAKS = {
    "办件数": ("cases", True, "季度办件数多者在前"),
    "扣分": ("deductions", False, "季度扣分少者在前"),
}


def parse_tie_break(text: str) -> tuple[str, ...]:
    """"办件数,扣分" -> ("办件数", "扣分"); ValueError for an unknown criterion."""
    parts = tuple(p.strip() for p in text.replace(",", ",").replace("、", ",").split(",")
                  if p.strip() and p.strip() != "无")
    unknown = [p for p in parts if p not in TIE_BREAKS]
    if unknown:
        raise ValueError(f"未知的并列比较项 {'、'.join(unknown)},可用: {'、'.join(TIE_BREAKS)}")
    return parts


@dataclass(frozen=True, slots=True)
class Candidate:
    key: str  # 工号 or 窗口编号
    score: Decimal | None
    cases: Decimal
    deductions: Decimal
    ineligible: str  # why not eligible; "" when eligible


@dataclass(frozen=True, slots=True)
class Selection:
    quota: int
    award: dict[str, Award | None]  # key -> chosen, tied at the cut, or not chosen
    why: dict[str, str]  # key -> the explanation shown to users


def quota_of(participants: int, ratio: Fraction) -> int:
    return math.floor(participants * ratio)


def select(candidates: Sequence[Candidate], participants: int, ratio: Fraction,
           tie_break: Sequence[str], title: str) -> Selection:
    """At most ⌊participants × ratio⌋ eligible candidates by score, highest first."""
    quota = quota_of(participants, ratio)

    def order(c: Candidate) -> tuple[Decimal | None, ...]:
        key: list[Decimal | None] = [c.score]
        for name in tie_break:
            attr, higher_first, _ = TIE_BREAKS[name]
            value = getattr(c, attr)
            key.append(value if higher_first else -value)
        return tuple(key)

    eligible = sorted((c for c in candidates if not c.ineligible), key=order, reverse=True)
    award: dict[str, Award | None] = {c.key: None for c in candidates}
    why = {c.key: f"不具备评选资格: {c.ineligible}" for c in candidates if c.ineligible}
    head = f"名额 {quota} 个(参评 {participants} × {_pct(ratio)} 向下取整)"
    if quota == 0:
        for c in eligible:
            why[c.key] = f"{head},本期不评{title}"
        return Selection(quota, award, why)
    cut = order(eligible[quota - 1]) if len(eligible) >= quota else None
    below = order(eligible[quota]) if len(eligible) > quota else None
    straddles = cut is not None and below is not None and cut == below
    criteria = "、".join(["季度得分", *tie_break])
    for place, c in enumerate(eligible, start=1):
        score = _n(c.score) if c.score is not None else "-"
        if straddles and order(c) == cut:
            award[c.key] = Award.TIED
            why[c.key] = (f"{head};季度得分 {score},与他人{criteria}均相同,处在名额线上,"
                          "由考评领导小组确定")
        elif place <= quota:
            award[c.key] = Award.CHOSEN
            why[c.key] = f"{head};季度得分 {score},排第 {place} 位,入选{title}"
        else:
            why[c.key] = f"{head};季度得分 {score},排第 {place} 位,在名额之外"
    return Selection(quota, award, why)


def _pct(ratio: Fraction) -> str:
    return f"{_n(Decimal(ratio.numerator) * 100 / Decimal(ratio.denominator))}%"
