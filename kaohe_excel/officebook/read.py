"""The office workbook -> typed records for one month, with every problem located.

Reads every sheet, checks every row that matters for the month, and raises DataErrors
listing all problems (`台账!D12: 未知规则编码 "P9-99"`) before anything is scored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from python_calamine import CalamineWorkbook

from ..core.numbers import ZERO, format_points
from ..core.periods import Month, date_text, parse_quarter
from ..core.records import Attendance, LedgerEntry, MonthInputs, Person, Window
from ..core.rulebook import Rulebook
from ..core.settings import Settings
from ..core.words import Post, Subject
from ..core.workdays import WorkCalendar
from ..errors import Problems
from ..files.cells import normalize_text, parse_decimal, parse_month
from ..files.preflight import Report
from ..files.record import Record
from ..files.sheets import Table, open_checked, open_workbook, read_table, report_unreadable
from . import names as N
from .rules_sheet import normalize_code, parse_rulebook
from .settings_sheet import settings_from_values

if TYPE_CHECKING:  # the quarter's tie decisions: _read_decisions imports it when it runs
    from ..core.awards import Decision


@dataclass(frozen=True, eq=False)
class LoadedMonth:
    """One month's inputs with the rulebook and settings they are scored under."""

    inputs: MonthInputs
    rulebook: Rulebook
    settings: Settings
    book: Path
    calendar: WorkCalendar = WorkCalendar()


def _read_settings(table: Table | None, problems: Problems) -> Settings:
    if table is None:
        return Settings()
    values: dict[str, object] = {}
    rows: dict[str, int] = {}
    for row, (label, value) in table.records(("项目", "值")):
        key = normalize_text(label)
        if key:
            values[key], rows[key] = value, row
    settings, errors = settings_from_values(values)
    for label, message in errors.items():
        cell = table.cell("值", rows[label]) if label in rows else ""
        problems.add(table.sheet, cell, f"{label}: {message}")
    return settings


def _read_rulebook(table: Table | None, problems: Problems) -> Rulebook:
    if table is None:
        return Rulebook({}, {}, {})
    rows = (
        (row, dict(zip(N.RULES_HEADERS, values, strict=True)))
        for row, values in table.records(N.RULES_HEADERS)
    )
    return parse_rulebook(rows, table.letters(), problems, table.sheet)


def _read_windows(table: Table | None, problems: Problems) -> dict[str, Window]:
    windows: dict[str, Window] = {}
    if table is None:
        return windows
    for row, values in table.records(N.WINDOWS_HEADERS):
        c = table.record(row, N.WINDOWS_HEADERS, values, problems)
        wid, name = c.required_text("窗口编号"), c.required_text("窗口名称")
        if not wid:
            continue
        if wid in windows:
            c.fail("窗口编号", f"窗口编号 {wid} 重复（第 {windows[wid].row} 行已有）")
            continue
        windows[wid] = Window(wid, name, c.text("派出单位"), c.text("工作区长"), c.text("邮箱"), row)
    return windows


def _read_people(table: Table | None, windows: dict[str, Window], problems: Problems,
                 window_sheet_ok: bool) -> dict[str, Person]:
    people: dict[str, Person] = {}
    if table is None:
        return people
    for row, values in table.records(N.PEOPLE_HEADERS):
        c = table.record(row, N.PEOPLE_HEADERS, values, problems)
        pid, name, wid = c.required_text("工号"), c.required_text("姓名"), c.required_text("窗口编号")
        if not pid:
            continue
        if pid in people:
            c.fail("工号", f"工号 {pid} 重复（第 {people[pid].row} 行已有）")
            continue
        if wid and window_sheet_ok and wid not in windows:
            c.fail("窗口编号", f"未知窗口编号 {wid}（窗口表中没有）")
        post = c.text("岗位") or Post.STAFF
        if post not in (Post.STAFF, Post.HEAD):
            c.fail("岗位", f"岗位应为 {Post.STAFF} 或 {Post.HEAD}，而不是 {post!r}")
        joined, left = c.date("入驻日期", False), c.date("离开日期", False)
        if joined and left and left < joined:
            c.fail("离开日期", "离开日期早于入驻日期")
        people[pid] = Person(pid, name, wid, c.text("派出单位"), post, c.text("邮箱"),
                             joined, left, row)
    return people


