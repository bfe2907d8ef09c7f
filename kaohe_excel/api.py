"""The small public API that the CLI and the Excel buttons call."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from .archive import finals
from .core.failures import RETURN_TO_UNIT, Failure, counted_together, in_period, track
from .core.month_record import MonthRecord, record_of
from .core.periods import (
    Month,
    Quarter,
    parse_quarter,
    parse_year,
    period_end,
    period_label,
    quarter_of,
    year_months,
)
from .core.results import MonthResult, Notice, Source, Where
from .core.scoring import score_month
from .core.settings import Settings
from .core.words import Award, FollowUp, State
from .core.workdays import attendance_notices
from .errors import FileProblem, KaoheError
from .files.cells import parse_month
from .files.filenames import quarter_result_path, window_folder, year_result_path
from .files.saving import Saved, owner_files, write_atomically
from .officebook.read import LoadedMonth, read_month, read_period
from .reports.month import write_month_workbook

# Each command imports what only it needs when it runs (start-up is part of every wait): the
# quarter and the year load their models and writers in their own functions, and the
# archive's store (hashing, the record format) is loaded by the functions that write, verify
# or load an archive; a month only asks `finals` whether it is final.
if TYPE_CHECKING:
    from .core.awards import Decision
    from .core.quarter import QuarterResult
    from .core.year import YearResult
    from .mail.run import Batch as MailBatch
    from .officebook.book_data import BookData
    from .officebook.create import ExtraSheets
    from .selfcheck.collect import Collected, SheetWriter

T = TypeVar("T")


def as_month(value: str | Month) -> Month:
    if isinstance(value, Month):
        return value
    try:
        month = parse_month(value)
    except ValueError as exc:
        raise FileProblem(str(exc)) from None
    if month is None:
        raise FileProblem("请指定月份，如 --month 2026-11")
    return month


def init_book(path: Path, data: BookData | None = None, overwrite: bool = False,
              extra: ExtraSheets | None = None) -> Saved:
    """Create a new office workbook; an existing file is never replaced unless asked.
    An .xlsm needs its macro parts as `extra` (kaohe_excel.excel.create_book passes them):
    without a VBA project it would be an ordinary workbook under a macro name (issue 15)."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise FileProblem(f"考核工作簿应以 .xlsx 或 .xlsm 结尾：{path.name}")
    if (path.suffix.lower() == ".xlsm") != (extra is not None):
        raise ValueError("an .xlsm office workbook is made by kaohe_excel.excel.create_book")
    if path.exists() and not overwrite:
        raise FileProblem(f"{path} 已存在，未做任何改动（确需重建请加 --force）")
    from .officebook.create import write_office_workbook
    from .selfcheck.metadata import make_key

    saved = write_atomically(path, lambda tmp: write_office_workbook(tmp, data, extra))
    make_key(saved.path)  # the self-check forms' signing key, beside the book (docs/selfcheck.md)
    return saved


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a book is read and scored.

    Why: reading builds millions of small objects (a province book: rows, records, Decimals)
    and none of them refer to each other in a cycle, yet the collector walks the whole growing
    heap again each time it has grown by a quarter: 4 s of a 36 s province month. Freed by
    reference counting as before; the collector resumes afterwards (also after an error)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def require_book(book: Path) -> Path:
    """The office workbook, or one line saying it is not there (wherever the command runs,
    also beside another book's archive)."""
    book = Path(book)
    if not book.is_file():
        raise FileProblem(f"找不到考核工作簿 {book}")
    return book


def open_in_excel_note(book: Path) -> str:
    """A line when Excel has the book open (its ~$ owner file is beside it), else ""."""
    if owner_files(Path(book)):
        return (f"{Path(book).name} 正在 Excel 中打开：只读取磁盘上已保存的内容，"
                "未保存的修改不会计入")
    return ""


def load_month(book: Path, month: str | Month) -> LoadedMonth:
    return read_month(require_book(book), as_month(month))


def score_book(book: Path, month: str | Month) -> MonthResult:
    """Read the office workbook and score `month`; raises DataErrors listing every problem.
    The result's 提示 include 考勤 rows whose 法定工作日 the calendar does not confirm."""
    with collector_paused():
        loaded = load_month(book, month)
        result = score_month(loaded.inputs, loaded.rulebook, loaded.settings)
    result.notices.extend(attendance_notices(loaded.inputs, loaded.calendar))
    return result




