"""Who gets which files for a period, and every problem, before anything is sent.

Quarter: each window (窗口.邮箱) its workbook from 季度考评结果_<Q>_各窗口/, copied to the
window's 工作区长 (人员.邮箱) and the archive address (设置). Year: each 派出单位 (the 派出单位
sheet) its feedback letter from 通报/<year>/ and its workbook from 年度考评结果_<year>_各派出单位/.
A recipient with a problem (no or a malformed address, no file, a file too big, a file that
names someone of another window or unit, a draft) is listed and skipped.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core import words as W
from ..core.periods import Quarter, date_text
from ..core.records import Person, Window
from ..core.settings import Settings
from ..errors import KaoheError, Problems
from ..files.cells import normalize_text
from ..files.filenames import quarter_result_path, unit_folder, window_folder, year_result_path
from ..files.sheets import Table, open_workbook, read_table
from ..notices.paths import letter_file, period_folder
from ..officebook import names as N
from ..officebook.read import read_roster
from ..reports.unit_year import PEOPLE_SHEET as UNIT_PEOPLE_SHEET
from .addresses import split_addresses, unique
from .readback import ResultBook, letter_texts, read_result_book, strangers

QUARTER, YEAR = "quarter", "year"
MB = 1024 * 1024


@dataclass(frozen=True)
class Outgoing:
    """One message to be: its recipients, its files, what its templates are given."""

    label: str  # the window's or the unit's name
    to: tuple[str, ...]
    cc: tuple[str, ...]
    files: tuple[Path, ...]
    context: dict[str, Any]
    problems: tuple[str, ...] = ()  # why it will not be sent; empty: it will be
    notes: tuple[str, ...] = ()  # worth knowing, nothing skipped

    @property
    def ready(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class MailPlan:
    kind: str  # QUARTER or YEAR
    period: str  # 2026Q4 or 2026
    period_label: str  # 2026年第四季度 or 2026年度
    book: Path
    settings: Settings
    items: tuple[Outgoing, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def outbox(self) -> Path:
        return self.book.with_name("发件箱")


@dataclass
class _Book:
    settings: Settings
    windows: dict[str, Window]
    people: dict[str, Person]
    window_table: Table | None
    units: list[tuple[str, str, str, str]] | None  # (unit, 邮箱 cell, 联系人, cell address)


def _read_book(book: Path, with_units: bool) -> _Book:
    problems = Problems()
    wb = open_workbook(book)
    try:
        roster = read_roster(wb, problems)
        window_table = read_table(wb, N.WINDOWS, N.WINDOWS_REQUIRED, Problems())
        units = None
        if with_units:
            if N.UNITS not in wb.sheet_names:
                raise KaoheError(
                    f"{book.name} 中没有“{N.UNITS}”表（较早版本的考核工作簿）：请在工作簿中增加一张名为"
                    f"“{N.UNITS}”的工作表，第一行依次填 派出单位、邮箱、联系人，每个派出单位一行，"
                    "然后再运行")
            table = read_table(wb, N.UNITS, N.UNITS_REQUIRED, problems)
            units = []
            if table is not None:
                for row, (unit, mail, contact) in table.records(N.UNITS_HEADERS):
                    units.append((normalize_text(unit), normalize_text(mail),
                                  normalize_text(contact), f"{N.UNITS}!{table.cell('邮箱', row)}"))
    finally:
        wb.close()
    problems.raise_if_any()
    return _Book(roster.settings, roster.windows, roster.people, window_table, units)


def _archive(settings: Settings) -> list[str]:
    good, bad = split_addresses(settings.mail_archive)
    if bad:
        raise KaoheError(f"设置中的归档抄送邮箱格式不对：{'、'.join(bad)}")
    return good


def _size_problem(files: list[Path], settings: Settings) -> list[str]:
    total = sum(p.stat().st_size for p in files)
    limit = settings.mail_size_limit_mb * MB
    if limit and total > limit:
        return [f"附件共 {size_text(total)}，超过设置的附件大小上限 {settings.mail_size_limit_mb} MB"]
    return []


def size_text(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{max(size, 1) / 1024:.0f} KB"


def _context(book: _Book, plan_label: str) -> dict[str, Any]:
    s = book.settings
    return {"center": s.center_name, "period_label": plan_label,
            "sender_name": s.mail_sender_name or s.center_name,
            "today": date_text(dt.date.today())}


def _not_sent(found: ResultBook, what: str) -> str:
    """The note for a file of the folder that is not sent: why it could not be read (the
    reason names the file), or that it is not `what`."""
    return f"{found.unreadable or f'{found.path.name} {what}'}，不发送"


def _address_cell(book: _Book, w: Window) -> str:
    table = book.window_table
    return f"{N.WINDOWS}!{table.cell('邮箱', w.row)}" if table else f"{N.WINDOWS}表第 {w.row} 行"


# --- the quarter ------------------------------------------------------------------------

def quarter_folder(book: Path, quarter: Quarter) -> Path:
    """Where `kaohe quarter` puts the per-window workbooks (api.run_quarter)."""
    return window_folder(quarter_result_path(book, quarter))


def quarter_plan(book: Path, quarter: Quarter) -> MailPlan:
    book = Path(book)
    data = _read_book(book, with_units=False)
    folder = quarter_folder(book, quarter)
    if not folder.is_dir():
        raise KaoheError(f"没有找到 {folder.name}：请先运行 kaohe quarter {book.name} --quarter {quarter}")
    archive = _archive(data.settings)
    by_window: dict[str, list[ResultBook]] = {}
    notes = []
    for path in sorted(folder.glob("*.xlsx")):
        if path.name.startswith(("~$", ".~")):
            continue
        found = read_result_book(path, "个人季度", "窗口季度")
        ids = {r.get("窗口编号", "") for r in found.windows}
        if found.unreadable or len(ids) != 1:
            notes.append(_not_sent(found, "不是单个窗口的季度结果工作簿"))
            continue
        by_window.setdefault(ids.pop(), []).append(found)
    items = []
    for w in data.windows.values():
        items.append(_window_item(data, w, quarter, by_window.get(w.id, []), archive, folder))
    notes += [f"{files[0].path.name}：窗口编号 {wid} 不在窗口表中，不发送"
              for wid, files in by_window.items() if wid not in data.windows]
    return MailPlan(QUARTER, str(quarter), quarter.label, book, data.settings, tuple(items),
                    tuple(notes))


def _window_item(data: _Book, w: Window, quarter: Quarter, books: list[ResultBook],
                 archive: list[str], folder: Path) -> Outgoing:
    problems: list[str] = []
    notes: list[str] = []
    to, bad = split_addresses(w.email)
    where = _address_cell(data, w)
    if bad:
        problems.append(f"邮箱格式不对：{'、'.join(bad)}（{where}）")
    elif not to:
        problems.append(f"没有填写邮箱（{where}）")
    first_day = quarter.months[0].first_day
    heads = [p for p in data.people.values() if p.window_id == w.id and p.post == W.Post.HEAD
             and (p.left is None or p.left >= first_day)]
    cc: list[str] = []
    for head in heads:
        good, wrong = split_addresses(head.email)
        cc += good
        if wrong or not good:
            notes.append(f"工作区长{head.name}的邮箱{'格式不对' if wrong else '未填写'}，不抄送")
    files = [b.path for b in books]
    if not books:
        problems.append(f"{folder.name} 中没有本窗口的工作簿")
    elif len(books) > 1:
        problems.append("有多个本窗口的工作簿：" + "、".join(p.name for p in files) + "；请只留下一个")
    else:
        problems += _window_book_problems(data, w, books[0])
        problems += _size_problem(files, data.settings)
    context = {**_context(data, quarter.label), "period": str(quarter), "window": w.name,
               "window_id": w.id, "head": "、".join(h.name for h in heads),
               "attachments": [p.name for p in files]}
    return Outgoing(w.name, tuple(to), tuple(unique(cc + archive, to)), tuple(files), context,
                    tuple(problems), tuple(notes))


def _window_book_problems(data: _Book, w: Window, found: ResultBook) -> list[str]:
    problems = []
    wrong_rows = [r.get("工号", "") for r in found.people if r.get("窗口编号") != w.id]
    own = {pid for pid, p in data.people.items() if p.window_id == w.id}
    own |= {r.get("工号", "") for r in found.people if r.get("窗口编号") == w.id}
    others = {pid: p.name for pid, p in data.people.items() if pid not in own}
    own_names = {data.people[pid].name for pid in own if pid in data.people}
    leaked = strangers(found.texts, others, own_names)
    if wrong_rows or leaked:
        listed = "、".join(leaked or wrong_rows)
        problems.append(f"{found.path.name} 含其他窗口的人员（{listed}），请重新运行 kaohe quarter")
    if found.draft:
        problems.append(f"{found.path.name} 含未审定的月份（公示稿）；审定后重新运行 kaohe quarter，再发送")
    return problems


# --- the year -----------------------------------------------------------------------------

def letter_folder(book: Path, year: int) -> Path:
    """Where `kaohe notices --year` puts the year's letters."""
    return period_folder(book, str(year))


