"""`kaohe notices`: read what a period needs through the API, plan its documents, fill the
templates into 通报/<period>/ beside the book, and optionally the intranet page and PDFs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from .. import api
from ..archive import store as archive
from ..core.month_record import MonthRecord
from ..core.periods import Month, parse_quarter, parse_year
from ..core.settings import PERIOD_CALENDAR_YEAR, Settings
from ..errors import KaoheError
from ..officebook.read import attendance_months
from ..reports.year_comments import read_comments
from . import template_files
from .documents import Plan, month_plan, quarter_plan, year_plan
from .paths import period_folder
from .pdf import NO_SOFFICE, find_soffice, to_pdf
from .render import render_docx, render_html


class Written(NamedTuple):
    folder: Path
    files: list[Path]
    notes: list[str]


def counted_history(book: Path, last: Month, settings: Settings) -> dict[Month, MonthRecord]:
    """The final months of the counting period that ends with `last` (same calendar year,
    or all earlier months when 未达标计数周期 is 累计)."""
    return {m: archive.load_final(book, m) for m in archive.final_months(book)
            if m <= last and (m.year == last.year or settings.failure_period
                              != PERIOD_CALENDAR_YEAR)}


def _require_final(book: Path, months: list[Month], what: str) -> None:
    """Quarter and year documents are issued from 审定 months only (a month without any
    考勤 is simply missing)."""
    open_months = [m for m in months if not archive.is_final(book, m)]
    if open_months:
        with_data = attendance_months(book)
        open_months = [m for m in open_months if m in with_data]
    if open_months:
        listed = "、".join(str(m) for m in open_months)
        raise KaoheError(f"{listed} 尚未审定；{what}只用审定的月份，请先运行 kaohe finalize")


def notices_for_month(book: Path, month: str, day: dt.date) -> tuple[Plan, Settings, str]:
    record, settings, failures = api.month_results(book, month)
    history = counted_history(book, record.month, settings) if record.state == "final" else {}
    return month_plan(record, settings, failures, history, day), settings, str(record.month)


def notices_for_quarter(book: Path, quarter: str, day: dt.date,
                        ) -> tuple[Plan, Settings, str]:
    q = _parse(parse_quarter, quarter)
    _require_final(book, list(q.months), "表彰通报")
    result, failures = api.quarter_results(book, q)
    history = counted_history(book, q.months[-1], result.settings)
    return quarter_plan(result, failures, history, day), result.settings, str(q)


def notices_for_year(book: Path, year: str, day: dt.date) -> tuple[Plan, Settings, str]:
    y = _parse(parse_year, year)
    months = [Month(y, m) for m in range(1, 13)]
    _require_final(book, months, "年度报告和反馈函")
    result = api.year_results(book, y)
    comments = read_comments(api.year_result_path(book, y))
    finals = sum(1 for m in months if archive.is_final(book, m))
    return year_plan(result, finals, comments, day), result.settings, str(y)


def _parse(parser, value: str):  # type: ignore[no-untyped-def]
    try:
        return parser(value)
    except ValueError as exc:
        raise KaoheError(str(exc)) from None


def write_notices(book: Path, period: str, kind: str, day: dt.date | None = None,
                  html: bool = False, pdf: bool = False) -> Written:
    """`kind`: month, quarter or year. Writes the documents, returns what it wrote."""
    book = Path(book)
    if not book.is_file():
        raise KaoheError(f"找不到考核工作簿 {book}")
    day = day or dt.date.today()
    make = {"month": notices_for_month, "quarter": notices_for_quarter,
            "year": notices_for_year}[kind]
    plan, settings, label = make(book, period, day)
    templates = template_files.custom_folder(book, settings)
    folder = period_folder(book, label)
    folder.mkdir(parents=True, exist_ok=True)
    files = [render_docx(template_files.find(d.template, templates), d.context,
                         folder / d.file).path for d in plan.documents]
    notes = list(plan.notes)
    if html:
        if plan.page is None:
            notes.append("年度不生成内网页面（内网页面用于月度公示、公布和季度光荣榜）")
        else:
            page = render_html(template_files.find(template_files.PAGE, templates), plan.page,
                               folder / plan.page_file)
            files.append(page.path)
    if pdf:
        soffice = find_soffice()
        if soffice is None:
            notes.append(NO_SOFFICE)
        else:
            files += to_pdf([f for f in files if f.suffix == ".docx"], soffice)
    return Written(folder, files, notes)

