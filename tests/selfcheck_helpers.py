"""Helpers for the self-check tests: a small center, the templates `kaohe selfcheck make`
writes, and a `Form` that fills one the way a window head does in Excel (openpyxl, which also
ignores the sheet protection, as a head who unprotected the sheet would).

Nothing here computes an expected result: expectations are written by hand in the tests.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
from book_helpers import Book, new_book, run, set_value

D = dt.date
MONTH = "2026-11"
FOLDER = Path("自查表") / MONTH  # beside the book
NAMES = {"W01": "不动产登记窗口_2026-11_自查表.xlsx",
         "W02": "市场监管窗口_2026-11_自查表.xlsx",
         "W03": "税务窗口_2026-11_自查表.xlsx"}


def center() -> Book:
    """Three windows; W01 has three people on duty and one who left in October."""
    return Book(
        windows=[
            ("W01", "不动产登记窗口", "市自然资源局", "张三", "w01@example.cn"),
            ("W02", "市场监管窗口", "市市场监管局", "王五", "w02@example.cn"),
            ("W03", "税务窗口", "市税务局", "孙七", "w03@example.cn"),
        ],
        people=[
            ("1001", "张三", "W01", "市自然资源局", "工作区长"),
            ("1002", "李四", "W01", "市自然资源局", "工作人员"),
            ("1005", "周八", "W01", "市自然资源局", "工作人员", None, D(2026, 11, 10)),
            ("1007", "吴九", "W01", "市自然资源局", "工作人员", None, D(2025, 3, 1),
             D(2026, 10, 15)),
            ("1003", "王五", "W02", "市市场监管局", "工作区长"),
            ("1004", "赵六", "W02", "市市场监管局", "工作人员"),
            ("1006", "孙七", "W03", "市税务局", "工作区长"),
        ],
        ledger=[
            (D(2026, 11, 3), "个人", "1002", "P1-03", 1, None, None, "未佩证", "督查", "钱督查"),
            (D(2026, 11, 4), "个人", "1003", "B-07", 2, None, None, None, "督查", "钱督查"),
            (D(2026, 11, 5), "窗口", "W02", "WD-01", 1, None, None, None, "督查", "钱督查"),
            (D(2026, 10, 28), "个人", "1002", "P3-01", 1, None, None, "上月的", "考勤", "钱督查"),
        ],
        attendance=[
            ("2026-11", pid, 21, 21, 0, 0, 0, 0, 0, 120)
            for pid in ("1001", "1002", "1005", "1003", "1004", "1006")
        ],
    )


def make_book(tmp_path: Path, data: Book | None = None) -> Path:
    return new_book(tmp_path / "考核工作簿.xlsx", data or center())


class Form:
    """A self-check template opened for filling."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.wb = openpyxl.load_workbook(path)
        self.ws = self.wb["自查表"]

    # --- finding the parts, as a person reads the sheet ---------------------------------
    def _title_row(self, title: str) -> int:
        for row in range(1, self.ws.max_row + 1):
            if self.ws.cell(row, 1).value == title:
                return row
        raise AssertionError(f"{title} not found")

    def header(self, title: str) -> dict[str, int]:
        row = self._title_row(title) + 1
        return {self.ws.cell(row, c).value: c for c in range(1, 12) if self.ws.cell(row, c).value}

    def first_row(self, title: str) -> int:
        return self._title_row(title) + 2

    def staff_rows(self) -> dict[str, int]:
        """工号 -> worksheet row in 一、人员情况."""
        rows = {}
        row = self.first_row("一、人员情况")
        while isinstance(self.ws.cell(row, 1).value, int):
            rows[str(self.ws.cell(row, 2).value).split(" ")[0]] = row
            row += 1
        return rows

    def staff_labels(self) -> list[str]:
        return [self.ws.cell(r, 2).value for r in self.staff_rows().values()]

    # --- filling ------------------------------------------------------------------------
    def item(self, n: int, who: object = None, day: object = None, code: object = None,
             qty: object = None, event: object = None, note: object = None,
             review: object = "同意", new_qty: object = None, review_note: object = None,
             window: bool = False) -> int:
        """Fill the n-th (1-based) entry row of 二 (or 三 with window=True); returns its row."""
        title = "三、窗口扣加分事项" if window else "二、个人扣加分事项"
        cols = self.header(title)
        row = self.first_row(title) + n - 1
        values = {"日期": day, "规则编码": code, "数量": qty, "事项": event, "说明": note,
                  "复核意见": review, "复核后数量": new_qty, "复核说明": review_note}
        if not window:
            values["工号/姓名"] = who
        for header, value in values.items():
            if value is not None:
                set_value(self.ws, row, cols[header], value)
        return row

    def tick(self, pid: str, mark: object = "√") -> None:
        set_value(self.ws, self.staff_rows()[pid], self.header("一、人员情况")["本月无扣加分"], mark)

    def sign(self, filler: str = "李四", reviewer: str = "张三", day: object = D(2026, 12, 1),
             ) -> None:
        row = self._title_row("四、签字") + 2
        self.ws.cell(row, 3).value = filler
        self.ws.cell(row, 6).value = reviewer
        self.ws.cell(row, 10).value = day

    def delete_rows(self, row: int, amount: int = 1) -> None:
        self.ws.delete_rows(row, amount)

    def insert_rows(self, row: int, amount: int = 1) -> None:
        self.ws.insert_rows(row, amount)

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.wb.save(path)
        return path


def make_forms(capsys, book: Path) -> Path:
    """`kaohe selfcheck make` for MONTH, as the office runs it; it must succeed quietly."""
    code, _, err = run(capsys, "selfcheck", "make", book, "--month", MONTH)
    assert (code, err) == (0, [])
    return book


def collect(capsys, book: Path, folder: Path, *extra: object):
    """`kaohe selfcheck collect` for MONTH: (exit code, stdout lines, stderr lines)."""
    return run(capsys, "selfcheck", "collect", book, "--month", MONTH, folder, *extra)


def set_meta(path: Path, changes: dict[str, object]) -> None:
    """Change values of a form's hidden kaohe sheet (key in column A, value in B), as a
    window head who found it could."""
    wb = openpyxl.load_workbook(path)
    ws = wb["kaohe"]
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, 1).value in changes:
            ws.cell(row, 2).value = changes[ws.cell(row, 1).value]
    wb.save(path)


def returned_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "回收"
    folder.mkdir(exist_ok=True)
    return folder


def template(book: Path, wid: str) -> Path:
    return book.parent / FOLDER / NAMES[wid]


def fill(book: Path, wid: str) -> Form:
    return Form(template(book, wid))


def copy_blank(book: Path, wid: str, folder: Path, name: str | None = None) -> Path:
    target = folder / (name or NAMES[wid])
    shutil.copy(template(book, wid), target)
    return target


def ledger_rows(book: Path) -> list[tuple]:
    """台账 as openpyxl reads it, from row 2, trailing empty cells dropped."""
    ws = openpyxl.load_workbook(book)["台账"]
    rows = []
    for values in ws.iter_rows(min_row=2, values_only=True):
        values = list(values)
        while values and values[-1] is None:
            values.pop()
        rows.append(tuple(values))
    return rows


def day(y: int, m: int, d: int) -> dt.datetime:
    """How openpyxl reads a date cell back."""
    return dt.datetime(y, m, d)
