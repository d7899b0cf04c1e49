"""Working days in Vietnam: the `holidays` package's calendar (lunar Tết, substitute days, make-up Saturdays), as
written out for 2020–2040 in vietnam_days.py, with a commune's own overrides on top. Pure: no I/O, no clock."""
from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import holidays

ALONE = "doithoai_vietnam_holidays"


@dataclass(frozen=True)
class _Written:
    """handlers/commune/vietnam_days.py as dates: the years it covers, days off with names, weekend working days."""

    first_year: int
    last_year: int
    days_off: dict[date, str]
    weekend_working: frozenset[date]

    def covers(self, day: date) -> bool:
        return self.first_year <= day.year <= self.last_year


@lru_cache(maxsize=1)
def _written() -> _Written:
    from handlers.commune import vietnam_days as days

    return _Written(days.FIRST_YEAR, days.LAST_YEAR,
                    {date.fromisoformat(day): name for day, name in days.DAYS_OFF.items()},
                    frozenset(date.fromisoformat(day) for day in days.WEEKEND_WORKING_DAYS))


@lru_cache(maxsize=1)
def vietnam_from_package() -> holidays.HolidayBase:
    """Vietnam's calendar from the `holidays` package, for a year the written days do not cover (and to write them:
    scripts/vietnam-days); each year is worked out on first use, so one instance serves every year asked about."""
    import holidays  # only then: it loads every calendar it knows

    alone = _vietnam_alone(Path(holidays.__file__).parent)  # a dict of the holidays so far: empty is falsy
    return alone if alone is not None else holidays.country_holidays("VN")


def _vietnam_alone(package: Path) -> holidays.HolidayBase | None:
    """holidays' Vietnam class loaded from its own file. The usual way runs holidays/countries/__init__.py, which
    imports all ~250 countries: ~8 MB held for good by every process. None when the file is not as expected."""
    spec = importlib.util.spec_from_file_location(ALONE, package / "countries" / "vietnam.py")
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[ALONE] = module
    try:
        spec.loader.exec_module(module)
        return module.Vietnam()
    except (ImportError, AttributeError, OSError):
        sys.modules.pop(ALONE, None)
        return None


def vietnam_is_working_day(day: date) -> bool:
    written = _written()
    if written.covers(day):
        return day in written.weekend_working if day.weekday() >= 5 else day not in written.days_off
    return vietnam_from_package().is_working_day(day)


def vietnam_holiday_name(day: date) -> str:
    written = _written()
    if written.covers(day):
        return written.days_off.get(day, "")
    return vietnam_from_package().get(day) or ""


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
        return vietnam_is_working_day(day)

    def holiday_name(self, day: date) -> str:
        return vietnam_holiday_name(day)


def calendar_of(overrides: dict[date, bool]) -> WorkCalendar:
    """A commune's calendar from its override rows: day → True (extra working day) or False (extra day off)."""
    return WorkCalendar(frozenset(d for d, working in overrides.items() if not working),
                        frozenset(d for d, working in overrides.items() if working))
