"""Which 台账 rows a returned self-check becomes, and what the office's own rows say about it.

Pure: no files. For one window's accepted file it plans the rows to merge (as reviewed by the
head) and compares them with the office's own rows of the month:

- **Reading** (设置 自查与台账同日同规则为同一事项): a self-check item and an office row for
  the same person (or window), code and date are the same event. The office's quantity is not merged twice: only what the
  self-check reports beyond it is merged, so `kaohe month` never counts an event twice.
- an office row that the self-check did not report (or reported less of) is listed: for a
  deduction that is a possible 瞒报.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.numbers import ZERO, format_points
from ..core.rulebook import Rule
from ..core.words import Subject
from ..officebook.selfcheck_inputs import LedgerRow, Office, Ref
from ..selfcheck import labels as L
from .returned import Item, Returned

Key = tuple[str, str, str, dt.date]  # subject, id, code, date


@dataclass(frozen=True)
class Planned:
    """A row to write into 台账, in the order of names.LEDGER_HEADERS plus 自查引用."""

    item: Item
    quantity: Decimal
    note: str
    recorder: str
    ref: Ref

    def values(self) -> dict[str, object]:
        return {"日期": self.item.day, "对象": self.item.subject, "编号": self.item.subject_id,
                "规则编码": self.item.code, "数量": self.quantity, "分值": None,
                "事项": self.item.event, "说明": self.note, "来源": L.SOURCE,
                "记录人": self.recorder, L.REF: str(self.ref)}


@dataclass(frozen=True)
class Disposition:
    item: Item
    merged: Decimal  # the quantity merged (0: none)
    action: str


@dataclass(frozen=True)
class Unreported:
    kind: str  # labels.U_*
    key: Key
    office_quantity: Decimal
    reported: Decimal
    rows: tuple[int, ...]


@dataclass
class Plan:
    window_id: str
    rows: list[Planned] = field(default_factory=list)
    dispositions: list[Disposition] = field(default_factory=list)
    unreported: list[Unreported] = field(default_factory=list)
    batch: str = ""


def is_deduction(rule: Rule) -> bool:
    return rule.kind.is_deduction(rule)


def office_rows_of(office: Office, window_id: str, month_rows: list[LedgerRow]) -> list[LedgerRow]:
    """The office's own rows (not merged from a self-check) about the window or its people."""
    mine = []
    for r in month_rows:
        if r.ref is not None:
            continue
        if r.subject == Subject.WINDOW and r.subject_id == window_id:
            mine.append(r)
        elif r.subject == Subject.PERSON:
            person = office.people.get(r.subject_id)
            if person is not None and person.window_id == window_id:
                mine.append(r)
    return mine


def _note(item: Item) -> str:
    parts = [item.note] if item.note else []
    if item.review == L.CHANGE and item.new_quantity is not None:
        review = (f"复核修改：数量 {format_points(item.quantity)}→"
                  f"{format_points(item.new_quantity)}")
        parts.append(review + (f"，{item.review_note}" if item.review_note else ""))
    elif item.review_note:
        parts.append(f"复核：{item.review_note}")
    return "；".join(parts)


def plan_window(office: Office, returned: Returned, month_rows: list[LedgerRow],
                month: str) -> Plan:
    window_id = returned.identity.window_id
    plan = Plan(window_id)
    own = office_rows_of(office, window_id, month_rows)
    office_qty: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    office_at: dict[Key, list[int]] = defaultdict(list)
    for r in own:
        if r.day is None or r.quantity is None or r.code not in office.rulebook.rules:
            continue
        key = (r.subject, r.subject_id, r.code, r.day)
        office_qty[key] += r.quantity
        office_at[key].append(r.row)
    left = dict(office_qty)
    reported: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    window = office.windows[window_id]
    recorder = returned.reviewer or window.head
    planned: list[tuple[Item, Decimal, str]] = []
    for item in returned.items:
        key = (item.subject, item.subject_id, item.code, item.day)
        reported[key] += item.quantity
        wanted = item.reviewed_quantity
        if wanted == 0:
            action = "不同意，未并入" if item.review == L.DISAGREE else "复核改为 0，未并入"
            plan.dispositions.append(Disposition(item, ZERO, action))
            continue
        taken = min(wanted, left.get(key, ZERO)) if office.settings.selfcheck_same_event else ZERO
        left[key] = left.get(key, ZERO) - taken
        merged = wanted - taken
        rows = "、".join(str(n) for n in office_at.get(key, []))
        if taken and not merged:
            action = f"台账已有（第 {rows} 行），未重复录入"
        elif taken:
            action = (f"台账已有 {format_points(taken)}（第 {rows} 行），"
                      f"并入超出部分 {format_points(merged)}")
        else:
            action = "并入台账"
        plan.dispositions.append(Disposition(item, merged, action))
        if merged:
            planned.append((item, merged, _note(item)))
    plan.batch = _batch(returned, planned, recorder)
    name = returned.path.name
    plan.rows = [Planned(item, qty, note, recorder,
                         Ref(month, window_id, plan.batch, name, item.cell))
                 for item, qty, note in planned]
    for key, quantity in sorted(office_qty.items(), key=lambda kv: (kv[0][0], kv[0][1],
                                                                     kv[0][3], kv[0][2])):
        got = reported.get(key, ZERO)
        if got >= quantity:
            continue
        rule = office.rulebook.rules[key[2]]
        if rule.kind.manual or rule.derived:
            continue
        kind = (L.U_DEDUCTION if not got else L.U_SHORT) if is_deduction(rule) else L.U_BONUS
        plan.unreported.append(Unreported(kind, key, quantity, got, tuple(office_at[key])))
    return plan


def _batch(returned: Returned, planned: list[tuple[Item, Decimal, str]], recorder: str) -> str:
    """8 hex digits that change whenever any row to be written changes."""
    h = hashlib.sha256(returned.path.name.encode("utf-8"))
    for item, qty, note in planned:
        fields = (item.cell, item.day.isoformat(), item.subject, item.subject_id, item.code,
                  format_points(qty), item.event, note, recorder)
        h.update("\x1f".join(fields).encode("utf-8") + b"\x1e")
    return h.hexdigest()[:8]