_ATTENDANCE_NEEDED = frozenset({"法定工作日", "出勤天数"})  # the others default to 0


def _month_rows(table: Table, headers: tuple[str, ...], month: Month, problems: Problems,
                ) -> Iterator[Record]:
    """The rows of a sheet with a 月份 column that belong to `month` (a bad 月份 is reported)."""
    for row, values in table.records(headers,
                                     keep=_in_months(table.index("月份"), frozenset([month]))):
        c = table.record(row, headers, values, problems)
        if c.month("月份") == month:
            yield c


def _read_attendance(table: Table | None, month: Month, people: dict[str, Person],
                     problems: Problems) -> tuple[dict[str, Attendance], set[str]]:
    """The month's attendance by 工号, and every 工号 that has a row (valid or not)."""
    found: dict[str, Attendance] = {}
    present: set[str] = set()
    if table is None:
        return found, present
    numbers = N.ATTENDANCE_HEADERS[2:]
    for c in _month_rows(table, N.ATTENDANCE_HEADERS, month, problems):
        pid = c.required_text("工号")
        if pid and pid not in people:
            c.fail("工号", f"未知工号 {pid}（人员表中没有）")
            continue
        if pid in found:
            c.fail("工号", f"工号 {pid} 在 {month} 已有考勤行（第 {found[pid].row} 行）")
            continue
        present.add(pid)
        parsed = []
        for header in numbers:
            value = c.number(header, default=None if header in _ATTENDANCE_NEEDED else ZERO)
            if value is None and header in _ATTENDANCE_NEEDED and not c.text(header):
                c.fail(header, f"缺少{header}")
            parsed.append(value)
        if not pid or any(v is None for v in parsed):
            continue
        w, p, approved, personal, other, sick, assigned, cases = (
            v if v is not None else ZERO for v in parsed)
        if w <= 0:
            c.fail("法定工作日", "法定工作日应大于 0")
            continue
        if p + approved > w:
            c.fail("出勤天数", f"出勤天数 {format_points(p)} 加批准请假天数 {format_points(approved)}"
                             f" 超过法定工作日 {format_points(w)}")
        if personal + other + sick > approved:
            c.fail("批准请假天数", f"各类无人顶替天数合计 {format_points(personal + other + sick)}"
                                f" 超过批准请假天数 {format_points(approved)}")
        found[pid] = Attendance(pid, w, p, approved, personal, other, sick, assigned, cases, c.row)
    return found, present


def _read_window_cases(table: Table | None, month: Month, windows: dict[str, Window],
                       problems: Problems) -> dict[str, Decimal]:
    cases: dict[str, Decimal] = {}
    if table is None:
        return cases
    for c in _month_rows(table, N.WINDOW_CASES_HEADERS, month, problems):
        wid = c.required_text("窗口编号")
        if wid and wid not in windows:
            c.fail("窗口编号", f"未知窗口编号 {wid}（窗口表中没有）")
            continue
        value = c.number("办件数", default=None)
        if value is None:
            if not c.text("办件数"):
                c.fail("办件数", "缺少办件数")
            continue
        if wid in cases:
            c.fail("窗口编号", f"窗口 {wid} 在 {month} 已有办件数")
            continue
        cases[wid] = value
    return cases


