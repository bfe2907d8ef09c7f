"""What the notices say, as plain data: one context per period (month, quarter, year), built
from the result records in one place, so the Word documents, the intranet page (and the mail)
say the same thing. Pure: no files read or written; every value is text, already formatted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..core.failures import MONTHLY_CRITICISM, RETURN_TO_UNIT, Failure
from ..core.month_record import MonthRecord, PersonMonth, WindowMonth
from ..core.numbers import round_half_up
from ..core.periods import Month, date_text, period_label
from ..core.quarter import QuarterResult, Standing
from ..core.results import Event
from ..core.settings import PERIOD_CALENDAR_YEAR, Settings
from ..core.words import Award, FollowUp, Grade
from ..core.year import YearResult

Context = dict[str, Any]
PERSON_ONLY = ("工号", "姓名")  # public columns a window row does not have
DASH = "—"


def working_days(start: dt.date, count: int) -> list[dt.date]:
    """`count` working days (Monday to Friday) from `start` on; a weekend start moves on."""
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def doc_number(prefix: str, year: int) -> str:
    """发文字号 with the serial left blank for the office's register: 行服督〔2026〕　　号."""
    head = prefix if "〔" in prefix else f"{prefix}〔{year}〕"
    return f"{head}\u3000\u3000号"


def score_text(score: Decimal | None, places: int) -> str:
    return DASH if score is None else format(round_half_up(score, places), "f")


def letterhead(settings: Settings, day: dt.date) -> Context:
    """What every document of every period carries."""
    contact = "；".join(part for part in (
        f"联系人：{settings.contact_person}" if settings.contact_person else "",
        f"联系电话：{settings.contact_phone}" if settings.contact_phone else "") if part)
    return {
        "center": settings.center_name,
        "issuer": settings.issuer,
        "issuer_mark": f"{settings.issuer}文件",
        "doc_number": doc_number(settings.doc_number_prefix, day.year),
        "date_text": date_text(day),
        "contact_text": contact,
    }


def public_columns(settings: Settings) -> tuple[list[str], list[str]]:
    people = [c for c in settings.public_columns.replace(",", "、").split("、") if c]
    windows = [c for c in people if c not in PERSON_ONLY]
    return people, windows


def _person_cells(p: PersonMonth, places: int) -> dict[str, str]:
    return {"排名": str(p.rank or DASH), "工号": p.id, "姓名": p.name, "窗口": p.window_name,
            "派出单位": p.unit, "得分": score_text(p.score, places), "等级": p.grade or DASH,
            "状态": p.status, "办件数": format(p.cases, "f")}


def _window_cells(w: WindowMonth, places: int) -> dict[str, str]:
    return {"排名": str(w.rank or DASH), "窗口": w.name, "派出单位": w.unit,
            "得分": score_text(w.score, places), "等级": w.grade or DASH, "状态": w.status,
            "办件数": format(w.cases, "f")}


def _ranked(rows: Sequence[Any]) -> list[Any]:
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.id))


def month_context(record: MonthRecord, settings: Settings, day: dt.date) -> Context:
    """The month's 公示 (a draft) or 公布 (a final month), and its intranet page."""
    people_cols, window_cols = public_columns(settings)
    people = _ranked(record.people)
    windows = _ranked(record.windows)
    rated = [p for p in people if p.rated]
    days = working_days(day, settings.publicity_days)
    span = date_text(days[0]) if len(days) == 1 else \
        f"{date_text(days[0])}至{date_text(days[-1])}"
    final = record.state == "final"
    kind = "公布" if final else "公示"
    return {
        **letterhead(settings, day),
        "period": str(record.month),
        "period_label": record.month.label,
        "month_label": record.month.label,
        "final": final,
        "kind": kind,
        "page_title": f"{settings.center_name}{record.month.label}窗口及工作人员绩效考评结果{kind}",
        "people_columns": people_cols,
        "people_rows": [[_person_cells(p, settings.person_decimals)[c] for c in people_cols]
                        for p in people],
        "window_columns": window_cols,
        "window_rows": [[_window_cells(w, settings.window_decimals)[c] for c in window_cols]
                        for w in windows],
        "rated_people": len(rated),
        "above": sum(p.grade == Grade.ABOVE for p in rated),
        "met": sum(p.grade == Grade.MET for p in rated),
        "below": sum(p.grade == Grade.BELOW for p in rated),
        "rated_windows": sum(w.rated for w in windows),
        "publicity_days": settings.publicity_days,
        "publicity_text": f"{settings.publicity_days}个工作日（{span}）",
        "publicity_channel": settings.publicity_channel,
        "objection_channel": settings.objection_channel,
        "honour": None,
    }


