"""Small books for the 【解读】 tests: a few people over several months, events typed into the
台账, a reading changed in the 设置 or 规则 sheet the way a clerk changes it, then `kaohe`
run and its workbooks read back. Nothing here computes an expected value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

import openpyxl
from book_helpers import Book, new_book, row_of, run, table

from kaohe_excel.officebook import names as N

WINDOW = ("W01", "综合窗口", "市政务服务局", "", "")
Event = tuple  # (date "2026-11-05", 工号, rule code[, 数量])


def months_of(first: str, count: int) -> list[str]:
    year, month = (int(p) for p in first.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def book_with(tmp_path: Path, people: Sequence[str], months: Sequence[str],
              events: Iterable[Event] = (), joined: dict[str, str] | None = None) -> Path:
    """One window, `people` (工号 also their names), a 考勤 row for each month each person is
    on the roll (21 days worked, 100 cases), and one 台账 row per event."""
    joined = joined or {}
    data = Book(
        windows=[WINDOW],
        people=[(pid, f"人员{pid}", "W01", "市政务服务局", "工作人员", None,
                 dt.date.fromisoformat(joined[pid]) if pid in joined else None)
                for pid in people],
        attendance=[(m, pid, 21, 21, 0, 0, 0, 0, 0, 100) for m in months for pid in people
                    if pid not in joined or joined[pid][:7] <= m],
        ledger=[(dt.date.fromisoformat(e[0]), "个人", e[1], e[2], e[3] if len(e) > 3 else 1)
                for e in events],
    )
    return new_book(tmp_path / "考核工作簿.xlsx", data)


def set_setting(path: Path, label: str, value: object) -> None:
    """Type `value` into the 值 cell of the 设置 row `label`."""
    wb = openpyxl.load_workbook(path)
    ws = wb[N.SETTINGS]
    ws.cell(row=row_of(path, N.SETTINGS, label), column=2).value = value
    wb.save(path)


def set_rule(path: Path, code: str, header: str, value: object) -> None:
    """Type `value` into the `header` cell of the 规则 row `code`."""
    wb = openpyxl.load_workbook(path)
    ws = wb[N.RULES]
    ws.cell(row=row_of(path, N.RULES, code), column=N.RULES_HEADERS.index(header) + 1).value = value
    wb.save(path)


def month_people(capsys, book: Path, month: str) -> dict[object, dict[str, object]]:
    """`kaohe month`, then its 个人排名 by 工号."""
    code, _, err = run(capsys, "month", book, "--month", month)
    assert code == 0, err
    return table(book.with_name(f"月度考评结果_{month}_公示稿.xlsx"), "个人排名", "排名").by("工号")


def month_sheet(book: Path, month: str, sheet: str, first: str) -> list[dict[str, object]]:
    return table(book.with_name(f"月度考评结果_{month}_公示稿.xlsx"), sheet, first).records()


def quarter_run(capsys, book: Path, quarter: str) -> Path:
    code, _, err = run(capsys, "quarter", book, "--quarter", quarter, "--allow-draft")
    assert code == 0, err
    return book.with_name(f"季度考评结果_{quarter}.xlsx")


def year_run(capsys, book: Path, year: str) -> Path:
    code, _, err = run(capsys, "year", book, "--year", year, "--allow-draft")
    assert code == 0, err
    return book.with_name(f"年度考评结果_{year}.xlsx")


def reasons(path: Path) -> dict[object, dict[str, object]]:
    """The quarter's 评选说明 by 编号."""
    return table(path, "评选说明", "对象").by("编号")
