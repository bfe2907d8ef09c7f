"""The 规则 sheet -> the rulebook (core/rulebook.py): every row checked before anything is
scored, every problem reported at once with its cell."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..core.derived import SOURCES
from ..core.kinds import KINDS, PARAMETERS, Kind, KindName, Step, kind_named
from ..core.numbers import format_points
from ..core.rulebook import Category, Group, Rule, Rulebook, unit_in_text
from ..core.words import Reach, Subject
from ..errors import Problems
from ..files.cells import normalize_text, parse_decimal
from ..files.record import Record
from . import names as N

CATEGORY_KIND = "类别"
UNIT_LIMIT = 4  # 次, 件, 工作日: a longer 计量单位 is text typed in the wrong column
GROUP_KIND = "分组"
DQ_WORDS = {"取消资格", "DQ", "dq", "取消"}
# 取消资格范围 as people write it
REACH_WORDS = {"当月": Reach.MONTH, "本月": Reach.MONTH, "月": Reach.MONTH,
               "当季": Reach.QUARTER, "本季": Reach.QUARTER, "季度": Reach.QUARTER,
               "本季度": Reach.QUARTER, "全年": Reach.YEAR, "本年": Reach.YEAR,
               "年度": Reach.YEAR, "本年度": Reach.YEAR}


def normalize_code(value: object) -> str:
    """"p3-01", " P3－01 " -> "P3-01"."""
    return normalize_text(value).upper().replace(" ", "")


def parse_steps(text: str) -> tuple[Step, ...]:
    """"1:-2, 2:-5, 3:-10, 4:取消资格" -> steps; ValueError with the reason."""
    parts = [p for p in re.split(r"[,;、\s]+", normalize_text(text)) if p]
    if not parts:
        raise ValueError("阶梯为空")
    steps: list[Step] = []
    for part in parts:
        at_text, sep, value = part.replace("：", ":").partition(":")
        if not sep:
            raise ValueError(f"阶梯 {part!r} 应写作 数量：分值，如 1:-2")
        at = parse_decimal(at_text)
        if at is None or at <= 0:
            raise ValueError(f"阶梯 {part!r} 的数量应为正数")
        if value in DQ_WORDS:
            steps.append(Step(at, None))
        else:
            points = parse_decimal(value)
            if points is None:
                raise ValueError(f"阶梯 {part!r} 缺少分值")
            steps.append(Step(at, points))
    for before, after in zip(steps, steps[1:], strict=False):
        if after.at <= before.at:
            raise ValueError("阶梯的数量应逐级上升")
        if before.points is None:
            raise ValueError("取消资格只能是阶梯的最后一级")
    return tuple(steps)


def parse_rulebook(
    rows: Iterable[tuple[int, dict[str, object]]],
    columns: dict[str, str],
    problems: Problems,
    sheet: str = N.RULES,
) -> Rulebook:
    """Build the rulebook from (row number, {header: value}) pairs."""
    rules: dict[str, Rule] = {}
    categories: dict[str, Category] = {}
    groups: dict[str, Group] = {}
    seen: dict[str, int] = {}
    pending: list[tuple[Record, Rule]] = []

    for row, cells in rows:
        r = Record(sheet, row, cells, columns, problems)
        code = normalize_code(cells.get("规则编码"))
        kind_text = r.text("计分方式")
        if not code:
            r.fail("规则编码", "缺少规则编码")
            continue
        if code in seen:
            r.fail("规则编码", f"规则编码 {code} 重复（第 {seen[code]} 行已有）")
            continue
        seen[code] = row
        subject = r.text("对象")
        if subject not in (Subject.PERSON, Subject.WINDOW):
            r.fail("对象", f"对象应为 个人 或 窗口，而不是 {subject!r}")
        if kind_text == CATEGORY_KIND:
            categories[code] = Category(code, subject, r.text("内容"), r.number("分值", positive=True), row)
        elif kind_text == GROUP_KIND:
            dq_at = r.number("取消资格数量", positive=True)
            if dq_at is None:
                r.fail("取消资格数量", f"分组 {code} 缺少取消资格数量")
            else:
                groups[code] = Group(code, subject, r.text("内容"), dq_at, row)
        else:
            kind = kind_named(kind_text)
            if kind is None:
                labels = "、".join([k.label for k in KINDS.values()] + [CATEGORY_KIND, GROUP_KIND])
                r.fail("计分方式", f"未知计分方式 {kind_text!r}，应为 {labels} 之一")
                continue
            rule = _parse_rule(r, code, subject, kind)
            if rule is not None:
                rules[code] = rule
                pending.append((r, rule))

    for r, rule in pending:  # references to rows anywhere in the sheet
        if rule.category not in categories:
            r.fail("类别", f"未知类别 {rule.category!r}（须在规则表中有计分方式为“类别”的一行）")
        elif categories[rule.category].subject != rule.subject:
            r.fail("类别", f"类别 {rule.category} 属于{categories[rule.category].subject}，与对象不符")
        if rule.group and rule.group not in groups:
            r.fail("分组", f"未知分组 {rule.group!r}（须在规则表中有计分方式为“分组”的一行）")
    if not rules:
        problems.add(sheet, "", "规则表中没有任何规则")
    broken = frozenset(seen) - rules.keys() - categories.keys() - groups.keys()
    return Rulebook(rules, categories, groups, broken)


def _parse_rule(r: Record, code: str, subject: str, kind: Kind) -> Rule | None:
    filled = {h for h in PARAMETERS if r.text(h)}
    ok = True
    for header in sorted(kind.required - filled):
        r.fail(header, f"计分方式为{kind.label}的规则须填写{header}")
        ok = False
    for header in sorted(filled - kind.allowed):
        r.fail(header, f"计分方式为{kind.label}的规则不使用{header}，请清空")
        ok = False
    points = r.number("分值", negative=True)
    if points is not None and points == 0:
        r.fail("分值", "分值不能为 0")
        ok = False
    steps: tuple[Step, ...] = ()
    if r.text("阶梯"):
        try:
            steps = parse_steps(r.text("阶梯"))
        except ValueError as exc:
            r.fail("阶梯", str(exc))
            ok = False
    dq_at = r.number("取消资格数量", positive=True)
    cap = r.number("月上限", positive=True)
    if cap is not None and points is not None and cap < abs(points):
        r.fail("月上限", f"月上限 {format_points(cap)} 小于一次的分值 {format_points(abs(points))}")
        ok = False
    source = r.text("数据来源")
    if source == N.SOURCE_LEDGER:
        source = ""
    if source:
        found = SOURCES.get(source)
        if found is None:
            r.fail("数据来源", f"未知数据来源 {source!r}，应为 台账 或 {'、'.join(SOURCES)} 之一")
            ok = False
        elif found.subject != subject:
            r.fail("数据来源", f"数据来源 {source} 只用于{found.subject}规则")
            ok = False
    if r.text("不重复分组") and "不重复分组" not in kind.allowed:
        ok = False  # already reported with the other parameters the kind does not use
    if not r.text("内容"):
        r.fail("内容", "缺少规则内容")
        ok = False
    reach = Reach.MONTH
    if r.text("取消资格范围"):
        found_reach = REACH_WORDS.get(r.text("取消资格范围"))
        if found_reach is None:
            r.fail("取消资格范围", f"取消资格范围应为 当月、当季 或 全年，"
                                f"而不是 {r.text('取消资格范围')!r}")
            ok = False
        elif found_reach != Reach.MONTH and kind.name == KindName.PER and dq_at is None:
            r.fail("取消资格范围", f"取消资格范围为{found_reach}的按次规则须填写取消资格数量"
                                "（累计多少次取消资格）")
            ok = False
        else:
            reach = found_reach
    unit = r.text("计量单位") or unit_in_text(r.text("内容"))
    if len(unit) > UNIT_LIMIT or any(ch.isdigit() for ch in unit):
        r.fail("计量单位", f"计量单位应为 次、件、天 一类的单位，而不是 {unit!r}")
        ok = False
    if not ok:
        return None
    return Rule(
        code=code, subject=subject, category=normalize_code(r.values.get("类别")),
        text=r.text("内容"), kind=kind, points=points, steps=steps, dq_at=dq_at, cap=cap,
        group=normalize_code(r.values.get("分组")), no_double=r.text("不重复分组"), source=source,
        action=r.text("附加处理"), row=r.row, reach=reach, unit=unit, short=r.text("简称"),
    )
