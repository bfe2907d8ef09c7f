"""Shared helpers for the tests of the quarter, the year and the failure tracking.

Two halves:

* pure month records (MonthRecord / PersonMonth / WindowMonth) built from small tables of
  published monthly scores, for the pure functions `score_quarter`, `score_year`, `track`;
* a small office workbook with three months (2026-10 … 2026-12), built with
  `api.init_book(path, BookData(...))`, for the tests that go through the `kaohe` CLI.

Nothing here computes an expected score, a rank, a quota or an award: every expectation is
written by hand in the tests, from docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kaohe_excel import api
from kaohe_excel.core.month_record import MonthRecord, PersonMonth, WindowMonth
from kaohe_excel.core.periods import Month, Quarter
from kaohe_excel.core.results import Action
from kaohe_excel.core.words import Grade, Status, Subject
from kaohe_excel.officebook.book_data import BookData

D = Decimal

DQ = Status.DISQUALIFIED  # 取消资格
RET = Status.RETURNED  # 退回派出单位
NO_STAFF = Status.NO_STAFF  # 无参评人员
STATUSES = (DQ, RET, NO_STAFF)

Q4 = Quarter(2026, 4)
OCT, NOV, DEC = Month(2026, 10), Month(2026, 11), Month(2026, 12)


def month(year: int, number: int) -> Month:
    return Month(year, number)


# --- pure month records --------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    """One person's (or window's) month: a published score, or a status without a score."""

    score: str | None
    status: str = Status.RATED
    window: str = "W1"
    cases: int = 0
    deductions: str = "0"
    unit: str = "单位甲"


def c(value: str, *, window: str = "W1", cases: int = 0, deductions: object = 0,
      unit: str = "单位甲") -> Cell:
    """c("88.5", cases=120) or c(DQ): a month cell with its details."""
    if value in STATUSES:
        return Cell(None, value, window, cases, str(deductions), unit)
    return Cell(value, Status.RATED, window, cases, str(deductions), unit)


def _cell(value: str | Cell | None) -> Cell | None:
    if value is None or isinstance(value, Cell):
        return value
    return c(value)


def _label_grade(score: str | None) -> str:
    """The month's grade as the record carries it (hand thresholds of rules.md)."""
    if score is None:
        return ""
    value = D(score)
    return Grade.ABOVE if value > 100 else Grade.MET if value >= 70 else Grade.BELOW


def person_month(pid: str, cell: Cell) -> PersonMonth:
    return PersonMonth(
        id=pid, name=f"人员{pid}", window_id=cell.window, window_name=f"窗口{cell.window}",
        unit=cell.unit, status=cell.status,
        score=None if cell.score is None else D(cell.score), grade=_label_grade(cell.score),
        rank=None, cases=D(cell.cases), deductions=D(cell.deductions), bonuses=D(0),
    )


def window_month(wid: str, cell: Cell) -> WindowMonth:
    return WindowMonth(
        id=wid, name=f"窗口{wid}", unit=cell.unit, email="", status=cell.status,
        score=None if cell.score is None else D(cell.score), grade=_label_grade(cell.score),
        rank=None, cases=D(cell.cases), deductions=D(cell.deductions), staff_mean=None,
    )


Table = Mapping[str, Sequence[str | Cell | None]]


def records(months: Sequence[Month], people: Table | None = None,
            windows: Table | None = None,
            actions: Mapping[Month, Iterable[Action]] | None = None,
            state: str = "final") -> dict[Month, MonthRecord]:
    """Month records from tables {id: [cell per month]}; a None cell = not on the roster
    that month. Every month of `months` gets a record (possibly with nobody in it)."""
    people = people or {}
    windows = windows or {}
    actions = actions or {}
    out = {}
    for i, m in enumerate(months):
        ps = tuple(person_month(pid, cell) for pid, row in people.items()
                   if (cell := _cell(row[i])) is not None)
        ws = tuple(window_month(wid, cell) for wid, row in windows.items()
                   if (cell := _cell(row[i])) is not None)
        out[m] = MonthRecord(m, state, ps, ws, tuple(actions.get(m, ())))
    return out


def action(kind: str, pid: str, basis: str) -> Action:
    return Action(kind, Subject.PERSON, pid, f"人员{pid}", basis)


def finals(recs: Mapping[Month, MonthRecord]) -> dict[Month, str]:
    return {m: "final" for m in recs}


def by_id(rows: Iterable) -> dict:  # type: ignore[type-arg]
    return {r.id: r for r in rows}


# --- a three-month office workbook ---------------------------------------------------
#
# Nine people on seven windows, attendance full every month (21/21 days, 80 cases: no
# B-15, and no window reaches 200 cases, so no WB-06). Scores follow from the ledger:
#
#   工号  window unit   10月                11月              12月
#   1001  W01   单位甲  P1-01 -5 → 95.0      100.0             P1-03 -2 → 98.0
#   1002  W01   单位甲  100.0                100.0             B-07 +0.1 → 100.1
#   1003  W02   单位甲  B-09 +0.5 → 100.5    100.0             100.0
#   1004  W02   单位乙  B-13 +2 → 102.0      P1-09 → 取消资格  B-13 +2 → 102.0
#   1005  W03   单位乙  P3-01 ×1 → 98.0      P3-01 ×2 → 95.0   100.0
#   1006  W04   单位乙  X-01 -35 → 65.0      100.0             100.0
#   1007  W05   单位丙  (入驻 2026-11-01)    100.0             100.0
#   1008  W06   单位丙  100.0                100.0             100.0
#   1009  W07   单位丙  100.0                100.0             P5-05 -10 → 90.0 (通报批评)
#
# Windows: W06 has WB-04 +2 in 10月; W07 has WD-07 (取消资格) in 11月.