def _departure_notices(result: MonthResult, failures: Sequence[Failure]) -> list[Notice]:
    """退回 earlier (a 2nd 未达标 quarter, or 退回派出单位) yet still in this month's 考勤 or
    台账: a 提示 naming the person, the 退回 and its date, asking for the 离开日期."""
    month = result.month
    returned: dict[str, Failure] = {}
    for f in failures:
        if f.action in (RETURN_TO_UNIT, FollowUp.RETURN) and period_end(f.period) < month:
            returned.setdefault(f.person_id, f)
    out = []
    for p in result.people:
        back = returned.get(p.person.id)
        if back is None:
            continue
        out.append(Notice(
            # the row where the clerk enters the 离开日期 the notice asks for
            "退回后仍在考核", Where(Source.PEOPLE, p.person.row),
            f"{p.person.name}（{p.person.id}）已于 {period_label(back.period)} {back.action}"
            f"（{back.basis}），{month} 仍在考勤或台账中；请在人员表填写其离开日期，"
            "离开后的月份不再考核"))
    return out


def month_result_path(book: Path, month: Month) -> Path:
    return Path(book).with_name(f"月度考评结果_{month}_公示稿.xlsx")


def _failures_of_month(book: Path, record: MonthRecord, settings: Settings,
                       result: MonthResult | None = None) -> list[Failure]:
    """This month's failure entries, counted over the final months before it (and it).
    With `result`, a 退回 of an earlier period whose person is still scored this month
    becomes a 提示 of the result."""
    earlier = _history(book, record.month, settings)
    periods = {str(record.month)}
    if record.month.ends_quarter:
        periods.add(str(quarter_of(record.month)))
    every = track({**earlier, record.month: record}, settings)
    if result is not None:
        result.notices.extend(_departure_notices(result, every))
    return in_period(every, periods)


def _history(book: Path, before: Month, settings: Settings) -> dict[Month, MonthRecord]:
    """The final months before `before` that count for failure tracking."""
    months = [m for m in finals.final_months(book)
              if m < before and counted_together(m, before, settings)]
    if not months:
        return {}
    from .archive import store

    return {m: store.load_final(book, m) for m in months}


R = TypeVar("R", MonthResult, "QuarterResult", "YearResult")


@dataclass(frozen=True)
class Written(Generic[R]):
    """What a run_* call scored and wrote: the month's, quarter's or year's result, its
    待处理 (failures), the result workbook, and the workbooks written beside it (one per
    window for the quarter)."""

    result: R
    failures: list[Failure]
    saved: Saved
    also: tuple[Saved, ...] = ()
    warnings: tuple[str, ...] = ()  # lines for the user (the book is open in Excel …)


def summary(written: Written[MonthResult] | Written[QuarterResult] | Written[YearResult],
            ) -> str:
    """The one line the CLI prints and the 控制台 shows after a run."""
    r = written.result
    if isinstance(r, MonthResult):
        rated = sum(1 for p in r.people if p.rated)
        return (f"{r.month} 考评完成：参评 {rated} 人，取消资格或退回 {len(r.people) - rated} 人，"
                f"提示 {len(r.notices)} 条")
    from .core.quarter import QuarterResult  # already loaded for a quarter's or a year's run

    if isinstance(r, QuarterResult):
        chosen = sum(1 for s in r.people if s.award == Award.CHOSEN)
        flags = sum(1 for s in r.windows if s.award == Award.CHOSEN)
        tied = sum(1 for s in (*r.people, *r.windows) if s.award == Award.TIED)
        return (f"{r.quarter} 季度评比完成：先进个人 {chosen} 人（名额 {r.person_quota}），"
                f"红旗窗口 {flags} 个（名额 {r.window_quota}）"
                + (f"，并列待定 {tied} 个" if tied else "") + f"，待处理 {len(written.failures)} 条"
                + _missing_text(r.states))
    return (f"{r.year} 年度总评完成：年度先进个人 {len(r.person_pool)} 人，"
            f"年度红旗窗口 {len(r.window_pool)} 个，优秀公务员、先进个人标兵推荐 "
            f"{len(r.recommended)} 人"
            + (f"，尚有 {len(r.unsettled)} 个并列待定未经领导小组确定" if r.unsettled else "")
            + f"，待处理 {len(written.failures)} 条" + _missing_text(r.states))


def _missing_text(states: dict[Month, State]) -> str:
    missing = missing_months(states)
    return f"；注意：{'、'.join(str(m) for m in missing)} 没有考勤，未计入" if missing else ""


@collector_paused()  # one workbook written: its few cycles wait for the collector's return
def run_month(book: Path, month: str | Month, out: Path | None = None,
              ) -> Written[MonthResult]:
    """Score `month` and write its result workbook (公示稿) beside the book (or to `out`)."""
    book = require_book(book)
    month = as_month(month)
    finals.refuse_if_final(book, month)
    result = score_book(book, month)
    failures = _failures_of_month(book, record_of(result), result.settings, result)
    target = _target(out, month_result_path(book, result.month), book)
    saved = write_atomically(target, lambda tmp: write_month_workbook(tmp, result, failures))
    note = open_in_excel_note(book)
    return Written(result, failures, saved, warnings=(note,) if note else ())