def _in_months(at: int, months: frozenset[Month]) -> Callable[[list[object]], bool]:
    """A row filter on a 月份 column: keeps the months' rows and rows whose month cell is
    not a month (they are reported). A sheet holds few distinct month cells: parse each once."""
    seen: dict[object, bool] = {}

    def keep(raw: list[object]) -> bool:
        value = raw[at] if at < len(raw) else None
        try:
            return seen[value]
        except KeyError:
            pass
        except TypeError:  # not hashable: decide without the cache
            return True
        try:
            found = parse_month(value)
        except ValueError:
            seen[value] = True  # kept, so that read_month reports it
            return True
        seen[value] = found is None or found in months
        return seen[value]

    return keep


def _read_ledger(table: Table | None, month: Month, people: dict[str, Person],
                 windows: dict[str, Window], book: Rulebook, problems: Problems,
                 ) -> list[LedgerEntry]:
    entries: list[LedgerEntry] = []
    if table is None:
        return entries
    headers = N.LEDGER_HEADERS
    at, year, number = table.index("日期"), month.year, month.month

    def keep(raw: list[object]) -> bool:
        # most rows of a year-long ledger are date cells of other months: drop them first
        day = raw[at] if at < len(raw) else None
        return not isinstance(day, dt.date) or (day.month == number and day.year == year)

    for row, values in table.records(headers, keep=keep):
        c = table.record(row, headers, values, problems)
        day = c.date("日期", required=True)
        if day is None or not month.contains(day):
            continue
        entry = _ledger_entry(c, day, month, people, windows, book)
        if entry is not None:
            entries.append(entry)
    return entries


def _earlier_counts(table: Table | None, month: Month, book: Rulebook,
                    ) -> dict[tuple[str, str, str], Decimal]:
    """(对象, 编号, 规则编码) -> the quantity in the 台账 before `month` within the reach of
    each rule counted past the month (取消资格范围 当季/全年). Rows with problems are left out
    quietly here: they are reported when their own month is scored."""
    rules = book.counted_beyond_month
    out: dict[tuple[str, str, str], Decimal] = {}
    if table is None or not rules:
        return out
    start = min(rule.counted_since(month) for rule in rules.values())
    if start == month:
        return out
    at, headers = table.index("日期"), N.LEDGER_HEADERS
    since, until = (start.year, start.month), (month.year, month.month)

    def keep(raw: list[object]) -> bool:
        day = raw[at] if at < len(raw) else None
        return not isinstance(day, dt.date) or since <= (day.year, day.month) < until

    quiet = Problems()
    for row, values in table.records(headers, keep=keep):
        c = table.record(row, headers, values, quiet)
        rule = rules.get(normalize_code(c.values.get("规则编码")))
        day = c.date("日期") if rule is not None else None
        if rule is None or day is None:
            continue
        first = rule.counted_since(month)
        if not (first.year, first.month) <= (day.year, day.month) < until:
            continue
        subject, sid = c.text("对象") or rule.subject, c.text("编号")
        quantity = c.number("数量", default=Decimal(1))
        if subject == rule.subject and sid and quantity:
            key = (subject, sid, rule.code)
            out[key] = out.get(key, ZERO) + quantity
    return out


