"""The monthly result workbook (公示稿): 个人排名, 窗口排名, 明细, 提示, 待处理, 考评设置."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from ..core.failures import Failure, counting_note
from ..core.numbers import round_half_up, signed
from ..core.results import LINE_CATEGORY, DetailLine, MonthResult, PersonResult, WindowResult
from ..core.words import Status, Subject
from ..files.xlsx import (
    Styles,
    new_workbook,
    period_properties,
    place_chart,
    rows_written,
    table_sheet,
    write_row,
)
from ..officebook import names as N
from ..officebook.settings_sheet import SECRET_SHOWN, SETTING_SPECS
from . import names as R

# rows above which sheets are streamed to disk; below it, xlsxwriter keeps the cells in memory,
# which writes faster (benchmarks: 31 s -> 26 s for a province) at a peak under 1 GB
BIG = 1_000_000


def _summary(lines: list[DetailLine]) -> str:
    """"P1-03 着装不规范 −2；B-06 群众书面表扬 +0.2；纪律作风类扣分已达上限 10 分"."""
    return "；".join(
        line.short if line.kind == LINE_CATEGORY and line.short else
        " ".join(filter(None, (line.code, line.short, signed(line.points))))
        for line in lines if line.points or line.kind == LINE_CATEGORY
    )


def title_of(result: MonthResult, final: bool = False) -> str:
    state = "（审定稿）" if final else "（公示稿）"
    return f"{result.settings.center_name}{result.month.label}窗口及工作人员绩效考评结果{state}"


def _people_order(p: PersonResult) -> tuple:
    return (0 if p.rated else 1, p.rank or 0, p.status, p.person.window_id, p.person.id)


def _window_order(w: WindowResult) -> tuple:
    return (0 if w.rated else 1, w.rank or 0, w.status, w.window.id)


def write_month_workbook(path: Path, result: MonthResult,
                         failures: Sequence[Failure] | None = None, final: bool = False) -> None:
    """Write `result` as a formatted, print-ready workbook at `path`.

    `failures` are this month's entries of the failure tracking (they include the month's
    own 通报批评 and 退回 actions); without them the month's own actions are listed."""
    big = len(result.details) + len(result.people) > BIG
    wb = new_workbook(path, big=big)
    title = title_of(result, final)
    wb.set_properties(period_properties(title, result.month.last_day, f"{result.month} 月度考评"))
    st = Styles(wb, result.settings.person_decimals, result.settings.window_decimals)
    by_subject: dict[tuple[str, str], list[DetailLine]] = defaultdict(list)
    for line in result.details:
        by_subject[(line.subject, line.subject_id)].append(line)
    rated_people = sum(1 for p in result.people if p.rated)
    rated_windows = sum(1 for w in result.windows if w.rated)
    subtitle = (f"参评人员 {rated_people} 人（共 {len(result.people)} 人），"
                f"参评窗口 {rated_windows} 个（共 {len(result.windows)} 个）。"
                "得分、等级、排名仅对参评者给出。")
    _people_sheet(wb, st, title, result, by_subject, subtitle)
    _windows_sheet(wb, st, title, result, by_subject, subtitle)
    _detail_sheet(wb, st, title, result)
    _notices_sheet(wb, st, title, result)
    _actions_sheet(wb, st, title, result, failures)
    _settings_sheet(wb, st, title, result)
    wb.close()


def _people_sheet(wb, st: Styles, title: str, result: MonthResult, by_subject, subtitle: str) -> None:
    headers = R.R_PEOPLE_HEADERS
    widths = (6, 10, 10, 10, 18, 8, 8, 8, 12, 8, 8, 60)
    ws, head = table_sheet(wb, st, R.R_PEOPLE, headers, widths, title, subtitle)
    row = head
    for p in sorted(result.people, key=_people_order):
        row += 1
        lines = by_subject.get((Subject.PERSON, p.person.id), [])
        note = "；".join(p.reasons) if not p.rated else _summary(lines)
        rated = p.rated
        write_row(ws, row, (
            (p.rank, st.int), (p.person.id, st.text), (p.person.name, st.text),
            (p.person.window_id, st.text), (p.window_name, st.text),
            (p.outcome.score if rated else None, st.person), (p.cases, st.int),
            (p.grade, st.grade(p.grade)), (p.status, st.text if rated else st.flag),
            (p.outcome.deductions, st.num), (p.outcome.bonuses, st.num), (note, st.text),
        ))
    ws.autofilter(head, 0, max(row, head), len(headers) - 1)


