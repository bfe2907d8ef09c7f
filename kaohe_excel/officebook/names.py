"""Every Chinese name a user sees in a workbook, in one place.

Identifiers stay English; the strings here are the contract of docs/workbooks.md.
"""

from __future__ import annotations

# --- the office workbook (考核工作簿) -------------------------------------------------
GUIDE = "说明"
PEOPLE = "人员"
WINDOWS = "窗口"
LEDGER = "台账"
ATTENDANCE = "考勤"
WINDOW_CASES = "窗口办件"
RULES = "规则"
SETTINGS = "设置"

PEOPLE_HEADERS = ("工号", "姓名", "窗口编号", "派出单位", "岗位", "邮箱", "入驻日期", "离开日期")
PEOPLE_REQUIRED = ("工号", "姓名", "窗口编号")
WINDOWS_HEADERS = ("窗口编号", "窗口名称", "派出单位", "工作区长", "邮箱")
WINDOWS_REQUIRED = ("窗口编号", "窗口名称")
LEDGER_HEADERS = (
    "日期", "对象", "编号", "规则编码", "数量", "分值", "事项", "说明", "来源", "记录人",
)
LEDGER_REQUIRED = ("日期", "对象", "编号", "规则编码")
ATTENDANCE_HEADERS = (
    "月份", "工号", "法定工作日", "出勤天数", "批准请假天数", "事假无人顶替天数",
    "其他请假无人顶替天数", "病假无人顶替天数", "单位指派和休干部假天数", "办件数",
)
ATTENDANCE_REQUIRED = ATTENDANCE_HEADERS
WINDOW_CASES_HEADERS = ("月份", "窗口编号", "办件数")
RULES_HEADERS = (
    "规则编码", "对象", "类别", "内容", "计分方式", "分值", "阶梯", "取消资格数量",
    "月上限", "分组", "不重复分组", "数据来源", "附加处理", "取消资格范围",
)
RULES_REQUIRED = RULES_HEADERS[:-1]  # a book made before 取消资格范围 existed reads it as 当月
SETTINGS_HEADERS = ("项目", "值", "说明")

def sheet_of(source: str) -> str:
    """The sheet a core.results.Source names ("ledger" -> 台账)."""
    return {"ledger": LEDGER, "attendance": ATTENDANCE, "window_cases": WINDOW_CASES,
            "windows": WINDOWS}[source]


def row_text(source: str, row: int) -> str:
    """How a result names a row of the office workbook: 考勤 第12行 (or the sheet alone)."""
    return f"{sheet_of(source)} 第{row}行" if row else sheet_of(source)


# fixed values typed into cells (the domain's words are in core/words.py)
SOURCE_LEDGER = "台账"
SOURCE_SELFCHECK = "自查"  # 来源 of rows merged from a window's self-check
LEDGER_REF = "自查引用"  # the extra 台账 column: which file and row a merged row came from
