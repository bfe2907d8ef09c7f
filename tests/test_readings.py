"""The readings of rules.md that no other test changes: each setting, flipped, changes the
result the way its 设置 note says. Expected values by hand from rules.md."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D
from fractions import Fraction

import pytest
from core_helpers import lines_of, person_of, run, window_of

from kaohe_excel.core.settings import Settings
from kaohe_excel.core.words import Status
from kaohe_excel.officebook.settings_sheet import default_setting_rows, settings_from_values


def test_window_cases_fall_back_to_staff_only_when_the_setting_says_so():
    # two people with 150 cases each: 300 window cases -> WB-06 +0.5 (200-399)
    on = run(["A", "B"], attendance_of={"A": {"cases": 150}, "B": {"cases": 150}})
    assert [line.points for line in lines_of(on, "W1", "WB-06")] == [D("0.5")]
    assert window_of(on, "W1").score == D("100.50")
    off = run(["A", "B"], settings=replace(Settings(), window_cases_from_staff=False),
              attendance_of={"A": {"cases": 150}, "B": {"cases": 150}})
    assert lines_of(off, "W1", "WB-06") == []
    assert window_of(off, "W1").score == D("100.00")


def test_the_window_case_sheet_wins_over_the_staff_sum_either_way():
    for flag in (True, False):
        result = run(["A"], settings=replace(Settings(), window_cases_from_staff=flag),
                     attendance_of={"A": {"cases": 10}}, window_cases={"W1": 420})
        assert [line.points for line in lines_of(result, "W1", "WB-07")] == [D(1)]


@pytest.mark.parametrize(("ratio", "present", "dq"), [
    # 21 working days, 2/3 -> 14 needed: 13.5 is short, 14 is not
    (Fraction(2, 3), "13.5", True),
    (Fraction(2, 3), "14", False),
    # an office that reads the clause as one half: 10.5 needed
    (Fraction(1, 2), "10", True),
    (Fraction(1, 2), "10.5", False),
])
def test_attendance_ratio_setting(ratio, present, dq):
    settings = replace(Settings(), attendance_ratio=ratio)
    result = run(["A"], settings=settings, attendance_of={"A": {"present": present}})
    assert (person_of(result, "A").status == Status.DISQUALIFIED) is dq
    assert bool(lines_of(result, "A", "P3-13")) is dq


@pytest.mark.parametrize(("typed", "expected"), [
    ("2/3", Fraction(2, 3)), ("1/2", Fraction(1, 2)), ("50%", Fraction(1, 2)),
    ("0.6", Fraction(3, 5)),
])
def test_ratios_typed_in_the_settings_sheet_are_exact(typed, expected):
    settings, errors = settings_from_values({"出勤不足工作日比例": typed})
    assert errors == {}
    assert settings.attendance_ratio == expected


def test_every_reading_is_marked_in_the_settings_sheet_that_init_writes():
    notes = {label: note for label, _, note in default_setting_rows()}
    readings = [label for label, note in notes.items() if note.startswith("【解读】")]
    assert readings == [
        "类别扣完为止", "窗口基础分只计参评人员", "窗口办件数缺省为人员合计", "工作区长参加个人考评",
        "事假不足起扣天数按天扣分", "请假超过工作日比例", "出勤不足工作日比例", "出勤计入批准请假",
        "并列处理", "季度评选须三个月均参评", "季度评选排除取消资格月份", "季度评选排除未达标月份",
        "年度评选最少季度数", "推荐优秀公务员最少季度数", "未达标计数周期", "取消资格月计入未达标",
        "自查与台账同日同规则为同一事项",
    ]


def test_a_bad_reading_value_is_reported_with_its_label():
    _, errors = settings_from_values({"并列处理": "办件数，资历", "未达标计数周期": "学年",
                                      "类别扣完为止": "也许"})
    assert errors == {
        "并列处理": "未知的并列比较项 资历，可用：办件数、扣分",
        "未达标计数周期": "应为 自然年 或 累计，而不是 '学年'",
        "类别扣完为止": "应填 是 或 否，而不是 '也许'",
    }