def _ledger_entry(c: Record, day: dt.date, month: Month, people: dict[str, Person],
                  windows: dict[str, Window], book: Rulebook) -> LedgerEntry | None:
    code = normalize_code(c.values.get("规则编码"))
    rule = book.rules.get(code)
    if code in book.broken:
        return None  # its 规则 row is wrong and reported there; nothing to add here
    if not code:
        c.fail("规则编码", "缺少规则编码")
    elif rule is None:
        c.fail("规则编码", f"未知规则编码 {code}（规则表中没有）")
    subject = c.text("对象") or (rule.subject if rule else "")
    if subject not in (Subject.PERSON, Subject.WINDOW):
        c.fail("对象", f"对象应为 个人 或 窗口，而不是 {subject!r}")
        return None
    sid = c.required_text("编号")
    ok = bool(sid) and rule is not None
    if sid and subject == Subject.PERSON:
        person = people.get(sid)
        if person is None:
            c.fail("编号", f"未知工号 {sid}（人员表中没有）")
            ok = False
        elif (person.joined and day < person.joined) or (person.left and day > person.left):
            c.fail("日期", f"工号 {sid} 在 {day.isoformat()} 不在岗（见人员表入驻/离开日期）")
            ok = False
    elif sid and sid not in windows:
        c.fail("编号", f"未知窗口编号 {sid}（窗口表中没有）")
        ok = False
    if rule is not None:
        if rule.subject != subject:
            c.fail("规则编码", f"规则 {code} 用于{rule.subject}，本行对象是{subject}")
            ok = False
        if rule.derived:
            c.fail("规则编码", f"规则 {code} 由{N.ATTENDANCE}/{N.WINDOW_CASES}自动计算，不在台账录入")
            ok = False
    quantity = c.number("数量", default=Decimal(1))
    note = c.text("说明")
    problem = (rule.quantity_problem(quantity) if rule is not None and not rule.kind.manual
               and quantity is not None else None)
    if problem:
        c.fail("数量", problem)
        ok = False
    points: Decimal | None = None
    try:
        points = parse_decimal(c.values.get("分值"))
    except ValueError as exc:
        c.fail("分值", str(exc))
        ok = False
    if rule is not None and rule.kind.manual:
        if quantity is not None and quantity != 1:
            c.fail("数量", f"{code} 为特别情形，分值即本行的总分，数量应为空或 1")
            ok = False
        if points is None and not c.text("分值"):
            c.fail("分值", f"{code} 为特别情形，须填写分值（加分为正，扣分为负）")
            ok = False
        if not note:
            c.fail("说明", f"{code} 为特别情形，须在说明中写明考评领导小组的决定")
            ok = False
    elif points is not None:
        c.fail("分值", f"分值只用于特别情形；{code} 的分值由规则表确定，请清空")
        ok = False
    if quantity is None or not ok:
        return None
    return LedgerEntry(c.row, day, subject, sid, code, quantity, points, c.text("事项"), note,
                       c.text("来源"), c.text("记录人"))


def _read_transfers(table: Table | None, people: dict[str, Person],
                    windows: dict[str, Window], problems: Problems) -> dict[str, Person]:
    """The 调动 rows folded into the people: one 工号, a window from each 生效日期 on."""
    if table is None:
        return people
    moves: dict[str, list[tuple[dt.date, str, int]]] = {}
    for row, values in table.records(N.TRANSFERS_HEADERS):
        c = table.record(row, N.TRANSFERS_HEADERS, values, problems)
        pid, wid = c.required_text("工号"), c.required_text("调入窗口编号")
        day = c.date("生效日期", required=True)
        if not pid or not wid or day is None:
            continue
        person = people.get(pid)
        if person is None:
            c.fail("工号", f"未知工号 {pid}（人员表中没有）")
            continue
        if wid not in windows:
            c.fail("调入窗口编号", f"未知窗口编号 {wid}（窗口表中没有）")
            continue
        if (person.joined and day <= person.joined) or (person.left and day > person.left):
            c.fail("生效日期", f"{person.name}（{pid}）在 {day.isoformat()} 不在岗或刚入驻"
                              "（入驻时的窗口填在人员表，调动只记以后的变动）")
            continue
        earlier = moves.setdefault(pid, [])
        if any(d == day for d, _, _ in earlier):
            c.fail("生效日期", f"{person.name}（{pid}）在 {day.isoformat()} 已有一条调动")
            continue
        earlier.append((day, wid, row))
    out = dict(people)
    for pid, found in moves.items():
        found.sort()
        person, before = people[pid], people[pid].window_id
        kept: list[tuple[dt.date, str]] = []
        for day, wid, row in found:
            if wid == before:
                problems.add(table.sheet, table.cell("调入窗口编号", row),
                             f"{person.name}（{pid}）在 {day.isoformat()} 之前已在窗口 {wid}")
                continue
            kept.append((day, wid))
            before = wid
        out[pid] = replace(person, moves=tuple(kept))
    return out


