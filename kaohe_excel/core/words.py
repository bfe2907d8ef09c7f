"""The domain's words as enums: subjects, posts, statuses, grades, follow-up actions and the
states of a month. Their values are the words the 办法 and the office write (they go into
workbooks as they are); sheet names and headers are not here (officebook/names.py,
reports/names.py)."""

from __future__ import annotations

from enum import StrEnum


class Subject(StrEnum):
    """Who a rule or a ledger row is about (the 对象 column)."""

    PERSON = "个人"
    WINDOW = "窗口"


class Post(StrEnum):
    STAFF = "工作人员"
    HEAD = "工作区长"


class Status(StrEnum):
    """A person's or a window's standing in a month."""

    RATED = "参评"
    DISQUALIFIED = "取消资格"
    RETURNED = "退回派出单位"
    NO_STAFF = "无参评人员"  # a window none of whose staff was rated


class Grade(StrEnum):
    ABOVE = "超标"
    MET = "达标"
    BELOW = "未达标"


class FollowUp(StrEnum):
    """What the notices act on."""

    CRITICISM = "通报批评"
    RETURN = "退回派出单位"


class State(StrEnum):
    """A month as the quarter and the year see it."""

    FINAL = "final"  # 审定: archived, read from the archive
    DRAFT = "draft"  # 公示稿: scored from the book now
    MISSING = "missing"  # no 考勤 at all

    @property
    def label(self) -> str:
        return {"final": "审定", "draft": "公示稿（未审定）", "missing": "无数据"}[self.value]


DQ_MARK = "取消资格"  # a ladder step that disqualifies, as the 阶梯 column writes it


class Award(StrEnum):
    """A quarter's outcome for a candidate (the 先进/红旗 column)."""

    CHOSEN = "是"
    TIED = "并列待定"  # at the cut after every tie-break: the 考评领导小组 decides


class Reach(StrEnum):
    """How far a rule's 取消资格 reaches (the 规则 sheet's 取消资格范围): the month only, or
    also the quarter's or the year's awards; a count such as P2-07's 两次 is counted over it."""

    MONTH = "当月"
    QUARTER = "当季"
    YEAR = "全年"

    def covers(self, other: Reach) -> bool:
        """Whether this reach is at least as wide as `other` (全年 covers 当季)."""
        order = list(Reach)
        return order.index(self) >= order.index(other)

    @property
    def period(self) -> str:
        """The period it names in sentences: 本月, 本季度, 本年度."""
        return {"当月": "本月", "当季": "本季度", "全年": "本年度"}[self.value]


NO_UNIT = "（未填派出单位）"  # the 派出单位 of staff whose 人员 row leaves it blank