def _person(failure: Failure) -> Context:
    return {"id": failure.person_id, "name": failure.name,
            "window": failure.window_name or DASH, "unit": failure.unit or "派出单位"}


def criticism_context(failure: Failure, below: Sequence[tuple[Month, PersonMonth]],
                      settings: Settings, day: dt.date) -> Context:
    """通报批评 of one person: a 3rd 未达标 month (with `below`, the months and scores that
    counted) or a P5-05 row (the basis names the rule)."""
    months = [{"month": m.label, "score": score_text(p.score, settings.person_decimals),
               "grade": p.grade or ""} for m, p in below]
    rule = f"《办法》规定应予通报批评的情形（{basis_text(failure.basis)}）"
    if failure.action == MONTHLY_CRITICISM and months:
        listed = "、".join(row["month"] for row in months)
        reason = f"{listed}月度考评均未达标，累计{len(months)}次"
    elif any(e.matter or e.note for e in failure.events):
        reason = "；".join(event_text(e) for e in failure.events) + f"，属于{rule}"
    elif failure.events:
        reason = "、".join(date_text(e.day) for e in failure.events) + f"发生{rule}"
    else:
        reason = f"{period_label(failure.period)}发生{rule}"
    period = (f"{below[-1][0].year}年" if settings.failure_period == PERIOD_CALENDAR_YEAR
              and below else "累计")
    return {**letterhead(settings, day), "person": _person(failure), "reason": reason,
            "months": months, "count_period": period, "events": events_context(failure)}


def event_text(event: Event) -> str:
    """One 台账 row in a sentence: 2026年12月21日，事项（说明）."""
    return f"{date_text(event.day)}，{what_happened(event)}".rstrip("，")


def what_happened(event: Event) -> str:
    """事项（说明）, or whichever of them the row has."""
    if event.matter and event.note:
        return f"{event.matter}（{event.note}）"
    return event.matter or event.note


def events_context(failure: Failure) -> list[Context]:
    """The 台账 rows of a follow-up, for a template that lists them in a table."""
    return [{"date": date_text(e.day), "matter": e.matter, "note": e.note}
            for e in failure.events]


def basis_text(basis: str) -> str:
    """A rule's text as the rulebook writes it ("P5-05 踏查途中无故离开，单独…") with the
    full-width punctuation of a Chinese document."""
    return basis.translate(_FULL_WIDTH)


_FULL_WIDTH = str.maketrans({",": "，", ";": "；", "(": "（", ")": "）", ":": "："})


def return_context(failure: Failure, reasons: Sequence[tuple[str, str]], settings: Settings,
                   day: dt.date) -> Context:
    """退回原单位函 to the person's 派出单位: a 2nd 未达标 quarter or a 退回 rule."""
    if failure.action == RETURN_TO_UNIT:
        reason = "一个计数周期内两次季度考评未达标"
    else:
        reason = f"{period_label(failure.period)}发生《办法》规定应退回派出单位的情形"
    return {**letterhead(settings, day), "person": _person(failure), "reason": reason,
            "reasons": [{"period": p, "text": t} for p, t in reasons]}


def _award_rows(rows: Sequence[Standing], places: int) -> list[Context]:
    return [{"name": s.name, "window": s.window_name, "score": score_text(s.score, places)}
            for s in rows]


