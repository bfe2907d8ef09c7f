"""The quarterly workbook (季评比): 个人季度, 窗口季度, 评选说明, 待处理, 月份状态."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from xlsxwriter.format import Format

from ..core.failures import Failure, counting_note
from ..core.periods import Month
from ..core.quarter import QuarterResult, Standing
from ..core.words import Award, State, Status, Subject
from ..files.xlsx import (
    Styles,
    new_workbook,
    period_properties,
    place_chart,
    table_sheet,
    write_row,
)

MAX_CHART_WINDOWS = 60  # beyond this a per-window chart is unreadable


# what a month column shows for a month without a score (the sheet's subtitle explains them)
MONTH_MARKS = {Status.DISQUALIFIED: "取消", Status.RETURNED: "退回", Status.NO_STAFF: "无人"}
MONTH_MARKS_NOTE = "月份列中“取消”为取消资格，“退回”为退回派出单位，“无人”为窗口无参评人员"

_AWARD_ORDER: dict[Award | None, int] = {Award.CHOSEN: 0, Award.TIED: 1}


def period_title(center: str, label: str, what: str, drafts: Sequence[Month]) -> tuple[str, str]:
    title = f"{center}{label}{what}"
    if drafts:
        listed = "、".join(f"{m.month}月" for m in drafts)
        return title + "（含未审定月份）", f"注意：{listed}为公示稿，尚未审定，结果仅供参考"
    return title, "所用月份均已审定"


def monthly_cells(s: Standing, st: Styles, fmt: Format) -> list[tuple[object, object]]:
    """Each month's score of `s` in `fmt` (st.person or st.window)."""
    cells: list[tuple[object, object]] = []
    for entry in s.monthly:
        if entry is None:
            cells.append(("", st.muted))
        elif entry.score is None:  # 取消资格 / 退回: short, to keep the month narrow; bold on paper
            cells.append((MONTH_MARKS.get(entry.status, entry.status), st.flag))
        else:
            cells.append((entry.score, fmt))
    return cells


@dataclass(frozen=True)
class WindowPart:
    """What one window receives of the quarter: its own row and its staff's rows."""

    result: QuarterResult
    out_of: tuple[int, int]  # (people, windows) ranked in the whole center


def window_parts(result: QuarterResult) -> dict[str, WindowPart]:
    """Each window's part, split in one pass over the people (a province: 2,000 windows and
    50,000 people, where a search per window was quadratic)."""
    out_of = (sum(1 for s in result.people if s.rank is not None),
              sum(1 for s in result.windows if s.rank is not None))
    staff: dict[str, list[Standing]] = defaultdict(list)
    for s in result.people:
        staff[s.window_id].append(s)
    return {w.id: WindowPart(replace(result, people=tuple(staff[w.id]), windows=(w,)), out_of)
            for w in result.windows}


def write_window_quarter_workbook(path: Path, part: WindowPart) -> None:
    """The quarterly workbook a window receives: its own row and its staff's rows, each rank
    beside the number it is out of (共 57 人) since the other rows are not in the book."""
    window = part.result.windows[0]
    write_quarter_workbook(path, part.result, [], window_name=window.name, out_of=part.out_of)


