"""Working days (ngày làm việc) in Vietnam: Monday to Friday, less the public holidays of the ``holidays``
package (lunar Tết, Hùng Kings' day, 30/4, 1/5, 2/9 and their substitute days, with its make-up Saturdays),
less the extra days off and plus the make-up working days that an admin enters (:class:`CalendarDay`).
"""

import datetime as dt
from functools import cache, cached_property

import holidays
from django.db.models import F, Q

from services.models import CalendarDay


@cache
def _national_days():
    """Public holidays and make-up Saturdays of the package, built once per process (30 years ≈ 10 ms)."""
    national = holidays.VN(years=range(2010, 2041))
    return frozenset(national), frozenset(national.weekend_workdays), frozenset(national.weekend)


class WorkingCalendar:
    """One read of the admins' overrides for a province; cheap to ask many dates of (used in bulk by the
    seeding). Without a province, only the days that apply everywhere."""

    def __init__(self, province_id=None):
        self.province_id = province_id

    @cached_property
    def overrides(self):
        days = CalendarDay.objects.filter(Q(province__isnull=True) | Q(province_id=self.province_id))
        # the province's own entry for a date comes last and wins over the one for everywhere
        ordered = days.order_by(F("province_id").asc(nulls_first=True)).values_list("date", "is_working_day")
        return dict(ordered)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        holidays_, make_up_days, weekend = _national_days()
        if day in make_up_days:
            return True
        return day.weekday() not in weekend and day not in holidays_

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start``, counting from the working day after it."""
        day = start
        remaining = days
        while remaining > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: what is left of a deadline ``end`` on day ``start``."""
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count
