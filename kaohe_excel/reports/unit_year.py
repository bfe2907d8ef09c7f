"""The annual workbook one 派出单位 receives with its feedback letter: its own staff only
(个人年度, 年度先进, 待处理, 月份状态), in the look of the per-window quarterly workbook.

Written by `kaohe year` into 年度考评结果_<year>_各派出单位/, one file per unit, from the same
YearResult as the office's annual workbook.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from ..core.periods import Month
from ..core.words import NO_UNIT, State
from ..core.year import YearResult
from ..files.filenames import unit_folder, window_file_names
from ..files.saving import write_atomically
from ..files.xlsx import Styles, new_workbook, period_properties, table_sheet, write_row
from .quarter import (
    MONTH_MARKS_NOTE,
    failures_sheet,
    monthly_cells,
    period_title,
    states_sheet,
)
from .year import MONTHS

PEOPLE_SHEET = "个人年度"
PEOPLE_HEADERS = ("排名", "工号", "姓名", "派出单位", "窗口编号", "窗口名称", "年度得分", "等级",
                  "参评月数", "先进个人次数", "说明")


def write_unit_workbooks(year_result: Path, result: YearResult) -> Path:
    """One workbook per 派出单位 beside the office's annual workbook; returns the folder."""
    folder = unit_folder(year_result)
    folder.mkdir(exist_ok=True)
    units = [u.unit for u in result.units if u.unit != NO_UNIT]
    names = window_file_names([(u, u) for u in units], str(result.year), "年度考评结果")
    for unit in units:
        write_atomically(folder / names[unit], partial(write_unit_workbook, result=result, unit=unit))
    return folder


def write_unit_workbook(path: Path, result: YearResult, unit: str) -> None:
    staff = [s for s in result.people if s.unit == unit]
    ids = {s.id for s in staff}
    wb = new_workbook(path)
    st = Styles(wb, result.settings.person_decimals, result.settings.window_decimals)
    drafts = sorted(m for m, s in result.states.items() if s == State.DRAFT)
    title, subtitle = period_title(result.settings.center_name, f"{result.year}年度",
                                   "窗口工作人员绩效考评结果", drafts)
    title = f"{title}——{unit}"
    wb.set_properties(period_properties(title, dt.date(result.year, 12, 31)))

    ws, head = table_sheet(wb, st, PEOPLE_SHEET, PEOPLE_HEADERS,
                           (6, 9, 8, 18, 8, 16, 8, 7, 8, 10, 40), title,
                           subtitle + f"；贵单位派驻人员 {len(staff)} 人，排名为在全中心参评人员中的名次")
    for i, s in enumerate(staff, start=head + 1):
        write_row(ws, i, [
            (s.rank, st.int), (s.id, st.text), (s.name, st.text), (s.unit, st.text),
            (s.window_id, st.text), (s.window_name, st.text), (s.score, st.person),
            (s.grade, st.grade(s.grade)), (s.rated_months, st.int),
            (result.person_awards.get(s.id, 0), st.int), (s.note, st.text),
        ])
    ws.autofilter(head, 0, head + len(staff), len(PEOPLE_HEADERS) - 1)

    headers = ("排名", "工号", "姓名", *MONTHS, "年度得分")
    ws, head = table_sheet(wb, st, "个人逐月", headers, (6, 9, 8, *[6] * 12, 9), title,
                           f"{subtitle}；各月得分，空白为未在岗；{MONTH_MARKS_NOTE}")
    for i, s in enumerate(staff, start=head + 1):
        write_row(ws, i, [(s.rank, st.int), (s.id, st.text), (s.name, st.text),
                          *monthly_cells(s, st, st.person),
                          (s.score, st.person)])

    pool = [s for s in result.person_pool if s.id in ids]
    ws, head = table_sheet(wb, st, "年度先进", ("工号", "姓名", "窗口名称", "入选季度数", "年度得分", "说明"),
                           (10, 10, 18, 10, 9, 40), title,
                           subtitle + f"；至少 {result.settings.year_award_min_quarters} 个季度入选先进个人")
    for i, s in enumerate(pool, start=head + 1):
        write_row(ws, i, [(s.id, st.text), (s.name, st.text), (s.window_name, st.text),
                          (result.person_awards[s.id], st.int), (s.score, st.person),
                          ("优秀公务员、先进个人标兵人选", st.text)])

    failures_sheet(wb, st, title, subtitle, [f for f in result.failures if f.person_id in ids])
    states_sheet(wb, st, title, subtitle, {m: result.states.get(m, State.MISSING)
                                           for m in (Month(result.year, k) for k in range(1, 13))})
    wb.close()
