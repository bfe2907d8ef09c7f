"""The parts an .xlsm office workbook adds: the 控制台 sheet (first), the xlwings.conf sheet
(last) and the VBA project with one button per action. Written with xlsxwriter while the
office workbook is created; the adapter finds the cells through the addresses below."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

from xlsxwriter.workbook import Workbook

from ..core.periods import Month
from ..files.xlsx import Styles, write_cell
from .buttons import BUTTONS, qualified
from .project import embedded_kaohe_vba_version, embedded_xlwings_version, project_bin

CONSOLE = "控制台"
PROBLEMS = "问题"
CONF = "xlwings.conf"  # the name xlwings' VBA looks for (PROJECT_NAME & ".conf")

# cells of 控制台 (A1 notation, read and written by the adapter)
MONTH_CELL, QUARTER_CELL, YEAR_CELL = "B3", "B4", "B5"
KIND_CELL = "B6"  # which of the three 生成通报 and 发送邮件 are for: 月度 / 季度 / 年度
KINDS = ("月度", "季度", "年度")
LAST_ACTION, LAST_TIME, LAST_TOOK, LAST_SUMMARY = "B8", "B9", "B10", "B11"
FIRST_LINK_ROW, LINK_ROWS = 12, 8  # B12:B19 hold links to the files the last run wrote
LINK_COLUMN = "B"

INSTRUCTIONS = (
    "使用说明",
    "1. 第一次打开时，在黄色提示条上点“启用内容”；从邮件或网上得到的文件，先在文件属性里勾选“解除锁定”。",
    "2. 在上方选好月份、季度或年度，再点右侧按钮；按钮运行与命令行 kaohe 相同的程序。",
    "3. 结果工作簿写在本工作簿所在的文件夹，运行后自动在 Excel 中打开，上方“结果文件”可点击打开。",
    "4. 数据有错时不生成结果，错误逐条列在“问题”表，点链接跳到出错的单元格，改正后再点一次按钮。",
    "5. 按钮没有反应或提示找不到 Python 时，点“检查环境”，按提示的命令处理；WPS 用户请用旁边的 考评.cmd。",
)


VBA_KEY = "KAOHE_VBA"


def vba_stamp() -> str:
    return f"xlwings {embedded_xlwings_version()}; kaohe {embedded_kaohe_vba_version()}"


@dataclass(frozen=True)
class XlsmParts:
    """What `write_office_workbook` adds for an .xlsm: `first` before the data sheets,
    `last` after them."""

    month: Month
    interpreter: str = ""
    # xlwings.conf rows an upgraded book had besides ours (TEMP DIR …): kept as they were
    conf: tuple[tuple[str, str], ...] = ()

    def first(self, wb: Workbook, st: Styles) -> None:
        write_console(wb, st, self.month)

    def last(self, wb: Workbook, st: Styles) -> None:
        write_conf(wb, st, self.interpreter or windows_interpreter(), self.conf)
        wb.set_vba_name("ThisWorkbook")
        for i, ws in enumerate(wb.worksheets()):
            ws.set_vba_name(f"Sheet{i + 1}")
        wb.add_vba_project(io.BytesIO(project_bin(len(wb.worksheets()))), is_stream=True)


def windows_interpreter(executable: str | None = None) -> str:
    """The interpreter that runs kaohe now; pythonw.exe beside python.exe when there is one,
    so that no console window flashes at every click."""
    exe = Path(executable or sys.executable)
    windowless = exe.with_name("pythonw.exe")
    return str(windowless if exe.name.lower() == "python.exe" and windowless.exists() else exe)


def write_console(wb: Workbook, st: Styles, month: Month) -> None:
    ws = wb.add_worksheet(CONSOLE)
    ws.activate()
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 46)
    ws.set_column(2, 2, 3)
    ws.set_column(3, 4, 18)
    label = wb.add_format({"font_name": "等线", "font_size": 11, "bold": True})
    period = wb.add_format({"font_name": "等线", "font_size": 12, "bold": True,
                            "bg_color": "#FFF2CC", "border": 1, "num_format": "@"})
    write_cell(ws, 0, 0, "考核控制台", st.title)
    write_cell(ws, 1, 0, "选好期间，点右侧按钮。", st.subtitle)
    quarter = f"{month.year}Q{(month.month - 1) // 3 + 1}"
    for row, (name, value) in enumerate((("月份", str(month)), ("季度", quarter)), start=2):
        write_cell(ws, row, 0, name, label)
        ws.write_string(row, 1, value, period)
    write_cell(ws, 4, 0, "年度", label)
    ws.write_number(4, 1, month.year, wb.add_format({**_base(), "bold": True, "font_size": 12,
                                                    "bg_color": "#FFF2CC", "border": 1,
                                                    "align": "left"}))
    # the choices live in hidden columns: a literal list may not exceed 255 characters
    months = [str(Month(y, m)) for y in (month.year - 1, month.year, month.year + 1)
              for m in range(1, 13)]
    quarters = [f"{y}Q{q}" for y in (month.year - 1, month.year, month.year + 1)
                for q in range(1, 5)]
    for i, value in enumerate(months):
        ws.write_string(i, 11, value)
    for i, value in enumerate(quarters):
        ws.write_string(i, 12, value)
    ws.set_column(11, 12, None, None, {"hidden": True})
    ws.data_validation(MONTH_CELL, {"validate": "list", "source": f"=$L$1:$L${len(months)}",
                                    "error_title": "月份", "error_message": "请选择月份，如 2026-11"})
    ws.data_validation(QUARTER_CELL, {"validate": "list",
                                      "source": f"=$M$1:$M${len(quarters)}",
                                      "error_title": "季度", "error_message": "请选择季度，如 2026Q4"})
    ws.data_validation(YEAR_CELL, {"validate": "integer", "criteria": "between", "minimum": 2000,
                                   "maximum": 2100, "error_title": "年度",
                                   "error_message": "请填写四位年份，如 2026"})

    write_cell(ws, 5, 0, "通报和邮件", label)
    ws.write_string(5, 1, "季度", period)
    ws.data_validation(KIND_CELL, {"validate": "list", "source": list(KINDS),
                                   "input_title": "通报和邮件",
                                   "input_message": "“生成通报”“发送邮件”按哪个期间：月度、季度或年度",
                                   "error_title": "通报和邮件",
                                   "error_message": "请选择 月度、季度 或 年度"})
    write_cell(ws, 6, 0, "上次运行", st.title)
    for row, name in ((7, "操作"), (8, "时间"), (9, "用时"), (10, "结果")):
        write_cell(ws, row, 0, name, label)
    write_cell(ws, FIRST_LINK_ROW - 1, 0, "结果文件", label)
    write_cell(ws, 7, 1, "（还没有运行过）", st.plain)

    for i, button in enumerate(BUTTONS):
        ws.insert_button(2 + 2 * (i // 2), 3 + i % 2, {"macro": qualified(button), "caption": button.caption,
                                                       "width": 128, "height": 32,
                                                       "x_offset": 4, "y_offset": 2})
    first = FIRST_LINK_ROW + LINK_ROWS + 1
    wrap = wb.add_format({**_base(), "text_wrap": True, "valign": "top"})
    write_cell(ws, first, 0, INSTRUCTIONS[0], st.title)
    for i, line in enumerate(INSTRUCTIONS[1:], start=first + 1):
        ws.merge_range(i, 0, i, 4, line, wrap)
        ws.set_row(i, 30)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 1)


def _base() -> dict:
    return {"font_name": "等线", "font_size": 11}


def write_conf(wb: Workbook, st: Styles, interpreter: str,
               extra: tuple[tuple[str, str], ...] = ()) -> None:
    """xlwings' settings sheet: keys in column A from A1, values in column B (no header)."""
    ws = wb.add_worksheet(CONF)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 70)
    rows: tuple[tuple[str, str], ...] = (
        ("Interpreter_Win", interpreter),
        # the folder of the book must not be importable: a file there named like one of our
        # modules would shadow it
        ("ADD_WORKBOOK_TO_PYTHONPATH", "False"),
        ("Show Console", "False"),
        # not an xlwings key (its VBA ignores it): what 检查环境 compares with the package
        (VBA_KEY, vba_stamp()),
    )
    ours = {key.upper() for key, _ in rows}
    rows += tuple((k, v) for k, v in extra if k.upper() not in ours)
    for r, (key, value) in enumerate(rows):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, value)
    ws.hide()