def letter_path(book: Path, year: int, unit: str) -> Path:
    return letter_folder(book, year) / letter_file(unit)


def year_units_folder(book: Path, year: int) -> Path:
    """Where `kaohe year` puts the per-unit workbooks (api.run_year)."""
    return unit_folder(year_result_path(book, year))


def year_plan(book: Path, year: int) -> MailPlan:
    book = Path(book)
    data = _read_book(book, with_units=True)
    assert data.units is not None
    folder = year_units_folder(book, year)
    if not folder.is_dir():
        raise KaoheError(f"没有找到 {folder.name}：请先运行 kaohe year {book.name} --year {year}")
    letters = letter_folder(book, year)
    if not letters.is_dir():
        raise KaoheError(f"没有找到年度考评结果反馈函（{letters}）：请先运行 "
                         f"kaohe notices {book.name} --year {year}")
    archive = _archive(data.settings)
    by_unit: dict[str, list[ResultBook]] = {}
    notes = []
    for path in sorted(folder.glob("*.xlsx")):
        if path.name.startswith(("~$", ".~")):
            continue
        found = read_result_book(path, UNIT_PEOPLE_SHEET)
        units = {r.get("派出单位", "") for r in found.people}
        if found.unreadable or len(units) != 1:
            notes.append(_not_sent(found, "不是单个派出单位的年度结果工作簿"))
            continue
        by_unit.setdefault(units.pop(), []).append(found)
    items = []
    listed = set()
    for unit, cell, contact, where in data.units:
        if not unit:
            continue
        listed.add(unit)
        items.append(_unit_item(data, book, year, unit, cell, contact, where,
                                by_unit.get(unit, []), archive, folder))
    staffed = {p.unit for p in data.people.values() if p.unit}
    for unit in sorted(staffed - listed):
        items.append(Outgoing(unit, (), (), (), {}, (f"不在“{N.UNITS}”表中，没有邮箱",)))
    return MailPlan(YEAR, str(year), f"{year}年度", book, data.settings, tuple(items),
                    tuple(notes))


