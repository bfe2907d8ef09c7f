"""What the self-check needs from the office workbook: settings, rulebook, windows, people, and
the 台账 as it stands (the office's own rows of the month and the rows merged from self-checks).

Roster and rulebook problems stop the run (a template built on a wrong roster is worse than
none); the 台账 is read leniently here, because checking it is `kaohe month`'s work.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from ..core.periods import Month
from ..core.records import Person, Window
from ..core.rulebook import Rule, Rulebook
from ..core.settings import Settings
from ..core.workdays import WorkCalendar
from ..errors import Problems
from ..files.cells import clean_text
from ..files.sheets import open_workbook, read_table
from . import names as N
from .read import calendar_of, read_roster
from .rules_sheet import normalize_code

# 自查引用: "2026-11/W01/1a2b3c4d 市场监管窗口_2026-11_自查表.xlsx 自查表!B21"
_REF = re.compile(r"^(\d{4}-\d{2})/(.+)/([0-9a-f]{8}) (.+) (\S+![A-Z]+\d+)$")


@dataclass(frozen=True)
class Ref:
    """Where a merged 台账 row came from: month, window, batch digest, file and cell."""

    month: str
    window_id: str
    batch: str
    file: str
    cell: str

    def __str__(self) -> str:
        return f"{self.month}/{self.window_id}/{self.batch} {self.file} {self.cell}"


def parse_ref(text: str) -> Ref | None:
    match = _REF.match(text)
    return Ref(*match.groups()) if match else None


@dataclass(frozen=True)
class LedgerRow:
    """One 台账 row as the self-check sees it (cells already cleaned)."""

    row: int
    day: dt.date | None
    subject: str
    subject_id: str
    code: str
    quantity: Decimal | None
    event: str
    note: str
    source: str
    recorder: str
    ref: Ref | None


@dataclass
class Office:
    path: Path
    settings: Settings
    rulebook: Rulebook
    windows: dict[str, Window]
    people: dict[str, Person]
    ledger: list[LedgerRow] = field(default_factory=list)  # the rows of one month only
    ledger_columns: dict[str, int] = field(default_factory=dict)  # header -> 0-based column
    ledger_header_row: int = 1
    ledger_last_column: int = 0  # 0-based index of the last header cell
    calendar: WorkCalendar = WorkCalendar()  # with the book's 节假日, for the deadline
    calendar_problems: Problems = field(default_factory=Problems)  # the 节假日 sheet's own

    def staff(self, window_id: str, month: Month) -> list[Person]:
        """The window's people on the roster in `month`, in roster order."""
        return [p for p in self.people.values()
                if p.window_in(month) == window_id and p.active_in(month)]

    def reportable(self, subject: str) -> list[Rule]:
        """Rules a window head may report: typed into the ledger (not derived from 考勤) and
        not decided by the 考评领导小组 (特别情形)."""
        return [r for r in self.rulebook.rules.values()
                if r.subject == subject and not r.derived and not r.kind.manual]

    def merged_rows(self, month: Month, window_id: str) -> list[LedgerRow]:
        """The rows merged from the window's self-check of `month`, in sheet order."""
        return [r for r in self.ledger
                if r.ref and r.ref.month == str(month) and r.ref.window_id == window_id]


def read_office(path: Path, ledger_month: Month | None = None) -> Office:
    """Read the office workbook; DataErrors when its settings, rules or roster are wrong.
    With `ledger_month`, also the 台账 rows dated in that month (a year's ledger is mostly
    other months, and nothing the self-check does concerns them)."""
    problems = Problems()
    book = open_workbook(path)
    try:
        settings, rulebook, windows, people, _ = read_roster(book, problems)
        if ledger_month is not None:  # everyone in the window of that month (调动)
            people = {k: replace(p, window_id=p.window_in(ledger_month))
                      for k, p in people.items()}
        office = Office(path, settings, rulebook, windows, people)
        # read while the book is open; its problems matter only where a deadline is worked out
        office.calendar = calendar_of(book, office.calendar_problems)
        if ledger_month is not None:
            _read_ledger(book, office, ledger_month, problems)
    finally:
        book.close()
    problems.raise_if_any()
    return office


def _read_ledger(book, office: Office, month: Month, problems: Problems) -> None:
    table = read_table(book, N.LEDGER, N.LEDGER_REQUIRED, problems)
    if table is None:
        return
    office.ledger_columns = dict(table.columns)
    office.ledger_header_row = table.first_row - 1
    office.ledger_last_column = max(table.columns.values())
    headers = (*N.LEDGER_HEADERS, N.LEDGER_REF)
    lenient = Problems()  # checking the 台账 is `kaohe month`'s work: its problems go nowhere
    for row, values in table.records(headers):
        if isinstance(values[0], dt.date) and not month.contains(values[0]):
            continue  # the fast path: a date cell of another month
        r = table.record(row, headers, values, lenient)
        day = r.date("日期")
        if day is None or not month.contains(day):
            continue
        quantity = r.number("数量", default=Decimal(1), negative=True)
        code = normalize_code(r.values["规则编码"])
        rule = office.rulebook.rules.get(code)
        subject = r.text("对象") or (rule.subject if rule else "")
        source = r.text("来源")
        # free text and the file name in 自查引用 are read as written, not NFKC-folded, so
        # that what collect wrote reads back the same
        ref = (parse_ref(clean_text(r.values[N.LEDGER_REF])) if source == N.SOURCE_SELFCHECK
               else None)
        office.ledger.append(LedgerRow(
            row, day, subject, r.text("编号"), code, quantity, clean_text(r.values["事项"]),
            clean_text(r.values["说明"]), source, r.text("记录人"), ref))
