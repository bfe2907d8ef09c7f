"""The rule kinds of rules.md (per, ladder, DQ, return, manual): one small function each,
registered by name with the label the 规则 sheet shows and the parameters it takes.

A kind turns the month's quantity of one code into points and consequences. Caps, no-double
groups, group DQ and category caps are applied around the kinds by the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from .numbers import format_points as _n

if TYPE_CHECKING:
    from .rulebook import Rule

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class KindOutcome:
    points: Decimal
    disqualified: str = ""  # why the month is disqualified, "" when it is not
    returned: str = ""  # why the person goes back to the dispatching unit
    why: str = ""


Scorer = Callable[["Rule", Decimal, Sequence[Decimal]], KindOutcome]


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # what the 规则 sheet's 计分方式 column shows
    required: frozenset[str]  # rule parameters (RULES_HEADERS) that must be filled
    allowed: frozenset[str]  # parameters that may be filled
    score: Scorer


KINDS: dict[str, Kind] = {}
_PARAMS = frozenset({"分值", "阶梯", "取消资格数量", "月上限", "分组", "不重复分组", "数据来源"})


def kind(name: str, label: str, required: Sequence[str] = (), allowed: Sequence[str] = ()):
    """Register a kind; `allowed` lists parameters beyond `required` that it accepts."""

    def register(fn: Scorer) -> Scorer:
        req, ok = frozenset(required), frozenset(required) | frozenset(allowed)
        assert ok <= _PARAMS, ok - _PARAMS
        KINDS[name] = Kind(name, label, req, ok, fn)
        return fn

    return register


def kind_named(text: str) -> Kind | None:
    """A kind by its label (按次) or its name (per), as typed in the 计分方式 column."""
    for k in KINDS.values():
        if text in (k.label, k.name) or text.lower() == k.name:
            return k
    return None


@kind("per", "按次", required=["分值"], allowed=["取消资格数量", "月上限", "分组", "不重复分组", "数据来源"])
def score_per(rule: Rule, quantity: Decimal, manual: Sequence[Decimal]) -> KindOutcome:
    assert rule.points is not None
    points = rule.points * quantity
    why = f"{_n(quantity)} × {_n(rule.points)}"
    dq = ""
    if rule.dq_at is not None and quantity >= rule.dq_at:
        dq = f"{rule.code} 本月 {_n(quantity)} 次,达到 {_n(rule.dq_at)} 次取消资格"
    return KindOutcome(points, disqualified=dq, why=why)


@kind("ladder", "阶梯", required=["阶梯"], allowed=["分组", "数据来源"])
def score_ladder(rule: Rule, quantity: Decimal, manual: Sequence[Decimal]) -> KindOutcome:
    reached = None
    for step in rule.steps:
        if quantity >= step.at:
            reached = step
    if reached is None:
        return KindOutcome(ZERO, why=f"{_n(quantity)} 未达阶梯起点 {_n(rule.steps[0].at)}")
    if reached.points is None:
        return KindOutcome(
            ZERO,
            disqualified=f"{rule.code} 本月 {_n(quantity)},达到 {_n(reached.at)} 取消资格",
            why=f"阶梯 {_n(reached.at)}: 取消资格",
        )
    return KindOutcome(reached.points, why=f"阶梯 {_n(reached.at)}: {_n(reached.points)}")


@kind("dq", "取消资格", allowed=["分组", "数据来源"])
def score_dq(rule: Rule, quantity: Decimal, manual: Sequence[Decimal]) -> KindOutcome:
    return KindOutcome(ZERO, disqualified=f"{rule.code} {rule.text}", why="取消当月考评资格")


@kind("return", "退回", allowed=["分组"])
def score_return(rule: Rule, quantity: Decimal, manual: Sequence[Decimal]) -> KindOutcome:
    return KindOutcome(ZERO, returned=f"{rule.code} {rule.text}", why="退回派出单位")


@kind("manual", "特别情形")
def score_manual(rule: Rule, quantity: Decimal, manual: Sequence[Decimal]) -> KindOutcome:
    total = sum(manual, ZERO)
    return KindOutcome(total, why="考评领导小组确定: " + " ".join(_signed(p) for p in manual))


def _signed(p: Decimal) -> str:
    return ("+" if p > 0 else "") + _n(p)