def _unit_item(data: _Book, book: Path, year: int, unit: str, cell: str, contact: str,
               where: str, books: list[ResultBook], archive: list[str],
               folder: Path) -> Outgoing:
    problems: list[str] = []
    to, bad = split_addresses(cell)
    if bad:
        problems.append(f"邮箱格式不对：{'、'.join(bad)}（{where}）")
    elif not to:
        problems.append(f"没有填写邮箱（{where}）")
    own = {pid for pid, p in data.people.items() if p.unit == unit}
    others = {pid: p.name for pid, p in data.people.items() if pid not in own}
    own_names = {data.people[pid].name for pid in own}
    files: list[Path] = []
    letter = letter_path(book, year, unit)
    if letter.is_file():
        files.append(letter)
        try:
            leaked = strangers(letter_texts(letter), others, own_names, in_sentences=True)
        except (OSError, zipfile.BadZipFile) as exc:
            leaked = []
            problems.append(f"无法读取 {letter.name}（{exc}）")
        if leaked:
            problems.append(f"{letter.name} 含其他单位的人员（{'、'.join(leaked)}）")
    else:
        problems.append(f"缺少 {letter.name}：请先运行 kaohe notices {book.name} --year {year}")
    if not books:
        problems.append(f"{folder.name} 中没有本单位的工作簿（本单位没有参评人员，"
                        f"或需重新运行 kaohe year {book.name} --year {year}）")
    elif len(books) > 1:
        problems.append("有多个本单位的工作簿：" + "、".join(b.path.name for b in books))
    else:
        found = books[0]
        files.append(found.path)
        leaked = strangers(found.texts, others, own_names)
        if leaked:
            problems.append(f"{found.path.name} 含其他单位的人员（{'、'.join(leaked)}）")
        if found.draft:
            problems.append(f"{found.path.name} 含未审定的月份（公示稿）；审定后重新运行 kaohe year，再发送")
    if files:
        problems += _size_problem(files, data.settings)
    context = {**_context(data, f"{year}年度"), "period": str(year), "year": year, "unit": unit,
               "contact": contact, "attachments": [p.name for p in files]}
    return Outgoing(unit, tuple(to), tuple(unique(archive, to)), tuple(files), context,
                    tuple(problems))
