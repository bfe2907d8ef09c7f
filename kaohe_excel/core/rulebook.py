"""The rulebook as data: rules, categories (weights) and groups (group DQ).

officebook/rules_sheet.py builds it from the 规则 sheet and checks every row first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from .kinds import Kind, Step


@dataclass(frozen=True, slots=True)
class Rule:
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

    @property
    def derived(self) -> bool:
        return bool(self.source)


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    subject: str
    name: str
    weight: Decimal | None  # None: not capped (bonuses, manual)
    row: int = 0


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    subject: str
    text: str
    dq_at: Decimal
    row: int = 0


@dataclass(frozen=True)
class Rulebook:
    rules: dict[str, Rule]
    categories: dict[str, Category]
    groups: dict[str, Group]
    broken: frozenset[str] = frozenset()  # codes whose rows have problems (already reported)

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
