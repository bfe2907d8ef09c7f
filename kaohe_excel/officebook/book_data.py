"""Rows to put into a new office workbook (the demo center, benchmark books, test books).

Each list holds tuples in the order of the sheet's headers in `names`; cells may be str,
int, float, Decimal, datetime.date or None.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Row = tuple[object, ...]


@dataclass
class BookData:
    people: list[Row] = field(default_factory=list)  # names.PEOPLE_HEADERS
    windows: list[Row] = field(default_factory=list)  # names.WINDOWS_HEADERS
    ledger: list[Row] = field(default_factory=list)  # names.LEDGER_HEADERS
    attendance: list[Row] = field(default_factory=list)  # names.ATTENDANCE_HEADERS
    window_cases: list[Row] = field(default_factory=list)  # names.WINDOW_CASES_HEADERS
    units: list[Row] = field(default_factory=list)  # names.UNITS_HEADERS
    transfers: list[Row] = field(default_factory=list)  # names.TRANSFERS_HEADERS
    decisions: list[Row] = field(default_factory=list)  # names.DECISIONS_HEADERS
    holidays: list[Row] = field(default_factory=list)  # names.HOLIDAYS_HEADERS
    settings: dict[str, object] = field(default_factory=dict)  # 设置 values other than defaults
    center_name: str | None = None  # overrides the 设置 default 中心名称
