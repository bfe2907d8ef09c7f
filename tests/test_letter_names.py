"""The year letter's file name has one rule: `kaohe notices --year` writes each 派出单位's
letter under it and `kaohe mail --year` attaches the letter it finds under it. Two units whose
names make the same file name (on Windows) are refused, naming both, rather than numbered in
an order the mail cannot know."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from period_helpers import c, records

from kaohe_excel.core.periods import Month
from kaohe_excel.core.settings import Settings
from kaohe_excel.core.year import score_year
from kaohe_excel.errors import KaoheError
from kaohe_excel.mail.plan import letter_path
from kaohe_excel.notices.documents import year_plan

MONTHS = [Month(2026, m) for m in (10, 11, 12)]
DAY = dt.date(2027, 1, 8)


def _plan(units: dict[str, str]):  # type: ignore[no-untyped-def]
    people = {pid: [c("90", unit=unit)] * 3 for pid, unit in units.items()}
    result = score_year(2026, records(MONTHS, people), {m: "final" for m in MONTHS}, Settings())
    return year_plan(result, 3, {}, DAY)


def test_the_mail_looks_for_the_letter_under_the_name_the_notices_gave_it(tmp_path: Path):
    units = {"1": "市/局:甲?", "2": "CON", "3": "市民政局", "4": "X" * 120}
    plan = _plan(units)
    book = tmp_path / "考核工作簿.xlsx"
    letters = {d.context["unit"]: d.file for d in plan.documents[1:]}
    assert set(letters) == set(units.values())
    for unit, name in letters.items():
        assert letter_path(book, 2026, unit) == tmp_path.resolve() / "通报" / "2026" / name


@pytest.mark.parametrize("first,second", [("市/局:甲?", "市_局_甲_"), ("ABC市场监管局", "abc市场监管局")])
def test_units_that_make_the_same_file_name_are_named_not_numbered(first: str, second: str):
    with pytest.raises(KaoheError) as caught:
        _plan({"1": first, "2": second})
    message = str(caught.value)
    assert f"“{first}”" in message and f"“{second}”" in message
    assert "请在人员表中修改其中一个派出单位的名称" in message
