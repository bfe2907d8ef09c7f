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
UNITS = "派出单位"  # the 派出单位 and where their year letters go

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
    "月上限", "分组", "不重复分组", "数据来源", "附加处理", "取消资格范围", "计量单位", "简称",
)
# a book made before these columns existed reads 取消资格范围 as 当月, the 计量单位 from the
# rule's text (core.rulebook.unit_in_text) and no 简称 (explanations name the code alone)
RULES_OPTIONAL = ("取消资格范围", "计量单位", "简称")
RULES_REQUIRED = tuple(h for h in RULES_HEADERS if h not in RULES_OPTIONAL)
SETTINGS_HEADERS = ("项目", "值", "说明")
UNITS_HEADERS = ("派出单位", "邮箱", "联系人")
UNITS_REQUIRED = ("派出单位", "邮箱")
# a move between windows keeps the 工号: the 人员 row gives the first window, each 调动 row a
# later one from its 生效日期 on (a month counts for the window of its last day in post)
TRANSFERS = "调动"
TRANSFERS_HEADERS = ("工号", "调入窗口编号", "生效日期", "说明")
TRANSFERS_REQUIRED = ("工号", "调入窗口编号", "生效日期")
# the 考评领导小组 settles a 并列待定 tie at a quarter's cut
DECISIONS = "评选决定"
DECISIONS_HEADERS = ("期间", "对象", "编号", "决定", "依据", "决定日期")
DECISIONS_REQUIRED = ("期间", "对象", "编号", "决定", "依据")
DECISION_CHOSEN, DECISION_NOT_CHOSEN = "入选", "不入选"
# the book's own calendar days: they override the calendar library (新的年份、临时调整)
HOLIDAYS = "节假日"
HOLIDAYS_HEADERS = ("日期", "类型", "说明")
HOLIDAYS_REQUIRED = ("日期", "类型")
DAY_OFF, DAY_ON = "放假", "上班"

def sheet_of(source: str) -> str:
    """The sheet a core.results.Source names ("ledger" -> 台账)."""
    return {"ledger": LEDGER, "attendance": ATTENDANCE, "window_cases": WINDOW_CASES,
            "windows": WINDOWS, "people": PEOPLE}[source]


def row_text(source: str, row: int) -> str:
    """How a result names a row of the office workbook: 考勤 第12行 (or the sheet alone)."""
    return f"{sheet_of(source)} 第{row}行" if row else sheet_of(source)


# fixed values typed into cells (the domain's words are in core/words.py)
SOURCE_LEDGER = "台账"
SOURCE_SELFCHECK = "自查"  # 来源 of rows merged from a window's self-check
LEDGER_REF = "自查引用"  # the extra 台账 column: which file and row a merged row came from
