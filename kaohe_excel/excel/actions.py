"""What each button does, as api calls that return an Outcome (data, no Excel calls)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import api
from ..core.periods import Month, Quarter, parse_quarter, quarter_of
from ..errors import KaoheError


@dataclass(frozen=True)
class Period:
    month: Month
    quarter: Quarter
    year: int


@dataclass
class Outcome:
    summary: str
    files: list[Path] = field(default_factory=list)
    open: list[Path] = field(default_factory=list)  # result workbooks to bring up in Excel


def month(book: Path, period: Period) -> Outcome:
    written = api.run_month(book, period.month)
    saved = written.saved
    return Outcome(api.summary(written) + (f"；{saved.message}" if saved.diverted_from else ""),
                   [saved.path], [saved.path])


def finalize(book: Path, period: Period) -> Outcome:
    # the button saved the workbook before it ran: what is on disk is what Excel shows
    folder = api.finalize_month(book, period.month, force=True)
    return Outcome(f"{period.month} 已审定,存档于 {folder.name}", [folder])


def quarter(book: Path, period: Period) -> Outcome:
    written = api.run_quarter(book, period.quarter)
    saved = written.saved
    windows = saved.path.with_name(f"{saved.path.stem}_各窗口")
    return Outcome(api.summary(written), [saved.path, windows], [saved.path])


def year(book: Path, period: Period) -> Outcome:
    written = api.run_year(book, period.year)
    return Outcome(api.summary(written), [written.saved.path], [written.saved.path])


def make_selfcheck(book: Path, period: Period) -> Outcome:
    from ..selfcheck.make import make_templates

    made = make_templates(book, period.month)
    return Outcome(f"已生成 {period.month} 自查表 {len(made.saved)} 个(共 {made.staff} 人)",
                   [made.folder])


def collect_selfcheck(book: Path, period: Period) -> Outcome:
    # The book is open in Excel: an edit of the file on disk would be lost at Excel's next
    # save, and writing the merged rows through Excel is not built yet.
    raise KaoheError("汇总自查表会修改“台账”表,须在关闭本工作簿后运行:双击旁边的 考评.cmd 选 2,"
                     f"或运行 kaohe selfcheck collect 考核工作簿 --month {period.month} 回收文件夹")


def check(book: Path, period: Period) -> Outcome:
    from .environment import check as check_environment
    from .environment import report

    findings = check_environment(book)
    return Outcome(report(findings))


ACTIONS: dict[str, Callable[[Path, Period], Outcome]] = {
    "make_selfcheck": make_selfcheck, "collect_selfcheck": collect_selfcheck, "month": month,
    "finalize": finalize, "quarter": quarter, "year": year, "check": check,
}


def period_of(month_value: object, quarter_value: object, year_value: object) -> Period:
    """The 控制台 cells as xlwings reads them: text, a date Excel made of "2026/11", or a
    float year."""
    m = _month(month_value)
    q_text = _text(quarter_value)
    try:
        q = parse_quarter(q_text) if q_text else quarter_of(m)
    except ValueError as exc:
        raise KaoheError(f"控制台!B4: {exc}") from None
    y = year_value
    if isinstance(y, float) and y.is_integer():
        y = int(y)
    if isinstance(y, str) and y.strip().isdigit():
        y = int(y.strip())
    if not isinstance(y, int):
        y = m.year
    return Period(m, q, y)


def _month(value: object) -> Month:
    if hasattr(value, "year") and hasattr(value, "month"):
        return Month(value.year, value.month)  # type: ignore[union-attr]
    text = _text(value)
    if not text:
        raise KaoheError("控制台!B3: 请填写月份,如 2026-11")
    try:
        return api.as_month(text)
    except KaoheError as exc:
        raise KaoheError(f"控制台!B3: {exc}") from None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