@collector_paused()
def finalize_month(book: Path, month: str | Month, force: bool = False) -> Path:
    """审定: score the month once more from the book and archive inputs and results. While
    Excel has the book open it refuses unless `force`: it archives what is on disk."""
    from .archive import store

    book = require_book(book)
    month = as_month(month)
    if store.is_final(book, month):
        raise store.MonthIsFinal(
            f"{month} 已审定（{store.finalized_at(book, month) or '日期未记录'}，"
            f"存档 {store.ARCHIVE}/{month}），无需再次审定；确需更正，请先运行 "
            f"kaohe reopen {book.name} --month {month} --reason \"原因\"")
    note = open_in_excel_note(book)
    if note and not force:
        raise FileProblem(note + "；审定存档的是磁盘上的文件，请先在 Excel 中保存并关闭，"
                                 "或确认无误后加 --force")
    result = score_book(book, month)
    record = record_of(result, State.FINAL)
    failures = _failures_of_month(book, record, result.settings, result)
    return store.finalize(
        book, month, record,
        lambda path: write_month_workbook(path, result, failures, final=True))


def reopen_month(book: Path, month: str | Month, reason: str) -> Path:
    from .archive import store

    return store.reopen(Path(book), as_month(month), reason)


def verify_archives(book: Path) -> dict[Month, list[str]]:
    """Every final month of the book with the problems of its archive (empty when intact)."""
    from .archive import store

    book = require_book(book)
    return {m: store.verify(book, m) for m in store.final_months(book)}


def reopened_months(book: Path) -> list[tuple[Month, dict[str, str]]]:
    """Every re-opened final state of the book: (month, reason, when, by whom, folder)."""
    from .archive import store

    return store.reopened(require_book(book))


def collect_selfcheck(book: Path, month: str | Month, folder: Path,
                      out: Path | None = None, through: SheetWriter | None = None) -> Collected:
    """Merge the windows' returned self-check forms into the 台账; never into a final month.
    `through`: the book is open in Excel, which writes the rows (the 汇总自查表 button)."""
    from .selfcheck.collect import collect

    book = require_book(book)
    month = as_month(month)
    if finals.is_final(book, month):
        raise finals.MonthIsFinal(
            f"{month} 已审定（存档 {finals.ARCHIVE}/{month}），自查表不能再并入台账，未做任何改动；"
            f"确需并入，请先运行 kaohe reopen {book.name} --month {month} --reason \"原因\"")
    return collect(book, month, folder, out, through=through)


class PeriodRecords(NamedTuple):
    """A period's months as the quarter and the year need them, and what they need of the book."""

    records: dict[Month, MonthRecord]
    states: dict[Month, State]
    settings: Settings
    decisions: list[Decision]


@collector_paused()
def load_records(book: Path, months: Sequence[Month], allow_draft: bool) -> PeriodRecords:
    """The months' records: final ones from the archive, draft ones (only when allowed)
    scored from the book now; a month with no 考勤 at all is missing. The book is opened
    once for the settings, the 评选决定 and the draft months."""
    from .archive import store

    book = require_book(book)
    records: dict[Month, MonthRecord] = {}
    states: dict[Month, State] = {}
    not_final = [m for m in months if not finals.is_final(book, m)]
    period = read_period(book, not_final, read_drafts=allow_draft)
    scored: dict[Month, MonthRecord] = {}
    for draft in period.drafts:  # scored as read: one month's inputs in memory at a time
        result = score_month(draft.inputs, draft.rulebook, draft.settings)
        scored[draft.inputs.month] = record_of(result, State.DRAFT)
    with_data = set(scored) if allow_draft else period.with_data
    if not_final and len(not_final) == len(months) and not with_data:
        raise KaoheError(f"{_months_text(months)} 都没有考勤，没有可计算的月份，未生成结果")
    if not_final and not allow_draft:
        drafts = sorted(with_data)  # no 考勤 at all: missing
        if drafts:
            listed = "、".join(str(m) for m in drafts)
            raise KaoheError(f"{listed} 尚未审定（kaohe finalize）；只用审定的月份。"
                             "如需先用公示稿计算，请加 --allow-draft")
    for m in months:
        if m not in not_final:
            records[m], states[m] = store.load_final(book, m), State.FINAL
        elif m in scored:
            records[m], states[m] = scored[m], State.DRAFT
        else:
            states[m] = State.MISSING
    return PeriodRecords(records, states, period.settings, period.decisions)


def _months_text(months: Sequence[Month]) -> str:
    if len(months) > 3:
        return f"{months[0]} 至 {months[-1]}"
    return "、".join(str(m) for m in months)


def missing_months(states: dict[Month, State]) -> list[Month]:
    return sorted(m for m, s in states.items() if s == State.MISSING)


