"""The domain's words: subjects, posts, statuses, grades and follow-up actions as the 办法 and
the office write them. Sheet names and headers are not here (officebook/names.py,
reports/names.py)."""

from __future__ import annotations

SUBJECT_PERSON = "个人"
SUBJECT_WINDOW = "窗口"
POST_STAFF = "工作人员"
POST_HEAD = "工作区长"
DQ_MARK = "取消资格"
RATED = "参评"
DISQUALIFIED = "取消资格"
RETURNED = "退回派出单位"
NO_STAFF = "无参评人员"
GRADE_ABOVE = "超标"
GRADE_MET = "达标"
GRADE_BELOW = "未达标"
ACTION_CRITICISM = "通报批评"
ACTION_RETURN = "退回派出单位"
