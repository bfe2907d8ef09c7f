"""Runs one button on the open workbook: saves it if asked, calls the action, and turns the
outcome or the error into Excel calls (status bar, 问题 sheet, 控制台 status, message box)."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
import traceback
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from ..errors import DataErrors, KaoheError, Problem, column_letter
from . import console as C
from .actions import ACTIONS, Outcome, period_of
from .buttons import BUTTONS, Button, by_caption
from .surface import Book, Sheet

TITLE = "考评"
LOG_FOLDER = "考评日志"
PROBLEM_HEADERS = ["序号", "位置（点击跳转）", "问题"]


class ExcelUi:
    """An action's progress in the status bar, its questions in a message box."""

    def __init__(self, book: Book):
        self.book = book
        self.app = book.app

    def progress(self, text: str) -> None:
        self.app.status_bar = text

    def confirm(self, text: str) -> bool:
        return self.app.alert(text, title=TITLE, buttons="ok_cancel") == "ok"

    def sheet_writer(self) -> SheetWriter:
        return SheetWriter(self.book)


class SheetWriter:
    """Cells of the open book written through Excel, then saved by Excel
    (selfcheck.collect.SheetWriter)."""

    def __init__(self, book: Book):
        self.book = book

    def write_cells(self, sheet: str, cells: Mapping[tuple[int, int], object]) -> None:
        target = self.book.sheets[sheet]
        self.book.app.screen_updating = False
        try:
            for row, first, values in runs(cells):
                cell = target.range(f"{column_letter(first)}{row}")
                cell.value = [excel_value(v) for v in values] if len(values) > 1 \
                    else excel_value(values[0])
        finally:
            self.book.app.screen_updating = True

    def save(self) -> None:
        self.book.save()


def runs(cells: Mapping[tuple[int, int], object]) -> list[tuple[int, int, list[object]]]:
    """(row, first column, values) for each run of adjacent cells in a row: one Excel call
    each, and no cell between two written ones is touched."""
    out: list[tuple[int, int, list[object]]] = []
    for (row, col), value in sorted(cells.items()):
        if out and out[-1][0] == row and out[-1][1] + len(out[-1][2]) == col:
            out[-1][2].append(value)
        else:
            out.append((row, col, [value]))
    return out


def excel_value(value: object) -> object:
    """What to hand Excel so that the cell holds exactly `value`: text behind an apostrophe
    (Excel keeps it as text, never a formula, number or date; the apostrophe is not part of
    the value), Decimal as a number."""
    if isinstance(value, str):
        return "'" + value if value else None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def run_caption(book: Book, caption: str) -> Outcome | None:
    """A click on the button with this caption (the VBA dispatcher sends it)."""
    button = by_caption(caption)
    if button is None:
        known = "、".join(b.caption for b in BUTTONS)
        what = f"按钮“{caption}”" if caption else "这个宏须从控制台的按钮运行，"
        book.app.alert(f"{what}在本机安装的 kaohe 中没有对应的操作（现有：{known}）。"
                       "如按钮是新版本加的，请在本机升级 kaohe:py -m pip install -U kaohe_excel",
                       title=TITLE)
        return None
    return run(book, button)