def _settings_of(book: Path) -> Settings:
    from .officebook.read import read_settings

    return read_settings(require_book(book))


def month_results(book: Path, month: str | Month,
                  ) -> tuple[MonthRecord, Settings, list[Failure]]:
    """The month as the notices need it, writing nothing: the archived record when the month
    is final, else the 公示稿 scored now; the book's current settings; the month's failures."""
    book = require_book(book)
    month = as_month(month)
    if finals.is_final(book, month):
        from .archive import store

        record, settings = store.load_final(book, month), _settings_of(book)
    else:
        result = score_book(book, month)
        record, settings = record_of(result), result.settings
    return record, settings, _failures_of_month(book, record, settings)


def quarter_results(book: Path, quarter: str | Quarter, allow_draft: bool = False,
                    ) -> tuple[QuarterResult, list[Failure]]:
    """The quarter and the failures of its months and of itself, writing nothing."""
    from .core.quarter import score_quarter

    book = Path(book)
    q = quarter if isinstance(quarter, Quarter) else _parse(parse_quarter, quarter)
    records, states, settings, decisions = load_records(book, q.months, allow_draft)
    result = score_quarter(q, records, states, settings,
                           [d for d in decisions if d.period == str(q)])
    earlier = _history(book, q.months[0], settings)
    periods = {str(m) for m in q.months} | {str(q)}
    return result, in_period(track({**earlier, **records}, settings), periods)


def year_results(book: Path, year: str | int, allow_draft: bool = False) -> YearResult:
    """The year, writing nothing."""
    from .core.year import score_year

    book = Path(book)
    y = year if isinstance(year, int) else _parse(parse_year, year)
    records, states, settings, decisions = load_records(book, year_months(y), allow_draft)
    return score_year(y, records, states, settings,
                      history=_history(book, year_months(y)[0], settings),
                      decisions=decisions)


def run_quarter(book: Path, quarter: str | Quarter, out: Path | None = None,
                allow_draft: bool = False) -> Written[QuarterResult]:
    from .files.filenames import window_file_names
    from .reports.quarter import window_parts, write_quarter_workbook, write_window_quarter_workbook

    book = Path(book)
    result, failures = quarter_results(book, quarter, allow_draft)
    q = result.quarter
    target = _target(out, quarter_result_path(book, q), book)
    saved = write_atomically(target, lambda tmp: write_quarter_workbook(tmp, result, failures))
    folder = window_folder(saved.path)
    folder.mkdir(exist_ok=True)
    names = window_file_names([(w.id, w.name) for w in result.windows], str(q), "季度考评结果")
    also = tuple(write_atomically(folder / names[wid], partial(write_window_quarter_workbook,
                                                               part=part))
                 for wid, part in window_parts(result).items())
    return Written(result, failures, saved, also)


def run_year(book: Path, year: str | int, out: Path | None = None,
             allow_draft: bool = False) -> Written[YearResult]:
    from .reports.year import write_year_workbook
    from .reports.year_comments import edited_comments

    book = Path(book)
    result = year_results(book, year, allow_draft)
    target = _target(out, year_result_path(book, result.year), book)
    kept = edited_comments(target)  # the leaders' 年度工作评语 survive a re-run
    saved = write_atomically(target, lambda tmp: write_year_workbook(tmp, result, kept))
    from .reports.unit_year import write_unit_workbooks  # what `kaohe mail --year` sends

    write_unit_workbooks(saved.diverted_from or saved.path, result)
    return Written(result, list(result.failures), saved)


def _parse(parser: Callable[[str], T], value: str) -> T:
    """A --quarter / --year value, or the parser's message as a one-line error."""
    try:
        return parser(value)
    except ValueError as exc:
        raise FileProblem(str(exc)) from None


def _target(out: Path | None, default: Path, book: Path) -> Path:
    """Where a result goes: `default` beside the book, or --out (a file, or a folder that
    gets the usual name); never the book itself."""
    target = Path(out) if out else default
    if target.is_dir():
        target = target / default.name
    if target.resolve() == Path(book).resolve():
        raise FileProblem("结果文件不能与考核工作簿同名，否则会覆盖考核工作簿")
    return target


def mail_batch(book: Path, quarter: str | Quarter | None = None, year: str | int | None = None,
               ) -> MailBatch:
    """The mail of a quarter (to the windows) or a year (to the 派出单位), built and checked,
    ready for `.preview()` and `.send()`."""
    from .mail.plan import quarter_plan, year_plan
    from .mail.run import Batch

    book = Path(book)
    if quarter is not None:
        q = quarter if isinstance(quarter, Quarter) else _parse(parse_quarter, quarter)
        return Batch(quarter_plan(book, q))
    if year is None:
        raise KaoheError("请指定 --quarter 或 --year")
    y = year if isinstance(year, int) else _parse(parse_year, year)
    return Batch(year_plan(book, y))

