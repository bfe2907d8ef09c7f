"""Sheet names and headers of the result workbooks (公示稿, 审定稿), in one place."""

from __future__ import annotations

R_PEOPLE = "个人排名"
R_WINDOWS = "窗口排名"
R_DETAIL = "明细"
R_WARNINGS = "提示"
R_ACTIONS = "待处理"

R_PEOPLE_HEADERS = (
    "排名", "工号", "姓名", "窗口编号", "窗口名称", "得分", "办件数", "等级", "状态", "扣分", "加分",
    "说明",
)
R_WINDOWS_HEADERS = (
    "排名", "窗口编号", "窗口名称", "人员平均分", "窗口加减分", "得分", "办件数", "等级", "状态",
)
R_DETAIL_HEADERS = (
    "对象", "编号", "名称", "规则编码", "内容", "数量", "分值", "计分说明", "行号", "来源",
)
R_WARNINGS_HEADERS = ("类型", "位置", "内容")
R_ACTIONS_HEADERS = ("处理", "对象", "编号", "名称", "依据")
