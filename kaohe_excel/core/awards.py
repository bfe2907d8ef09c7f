"""Choosing 先进个人 / 红旗窗口: eligibility, a quota by floor, tie-breaks, and ties at the cut
left to the 考评领导小组 (并列待定), never decided silently."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..errors import Problems
from .numbers import format_points as _n
from .settings import TIE_BREAKS
from .words import Award, Subject

UNDECIDED = "由考评领导小组确定"  # the end of a tie's explanation until a 评选决定 settles it

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


def ordering(tie_break: Sequence[str]) -> Callable[[Candidate], tuple[Decimal | None, ...]]:
    """The sort key of the selection: the score, then each tie-break (larger is better)."""

    def order(c: Candidate) -> tuple[Decimal | None, ...]:
        key: list[Decimal | None] = [c.score]
        for name in tie_break:
            attr, higher_first, _ = TIE_BREAKS[name]
            value = getattr(c, attr)
            key.append(value if higher_first else -value)
        return tuple(key)

    return order


def select(candidates: Sequence[Candidate], participants: int, ratio: Fraction,
           tie_break: Sequence[str], title: str,
           ranks: Mapping[str, int] | None = None) -> Selection:
    """At most ⌊participants × ratio⌋ eligible candidates by score, highest first.
    `ranks`: the period table's rank of each key (competition ranks on the score), so that
    every explanation names the rank the table shows."""
    quota = quota_of(participants, ratio)
    order = ordering(tie_break)

    eligible = sorted((c for c in candidates if not c.ineligible), key=order, reverse=True)
    award: dict[str, Award | None] = {c.key: None for c in candidates}
    why = {c.key: f"不具备评选资格：{c.ineligible}" for c in candidates if c.ineligible}
    head = f"名额 {quota} 个（参评 {participants} × {_pct(ratio)} 向下取整）"
    if quota == 0:
        for c in eligible:
            why[c.key] = f"{head}，本期不评{title}"
        return Selection(quota, award, why)
    cut = order(eligible[quota - 1]) if len(eligible) >= quota else None
    below = order(eligible[quota]) if len(eligible) > quota else None
    straddles = cut is not None and below is not None and cut == below
    criteria = "、".join(["季度得分", *tie_break])
    # who shares a score, among all and among the eligible: found once, not per candidate
    # (a province quarter has 50,000 candidates on a few hundred scores)
    same_score: dict[Decimal | None, list[Candidate]] = {}
    for c in candidates:
        if c.score is not None:
            same_score.setdefault(c.score, []).append(c)
    keys: dict[Decimal | None, list[tuple[Decimal | None, ...]]] = {}  # eligible, in order
    at: dict[str, int] = {}  # each eligible candidate's place in its score's list
    for c in eligible:
        group = keys.setdefault(c.score, [])
        at[c.key] = len(group)
        group.append(order(c))
    for place, c in enumerate(eligible, start=1):
        score = _n(c.score) if c.score is not None else "-"
        standing = _standing(c, place, same_score.get(c.score, [c]), keys[c.score], at[c.key],
                             tie_break, ranks)
        if straddles and order(c) == cut:
            award[c.key] = Award.TIED
            why[c.key] = (f"{head}；季度得分 {score}，{standing}；与他人{criteria}均相同，"
                          f"处在名额线上，{UNDECIDED}")
        elif place <= quota:
            award[c.key] = Award.CHOSEN
            why[c.key] = f"{head}；季度得分 {score}，{standing}，入选{title}"
        else:
            why[c.key] = f"{head}；季度得分 {score}，{standing}，在名额之外"
    return Selection(quota, award, why)


def _standing(c: Candidate, place: int, same: Sequence[Candidate],
              keys: Sequence[tuple[Decimal | None, ...]], i: int,
              tie_break: Sequence[str], ranks: Mapping[str, int] | None) -> str:
    """"排第 13 名" or "与 3 人并列第 20 名；按办件数排在其中第 2": the table's rank, and
    how the tie-break ordered the people sharing it. `same`: everyone with c's score;
    `keys`: the sort keys of the eligible among them, in order, c's at `i`."""
    rank = ranks.get(c.key, place) if ranks is not None else place
    if len(same) == 1:
        text = f"排第 {rank} 名"
    else:
        text = f"与 {len(same) - 1} 人并列第 {rank} 名"
        if len(keys) > 1:
            mine = keys[i]
            ahead = i
            while ahead and keys[ahead - 1] == mine:  # an equal key ahead shares the place
                ahead -= 1
            # keys sharing a prefix with c's stand next to it (they are sorted): the
            # tie-break separates c once neither neighbour shares that much of its key
            neighbours = [keys[j] for j in (i - 1, i + 1) if 0 <= j < len(keys)]
            used = next((k for k in range(1, len(tie_break) + 1)
                         if all(o[:k + 1] != mine[:k + 1] for o in neighbours)), None)
            if used is not None:
                text += f"；按{'、'.join(tie_break[:used])}排在其中第 {ahead + 1}"
    if ranks is not None and place != rank and len(same) == 1:
        text += f"（具备评选资格者中第 {place} 位）"
    return text


def settle(selection: Selection, decisions: Sequence[Decision], title: str,
           problems: Problems) -> Selection:
    """The 考评领导小组's decisions (评选决定) on the ties at the cut. A decision for someone
    who was not tied at the cut is a problem at its row; nobody is chosen silently. Once the
    decided 入选 fill the quota, the tied who were not named are not chosen."""
    award, why = dict(selection.award), dict(selection.why)
    for d in decisions:
        if award.get(d.key) != Award.TIED:
            outcome = ("不在本期评选名单中" if d.key not in award
                       else f"评选结果为{'入选' if award[d.key] == Award.CHOSEN else '未入选'}")
            problems.add(d.sheet, d.cell, f"{d.key} 在名额线上没有并列待定（{outcome}），"
                                          "不需要领导小组决定，请删除这一行")
            continue
        verdict = f"入选{title}" if d.chosen else f"不入选{title}"
        award[d.key] = Award.CHOSEN if d.chosen else None
        why[d.key] = why[d.key].replace(UNDECIDED, f"领导小组决定{verdict}（依据：{d.basis}）")
    chosen = sum(1 for a in award.values() if a == Award.CHOSEN)
    if decisions and chosen > selection.quota:
        first = decisions[0]
        problems.add(first.sheet, first.cell,
                     f"{title}入选 {chosen} 个，超过名额 {selection.quota} 个，请核对领导小组的决定")
    elif chosen == selection.quota:
        for key, a in award.items():
            if a == Award.TIED:
                award[key] = None
                why[key] = why[key].replace(UNDECIDED, "名额已由领导小组决定的人选占满，未入选")
    return Selection(selection.quota, award, why)


@dataclass(frozen=True, slots=True)
class Decision:
    """A row of the 评选决定 sheet: the 考评领导小组 settled a tie at the cut."""

    subject: Subject  # 个人 (先进个人) or 窗口 (红旗窗口)
    key: str  # 工号 or 窗口编号
    chosen: bool
    basis: str  # 依据, with its date: 2027年1月8日领导小组会议纪要
    period: str = ""  # the quarter it settles: "2026Q4"
    sheet: str = ""
    cell: str = ""


def _pct(ratio: Fraction) -> str:
    return f"{_n(Decimal(ratio.numerator) * 100 / Decimal(ratio.denominator))}%"
