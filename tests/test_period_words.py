"""How a failure's period is worded and where it ends (core.periods), the one rule the 退回
提示, the year's 说明 and the notices share."""

from __future__ import annotations

import pytest

from kaohe_excel.core.periods import Month, period_end, period_label


@pytest.mark.parametrize(("period", "label", "end"), [
    ("2026Q3", "2026年第三季度", Month(2026, 9)),
    ("2026Q1", "2026年第一季度", Month(2026, 3)),
    ("2026-08", "2026年8月", Month(2026, 8)),
    ("2027-01", "2027年1月", Month(2027, 1)),
])
def test_a_period_is_worded_and_ends(period, label, end):
    assert period_label(period) == label
    assert period_end(period) == end