def _read_holidays(table: Table | None, problems: Problems) -> WorkCalendar:
    """The 节假日 rows: a day off (放假) or a working day (上班, 调休) that overrides the
    calendar package, e.g. for a year it does not carry yet."""
    days: dict[dt.date, bool] = {}
    for row, values in table.records(N.HOLIDAYS_HEADERS) if table is not None else ():
        c = table.record(row, N.HOLIDAYS_HEADERS, values, problems)  # type: ignore[union-attr]
        day, kind = c.date("日期", required=True), c.required_text("类型")
        if kind and kind not in (N.DAY_OFF, N.DAY_ON):
            c.fail("类型", f"类型应为 {N.DAY_OFF} 或 {N.DAY_ON}，而不是 {kind!r}")
            continue
        if day is None or not kind:
            continue
        if day in days:
            c.fail("日期", f"{day.isoformat()} 在节假日表中重复")
            continue
        days[day] = kind == N.DAY_ON
    return WorkCalendar(days)


def read_calendar(path: Path) -> WorkCalendar:
    """The working-day calendar of the book: the package's, with the 节假日 sheet over it."""
    problems = Problems()
    book = open_workbook(path)
    try:
        calendar = calendar_of(book, problems)
    finally:
        book.close()
    problems.raise_if_any()
    return calendar


def calendar_of(book: CalamineWorkbook, problems: Problems) -> WorkCalendar:
    """The calendar of an open book (its 节假日 sheet, which may be missing)."""
    return _read_holidays(read_table(book, N.HOLIDAYS, N.HOLIDAYS_REQUIRED, problems,
                                     optional=True), problems)


def _read_decisions(table: Table | None, problems: Problems) -> list[Decision]:
    from ..core.awards import Decision  # the awards model: only the quarter and the year

    found: list[Decision] = []
    seen: dict[tuple[str, str, str], int] = {}
    for row, values in table.records(N.DECISIONS_HEADERS) if table is not None else ():
        c = table.record(row, N.DECISIONS_HEADERS, values, problems)  # type: ignore[union-attr]
        period_text, subject = c.required_text("期间"), c.required_text("对象")
        key, verdict = c.required_text("编号"), c.required_text("决定")
        basis = str(c.values.get("依据") or "").strip()  # the minutes' own wording, not folded
        if not basis:
            c.fail("依据", "缺少依据（如 领导小组会议纪要）")
        try:
            period = str(parse_quarter(period_text)) if period_text else ""
        except ValueError:
            c.fail("期间", f"期间应为季度，如 2026Q4，而不是 {period_text!r}")
            continue
        if subject and subject not in (Subject.PERSON, Subject.WINDOW):
            c.fail("对象", f"对象应为 个人 或 窗口，而不是 {subject!r}")
            continue
        if verdict and verdict not in (N.DECISION_CHOSEN, N.DECISION_NOT_CHOSEN):
            c.fail("决定", f"决定应为 {N.DECISION_CHOSEN} 或 {N.DECISION_NOT_CHOSEN}，"
                          f"而不是 {verdict!r}")
            continue
        day = c.date("决定日期")
        if not (period and subject and key and verdict and basis):
            continue
        if (period, subject, key) in seen:
            c.fail("编号", f"{period} {key} 已有一条评选决定（第 {seen[period, subject, key]} 行）")
            continue
        seen[period, subject, key] = row
        dated = date_text(day) if day else ""
        found.append(Decision(Subject(subject), key, verdict == N.DECISION_CHOSEN,
                              f"{dated}{basis}" if dated and dated not in basis else basis,
                              period, N.DECISIONS, c.cell("编号")))
    return found