def _windows_sheet(wb, st: Styles, title: str, result: MonthResult, by_subject, subtitle: str) -> None:
    headers = (*R.R_WINDOWS_HEADERS, "参评人数", "说明")
    widths = (6, 10, 20, 10, 10, 8, 8, 8, 12, 8, 50)
    ws, head = table_sheet(wb, st, R.R_WINDOWS, headers, widths, title, subtitle)
    places = result.settings.window_decimals
    row = head
    ordered = sorted(result.windows, key=_window_order)
    for w in ordered:
        row += 1
        lines = by_subject.get((Subject.WINDOW, w.window.id), [])
        note = "；".join(w.outcome.disqualified) if w.status == Status.DISQUALIFIED and w.outcome \
            else _summary(lines)
        mean = round_half_up(w.staff_mean, places) if w.staff_mean is not None else None
        write_row(ws, row, (
            (w.rank, st.int), (w.window.id, st.text), (w.window.name, st.text),
            (mean, st.window), (w.adjustments, st.num), (w.score if w.rated else None, st.window),
            (w.cases, st.int), (w.grade, st.grade(w.grade)),
            (w.status, st.text if w.rated else st.flag), (w.staff_counted, st.int), (note, st.text),
        ))
    rated = sum(1 for w in ordered if w.rated)
    if rated:
        chart = wb.add_chart({"type": "bar"})
        chart.add_series({
            "name": "窗口得分",
            "categories": [R.R_WINDOWS, head + 1, 2, head + rated, 2],
            "values": [R.R_WINDOWS, head + 1, 5, head + rated, 5],
            "data_labels": {"value": True, "num_format": "0." + "0" * places if places else "0",
                            "font": {"size": 11}},
            "fill": {"color": "#2F75B5"},
        })
        chart.set_title({"name": f"{result.month.label}窗口得分", "name_font": {"size": 12}})
        chart.set_legend({"none": True})
        chart.set_y_axis({"reverse": True, "num_font": {"size": 11}})
        low = min(w.score for w in ordered if w.rated and w.score is not None)
        chart.set_x_axis({"min": float(max(Decimal(0), (low // 10) * 10 - 10)),
                          "num_format": "0", "num_font": {"size": 11}})
        place_chart(ws, chart, max(320, 22 * rated + 80))
    ws.autofilter(head, 0, max(row, head), len(headers) - 1)


def _detail_sheet(wb, st: Styles, title: str, result: MonthResult) -> None:
    headers = R.R_DETAIL_HEADERS
    widths = (6, 10, 14, 9, 40, 7, 7, 50, 16, 12)
    ws, head = table_sheet(wb, st, R.R_DETAIL, headers, widths, title,
                           "每一条计分及其依据；行号为考核工作簿中“来源”表的行号")
    # Streamed (over a million rows) it is written plainly: no cell formats (the header keeps
    # its style), typed writes, blank cells left out, no measuring, no wrapping.
    text, number = ws.write_string, ws.write_number
    plain = ws.constant_memory
    row = head
    for line in result.details:
        row += 1
        rows = ",".join(map(str, line.rows)) if line.rows else None
        source = N.sheet_of(line.source) if line.source else None
        if not plain:
            write_row(ws, row, ((line.subject, st.text), (line.subject_id, st.text),
                                (line.name, st.text), (line.code, st.text), (line.text, st.text),
                                (line.quantity, st.general), (line.points, st.num),
                                (line.why, st.text), (rows, st.text), (source, st.text)))
            continue
        text(row, 0, line.subject)
        text(row, 1, line.subject_id)
        text(row, 2, line.name)
        text(row, 3, line.code)
        text(row, 4, line.text)
        if line.quantity is not None:
            number(row, 5, line.quantity)
        number(row, 6, line.points)
        text(row, 7, line.why)
        if rows:
            text(row, 8, rows)
        if source:
            text(row, 9, source)
    rows_written(ws, row)
    ws.autofilter(head, 0, max(row, head), len(headers) - 1)


def _notices_sheet(wb, st: Styles, title: str, result: MonthResult) -> None:
    ws, head = table_sheet(wb, st, R.R_WARNINGS, R.R_WARNINGS_HEADERS, (14, 20, 80),
                           title, "请督查管理处核实以下情况")
    for i, n in enumerate(result.notices, start=head + 1):
        where = N.row_text(n.where.source, n.where.row)
        write_row(ws, i, [(value, st.text) for value in (n.kind, where, n.message)])


def _actions_sheet(wb, st: Styles, title: str, result: MonthResult,
                   failures: Sequence[Failure] | None) -> None:
    ws, head = table_sheet(wb, st, R.R_ACTIONS, R.R_ACTIONS_HEADERS, (14, 8, 10, 14, 60),
                           title,
                           "依规则须另行处理的人员（通报批评、退回派出单位、累计未达标）；"
                           + counting_note(result.settings))
    rows = ([(f.action, Subject.PERSON, f.person_id, f.name, f.basis) for f in failures]
            if failures is not None else
            [(a.action, a.subject, a.subject_id, a.name, a.basis) for a in result.actions])
    for i, values in enumerate(rows, start=head + 1):
        write_row(ws, i, [(value, st.text) for value in values])


def _settings_sheet(wb, st: Styles, title: str, result: MonthResult) -> None:
    ws, head = table_sheet(wb, st, "考评设置", ("项目", "值", "说明"), (22, 16, 70),
                           title, "本次计分所用的设置（来自考核工作簿“设置”表）")
    for i, spec in enumerate(SETTING_SPECS, start=head + 1):
        shown = (SECRET_SHOWN if spec.secret
                 else spec.show(getattr(result.settings, spec.attr)))
        note = ("【解读】" if spec.reading else "") + spec.note
        write_row(ws, i, [(value, st.text) for value in (spec.label, shown, note)])
