"""The rule kinds of the 办法 (按次, 阶梯, 取消资格, 退回, 特别情形): one registration each, with
the label the 规则 sheet shows, the parameters it takes, how it scores a month's quantity and
how it describes itself in the 办法's words. Everything else asks the kind, never its name,
so a new kind is one more registration here.

Caps, no-double groups, group DQ and category caps are applied around the kinds by the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from .numbers import ZERO, format_points, signed
from .words import DQ_MARK, Reach


@dataclass(frozen=True, slots=True, eq=False)
class Step:
    """One step of a ladder (阶梯): from `at` on in a month, `points` (None: disqualified)."""

    at: Decimal
    points: Decimal | None


class Terms(Protocol):
    """What a kind reads of a rule (core.rulebook.Rule has all of it)."""

    @property
    def code(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def points(self) -> Decimal | None: ...
    @property
    def steps(self) -> Sequence[Step]: ...
    @property
    def dq_at(self) -> Decimal | None: ...
    @property
    def cap(self) -> Decimal | None: ...
    @property
    def reach(self) -> Reach: ...


class KindName(StrEnum):
    PER = "per"
    LADDER = "ladder"
    DQ = "dq"
    RETURN = "return"
    MANUAL = "manual"


@dataclass(frozen=True, slots=True, eq=False)
class KindOutcome:
    """What a rule's kind makes of a quantity: points, and a 取消资格 or 退回 with its reason."""

    points: Decimal
    disqualified: str = ""  # why the month is disqualified, "" when it is not
    returned: str = ""  # why the person goes back to the dispatching unit
    why: str = ""


# (rule, the month's quantity, manual points, the quantity earlier in the rule's reach)
Scorer = Callable[[Terms, Decimal, Sequence[Decimal], Decimal], KindOutcome]
Describer = Callable[[Terms], str]

# every rule parameter of the 规则 sheet, in its column order; a kind names those it uses
PARAMETERS = ("分值", "阶梯", "取消资格数量", "月上限", "分组", "不重复分组", "数据来源",
              "取消资格范围")


@dataclass(frozen=True, eq=False)
class Kind:
    """A 计分方式 (按次, 阶梯, 取消资格 …): the parameters it takes and how it scores."""

    name: KindName
    label: str  # what the 规则 sheet's 计分方式 column shows
    required: frozenset[str]  # rule parameters that must be filled
    allowed: frozenset[str]  # parameters that may be filled
    score: Scorer
    describe: Describer  # how it scores, in the 办法's words (self-check forms, 规则 help)
    manual: bool = False  # the ledger row carries its own points (特别情形)
    deducts: bool = False  # a deduction whatever its points (取消资格, 退回)

    def is_deduction(self, rule: Terms) -> bool:
        return self.deducts or (rule.points is not None and rule.points < 0)


KINDS: dict[KindName, Kind] = {}


def kind(name: KindName, label: str, *, describe: Describer, required: Sequence[str] = (),
         allowed: Sequence[str] = (), manual: bool = False, deducts: bool = False,
         ) -> Callable[[Scorer], Scorer]:
    """Register a kind; `allowed` lists parameters beyond `required` that it accepts."""

    def register(fn: Scorer) -> Scorer:
        req, ok = frozenset(required), frozenset(required) | frozenset(allowed)
        assert ok <= set(PARAMETERS), ok - set(PARAMETERS)
        KINDS[name] = Kind(name, label, req, ok, fn, describe, manual, deducts)
        return fn

    return register


def kind_named(text: str) -> Kind | None:
    """A kind by its label (按次) or its name (per), as typed in the 计分方式 column."""
    for k in KINDS.values():
        if text in (k.label, k.name) or text.lower() == k.name:
            return k
    return None


