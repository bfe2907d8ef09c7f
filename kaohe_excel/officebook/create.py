"""A new office workbook (考核工作簿) for `kaohe init`: every sheet with its headers, drop-downs,
formats, the default rulebook and settings, and a 说明 sheet telling a clerk how to fill it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from xlsxwriter.workbook import Workbook

from ..core.derived import SOURCES
from ..core.kinds import KINDS
from ..core.periods import Month
from ..core.words import Post, Reach, Subject
from ..core.workdays import WorkCalendar
from ..files.xlsx import Styles, new_workbook, table_sheet, write_cell
from . import names as N
from .book_data import BookData, Row
from .default_rules import FIRST_RULE_ROW, RULE_ROWS
from .rules_sheet import CATEGORY_KIND, GROUP_KIND
from .settings_sheet import SETTING_SPECS, default_setting_rows

LAST = 1_048_575  # the last row index of a sheet: validations cover rows added later

GUIDE = [
    ("考核工作簿使用说明", ""),
    ("", "本工作簿由督查管理处维护，每月据此计算窗口及工作人员绩效考评结果。各表第一行为表头，"
         "请勿改动表头文字；可以在右侧增加自己的列，也可以增加工作表，计分时会保留。"),
    (N.PEOPLE, "每位窗口工作人员一行。工号唯一；窗口编号须是“窗口”表中已有的编号；岗位从下拉列表选择"
              "（工作人员 / 工作区长）；入驻、离开日期用于判断某月是否在岗。"),
    (N.WINDOWS, "每个窗口一行：窗口编号、窗口名称、派出单位、工作区长、邮箱（季度结果发往此邮箱）。"),
    (N.LEDGER, "日常考评台账，每发生一件事记一行：日期、对象（个人/窗口）、编号（工号或窗口编号）、"
              "规则编码（下拉选择，含义见“规则”表）、数量（次数/件数/天数，空白按 1，可填 0.5）。"
              "事项：同一事项不重复加分的依据，如同一篇报道在市级、省级媒体都有表扬，两行填同一事项名称。"
              "分值和说明：只有 X-01 / WX-01（其他特别情形）填写分值（加分为正，扣分为负），并须在说明中写明考评领导小组的决定。"),
    (N.ATTENDANCE, "每人每月一行。月份可写 2026-11、2026年11月 或 202611。批准请假天数为中心批准的各类请假合计；"
                  "事假/其他请假/病假（凭市级以上医院诊断书）无人顶替天数分别填写，病假无诊断书的按事假填；"
                  "单位指派工作和休干部假天数不计入 P3-11。办件数用于 B-15 和零办件提示。"
                  "月中入驻或离开的人员，法定工作日填其在岗期间的法定工作日。"
                  "请假扣分（P3-03、P3-04、P3-05、P3-11、P3-13）由本表自动计算，不在台账录入。"),
    (N.WINDOW_CASES, "可选。某窗口当月的办件数；不填时取该窗口人员办件数之和。用于 WB-06 / WB-07。"),
    (N.TRANSFERS, "人员在窗口之间调动时记一行：工号（不换工号）、调入窗口编号、生效日期。人员表的窗口编号是入驻时的窗口。"
                 "某月的成绩计入该月最后一个在岗日所在的窗口（窗口的人员平均分按当月在该窗口的人员计算）；"
                 "季度、年度按本人跨窗口计算，每人只列一行，并注明调动。"),
    (N.DECISIONS, "季度评选出现“并列待定”时，考评领导小组确定人选后记一行：期间（如 2026Q4）、对象（个人/窗口）、"
                 "编号、决定（入选/不入选）、依据（如 领导小组会议纪要）、决定日期。"
                 "只能为名额线上并列待定的人员或窗口登记，否则计算季度时指出该行。"),
    (N.HOLIDAYS, "可选。国家法定节假日和调休上班日由程序内置的日历提供（chinese-calendar）；"
                "日历尚未收入的年份或临时调整，在此登记：日期、类型（放假/上班）、说明。本表优先于内置日历。"
                "考勤表的法定工作日与日历不符时，结果的“提示”表列出，请核实。"),
    (N.RULES, "考评规则，即《窗口及工作人员绩效考评实施办法》的每一条。计分方式：按次（分值×数量）、"
             "阶梯（如 1:-2, 2:-5, 3:-10, 4：取消资格，按当月合计数量取一级）、取消资格、退回（派出单位）、"
             "特别情形（台账行自带分值）。取消资格数量：按次规则当月数量达到此数即取消资格。"
             "月上限：该规则当月合计分值的上限。分组：属于同一“分组”行的规则当月数量合计达到该行的取消资格数量即取消资格。"
             "不重复分组：同一人同一事项在该组内只按最高分计一次。数据来源：台账，或由考勤/窗口办件计算。"
             "“类别”行的分值为该类扣分上限（扣完为止），空白表示不封顶。修改后下次计分即生效。"),
    (N.SETTINGS, "计分设置。标有【解读】的项目是对《办法》中不明确之处的解读，督查管理处可按实际修改。"),
    (N.UNITS, "每个派出单位一行：派出单位（与“人员”“窗口”表中的写法一致）、邮箱（年度考评结果反馈函"
              "由 kaohe mail 发往此邮箱，多个地址用分号隔开）、联系人。"),
    ("计分", "在命令行运行 kaohe month 考核工作簿.xlsx --month 2026-11，或在 .xlsm 工作簿的“控制台”中点“计算月度考评”按钮；"
            "结果（公示稿）写在本工作簿旁边，本工作簿不会被修改。"),
]


def _validations(ws, header_row: int, headers: Sequence[str], specs: dict[str, dict]) -> None:
    for header, spec in specs.items():
        col = headers.index(header)
        ws.data_validation(header_row + 1, col, LAST, col, {
            "error_title": "输入有误", "error_type": "stop", **spec,
        })


def _rows(ws, st: Styles, start: int, rows: Sequence[Row], formats: Sequence) -> None:
    for r, values in enumerate(rows, start=start):
        for c, value in enumerate(values):
            write_cell(ws, r, c, value, formats[c] if c < len(formats) else st.text)


def _list(values: Sequence[str], message: str) -> dict:
    return {"validate": "list", "source": list(values), "error_message": message}


def _ref(sheet: str, first_row: int, last_row: int = 5000) -> dict:
    return {"validate": "list", "source": f"={sheet}!$A${first_row}:$A${last_row}"}


class ExtraSheets(Protocol):
    """Sheets an .xlsm adds around the data sheets (kaohe_excel.excel.console.XlsmParts)."""

    def first(self, wb: Workbook, st: Styles) -> None: ...

    def last(self, wb: Workbook, st: Styles) -> None: ...


def write_office_workbook(path: Path, data: BookData | None = None,
                          extra: ExtraSheets | None = None) -> None:
    """Create the office workbook at `path` (callers make it atomic), filled with `data`."""
    data = data or BookData()
    big = len(data.ledger) > 50_000
    wb = new_workbook(path, big=big)
    wb.set_properties({"title": "考核工作簿", "author": "kaohe_excel"})
    st = Styles(wb)
    if extra is not None:
        extra.first(wb, st)

    ws = wb.add_worksheet(N.GUIDE)
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 110)
    for r, (head, text) in enumerate(GUIDE):
        write_cell(ws, r, 0, head, st.title if r == 0 else st.plain)
        write_cell(ws, r, 1, text, st.plain_wrap)
    readings = [s for s in SETTING_SPECS if s.reading]
    first = len(GUIDE) + 1
    write_cell(ws, first, 0, "解读", st.plain)
    write_cell(ws, first, 1, "以下为对《办法》不明确之处的解读，均可在“设置”表中修改：", st.plain_wrap)
    for r, spec in enumerate(readings, start=first + 1):
        write_cell(ws, r, 1, f"{spec.label}: {spec.note}", st.plain_wrap)
    r = first + 1 + len(readings) + 1
    write_cell(ws, r, 0, "法定工作日", st.plain)
    for k, line in enumerate(_workday_lines(data), start=r):
        write_cell(ws, k, 1, line, st.plain_wrap)

    ws, h = table_sheet(wb, st, N.PEOPLE, N.PEOPLE_HEADERS, (10, 10, 10, 24, 10, 24, 12, 12))
    _rows(ws, st, h + 1, data.people, [st.text] * 6 + [st.date, st.date])
    _validations(ws, h, N.PEOPLE_HEADERS, {
        "岗位": _list((Post.STAFF, Post.HEAD), "岗位应为 工作人员 或 工作区长"),
        "窗口编号": {**_ref(N.WINDOWS, 2), "error_message": "请填写“窗口”表中已有的窗口编号"},
        "入驻日期": {"validate": "date", "criteria": ">=", "value": _date(2000, 1, 1),
                     "error_message": "请填写日期，如 2026-11-05"},
        "离开日期": {"validate": "date", "criteria": ">=", "value": _date(2000, 1, 1),
                     "error_message": "请填写日期，如 2026-11-05"},
    })

    ws, h = table_sheet(wb, st, N.WINDOWS, N.WINDOWS_HEADERS, (10, 22, 26, 10, 26))
    _rows(ws, st, h + 1, data.windows, [st.text] * 5)

    ws, h = table_sheet(wb, st, N.LEDGER, N.LEDGER_HEADERS, (12, 7, 10, 10, 6, 6, 20, 40, 8, 8))
    _rows(ws, st, h + 1, data.ledger, [st.date, st.text, st.text, st.text, st.num, st.num])
    _validations(ws, h, N.LEDGER_HEADERS, {
        "日期": {"validate": "date", "criteria": ">=", "value": _date(2000, 1, 1),
                 "error_message": "请填写日期，如 2026-11-05"},
        "对象": _list((Subject.PERSON, Subject.WINDOW), "对象应为 个人 或 窗口"),
        "规则编码": {**_ref(N.RULES, FIRST_RULE_ROW, 1000),
                     "error_message": "请从下拉列表选择“规则”表中的规则编码"},
        "数量": {"validate": "decimal", "criteria": ">=", "value": 0,
                 "error_message": "数量应为不小于 0 的数字，空白按 1"},
    })

    ws, h = table_sheet(wb, st, N.ATTENDANCE, N.ATTENDANCE_HEADERS,
                        (9, 10, 10, 9, 12, 14, 16, 14, 18, 8))
    _rows(ws, st, h + 1, data.attendance, [st.text, st.text] + [st.num] * 8)
    _validations(ws, h, N.ATTENDANCE_HEADERS, {
        header: {"validate": "decimal", "criteria": ">=", "value": 0,
                 "error_message": f"{header}应为不小于 0 的数字"}
        for header in N.ATTENDANCE_HEADERS[2:]
    })

    ws, h = table_sheet(wb, st, N.WINDOW_CASES, N.WINDOW_CASES_HEADERS, (9, 10, 10))
    _rows(ws, st, h + 1, data.window_cases, [st.text, st.text, st.num])

    ws, h = table_sheet(wb, st, N.TRANSFERS, N.TRANSFERS_HEADERS, (10, 12, 12, 40))
    _rows(ws, st, h + 1, data.transfers, [st.text, st.text, st.date, st.text])
    _validations(ws, h, N.TRANSFERS_HEADERS, {
        "调入窗口编号": {**_ref(N.WINDOWS, 2), "error_message": "请填写“窗口”表中已有的窗口编号"},
        "生效日期": {"validate": "date", "criteria": ">=", "value": _date(2000, 1, 1),
                     "error_message": "请填写日期，如 2026-08-03"},
    })

    ws, h = table_sheet(wb, st, N.DECISIONS, N.DECISIONS_HEADERS, (9, 7, 10, 8, 40, 12))
    _rows(ws, st, h + 1, data.decisions, [st.text] * 5 + [st.date])
    _validations(ws, h, N.DECISIONS_HEADERS, {
        "对象": _list((Subject.PERSON, Subject.WINDOW), "对象应为 个人 或 窗口"),
        "决定": _list((N.DECISION_CHOSEN, N.DECISION_NOT_CHOSEN), "决定应为 入选 或 不入选"),
        "决定日期": {"validate": "date", "criteria": ">=", "value": _date(2000, 1, 1),
                     "error_message": "请填写日期，如 2027-01-08"},
    })

    ws, h = table_sheet(wb, st, N.HOLIDAYS, N.HOLIDAYS_HEADERS, (12, 8, 40))
    _rows(ws, st, h + 1, data.holidays, [st.date, st.text, st.text])
    _validations(ws, h, N.HOLIDAYS_HEADERS, {
        "日期": {"validate": "date", "criteria": ">=", "value": _date(2000, 1, 1),
                 "error_message": "请填写日期，如 2027-02-06"},
        "类型": _list((N.DAY_OFF, N.DAY_ON), "类型应为 放假 或 上班"),
    })

    ws, h = table_sheet(wb, st, N.RULES, N.RULES_HEADERS,
                        (10, 6, 10, 60, 9, 6, 26, 12, 7, 10, 12, 18, 14, 12, 8, 16))
    _rows(ws, st, h + 1, RULE_ROWS, [st.text] * 3 + [st.wrap, st.text, st.num, st.text,
                                                     st.num, st.num])
    kinds = [k.label for k in KINDS.values()] + [CATEGORY_KIND, GROUP_KIND]
    _validations(ws, h, N.RULES_HEADERS, {
        "对象": _list((Subject.PERSON, Subject.WINDOW), "对象应为 个人 或 窗口"),
        "计分方式": _list(kinds, "请从下拉列表选择计分方式"),
        "数据来源": _list([N.SOURCE_LEDGER, *SOURCES], "请从下拉列表选择数据来源"),
        "取消资格范围": _list(list(Reach), "取消资格范围应为 当月、当季 或 全年"),
    })

    ws, h = table_sheet(wb, st, N.SETTINGS, N.SETTINGS_HEADERS, (24, 22, 90))
    rows = default_setting_rows()
    if data.center_name:
        rows = [(k, data.center_name if k == "中心名称" else v, n) for k, v, n in rows]
    rows = [(k, data.settings.get(k, v), n) for k, v, n in rows]
    _rows(ws, st, h + 1, rows, [st.text, st.text, st.wrap])
    # after the scoring sheets, so that they keep their places (台账 stays sheet4.xml, or
    # sheet5.xml behind a 控制台)
    ws, h = table_sheet(wb, st, N.UNITS, N.UNITS_HEADERS, (30, 30, 12))
    _rows(ws, st, h + 1, data.units, [st.text] * 3)
    if extra is not None:
        extra.last(wb, st)
    wb.close()


def _workday_lines(data: BookData) -> list[str]:
    """Each month's 法定工作日 for the 考勤 sheet: the book's year (its 考勤), else this year
    and the next."""
    years = sorted({int(str(row[0])[:4]) for row in data.attendance if row and row[0]}
                   or {dt.date.today().year, dt.date.today().year + 1})
    calendar = WorkCalendar({d: kind == N.DAY_ON for d, kind, *_ in
                             ((r[0], r[1]) for r in data.holidays) if isinstance(d, dt.date)})
    lines = []
    for year in years:
        counts = "、".join(f"{m}月 {len(calendar.workdays(Month(year, m)))} 天" for m in range(1, 13))
        known = "" if calendar.known(year) else (
            "（该年的节假日安排尚未收入内置日历，按周一至周五和元旦、劳动节、国庆节估算，"
            "请在“节假日”表补录）")
        lines.append(f"{year} 年各月法定工作日：{counts}{known}。考勤表按此填写；月中入驻或离开的，填在岗期间的天数。")
    return lines


def _date(y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, d)