def write_quarter_workbook(path: Path, result: QuarterResult, failures: Sequence[Failure],
                           window_name: str = "", out_of: tuple[int, int] | None = None) -> None:
    """`out_of`: (people, windows) ranked in the whole center, for a window's own workbook."""
    settings = result.settings
    big = len(result.people) > 20_000
    wb = new_workbook(path, big=big)
    st = Styles(wb, settings.person_decimals, settings.window_decimals)
    title, subtitle = period_title(settings.center_name, result.quarter.label,
                                   "窗口及工作人员绩效考评季度评比结果", result.drafts)
    if window_name:
        title = f"{title}——{window_name}"
    wb.set_properties(period_properties(title, result.quarter.months[-1].last_day))
    months = [f"{m.month}月" for m in result.quarter.months]

    among = ("参评人数",) if out_of else ()
    # a window's own book: its name is in the title, the column would only crowd the page
    named = () if out_of else ("窗口名称",)
    headers = ("排名", *among, "工号", "姓名", "窗口编号", *named, "季度得分", "季度办件数",
               "等级", "参评月数", "先进个人", *months, "季度扣分", "说明")
    ws, head = table_sheet(wb, st, "个人季度", headers,
                           (6, *(9,) * len(among), 10, 10, 10, *(18,) * len(named), 9, 10, 8,
                            8, 10, 8, 8, 8, 9, 50),
                           title, f"{subtitle}；先进个人名额 {result.person_quota} 个；{MONTH_MARKS_NOTE}",
                           noun="人")
    for i, s in enumerate(result.people, start=head + 1):
        write_row(ws, i, [
            (s.rank, st.int), *([(f"共 {out_of[0]} 人", st.text)] if out_of else []),
            (s.id, st.text), (s.name, st.text), (s.window_id, st.text),
            *([(s.window_name, st.text)] if named else []), (s.score, st.person), (s.cases, st.int), (s.grade, st.grade(s.grade)),
            (s.rated_months, st.int), (s.award, st.above if s.award == Award.CHOSEN else st.text),
            *monthly_cells(s, st, st.person), (s.deductions, st.num), (s.note, st.text),
        ])
    ws.autofilter(head, 0, head + len(result.people), len(headers) - 1)

    headers = ("排名", *among, "窗口编号", "窗口名称", "季度得分", "季度办件数", "等级", "参评月数",
               "红旗窗口", *months, "说明")
    ws, head = table_sheet(wb, st, "窗口季度", headers,
                           (6, *(9,) * len(among), 10, 20, 9, 10, 8, 8, 10, 9, 9, 9, 40),
                           title, f"{subtitle}；红旗窗口名额 {result.window_quota} 个；{MONTH_MARKS_NOTE}",
                           noun="个窗口")
    first_month = headers.index(months[0])
    for i, s in enumerate(result.windows, start=head + 1):
        write_row(ws, i, [
            (s.rank, st.int), *([(f"共 {out_of[1]} 个", st.text)] if out_of else []),
            (s.id, st.text), (s.name, st.text), (s.score, st.window), (s.cases, st.int),
            (s.grade, st.grade(s.grade)), (s.rated_months, st.int),
            (s.award, st.above if s.award == Award.CHOSEN else st.text),
            *monthly_cells(s, st, st.window), (s.note, st.text),
        ])
    if 0 < len(result.windows) <= MAX_CHART_WINDOWS:
        chart = wb.add_chart({"type": "column"})
        last = head + len(result.windows)
        name_col = headers.index("窗口名称")
        for k, label in enumerate(months):
            chart.add_series({"name": label,
                              "categories": ["窗口季度", head + 1, name_col, last, name_col],
                              "values": ["窗口季度", head + 1, first_month + k, last,
                                         first_month + k]})
        chart.set_title({"name": "各窗口三个月得分", "name_font": {"size": 12}})
        chart.set_y_axis({"min": 60, "num_format": "0", "num_font": {"size": 11}})
        chart.set_x_axis({"num_font": {"size": 11}})
        chart.set_legend({"font": {"size": 11}, "position": "bottom"})
        place_chart(ws, chart, 380)

    ws, head = table_sheet(wb, st, "评选说明", ("对象", "编号", "名称", "季度得分", "评选结果", "说明"),
                           (8, 10, 18, 9, 10, 80), title, subtitle)
    row = head
    for subject, rows in ((Subject.PERSON, result.people), (Subject.WINDOW, result.windows)):
        for s in sorted(rows, key=lambda s: (_AWARD_ORDER.get(s.award, 2),
                                             s.rank or 10**9, s.id)):
            row += 1
            write_row(ws, row, [(subject, st.text), (s.id, st.text), (s.name, st.text),
                                (s.score, st.person if subject == Subject.PERSON else st.window),
                                (s.award, st.text), (s.why, st.wrap)])

    failures_sheet(wb, st, title, f"{subtitle}；{counting_note(result.settings)}", failures)
    states_sheet(wb, st, title, subtitle, result.states)
    wb.close()


def failures_sheet(wb, st: Styles, title: str, subtitle: str,  # type: ignore[no-untyped-def]
                   failures: Sequence[Failure]) -> None:
    ws, head = table_sheet(wb, st, "待处理", ("处理", "工号", "姓名", "窗口编号", "派出单位", "期间", "依据"),
                           (12, 10, 10, 10, 24, 10, 60), title, subtitle)
    for i, f in enumerate(failures, start=head + 1):
        write_row(ws, i, [(v, st.text) for v in (f.action, f.person_id, f.name, f.window_id,
                                                 f.unit, f.period, f.basis)])


def states_sheet(wb, st: Styles, title: str, subtitle: str,  # type: ignore[no-untyped-def]
                 states: dict[Month, State]) -> None:
    ws, head = table_sheet(wb, st, "月份状态", ("月份", "状态"), (12, 20), title, subtitle)
    for i, (month, state) in enumerate(sorted(states.items()), start=head + 1):
        write_row(ws, i, [(str(month), st.text), (state.label, st.text)])