def quarter_context(result: QuarterResult, day: dt.date) -> Context:
    """表彰通报, 光荣榜 and the quarter's page. Ties at the cut are the caller's to refuse."""
    settings = result.settings
    people = [s for s in result.people if s.award == Award.CHOSEN]
    windows = [s for s in result.windows if s.award == Award.CHOSEN]
    award_people = _award_rows(people, settings.person_decimals)
    award_windows = [{"window": s.name, "score": score_text(s.score, settings.window_decimals)}
                     for s in windows]
    people_cols, window_cols = public_columns(settings)

    def cells(s: Standing, places: int, person: bool) -> dict[str, str]:
        status = ("先进个人" if person else "红旗窗口") if s.award == Award.CHOSEN else \
            (s.award or ("参评" if s.score is not None else "未参评"))
        return {"排名": str(s.rank or DASH), "工号": s.id, "姓名": s.name,
                "窗口": s.window_name if person else s.name, "派出单位": s.unit,
                "得分": score_text(s.score, places), "等级": s.grade or DASH, "状态": status,
                "办件数": format(s.cases, "f")}

    label = result.quarter.label
    return {
        **letterhead(settings, day),
        "period": str(result.quarter),
        "period_label": label,
        "quarter_label": label,
        "final": True,
        "kind": "季度评比结果",
        "page_title": f"{settings.center_name}{label}窗口及工作人员绩效考评结果",
        "award_people": award_people,
        "award_windows": award_windows,
        "award_people_text": f"{len(people)}名同志被评为先进个人" if people
        else "本季度未评出先进个人",
        "award_windows_text": f"{len(windows)}个窗口被评为红旗窗口" if windows
        else "本季度未评出红旗窗口",
        "people_columns": people_cols,
        "people_rows": [[cells(s, settings.person_decimals, True)[c] for c in people_cols]
                        for s in result.people],
        "window_columns": window_cols,
        "window_rows": [[cells(s, settings.window_decimals, False)[c] for c in window_cols]
                        for s in result.windows],
        "publicity_text": "",
        "publicity_channel": settings.publicity_channel,
        "objection_channel": settings.objection_channel,
        "honour": {"people": award_people, "windows": award_windows},
    }


def ties(result: QuarterResult) -> list[Standing]:
    return [s for s in (*result.people, *result.windows) if s.award == Award.TIED]


def year_context(result: YearResult, final_months: int, day: dt.date) -> Context:
    """年度考评情况报告 (the report to the city government)."""
    settings = result.settings
    rated = [s for s in result.people if s.score is not None]
    mean = (sum((s.score for s in rated if s.score is not None), Decimal(0)) / len(rated)
            if rated else None)
    pending = [f"{q.quarter.label}{'、'.join(s.name for s in ties(q))}并列处在名额线上"
               for q in result.quarters if ties(q)]
    failures = [{"name": f.name, "window": f.window_name or DASH, "action": f.action,
                 "basis": _failure_text(f)} for f in result.failures]
    return {
        **letterhead(settings, day),
        "period": str(result.year),
        "period_label": f"{result.year}年度",
        "year": str(result.year),
        "window_count": len(result.windows),
        "staff_count": len(result.people),
        "final_months": final_months,
        "quarter_count": len(result.quarters),
        "rated_people": len(rated),
        "mean_score": score_text(mean, settings.person_decimals),
        "above": sum(s.grade == Grade.ABOVE for s in rated),
        "met": sum(s.grade == Grade.MET for s in rated),
        "below": sum(s.grade == Grade.BELOW for s in rated),
        "person_award_total": sum(result.person_awards.values()),
        "window_award_total": sum(result.window_awards.values()),
        "pool_people": [{"name": s.name, "window": s.window_name, "unit": s.unit,
                         "times": str(result.person_awards[s.id]),
                         "score": score_text(s.score, settings.person_decimals)}
                        for s in result.person_pool],
        "pool_windows": [{"window": s.name, "times": str(result.window_awards[s.id]),
                          "score": score_text(s.score, settings.window_decimals)}
                         for s in result.window_pool],
        "pending_text": ("另有" + "；".join(pending) + "，待中心考评领导小组确定。") if pending
        else "",
        "criticism_count": sum(f.action != RETURN_TO_UNIT and f.action != FollowUp.RETURN
                               for f in result.failures),
        "return_count": sum(f.action in (RETURN_TO_UNIT, FollowUp.RETURN)
                            for f in result.failures),
        "failures": failures,
        "unit_count": len(result.units),
    }


def _failure_text(f: Failure) -> str:
    return f"{period_label(f.period)}{f.basis.replace(' ', '').replace('(', '（').replace(')', '）')}"


def feedback_context(result: YearResult, unit: str, comments: Mapping[str, str],
                     day: dt.date) -> Context:
    """年度考评结果反馈函 to one 派出单位: that unit's staff only."""
    settings = result.settings
    staff = sorted((s for s in result.people if (s.unit or "") == unit),
                   key=lambda s: (s.window_id, s.rank is None, s.rank or 0, s.id))
    return {
        **letterhead(settings, day),
        "year": str(result.year),
        "unit": unit,
        "staff": [{"id": s.id, "name": s.name, "window": s.window_name,
                   "months": str(s.rated_months),
                   "score": score_text(s.score, settings.person_decimals),
                   "grade": s.grade or DASH, "awards": str(result.person_awards.get(s.id, 0)),
                   "comment": comments.get(s.id, "")} for s in staff],
    }
