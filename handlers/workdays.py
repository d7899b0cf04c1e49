"""Working days in Vietnam: the `holidays` package's calendar (lunar Tết, substitute days, make-up Saturdays)
with a commune's own overrides on top. Pure: no I/O, no clock."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays


@lru_cache(maxsize=1)
def _vietnam() -> holidays.HolidayBase:
    # expand=True: years load on first use, so one instance serves every year asked about
    return holidays.country_holidays("VN")


@dataclass(frozen=True)
class WorkCalendar:
    """Vietnam's working days, then the commune's extra days off and extra working days (the override wins)."""

    days_off: frozenset[date] = frozenset()
    extra_working: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working:
            return True
        if day in self.days_off:
            return False
        return _vietnam().is_working_day(day)

    def holiday_name(self, day: date) -> str:
        return _vietnam().get(day) or ""


def calendar_of(overrides: dict[date, bool]) -> WorkCalendar:
    """A commune's calendar from its override rows: day → True (extra working day) or False (extra day off)."""
    return WorkCalendar(frozenset(d for d, working in overrides.items() if not working),
                        frozenset(d for d, working in overrides.items() if working))