def run(book: Book, button: Button) -> Outcome | None:
    """One click. Never raises: every error ends in one Chinese message box."""
    app = book.app
    started = time.perf_counter()
    try:
        if not book.api.Saved:
            answer = app.alert("考核工作簿有未保存的修改，须先保存再计算。现在保存吗?",
                               title=TITLE, buttons="ok_cancel")
            if answer != "ok":
                return None
            book.save()
        console = book.sheets[C.CONSOLE]
        period = period_of(console.range(C.MONTH_CELL).value,
                           console.range(C.QUARTER_CELL).value,
                           console.range(C.YEAR_CELL).value,
                           console.range(C.KIND_CELL).value)
        if button.entry == "finalize":
            answer = app.alert(f"审定后 {period.month} 不能再计分（确需更正须重新打开）。确定审定吗?",
                               title=TITLE, buttons="yes_no")
            if answer != "yes":
                return None
        app.status_bar = f"{button.caption}：正在读取考核工作簿并计算……"
        outcome = ACTIONS[button.entry](Path(book.fullname), period, ExcelUi(book))
        app.status_bar = f"{button.caption}：正在写入 Excel……"
        app.screen_updating = False
        _clear_problems(book)
        _write_status(console, button, outcome, time.perf_counter() - started)
        app.screen_updating = True
        for path in outcome.open:
            app.books.open(str(path))
        if not outcome.open:
            app.alert(outcome.summary, title=TITLE)
        return outcome
    except DataErrors as exc:
        app.screen_updating = False
        write_problems(book, exc.problems)
        app.screen_updating = True
        app.alert(f"考核工作簿有 {len(exc.problems)} 处问题，未生成结果。问题已逐条列在“问题”表，"
                  "点位置可跳到出错的单元格；改正后再点一次按钮。", title=TITLE)
    except KaoheError as exc:
        app.alert(str(exc), title=TITLE)
    except Exception:
        log = write_log(book, button, traceback.format_exc())
        app.alert(f"“{button.caption}”没有完成：程序内部出错。详细信息已写入 {log}，"
                  "请把这个文件发给维护人员。", title=TITLE)
    finally:
        app.screen_updating = True
        app.status_bar = False  # xlwings: False hands the status bar back to Excel
    return None


def _write_status(console: Sheet, button: Button, outcome: Outcome, seconds: float) -> None:
    console.range(C.LAST_ACTION).value = button.caption
    console.range(C.LAST_TIME).value = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    console.range(C.LAST_TOOK).value = f"{seconds:.1f} 秒"
    console.range(C.LAST_SUMMARY).value = outcome.summary
    for i in range(C.LINK_ROWS):
        cell = console.range(f"{C.LINK_COLUMN}{C.FIRST_LINK_ROW + i}")
        cell.value = None
        if i < len(outcome.files):
            path = outcome.files[i]
            cell.add_hyperlink(str(path), text_to_display=path.name, screen_tip=str(path))


def link_target(problem: Problem) -> str:
    """The internal hyperlink address of a problem's cell: a whole column jumps to its
    first row, a whole sheet to A1."""
    cell = problem.cell.split(":")[0]
    if not cell:
        cell = "A1"
    elif cell.isalpha():
        cell += "1"
    sheet = problem.sheet.replace("'", "''")
    return f"#'{sheet}'!{cell}"


def _problem_sheet(book: Book) -> Sheet | None:
    return next((s for s in book.sheets if s.name == C.PROBLEMS), None)


def _clear_problems(book: Book) -> None:
    sheet = _problem_sheet(book)
    if sheet is not None:
        sheet.clear()
        sheet.range("A1").value = ["上次运行没有发现问题"]


def write_problems(book: Book, problems: Sequence[Problem]) -> None:
    sheet = _problem_sheet(book)
    if sheet is None:
        sheet = book.sheets.add(C.PROBLEMS, after=book.sheets[C.CONSOLE])
    sheet.clear()
    sheet.range("A1").value = PROBLEM_HEADERS
    sheet.range("A2").value = [[i, str(p).split(": ", 1)[0], p.message]
                               for i, p in enumerate(problems, start=1)]
    for i, p in enumerate(problems, start=2):
        where = f"{p.sheet}!{p.cell}" if p.cell else p.sheet
        sheet.range(f"B{i}").add_hyperlink(link_target(p), text_to_display=where)
    sheet.activate()


def write_log(book: Book, button: Button, trace: str) -> Path:
    """The traceback in a file a user can send; beside the book, else in the temp folder."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = f"kaohe {button.entry} {stamp}\nbook: {book.fullname}\n\n{trace}"
    for folder in (Path(book.fullname).parent / LOG_FOLDER, Path(tempfile.gettempdir())):
        try:
            folder.mkdir(exist_ok=True)
            path = folder / f"kaohe-{button.entry}-{stamp}.log"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return Path(tempfile.gettempdir())  # pragma: no cover - nowhere writable at all