class Roster(NamedTuple):
    """What every command needs of the book: settings, rulebook, windows and people."""

    settings: Settings
    rulebook: Rulebook
    windows: dict[str, Window]
    people: dict[str, Person]
    people_table: Table | None


def read_roster(book: CalamineWorkbook, problems: Problems) -> Roster:
    settings = _read_settings(read_table(book, N.SETTINGS, ("项目", "值"), problems), problems)
    rulebook = _read_rulebook(read_table(book, N.RULES, N.RULES_REQUIRED, problems), problems)
    window_table = read_table(book, N.WINDOWS, N.WINDOWS_REQUIRED, problems)
    windows = _read_windows(window_table, problems)
    people_table = read_table(book, N.PEOPLE, N.PEOPLE_REQUIRED, problems)
    people = _read_people(people_table, windows, problems, window_table is not None)
    people = _read_transfers(read_table(book, N.TRANSFERS, N.TRANSFERS_REQUIRED, problems,
                                        optional=True), people, windows, problems)
    return Roster(settings, rulebook, windows, people, people_table)


def read_month(path: Path, month: Month) -> LoadedMonth:
    """Read and check everything `month` needs from the office workbook at `path`."""
    problems = Problems()
    book, report = open_checked(path)
    try:
        tables = _month_tables(book, report, False, problems)
    finally:
        book.close()
    (loaded,) = _each_month(tables, path, [month], False, problems)
    problems.raise_if_any()
    return loaded


def _raise_once_each(problems: Problems) -> None:
    """DataErrors listing each problem once: the months share the tables, so a bad cell is
    found again by every month that reads it."""
    problems.items[:] = list(dict.fromkeys(problems.items))
    problems.raise_if_any()


class _MonthTables(NamedTuple):
    roster: Roster
    attendance: Table | None
    cases: Table | None
    ledger: Table | None
    calendar: WorkCalendar


def _month_tables(book: CalamineWorkbook, report: Report, several: bool,
                  problems: Problems) -> _MonthTables:
    """The sheets a month is scored from, read from the open book."""
    report_unreadable(report, (N.SETTINGS, N.RULES, N.WINDOWS, N.PEOPLE, N.ATTENDANCE,
                               N.WINDOW_CASES, N.LEDGER), problems)
    roster = read_roster(book, problems)
    tables = [read_table(book, N.ATTENDANCE, N.ATTENDANCE_REQUIRED, problems),
              read_table(book, N.WINDOW_CASES, N.WINDOW_CASES_HEADERS, problems,
                         optional=True),
              read_table(book, N.LEDGER, N.LEDGER_REQUIRED, problems)]
    calendar = calendar_of(book, problems)
    if several or roster.rulebook.counted_beyond_month:  # the rows are read again
        tables = [t.keep_rows() if t is not None else None for t in tables]
    attendance, cases, ledger = tables
    return _MonthTables(roster, attendance, cases, ledger, calendar)


def _each_month(tables: _MonthTables, path: Path, months: Sequence[Month], skip_empty: bool,
                problems: Problems) -> Iterator[LoadedMonth]:
    """Each month read and checked in turn, its problems added to `problems`."""
    settings, rulebook, windows, people, people_table = tables.roster
    attendance_table, cases_table, ledger_table = tables.attendance, tables.cases, tables.ledger
    for month in sorted(frozenset(months)):
        attendance, has_row = _read_attendance(attendance_table, month, people, problems)
        if skip_empty and not has_row:
            continue
        window_cases = _read_window_cases(cases_table, month, windows, problems)
        ledger = _read_ledger(ledger_table, month, people, windows, rulebook, problems)
        # each person in the window of the month (调动), so the window's mean uses who was there
        active = [replace(p, window_id=p.window_in(month)) if p.moves else p
                  for p in people.values() if p.active_in(month)]
        if people_table is not None and attendance_table is not None and active:
            if not has_row:  # one line, not one per person, when the month is missing entirely
                problems.add(N.ATTENDANCE, "", f"考勤表中没有 {month} 的任何行（每位在岗人员每月一行）")
            for p in active if has_row else ():
                if p.id not in has_row:
                    problems.add(N.PEOPLE, people_table.cell("工号", p.row),
                                 f"{p.name}（{p.id}）在 {month} 没有考勤行")
        inputs = MonthInputs(month, tuple(active), tuple(windows.values()), tuple(ledger),
                             attendance, window_cases,
                             _earlier_counts(ledger_table, month, rulebook))
        yield LoadedMonth(inputs, rulebook, settings, path, tables.calendar)


