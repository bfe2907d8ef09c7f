"""The rulebook as data: rules, categories (weights) and groups (group DQ).

officebook/rules_sheet.py builds it from the 规则 sheet and checks every row first."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from .kinds import Kind, Step
from .numbers import format_points
from .periods import Month, quarter_of
from .words import Reach

COUNT_UNIT = "次"
# units whose quantity may be a fraction: a leave of half a day is real, half a 迟到 is not
FRACTIONAL_UNITS = ("天", "日", "工作日", "小时")
_UNIT_IN_TEXT = ((re.compile(r"每天|每日|\d+\s*天|半天"), "天"), (re.compile(r"每件|\d+\s*件"), "件"),
                 (re.compile(r"每项"), "项"), (re.compile(r"每条"), "条"))


def unit_in_text(text: str) -> str:
    """The unit a rule's own words count in: "请假窗口无人替岗（每天）" is 天, "（每件）" 件,
    anything else 次. It fills a blank 计量单位 (books made before the column existed)."""
    for pattern, unit in _UNIT_IN_TEXT:
        if pattern.search(text):
            return unit
    return COUNT_UNIT


@dataclass(frozen=True, slots=True, eq=False)
class Rule:
    """A row of the 规则 sheet: a code, what it scores, and how."""

    code: str
    subject: str  # 个人 / 窗口
    category: str
    text: str
    kind: Kind
    points: Decimal | None = None
    steps: tuple[Step, ...] = ()
    dq_at: Decimal | None = None
    cap: Decimal | None = None
    group: str = ""
    no_double: str = ""
    source: str = ""  # "" for the ledger, else a name in derived.SOURCES
    action: str = ""  # 附加处理: 通报批评 lists the person; other text is shown in the detail
    row: int = 0
    reach: Reach = Reach.MONTH  # 取消资格范围: how far a 取消资格 reaches, and its count
    unit: str = COUNT_UNIT  # 计量单位: what its quantity counts (次, 件, 天…)
    short: str = ""  # 简称: names the rule in explanations; blank in books made before it

    @property
    def label(self) -> str:
        """How explanations name the rule: "P1-03 着装不规范", or the code alone."""
        return f"{self.code} {self.short}" if self.short else self.code

    @property
    def derived(self) -> bool:
        return bool(self.source)

    @property
    def halves(self) -> bool:
        """Its quantity may be a fraction (half a day); a count of times or cases may not."""
        return self.unit in FRACTIONAL_UNITS

    def quantity_problem(self, quantity: Decimal, what: str = "数量") -> str:
        """Why `quantity` cannot be this rule's (half a 迟到), or "" when it can."""
        if self.halves or quantity == quantity.to_integral_value():
            return ""
        return (f"{self.code} 以“{self.unit}”计，{what}应为整数，而不是 {format_points(quantity)}"
                f"（只有以天计的规则可填 0.5）")

    @property
    def counted_beyond_month(self) -> bool:
        """Its 取消资格数量 is counted over the quarter or the year, not the month alone."""
        return self.reach != Reach.MONTH and self.dq_at is not None

    def counted_since(self, month: Month) -> Month:
        """The first month whose ledger rows count toward `month` (the month itself for 当月)."""
        if self.reach == Reach.YEAR:
            return Month(month.year, 1)
        if self.reach == Reach.QUARTER:
            return quarter_of(month).months[0]
        return month


@dataclass(frozen=True, slots=True, eq=False)
class Category:
    """A category of rules (its own row of the 规则 sheet) and its weight, the cap of its
    deductions."""

    code: str
    subject: str
    name: str
    weight: Decimal | None  # None: not capped (bonuses, manual)
    row: int = 0


@dataclass(frozen=True, slots=True, eq=False)
class Group:
    """Rules counted together for a 取消资格 (遵章守纪 five times)."""

    name: str
    subject: str
    text: str
    dq_at: Decimal
    row: int = 0


@dataclass(frozen=True, eq=False)
class Rulebook:
    """The 规则 sheet read: rules by code, categories and groups."""

    rules: dict[str, Rule]
    categories: dict[str, Category]
    groups: dict[str, Group]
    broken: frozenset[str] = frozenset()  # codes whose rows have problems (already reported)

    @cached_property
    def counted_beyond_month(self) -> dict[str, Rule]:
        """The rules whose counts reach past the month (P2-07 counted over the quarter)."""
        return {code: r for code, r in self.rules.items() if r.counted_beyond_month}

    def derived_rules(self, subject: str) -> list[Rule]:
        return self._derived[subject]

    @cached_property
    def _derived(self) -> dict[str, list[Rule]]:  # asked once per person: worked out once
        out: dict[str, list[Rule]] = {}
        for rule in self.rules.values():
            if rule.source:
                out.setdefault(rule.subject, []).append(rule)
        return defaultdict(list, out)

    def first_step(self, source: str) -> Decimal | None:
        """The first ladder step of the rule computed from `source` (P3-04 starts at 3 days)."""
        return self._first_steps.get(source)

    @cached_property
    def _first_steps(self) -> dict[str, Decimal]:  # asked once per person: worked out once
        out: dict[str, Decimal] = {}
        for rule in self.rules.values():
            if rule.source and rule.steps:
                out.setdefault(rule.source, rule.steps[0].at)
        return out
