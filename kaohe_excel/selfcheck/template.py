"""`kaohe selfcheck make`: one 月度考评自查表 per window, ready to fill and to print on A4.

The sheet 自查表 has a header block, 一、人员情况 (one row per person, with the 本月无扣加分
tick), 二、个人扣加分事项 and 三、窗口扣加分事项 (entry rows with drop-downs, a date check and the
rule text looked up beside the code), and 四、签字. Only the white cells are unlocked; the sheet
is protected. 规则一览 lists the codes a window may report; a very hidden sheet holds the
template's identity (metadata.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..core.periods import Month, date_text
from ..core.records import Person, Window
from ..core.rulebook import Rule
from ..errors import column_letter
from ..files.xlsx import FONT, new_workbook
from ..selfcheck import labels as L
from .metadata import TEMPLATE_VERSION, Identity, write_identity

# A..K, the item columns: narrow enough to print on A4 at full size (LibreOffice measures a
# width unit at about 7.2 pt, so 104 units fill the landscape page between 0.4" margins)
WIDTHS = (4, 13, 9, 7, 21, 5, 10, 15, 7, 6, 7)
LAST_COL = len(WIDTHS) - 1
MIN_PERSON_ROWS, ROWS_PER_PERSON, MAX_PERSON_ROWS = 15, 3, 300
WINDOW_ROWS = 6
STAFF_RANGE = "kaohe_staff"
PERSON_RULES = "kaohe_person_rules"
WINDOW_RULES = "kaohe_window_rules"

HOWTO = (
    "1. 一人一事一行：在“二、个人扣加分事项”中从下拉列表选择工号/姓名和规则编码，填写日期（本月内）、"
    "数量（次数、件数填整数；天数可填 0.5；空白按 1）、事项（同一件事的简称，如“王某感谢信”）和说明；规则内容自动显示。\n"
    "2. 本月没有任何扣分、加分事项的人员，在“一、人员情况”的“本月无扣加分”栏选 √。"
    "既没有填报、也没有选 √ 的人员视为弃权。\n"
    "3. 窗口的加分（WB）、扣分（WD）填在“三、窗口扣加分事项”。请假扣分和办件数加分由考勤自动计算，不必填报。\n"
    "4. 工作区长逐条复核：复核意见选 同意、不同意 或 修改；选修改的，在“复核后数量”填写核定的数量并写明复核说明。\n"
    "5. 行不够时可插入行。请勿改动表格结构和工作表名称。填好并签字后，于报送截止日前交督查管理处。"
)


@dataclass(frozen=True)
class TemplateData:
    center: str
    window: Window
    staff: Sequence[Person]
    month: Month
    deadline: dt.date
    person_rules: Sequence[Rule]
    window_rules: Sequence[Rule]
    password: str
    key: bytes  # the office's signing key (metadata.key_path)


class _Formats:
    def __init__(self, wb: Workbook):
        base = {"font_name": FONT, "font_size": 10.5, "valign": "vcenter"}
        locked = {**base, "border": 1, "border_color": "#8EA9C1", "bg_color": "#F2F2F2"}
        entry = {**base, "border": 1, "border_color": "#8EA9C1", "locked": False}
        self.title = wb.add_format({**base, "bold": True, "font_size": 16, "align": "center"})
        self.label = wb.add_format({**locked, "bold": True, "align": "center",
                                    "bg_color": "#DDEBF7"})
        self.value = wb.add_format({**locked, "bg_color": "#FFFFFF"})
        self.howto = wb.add_format({**locked, "bg_color": "#FFFFFF", "text_wrap": True,
                                    "valign": "top", "font_size": 10})
        self.section = wb.add_format({**base, "bold": True, "font_size": 12,
                                      "font_color": "#1F4E79", "bottom": 2,
                                      "bottom_color": "#1F4E79"})
        self.hint = wb.add_format({**base, "font_color": "#595959", "font_size": 10,
                                   "bottom": 2, "bottom_color": "#1F4E79"})
        self.header = wb.add_format({**locked, "bold": True, "align": "center",
                                     "text_wrap": True, "bg_color": "#DDEBF7"})
        self.review_header = wb.add_format({**locked, "bold": True, "align": "center",
                                            "text_wrap": True, "bg_color": "#FCE4D6"})
        self.seq = wb.add_format({**locked, "align": "center", "font_color": "#7F7F7F"})
        self.fixed = wb.add_format(locked)
        self.lookup = wb.add_format({**locked, "text_wrap": True, "font_size": 10,
                                     "font_color": "#404040"})
        self.count = wb.add_format({**locked, "align": "center"})
        self.entry = wb.add_format(entry)
        self.entry_center = wb.add_format({**entry, "align": "center"})
        self.entry_wrap = wb.add_format({**entry, "text_wrap": True})
        self.entry_date = wb.add_format({**entry, "num_format": "yyyy-mm-dd", "align": "center"})
        self.review = wb.add_format({**entry, "bg_color": "#FFF8F3"})
        self.review_center = wb.add_format({**entry, "bg_color": "#FFF8F3", "align": "center"})
        self.review_wrap = wb.add_format({**entry, "bg_color": "#FFF8F3", "text_wrap": True})
        self.sign_label = wb.add_format({**base, "bold": True, "align": "right"})
        self.sign = wb.add_format({**base, "bottom": 1, "locked": False})
        self.sign_date = wb.add_format({**base, "bottom": 1, "locked": False,
                                        "num_format": "yyyy-mm-dd", "align": "center"})
        self.footer = wb.add_format({**base, "font_size": 10, "font_color": "#7F7F7F",
                                     "text_wrap": True, "valign": "top"})
        self.plain = wb.add_format(base)
        self.rl_title = wb.add_format({**base, "bold": True, "font_size": 14})
        self.rl_text = wb.add_format({**base, "border": 1, "text_wrap": True})


def _warning(message: str) -> dict:
    # a warning, not a stop: a head may type 1001 or ２ and `collect` still reads it
    return {"error_type": "warning", "error_title": "请核对", "error_message": message}


def _cell(row: int, col: int, absolute: bool = False) -> str:
    if absolute:
        return f"${column_letter(col)}${row + 1}"
    return f"{column_letter(col)}{row + 1}"


class _Writer:
    def __init__(self, wb: Workbook, data: TemplateData):
        self.wb, self.data, self.f = wb, data, _Formats(wb)
        self.ws: Worksheet = wb.add_worksheet(L.FORM)
        self.row = 0

    # --- blocks -----------------------------------------------------------------------
    def header_block(self) -> None:
        ws, f, d = self.ws, self.f, self.data
        ws.merge_range(0, 0, 0, LAST_COL, f"{d.center} {d.month.label} {L.TITLE}", f.title)
        ws.set_row(0, 30)
        w = d.window
        pairs = [
            (L.H_CENTER, d.center, L.H_WINDOW, f"{w.name}（{w.id}）"),
            (L.H_MONTH, d.month.label, L.H_HEAD, w.head),
            (L.H_DEADLINE, date_text(d.deadline),
             L.H_UNIT, w.unit),
        ]
        for r, (l1, v1, l2, v2) in enumerate(pairs, start=2):
            ws.merge_range(r, 0, r, 1, l1, f.label)
            ws.merge_range(r, 2, r, 4, v1, f.value)
            ws.merge_range(r, 5, r, 6, l2, f.label)
            ws.merge_range(r, 7, r, LAST_COL, v2, f.value)
            ws.set_row(r, 20)
        r = 2 + len(pairs)
        ws.merge_range(r, 0, r, 1, L.H_HOWTO, f.label)
        ws.merge_range(r, 2, r, LAST_COL, HOWTO, f.howto)
        ws.set_row(r, 140)  # six numbered points, wrapped in the narrow print width
        self.row = r + 2

    def section(self, title: str, hint: str) -> None:
        ws = self.ws
        ws.write_string(self.row, 0, title, self.f.section)  # runs over the blank B and C
        ws.write_blank(self.row, 1, None, self.f.section)
        ws.write_blank(self.row, 2, None, self.f.section)
        ws.merge_range(self.row, 3, self.row, LAST_COL, hint, self.f.hint)
        ws.set_row(self.row, 22)
        self.row += 1

    def staff_block(self, item_first: int, item_last: int) -> tuple[int, int]:
        """一、人员情况; returns the first and last row (0-based) of the people."""
        ws, f = self.ws, self.f
        self.section(L.SEC_STAFF, "本月没有任何扣分、加分事项的人员，在“本月无扣加分”栏选 √")
        for c, h in enumerate(L.STAFF_HEADERS):
            ws.write_string(self.row, c, h, f.header)
        ws.set_row(self.row, 30)
        self.row += 1
        first = self.row
        staff = self.data.staff
        if not staff:
            ws.merge_range(self.row, 0, self.row, 4, "本窗口本月没有在岗人员", f.fixed)
            self.row += 2
            return first, first - 1
        who_col = column_letter(1)
        for i, p in enumerate(staff, start=1):
            r = self.row
            ws.write_number(r, 0, i, f.seq)
            ws.write_string(r, 1, f"{p.id} {p.name}", f.fixed)
            ws.write_string(r, 2, p.post, f.fixed)
            ws.write_blank(r, 3, None, f.entry_center)
            ws.write_formula(
                r, 4, f"=COUNTIF(${who_col}${item_first + 1}:${who_col}${item_last + 1},"
                      f"{_cell(r, 1)})", f.count, 0)
            ws.set_row(r, 20)
            self.row += 1
        last = self.row - 1
        ws.data_validation(first, 3, last, 3, {
            "validate": "list", "source": [L.TICK],
            "input_title": L.C_NOTHING, "input_message": "本月没有任何扣分、加分事项时选 √",
            **_warning("本月无扣加分时选 √，否则留空")})
        self.wb.define_name(STAFF_RANGE, f"='{L.FORM}'!{_cell(first, 1, True)}:{_cell(last, 1, True)}")
        self.row += 1
        return first, last

    def item_block(self, title: str, hint: str, headers: Sequence[str], rows: int,
                   rules_name: str, window_label: str | None) -> tuple[int, int]:
        ws, f, d = self.ws, self.f, self.data
        self.section(title, hint)
        for c, h in enumerate(headers):
            ws.write_string(self.row, c, h, f.review_header if c >= 8 else f.header)
        ws.set_row(self.row, 30)
        self.row += 1
        first, last = self.row, self.row + rows - 1
        code_col = column_letter(3)
        for i in range(rows):
            r = self.row
            ws.write_number(r, 0, i + 1, f.seq)
            if window_label is None:
                ws.write_blank(r, 1, None, f.entry)
            else:
                ws.write_string(r, 1, window_label, f.fixed)
            ws.write_blank(r, 2, None, f.entry_date)
            ws.write_blank(r, 3, None, f.entry_center)
            code = f"{code_col}{r + 1}"
            ws.write_formula(
                r, 4, f'=IF(TRIM({code})="","",IFERROR(VLOOKUP(UPPER(TRIM(ASC({code}))),'
                      f"'{L.RULE_LIST}'!$A:$C,3,FALSE),\"（规则编码有误）\"))", f.lookup, "")
            ws.write_blank(r, 5, None, f.entry_center)
            ws.write_blank(r, 6, None, f.entry_wrap)
            ws.write_blank(r, 7, None, f.entry_wrap)
            ws.write_blank(r, 8, None, f.review_center)
            ws.write_blank(r, 9, None, f.review_center)
            ws.write_blank(r, 10, None, f.review_wrap)
            ws.set_row(r, 26)
            self.row += 1
        if window_label is None and d.staff:
            ws.data_validation(first, 1, last, 1, {
                "validate": "list", "source": f"={STAFF_RANGE}",
                **_warning("请从下拉列表选择本窗口人员（工号 姓名）")})
        ws.data_validation(first, 2, last, 2, {
            "validate": "date", "criteria": "between",
            "minimum": d.month.first_day, "maximum": d.month.last_day,
            "input_title": L.C_DATE, "input_message": f"{d.month.label}内的日期，如 "
                                                      f"{d.month.first_day.isoformat()}",
            **_warning(f"日期应在 {d.month.label} 内")})
        ws.data_validation(first, 3, last, 3, {
            "validate": "list", "source": f"={rules_name}",
            **_warning("请从下拉列表选择规则编码（含义见“规则一览”）")})
        ws.data_validation(first, 5, last, 5, {
            "validate": "decimal", "criteria": ">", "value": 0,
            "input_title": L.C_QTY, "input_message": "次数、件数填整数；天数可填 0.5；空白按 1",
            **_warning("数量应为大于 0 的数字")})
        ws.data_validation(first, 8, last, 8, {
            "validate": "list", "source": list(L.REVIEWS),
            **_warning("复核意见应为 同意、不同意 或 修改")})
        ws.data_validation(first, 9, last, 9, {
            "validate": "decimal", "criteria": ">=", "value": 0,
            "input_title": L.C_NEW_QTY, "input_message": "复核意见为“修改”时填写核定的数量",
            **_warning("复核后数量应为不小于 0 的数字")})
        self.row += 1
        return first, last

    def sign_block(self) -> None:
        ws, f = self.ws, self.f
        self.section(L.SEC_SIGN, "工作区长复核后签字")
        r = self.row + 1
        ws.set_row(r, 28)
        ws.merge_range(r, 0, r, 1, L.S_FILLER + "：", f.sign_label)
        ws.merge_range(r, 2, r, 3, "", f.sign)
        ws.write_string(r, 4, L.S_REVIEWER + "：", f.sign_label)
        ws.merge_range(r, 5, r, 7, "", f.sign)
        ws.write_string(r, 8, L.S_DATE + "：", f.sign_label)
        ws.merge_range(r, 9, r, 10, "", f.sign_date)
        r += 2
        ws.merge_range(
            r, 0, r, LAST_COL,
            f"本表由考评系统生成（模板版本 {TEMPLATE_VERSION}，{self.data.window.name}"
            f" {self.data.month} 专用，请勿用于其他窗口或月份）。工作表已保护，只能在白色单元格中填写。",
            f.footer)
        ws.set_row(r, 26)
        self.row = r + 1

    def page_setup(self) -> None:
        ws = self.ws
        for c, width in enumerate(WIDTHS):
            ws.set_column(c, c, width)
        ws.set_paper(9)  # A4
        ws.set_landscape()
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.center_horizontally()
        ws.fit_to_pages(1, 0)
        ws.print_area(0, 0, self.row - 1, LAST_COL)
        ws.set_footer("&C第 &P 页，共 &N 页")
        ws.hide_gridlines(2)
        ws.protect(self.data.password, {
            "insert_rows": True, "format_columns": True, "format_rows": True,
        })
        ws.activate()


def _rule_sheet(wb: Workbook, f: _Formats, data: TemplateData) -> None:
    ws = wb.add_worksheet(L.RULE_LIST)
    ws.write_string(0, 0, f"可填报的规则编码（{data.month.label}）", f.rl_title)
    for c, (h, width) in enumerate(zip(L.RL_HEADERS, (8, 5, 62, 26), strict=True)):
        ws.write_string(1, c, h, f.header)
        ws.set_column(c, c, width)
    r = 2
    for name, rules in ((PERSON_RULES, data.person_rules), (WINDOW_RULES, data.window_rules)):
        first = r
        for rule in rules:
            ws.write_string(r, 0, rule.code, f.fixed)
            ws.write_string(r, 1, rule.subject, f.fixed)
            ws.write_string(r, 2, rule.text, f.rl_text)
            ws.write_string(r, 3, rule.kind.describe(rule), f.fixed)
            r += 1
        last = max(r - 1, first)
        wb.define_name(name, f"='{L.RULE_LIST}'!$A${first + 1}:$A${last + 1}")
    ws.freeze_panes(2, 0)
    ws.set_paper(9)
    ws.set_landscape()
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(1)
    ws.hide_gridlines(2)
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.protect(data.password, {"format_columns": True, "format_rows": True,
                               "autofilter": True})


def write_template(path: Path, data: TemplateData) -> None:
    """Write the self-check workbook of one window at `path`."""
    wb = new_workbook(path)
    wb.set_properties({"title": f"{data.window.name} {data.month.label} {L.TITLE}",
                       "subject": L.TITLE, "author": data.center, "comments": "kaohe_excel"})
    w = _Writer(wb, data)
    w.header_block()
    # the rows are laid out in order, but the people's counts refer to the item rows below,
    # so the positions are worked out first
    staff_rows = len(data.staff) or 1
    person_rows = min(MAX_PERSON_ROWS, max(MIN_PERSON_ROWS, ROWS_PER_PERSON * len(data.staff)))
    item_first = w.row + 2 + staff_rows + 1 + 2
    w.staff_block(item_first, item_first + person_rows - 1)
    assert w.row + 2 == item_first, (w.row, item_first)
    w.item_block(L.SEC_PERSON, "一人一事一行；工号/姓名、规则编码从下拉列表选择",
                 L.ITEM_HEADERS, person_rows, PERSON_RULES, None)
    w.item_block(L.SEC_WINDOW, "以窗口名义的加分（WB）、扣分（WD）事项",
                 L.WINDOW_ITEM_HEADERS, WINDOW_ROWS, WINDOW_RULES, data.window.name)
    w.sign_block()
    w.page_setup()
    _rule_sheet(wb, w.f, data)
    write_identity(wb, Identity(TEMPLATE_VERSION, data.window.id, data.window.name, data.month,
                                data.deadline), data.password, data.key)
    wb.close()