class PeriodBook(NamedTuple):
    """What a quarter or a year reads of the office workbook, in one opening of it."""

    settings: Settings
    decisions: list[Decision]  # every 评选决定 row
    with_data: set[Month]  # of the months asked for, those with 考勤 (drafts not read)
    drafts: Iterator[LoadedMonth]  # those months with 考勤, read and checked one by one


def read_period(path: Path, months: Sequence[Month], read_drafts: bool) -> PeriodBook:
    """The settings and 评选决定 of the book, and of `months` (those not yet final) which
    have 考勤; with `read_drafts` those months come read and checked, one at a time, so
    that a caller scoring them holds one month's inputs at once (a province year of draft
    months held all twelve: over 2 GB). One opening: a province book takes seconds to
    check and open, and a quarter did it four times."""
    problems = Problems()
    book, report = open_checked(path)
    tables: _MonthTables | None = None
    with_data: set[Month] = set()
    try:
        decisions = _read_decisions(read_table(book, N.DECISIONS, N.DECISIONS_REQUIRED,
                                               problems, optional=True), problems)
        if read_drafts and months:
            tables = _month_tables(book, report, len(months) > 1, problems)
            settings = tables.roster.settings
        else:
            settings = _read_settings(read_table(book, N.SETTINGS, ("项目", "值"), problems),
                                      problems)
            with_data = _attendance_months(book, problems) & set(months)
    finally:
        book.close()
    if tables is None:
        problems.raise_if_any()
        return PeriodBook(settings, decisions, with_data, iter(()))
    return PeriodBook(settings, decisions, with_data,
                      _drafts(tables, path, months, problems))


def _drafts(tables: _MonthTables, path: Path, months: Sequence[Month], problems: Problems,
            ) -> Iterator[LoadedMonth]:
    """The draft months one by one (a month without any 考勤 row is left out: it has no
    data); DataErrors after the last when any month or the book had problems, all listed
    together. A book with problems before any month is read has every month checked first,
    nothing yielded."""
    if problems.items:
        for _ in _each_month(tables, path, months, True, problems):
            pass
    else:
        yield from _each_month(tables, path, months, True, problems)
    _raise_once_each(problems)


def attendance_months(path: Path) -> set[Month]:
    """The months that have at least one 考勤 row (bad month cells are left to read_month)."""
    book = open_workbook(path)
    try:
        return _attendance_months(book, Problems())
    finally:
        book.close()


def _attendance_months(book: CalamineWorkbook, problems: Problems) -> set[Month]:
    table = read_table(book, N.ATTENDANCE, ("月份",), problems)
    months: set[Month] = set()
    for _, (value,) in table.records(("月份",)) if table is not None else ():
        try:
            month = parse_month(value)
        except ValueError:
            continue
        if month is not None:
            months.add(month)
    return months


def read_settings(path: Path) -> Settings:
    """Only the 设置 sheet (the quarter and the year need nothing else of the book)."""
    problems = Problems()
    book = open_workbook(path)
    try:
        settings = _read_settings(read_table(book, N.SETTINGS, ("项目", "值"), problems),
                                  problems)
    finally:
        book.close()
    problems.raise_if_any()
    return settings
