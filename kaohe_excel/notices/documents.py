"""Which documents a period calls for, pure: the data in, (file name, template, context) out.
The month gives its 公示 (or, once final, its 公布) and one 通报批评 or 退回原单位函 per
person the month brought one; the quarter its 表彰通报, 光荣榜 and 退回原单位函; the year its
report and one feedback letter per 派出单位."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from ..core.failures import MONTHLY_CRITICISM, RETURN_TO_UNIT, Failure
from ..core.month_record import MonthRecord, PersonMonth
from ..core.numbers import mean_score
from ..core.periods import Month, Quarter, quarter_of
from ..core.quarter import QuarterResult
from ..core.scoring import grade_of
from ..core.settings import Settings
from ..core.words import NO_UNIT, FollowUp, Grade
from ..core.year import YearResult
from ..errors import KaoheError
from ..files.filenames import safe_stem
from ..reports.year_comments import draft_comments
from .context import (
    Context,
    basis_text,
    criticism_context,
    date_text,
    feedback_context,
    month_context,
    quarter_context,
    return_context,
    score_text,
    ties,
    what_happened,
    year_context,
)
from .paths import letter_file


class Doc(NamedTuple):
    file: str  # the .docx file name in the period's folder
    template: str  # the template's file name
    context: Context


class Plan(NamedTuple):
    documents: list[Doc]
    page: Context | None  # the intranet page's context, when the period has one
    notes: list[str]  # lines for the user: what was left out and why
    page_file: str = ""


class TieAtTheCut(KaoheError):
    """A 并列待定 tie: the 表彰通报 never prints an undecided award."""


def _unique(names: list[str]) -> list[str]:
    """Windows-safe names, one per document; a clash (case does not count) gets a number."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        stem = safe_stem(name, "通知")
        key = stem.casefold()
        seen[key] = seen.get(key, 0) + 1
        out.append(f"{stem}（{seen[key]}）.docx" if seen[key] > 1 else f"{stem}.docx")
    return out


def _named(docs: list[tuple[str, str, Context]]) -> list[Doc]:
    files = _unique([d[0] for d in docs])
    return [Doc(f, t, c) for f, (_, t, c) in zip(files, docs, strict=True)]


def _person_docs(failures: Sequence[Failure], history: Mapping[Month, MonthRecord],
                 settings: Settings, day: dt.date) -> list[tuple[str, str, Context]]:
    out = []
    for f in failures:
        if f.action == MONTHLY_CRITICISM or f.action == FollowUp.CRITICISM:
            below = _below_months(f, history, settings)
            out.append((f"通报批评_{f.name}_{f.person_id}", "通报批评.docx",
                        criticism_context(f, below, settings, day)))
        else:
            out.append((f"退回原单位函_{f.unit or '派出单位'}_{f.name}_{f.person_id}",
                        "退回原单位函.docx",
                        return_context(f, _return_reasons(f, history, settings), settings, day)))
    return out


def _below_months(f: Failure, history: Mapping[Month, MonthRecord],
                  settings: Settings) -> list[tuple[Month, PersonMonth]]:
    """The 未达标 months that add up to a 3rd-month 通报批评 (none for a P5-05 row)."""
    if f.basis.startswith("P") or "月度考评未达标" not in f.basis:
        return []
    last = Month(int(f.period[:4]), int(f.period[5:7]))
    out = []
    for month in sorted(m for m in history if m <= last):
        for p in history[month].people:
            if p.id == f.person_id and p.rated and p.score is not None \
                    and grade_of(p.score, settings) == Grade.BELOW:
                out.append((month, p))
    return out


