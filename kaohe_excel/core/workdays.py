"""Working days (法定工作日) as China's State Council sets them each year: public holidays off,
调休 weekend days on. The `chinese-calendar` package carries the published years (2004 to
2026 in version 1.11); the book's 节假日 sheet overrides it day by day, and is how the office
adds a year the package does not know yet. For such a year without 节假日 rows the calendar
falls back to Monday to Friday and says so (`known`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import chinese_calendar

from .periods import Month
from .records import MonthInputs
from .results import Notice, Source, Where

# holidays on fixed dates (全国年节及纪念日放假办法): 元旦, 劳动节, 国庆节. A year the package does
# not carry yet still has these off; 春节, 清明, 端午, 中秋 and the 调休 need the 节假日 sheet.
FIXED_HOLIDAYS = ((1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3))


@lru_cache(maxsize=4096)
def _library_workday(day: dt.date) -> bool | None:
    """The package's answer, None for a year it does not carry (asked once per day: the
    package's lookup costs ~30 µs, and a province asks for every person's month)."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


@dataclass(frozen=True, eq=False)
class WorkCalendar:
    """Which days are working days: the calendar package's, under the 节假日 sheet."""

    # the 节假日 sheet: day -> True (上班, e.g. a 调休 Saturday) or False (放假)
    overrides: Mapping[dt.date, bool] = field(default_factory=dict)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        found = _library_workday(day)
        if found is None:
            return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS
        return found

    def known(self, year: int) -> bool:
        """Whether `year`'s holidays come from the package or the 节假日 sheet (not a guess)."""
        return (_library_workday(dt.date(year, 1, 1)) is not None
                or any(d.year == year for d in self.overrides))

    def workdays(self, month: Month, start: dt.date | None = None,
                 end: dt.date | None = None) -> list[dt.date]:
        """The month's working days (from `start` on, up to `end`)."""
        first = max(month.first_day, start) if start else month.first_day
        last = min(month.last_day, end) if end else month.last_day
        days = (first + dt.timedelta(days=k) for k in range((last - first).days + 1))
        return [d for d in days if self.is_workday(d)]

    def nth_workday_after(self, month: Month, n: int) -> dt.date:
        """The n-th working day after `month` (the self-check deadline: n = 3)."""
        day, found = month.last_day, 0
        while found < n:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                found += 1
        return day


def attendance_notices(inputs: MonthInputs, calendar: WorkCalendar) -> list[Notice]:
    """A 提示 for every 考勤 row whose 法定工作日 is neither the month's working days nor the
    working days the person was in post (a joiner or a leaver has fewer)."""
    month = inputs.month
    days = calendar.workdays(month)  # worked out once; each person counts within them
    full = len(days)
    guessed = "" if calendar.known(month.year) else (
        f"（{month.year} 年的节假日安排尚未收入日历，按周一至周五和固定日期节日估算，"
        "请在“节假日”表补录放假和调休上班的日期）")
    out = []
    for person in inputs.people:
        att = inputs.attendance.get(person.id)
        if att is None:
            continue
        start, end = person.joined or month.first_day, person.left or month.last_day
        in_post = full if start <= month.first_day and end >= month.last_day else \
            sum(1 for d in days if start <= d <= end)
        if att.working_days in (full, in_post):
            continue
        expected = f"{full} 天" if in_post == full else f"{full} 天，{person.name}在岗期间 {in_post} 天"
        out.append(Notice("法定工作日与日历不符", Where(Source.ATTENDANCE, att.row),
                          f"{person.name}（{person.id}）填的法定工作日为 {att.working_days}，"
                          f"日历中 {month} 的法定工作日为 {expected}，请核实{guessed}"))
    return out
