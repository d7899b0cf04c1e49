"""Working days in Vietnam: the `holidays` package's calendar (lunar Tết, substitute days, make-up Saturdays)
with a commune's own overrides on top. Pure: no I/O, no clock."""
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


@lru_cache(maxsize=1)
def _vietnam() -> holidays.HolidayBase:
    """Vietnam's calendar; each year is worked out on first use, so one instance serves every year asked about."""
    import holidays  # on the first date asked about, not at start-up

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