def _return_reasons(f: Failure, history: Mapping[Month, MonthRecord],
                    settings: Settings) -> list[tuple[str, str]]:
    """(period, what happened): the 未达标 quarters with their months, or the 退回 rule."""
    if f.action != RETURN_TO_UNIT:
        if f.events:  # the 台账 rows: each with its date, 事项 and 说明
            return [(date_text(e.day), "：".join(part for part in (
                basis_text(f.basis), what_happened(e)) if part)) for e in f.events]
        month = Month(int(f.period[:4]), int(f.period[5:7]))
        return [(month.label, basis_text(f.basis))]
    year, number = (int(x) for x in f.period.split("Q"))
    last = Quarter(year, number)
    quarters = sorted({quarter_of(m) for m in history if quarter_of(m) <= last})
    out = []
    for q in quarters:
        entries = [(m, p) for m in q.months if m in history for p in history[m].people
                   if p.id == f.person_id and p.rated and p.score is not None]
        if not entries:
            continue
        score = mean_score([p.score for _, p in entries if p.score is not None],
                           settings.person_decimals)
        if grade_of(score, settings) != Grade.BELOW:
            continue
        months = "、".join(f"{m.month}月{score_text(p.score, settings.person_decimals)}分"
                          for m, p in entries)
        out.append((q.label, f"季度得分{score_text(score, settings.person_decimals)}分，"
                             f"未达标（{months}）"))
    return out


def month_plan(record: MonthRecord, settings: Settings, failures: Sequence[Failure],
               history: Mapping[Month, MonthRecord], day: dt.date) -> Plan:
    """`history`: the final months of the counting period up to this month (for the
    months and scores a 通报批评 lists)."""
    page = month_context(record, settings, day)
    kind = page["kind"]
    docs: list[tuple[str, str, Context]] = [
        (f"月度考评结果{kind}_{record.month}", f"月度考评结果{kind}.docx", page)]
    own = [f for f in failures if f.period == str(record.month)]
    notes = []
    if record.state == "final":
        docs += _person_docs(own, {**history, record.month: record}, settings, day)
    elif own:
        notes.append(f"{record.month} 尚未审定：{len(own)} 份通报批评或退回原单位函在审定后生成"
                     "（kaohe finalize 之后再运行本命令）")
    return Plan(_named(docs), page, notes, f"月度考评结果{kind}_{record.month}.html")


def quarter_plan(result: QuarterResult, failures: Sequence[Failure],
                 history: Mapping[Month, MonthRecord], day: dt.date) -> Plan:
    tied = ties(result)
    if tied:
        listed = "、".join(f"{s.name}（{score_text(s.score, 2 if s.id == s.window_id else 1)}分）"
                          for s in tied)
        raise TieAtTheCut(
            f"{result.quarter.label}评选有并列待定：{listed}处在名额线上，"
            "须先由中心考评领导小组确定人选并在考核工作簿中登记，再生成表彰通报和光荣榜")
    page = quarter_context(result, day)
    q = str(result.quarter)
    docs: list[tuple[str, str, Context]] = [
        (f"季度表彰通报_{q}", "季度表彰通报.docx", page),
        (f"光荣榜_{q}", "光荣榜.docx", page),
    ]
    docs += _person_docs([f for f in failures if f.period == q], history, result.settings, day)
    return Plan(_named(docs), page, [], f"季度评比结果_{q}.html")


def year_plan(result: YearResult, final_months: int, comments: Mapping[str, str],
              day: dt.date) -> Plan:
    """`comments`: {工号: 年度工作评语}, the edited ones where the year's result has them."""
    texts = {**draft_comments(result), **comments}
    docs = _named([(f"年度考评情况报告_{result.year}", "年度考评情况报告.docx",
                    year_context(result, final_months, day))])
    notes = []
    units: dict[str, str] = {}  # file name (case does not count on Windows) -> 派出单位
    for u in result.units:
        if u.unit == NO_UNIT:
            notes.append(f"{u.staff} 人未填派出单位，未生成反馈函（在人员表补填派出单位后重新生成）")
            continue
        name = letter_file(u.unit)  # kaohe mail finds the letter by this name
        other = units.setdefault(name.casefold(), u.unit)
        if other != u.unit:
            raise KaoheError(
                f"派出单位“{other}”和“{u.unit}”的反馈函文件名相同（{name}；文件名中不能有"
                " \\ / : * ? \" < > |，也不区分大小写）：请在人员表中修改其中一个派出单位的名称，"
                "“派出单位”表同样修改")
        docs.append(Doc(name, "年度考评结果反馈函.docx",
                        feedback_context(result, u.unit, texts, day)))
    return Plan(docs, None, notes)
