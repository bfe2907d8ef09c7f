"""The annual workbook (全年总评): 个人年度, 窗口年度 (with a trend chart), 年度先进,
派出单位汇总, 待处理, 月份状态."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from ..core.failures import counting_note
from ..core.periods import Month
from ..core.words import State
from ..core.year import YearResult
from ..files.xlsx import (
    Styles,
    new_workbook,
    period_properties,
    place_chart,
    table_sheet,
    write_row,
)
from .quarter import (
    MAX_CHART_WINDOWS,
    MONTH_MARKS_NOTE,
    failures_sheet,
    monthly_cells,
    period_title,
    states_sheet,
)
from .year_comments import write_comments_sheet

MONTHS = [f"{m}月" for m in range(1, 13)]  # short headers: the month columns stay narrow


def write_year_workbook(path: Path, result: YearResult,
                        kept_comments: Mapping[str, str] | None = None) -> None:
    """`kept_comments`: 年度工作评语 edited in the previous result, by 工号, kept."""
    settings = result.settings
    wb = new_workbook(path, big=len(result.people) > 20_000)
    st = Styles(wb, settings.person_decimals, settings.window_decimals)
    drafts = sorted(m for m, s in result.states.items() if s == State.DRAFT)
    title, subtitle = period_title(settings.center_name, f"{result.year}年度",
                                   "窗口及工作人员绩效考评结果", drafts)
    wb.set_properties(period_properties(title, dt.date(result.year, 12, 31)))

    # 23 columns do not print legibly on A4: the summary, then the months on a sheet of their own
    headers: tuple[str, ...] = ("排名", "工号", "姓名", "窗口编号", "窗口名称", "派出单位", "年度得分", "等级",
               "参评月数", "先进个人次数", "说明")
    ws, head = table_sheet(wb, st, "个人年度", headers,
                           (6, 10, 10, 10, 18, 22, 9, 8, 8, 10, 40), title, subtitle)
    for i, s in enumerate(result.people, start=head + 1):
        write_row(ws, i, [
            (s.rank, st.int), (s.id, st.text), (s.name, st.text), (s.window_id, st.text),
            (s.window_name, st.text), (s.unit, st.text), (s.score, st.person),
            (s.grade, st.grade(s.grade)), (s.rated_months, st.int),
            (result.person_awards.get(s.id, 0), st.int), (s.note, st.text),
        ])
    ws.autofilter(head, 0, head + len(result.people), len(headers) - 1)

    monthly = ("排名", "工号", "姓名", *MONTHS, "年度得分")  # 窗口 and the rest: 个人年度
    ws, head = table_sheet(wb, st, "个人逐月", monthly, (6, 10, 10, *[6] * 12, 9), title,
                           f"{subtitle}；各月得分，空白为未在岗；{MONTH_MARKS_NOTE}")
    for i, s in enumerate(result.people, start=head + 1):
        write_row(ws, i, [
            (s.rank, st.int), (s.id, st.text), (s.name, st.text),
            *monthly_cells(s, st, st.person), (s.score, st.person),
        ])
    ws.autofilter(head, 0, head + len(result.people), len(monthly) - 1)

    headers = ("排名", "窗口编号", "窗口名称", "年度得分", "等级", "参评月数", "红旗窗口次数")
    ws, head = table_sheet(wb, st, "窗口年度", headers, (6, 10, 20, 9, 8, 8, 10), title, subtitle)
    for i, s in enumerate(result.windows, start=head + 1):
        write_row(ws, i, [
            (s.rank, st.int), (s.id, st.text), (s.name, st.text), (s.score, st.window),
            (s.grade, st.grade(s.grade)), (s.rated_months, st.int),
            (result.window_awards.get(s.id, 0), st.int),
        ])

    monthly = ("排名", "窗口编号", "窗口名称", *MONTHS)
    ws, head = table_sheet(wb, st, "窗口逐月", monthly, (6, 10, 20, *[7] * 12), title,
                           f"{subtitle}；各月得分；{MONTH_MARKS_NOTE}", noun="个窗口")
    for i, s in enumerate(result.windows, start=head + 1):
        write_row(ws, i, [(s.rank, st.int), (s.id, st.text), (s.name, st.text),
                          *monthly_cells(s, st, st.window)])
    if 0 < len(result.windows) <= MAX_CHART_WINDOWS:
        chart = wb.add_chart({"type": "line"})
        for k in range(len(result.windows)):
            r = head + 1 + k
            chart.add_series({"name": ["窗口逐月", r, 2],
                              "categories": ["窗口逐月", head, 3, head, 14],
                              "values": ["窗口逐月", r, 3, r, 14],
                              "marker": {"type": "circle", "size": 4}})
        chart.set_title({"name": f"{result.year}年各窗口月度得分走势", "name_font": {"size": 12}})
        chart.set_y_axis({"min": 60, "num_format": "0", "num_font": {"size": 11}})
        chart.set_x_axis({"num_font": {"size": 11}})
        chart.set_legend({"font": {"size": 11}, "position": "bottom"})
        place_chart(ws, chart, 460)

    at_least = max(settings.recommend_min_quarters, 1)
    ws, head = table_sheet(wb, st, "年度先进", ("类别", "编号", "名称", "窗口编号", "入选季度数",
                                              "年度得分", "推荐顺序", "说明"),
                           (14, 10, 18, 10, 10, 9, 9, 56), title,
                           subtitle + f"；至少 {settings.year_award_min_quarters} 个季度入选授予年度先进；"
                           f"推荐顺序：优秀公务员、先进个人标兵人选（至少 {at_least} 个季度入选"
                           + ("" if result.recommended else "，本年度无人达到，不推荐") + "）")
    order = {s.id: k for k, s in enumerate(result.recommended, start=1)}
    row = head
    for s in result.person_pool:
        row += 1
        rank = order.get(s.id)
        write_row(ws, row, [("年度先进个人", st.text), (s.id, st.text), (s.name, st.text),
                            (s.window_id, st.text), (result.person_awards[s.id], st.int),
                            (s.score, st.person), (rank, st.int),
                            ("优秀公务员、先进个人标兵推荐人选" if rank else "", st.text)])
    for s in result.window_pool:
        row += 1
        write_row(ws, row, [("年度红旗窗口", st.text), (s.id, st.text), (s.name, st.text),
                            (s.id, st.text), (result.window_awards[s.id], st.int),
                            (s.score, st.window), (None, st.int), ("", st.text)])
    for quarter, subject, s in result.unsettled:
        row += 1
        write_row(ws, row, [("并列待定", st.text), (s.id, st.text), (s.name, st.text),
                            (s.window_id, st.text), ("", st.text), ("", st.text), ("", st.text),
                            (f"{quarter.label}{'先进个人' if subject == '个人' else '红旗窗口'}"
                             "并列待定，尚未由考评领导小组确定（评选决定表），未计入入选次数",
                             st.text)])

    ws, head = table_sheet(wb, st, "派出单位汇总",
                           ("派出单位", "人数", "参评人数", "平均年度得分", "超标", "达标", "未达标",
                            "先进个人次数", "通报批评及退回"),
                           (28, 6, 8, 12, 6, 6, 7, 12, 14), title,
                           subtitle + "；全年考评结果以书面材料反馈各入驻单位")
    for i, u in enumerate(result.units, start=head + 1):
        write_row(ws, i, [(u.unit, st.text), (u.staff, st.int), (u.rated, st.int),
                          (u.mean, st.person), (u.above, st.int), (u.met, st.int),
                          (u.below, st.int), (u.awards, st.int), (u.failures, st.int)])

    failures_sheet(wb, st, title, f"{subtitle}；{counting_note(settings)}", result.failures)
    states_sheet(wb, st, title, subtitle, {m: result.states.get(m, State.MISSING)
                                           for m in (Month(result.year, k) for k in range(1, 13))})
    write_comments_sheet(wb, st, title, subtitle, result, kept_comments or {})
    wb.close()