def _describe_per(rule: Terms) -> str:
    assert rule.points is not None
    text = f"每次 {signed(rule.points)}"
    if rule.cap is not None:
        text += f"，每月最多 {format_points(rule.cap)}"
    if rule.dq_at is not None:
        within = "" if rule.reach == Reach.MONTH else f"{rule.reach.period}累计"
        text += f"，{within}达 {format_points(rule.dq_at)} 次取消资格"
    return text


@kind(KindName.PER, "按次", describe=_describe_per, required=["分值"],
      allowed=["取消资格数量", "月上限", "分组", "不重复分组", "数据来源", "取消资格范围"])
def score_per(rule: Terms, quantity: Decimal, manual: Sequence[Decimal],
              before: Decimal) -> KindOutcome:
    assert rule.points is not None
    points = rule.points * quantity
    why = f"{format_points(quantity)} × {format_points(rule.points)}"
    dq = ""
    if rule.dq_at is not None and before + quantity >= rule.dq_at:
        if rule.reach == Reach.MONTH:
            counted = f"本月 {format_points(quantity)} 次"
        else:  # counted over the quarter or the year so far (earlier months' ledger rows)
            counted = (f"{rule.reach.period}累计 {format_points(before + quantity)} 次"
                       f"（本月 {format_points(quantity)} 次）")
        dq = f"{rule.code} {counted}，达到 {format_points(rule.dq_at)} 次取消资格"
    return KindOutcome(points, disqualified=dq, why=why)


def _describe_ladder(rule: Terms) -> str:
    return "，".join(
        f"{format_points(s.at)}次" + (DQ_MARK if s.points is None else format_points(s.points))
        for s in rule.steps)


@kind(KindName.LADDER, "阶梯", describe=_describe_ladder, required=["阶梯"],
      allowed=["分组", "数据来源"], deducts=True)
def score_ladder(rule: Terms, quantity: Decimal, manual: Sequence[Decimal],
                 before: Decimal) -> KindOutcome:
    reached = None
    for step in rule.steps:
        if quantity >= step.at:
            reached = step
    if reached is None:
        return KindOutcome(ZERO, why=f"{format_points(quantity)} 未达阶梯起点 "
                                     f"{format_points(rule.steps[0].at)}")
    if reached.points is None:
        return KindOutcome(
            ZERO,
            disqualified=f"{rule.code} 本月 {format_points(quantity)}，"
                         f"达到 {format_points(reached.at)} 取消资格",
            why=f"阶梯 {format_points(reached.at)}：取消资格",
        )
    return KindOutcome(reached.points,
                       why=f"阶梯 {format_points(reached.at)}: {format_points(reached.points)}")


def _describe_dq(rule: Terms) -> str:
    if rule.reach == Reach.MONTH:
        return "取消当月考评资格"
    return f"取消当月考评资格，并不参加{rule.reach.period}先进评选"


@kind(KindName.DQ, "取消资格", describe=_describe_dq, allowed=["分组", "数据来源", "取消资格范围"],
      deducts=True)
def score_dq(rule: Terms, quantity: Decimal, manual: Sequence[Decimal],
             before: Decimal) -> KindOutcome:
    return KindOutcome(ZERO, disqualified=f"{rule.code} {rule.text}", why="取消当月考评资格")


@kind(KindName.RETURN, "退回", describe=lambda rule: "退回派出单位", allowed=["分组"],
      deducts=True)
def score_return(rule: Terms, quantity: Decimal, manual: Sequence[Decimal],
                 before: Decimal) -> KindOutcome:
    return KindOutcome(ZERO, returned=f"{rule.code} {rule.text}", why="退回派出单位")


@kind(KindName.MANUAL, "特别情形", describe=lambda rule: "", manual=True)
def score_manual(rule: Terms, quantity: Decimal, manual: Sequence[Decimal],
                 before: Decimal) -> KindOutcome:
    total = sum(manual, ZERO)
    return KindOutcome(total, why="考评领导小组确定：" + " ".join(signed(p) for p in manual))
