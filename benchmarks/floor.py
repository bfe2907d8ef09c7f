"""The floor: the least work any `kaohe month` could do on the same book.

    python benchmarks/floor.py BOOK --month 2026-11 --out OUT.xlsx

Reads every sheet of the office workbook with python-calamine (iter_rows over every cell of
every sheet, converting each to a Python object) and writes a plain result workbook with
xlsxwriter in constant_memory mode: one row per person, one row per window and one detail row
per ledger row of the scored month. No checking, no scoring, no formats. `kaohe month` has
to do all of this too, so its time over the floor's is the cost of checking and scoring.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import xlsxwriter
from python_calamine import CalamineWorkbook


def _month_key(text: str) -> tuple[int, int]:
    y, m = text.split("-")
    return int(y), int(m)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="benchmark floor")
    parser.add_argument("book", type=Path)
    parser.add_argument("--month", required=True, help="YYYY-MM")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    year, month = _month_key(args.month)
    month_text = f"{year:04d}-{month:02d}"

    wb = CalamineWorkbook.from_path(str(args.book))
    sheets: dict[str, list[list[Any]]] = {}
    ledger_month: list[tuple[int, list[Any]]] = []
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).iter_rows()
        header = next(rows, [])
        if name == "台账":  # keep only the scored month's rows (the result needs no more)
            date_col = header.index("日期")
            for n, row in enumerate(rows, start=2):
                day = row[date_col]
                if isinstance(day, dt.date) and day.year == year and day.month == month:
                    ledger_month.append((n, row))
        elif name == "考勤":  # likewise: only the scored month's attendance
            month_col = header.index("月份")
            sheets[name] = [row for row in rows if row[month_col] == month_text]
        else:
            sheets[name] = list(rows)
        del rows  # an exhausted iterator still holds calamine's copy of the whole sheet
    wb.close()

    windows = {row[0]: row for row in sheets["窗口"]}
    people = {row[0]: row for row in sheets["人员"]}
    rules = {row[0]: row[3] for row in sheets["规则"]}
    cases = {row[1]: row[9] for row in sheets["考勤"]}

    # the same sheets and columns as the result workbook: 12, 11 and 10 columns
    out = xlsxwriter.Workbook(str(args.out), {"constant_memory": True,
                                              "strings_to_numbers": False,
                                              "strings_to_formulas": False,
                                              "strings_to_urls": False})
    ws = out.add_worksheet("个人排名")
    ws.write_row(0, 0, ("排名", "工号", "姓名", "窗口编号", "窗口名称", "得分", "等级", "状态",
                        "扣分", "加分", "说明", "办件数"))
    for r, p in enumerate(sheets["人员"], start=1):
        ws.write_row(r, 0, (r, p[0], p[1], p[2], windows[p[2]][1], 100.0, "达标", "参评",
                            0.0, 0.0, "", cases.get(p[0], 0)))
    ws = out.add_worksheet("窗口排名")
    ws.write_row(0, 0, ("排名", "窗口编号", "窗口名称", "人员平均分", "窗口加减分", "得分",
                        "等级", "状态", "参评人数", "办件数", "说明"))
    for r, w in enumerate(sheets["窗口"], start=1):
        ws.write_row(r, 0, (r, w[0], w[1], 100.0, 0.0, 100.0, "达标", "参评", 0, 0, ""))
    ws = out.add_worksheet("明细")
    ws.write_row(0, 0, ("对象", "编号", "名称", "规则编码", "内容", "数量", "分值", "计分说明",
                        "台账行", "来源"))
    for r, (n, e) in enumerate(ledger_month, start=1):
        owner = people.get(e[2]) if e[1] == "个人" else windows.get(e[2])
        quantity = e[4] if e[4] != "" else 1.0
        ws.write_row(r, 0, (e[1], e[2], owner[1] if owner else "", e[3], rules.get(e[3], ""),
                            quantity, e[5] if e[5] != "" else 0.0, e[7], str(n), "台账"))
    out.close()
    print(f"floor: {len(sheets['人员'])} people, {len(sheets['窗口'])} windows, "
          f"{len(ledger_month)} ledger rows of {month_text}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
