"""Every Chinese name of the self-check workbooks and the reconciliation workbook, in one place.

The section titles and headers are how `collect` finds its way in a returned file, so a change
here is a new template version (metadata.TEMPLATE_VERSION).
"""

from __future__ import annotations

from ..officebook import names as N

# --- the self-check workbook (月度考评自查表) ------------------------------------------
FORM = "自查表"  # the sheet a window head fills
RULE_LIST = "规则一览"  # the codes a window may report, for the drop-downs and the lookup
META = "kaohe"  # the very hidden, protected sheet of metadata

TITLE = "月度考评自查表"
FILE_SUFFIX = "自查表"  # 市场监管窗口_2026-11_自查表.xlsx
FOLDER = "自查表"  # 自查表/2026-11/ beside the office workbook

# the header block: (label, label, …) in the order shown
H_CENTER = "中心"
H_WINDOW = "窗口"
H_MONTH = "月份"
H_HEAD = "工作区长"
H_UNIT = "派出单位"
H_DEADLINE = "报送截止"
H_HOWTO = "填写说明"

SEC_STAFF = "一、人员情况"
SEC_PERSON = "二、个人扣加分事项"
SEC_WINDOW = "三、窗口扣加分事项"
SEC_SIGN = "四、签字"
SECTIONS = (SEC_STAFF, SEC_PERSON, SEC_WINDOW, SEC_SIGN)

# section 一: one row per person
C_SEQ = "序号"
C_WHO = "工号/姓名"
C_POST = "岗位"
C_NOTHING = "本月无扣加分"
C_COUNT = "已填报条数"
STAFF_HEADERS = (C_SEQ, C_WHO, C_POST, C_NOTHING, C_COUNT)

# sections 二 and 三: one row per item; the same columns in both (B names the window in 三)
C_WINDOW = "窗口"
C_DATE = "日期"
C_CODE = "规则编码"
C_TEXT = "规则内容"
C_QTY = "数量"
C_EVENT = "事项"
C_NOTE = "说明"
C_REVIEW = "复核意见"
C_NEW_QTY = "复核后数量"
C_REVIEW_NOTE = "复核说明"
ITEM_HEADERS = (C_SEQ, C_WHO, C_DATE, C_CODE, C_TEXT, C_QTY, C_EVENT, C_NOTE, C_REVIEW,
                C_NEW_QTY, C_REVIEW_NOTE)
WINDOW_ITEM_HEADERS = (C_SEQ, C_WINDOW, *ITEM_HEADERS[2:])

# section 四
S_FILLER = "填报人"
S_REVIEWER = "复核人（工作区长）"
S_DATE = "日期"

AGREE = "同意"
DISAGREE = "不同意"
CHANGE = "修改"
REVIEWS = (AGREE, DISAGREE, CHANGE)
TICK = "√"
TICKS = frozenset({"√", "✓", "✔", "☑", "是", "V", "v", "Y", "y", "1"})

# 规则一览
RL_HEADERS = ("规则编码", "对象", "内容", "计分")

# metadata keys (the hidden sheet holds label / value rows)
M_VERSION = "模板版本"
M_WINDOW = "窗口编号"
M_WINDOW_NAME = "窗口名称"
M_MONTH = "月份"
M_DEADLINE = "报送截止"
M_MADE = "生成时间"
M_DIGEST = "校验码"
KEY_SUFFIX = "_自查表签名密钥.key"  # beside the office workbook: 考核工作簿_自查表签名密钥.key

# --- the office workbook's 台账 -------------------------------------------------------
SOURCE = N.SOURCE_SELFCHECK  # 来源 of merged rows
REF = N.LEDGER_REF  # the extra 台账 column: which file and row a merged row came from

# --- the reconciliation workbook (自查核对) -------------------------------------------
R_STATUS = "报送情况"
R_UNREPORTED = "自查未报"
R_REVIEWED = "复核改动"
R_ABSTAIN = "弃权"
R_ITEMS = "自查条目"
R_PROBLEMS = "问题"

R_STATUS_HEADERS = ("窗口编号", "窗口名称", "工作区长", "报送", "状态", "文件", "个人条目", "窗口条目",
                    "同意", "不同意", "修改", "并入台账", "弃权人数", "说明")
R_UNREPORTED_HEADERS = ("类型", "窗口编号", "窗口名称", "对象", "编号", "姓名", "日期",
                        "规则编码", "内容", "台账数量", "自查数量", "台账行")
R_REVIEWED_HEADERS = ("窗口编号", "窗口名称", "位置", "对象", "编号", "姓名", "日期", "规则编码",
                      "填报数量", "复核意见", "复核后数量", "复核说明", "说明")
R_ABSTAIN_HEADERS = ("窗口编号", "窗口名称", "工号", "姓名", "原因")
R_ITEMS_HEADERS = ("窗口编号", "位置", "对象", "编号", "姓名", "日期", "规则编码", "内容",
                   "数量", "复核意见", "并入数量", "处理", "台账行")
R_PROBLEMS_HEADERS = ("文件", "位置", "问题")

# submission statuses
ST_MERGED = "已并入"
ST_UNCHANGED = "已并入（无变化）"
ST_ERRORS = "有错误，未并入"
ST_REJECTED = "文件被拒"
ST_MISSING = "未交"
ST_DUPLICATE = "多个文件，未并入"

# where a window stands, whatever the status: its form is in (merged), not back yet, or back
# with a problem (any: refused file, other month, old template, signature, rows, two files)
IN = "已交"
OUT = "未交"
TROUBLE = "有问题"
STANDINGS = (IN, OUT, TROUBLE)

# why someone is listed as 弃权: only a form that is in says who stayed silent
A_SILENT = f"未填报事项，也未选{C_NOTHING}"

# kinds of an office item the self-check did not report
U_DEDUCTION = "扣分未报（可能瞒报）"
U_SHORT = "扣分少报（可能瞒报）"
U_BONUS = "加分未报"