WINDOWS = [
    ("W01", "不动产登记窗口", "单位甲", "张一", "w01@example.cn"),
    ("W02", "市场监管窗口", "单位甲", "张三", "w02@example.cn"),
    ("W03", "税务窗口", "单位乙", "张五", "w03@example.cn"),
    ("W04", "公安窗口", "单位乙", "张六", "w04@example.cn"),
    ("W05", "人社窗口", "单位丙", "张七", "w05@example.cn"),
    ("W06", "住建窗口", "单位丙", "张八", "w06@example.cn"),
    ("W07", "交通窗口", "单位丙", "张九", "w07@example.cn"),
]

PEOPLE = [
    ("1001", "张一", "W01", "单位甲", "工作区长"),
    ("1002", "李二", "W01", "单位甲", "工作人员"),
    ("1003", "张三", "W02", "单位甲", "工作区长"),
    ("1004", "李四", "W02", "单位乙", "工作人员"),
    ("1005", "张五", "W03", "单位乙", "工作区长"),
    ("1006", "张六", "W04", "单位乙", "工作区长"),
    ("1007", "张七", "W05", "单位丙", "工作区长", None, dt.date(2026, 11, 1)),
    ("1008", "张八", "W06", "单位丙", "工作区长"),
    ("1009", "张九", "W07", "单位丙", "工作区长"),
]

MONTHS = ("2026-10", "2026-11", "2026-12")


def _ledger() -> list[tuple[object, ...]]:
    d = dt.date
    return [
        (d(2026, 10, 8), "个人", "1001", "P1-01", 1),
        (d(2026, 12, 3), "个人", "1001", "P1-03", 1),
        (d(2026, 12, 4), "个人", "1002", "B-07", 1),
        (d(2026, 10, 9), "个人", "1003", "B-09", 1),
        (d(2026, 10, 12), "个人", "1004", "B-13", 1),
        (d(2026, 11, 12), "个人", "1004", "P1-09", 1),
        (d(2026, 12, 14), "个人", "1004", "B-13", 1),
        (d(2026, 10, 15), "个人", "1005", "P3-01", 1),
        (d(2026, 11, 16), "个人", "1005", "P3-01", 2),
        (d(2026, 10, 20), "个人", "1006", "X-01", 1, -35, None, "考评领导小组确定"),
        (d(2026, 12, 21), "个人", "1009", "P5-05", 1),
        (d(2026, 10, 22), "窗口", "W06", "WB-04", 1),
        (d(2026, 11, 23), "窗口", "W07", "WD-07", 1),
    ]


def _attendance() -> list[tuple[object, ...]]:
    rows = []
    for m in MONTHS:
        for p in PEOPLE:
            if p[0] == "1007" and m == "2026-10":
                continue  # joined on 2026-11-01
            rows.append((m, p[0], 21, 21, 0, 0, 0, 0, 0, 80))
    return rows


def book_data() -> BookData:
    return BookData(people=list(PEOPLE), windows=list(WINDOWS), ledger=_ledger(),
                    attendance=_attendance())


def make_book(directory: Path, name: str = "考核工作簿.xlsx") -> Path:
    path = Path(directory) / name
    api.init_book(path, book_data())
    return path


# --- reading what the commands wrote --------------------------------------------------

def read_json(path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(Path(path).read_text(encoding="utf-8"))


def charts_of_sheet(path: Path, sheet: str) -> list[str]:
    """The chart XML parts drawn on `sheet` of an .xlsx (openpyxl does not load charts)."""
    import posixpath
    import re

    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'<sheet name="{re.escape(sheet)}" sheetId="\d+" r:id="(rId\d+)"',
                        workbook)
        assert rid, f"no sheet {sheet}"
        target = re.search(rf'Id="{rid[1]}"[^>]*Target="([^"]+)"', rels) or re.search(
            rf'Target="([^"]+)"[^>]*Id="{rid[1]}"', rels)
        assert target
        sheet_path = posixpath.normpath(posixpath.join("xl", target[1]))
        sheet_rels = posixpath.join(posixpath.dirname(sheet_path), "_rels",
                                    posixpath.basename(sheet_path) + ".rels")
        if sheet_rels not in z.namelist():
            return []
        drawings = re.findall(r'Target="([^"]*drawing[^"]*)"', z.read(sheet_rels).decode())
        charts = []
        for drawing in drawings:
            drawing_path = posixpath.normpath(posixpath.join(posixpath.dirname(sheet_path),
                                                             drawing))
            drawing_rels = posixpath.join(posixpath.dirname(drawing_path), "_rels",
                                          posixpath.basename(drawing_path) + ".rels")
            if drawing_rels not in z.namelist():
                continue
            for chart in re.findall(r'Target="([^"]*chart[^"]*)"',
                                    z.read(drawing_rels).decode()):
                chart_path = posixpath.normpath(posixpath.join(
                    posixpath.dirname(drawing_path), chart))
                charts.append(z.read(chart_path).decode())
        return charts
