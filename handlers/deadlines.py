"""Deadline arithmetic in working days: pure, the calendar passed in."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Callable

# Default for a written answer after assignment: 10 working days (seed 004; LEGAL.md). A per-commune policy
# table replaces this default when the deadlines issue lands.
DEFAULT_ANSWER_WORKING_DAYS = 10


def weekdays_only(day: date) -> bool:
    return day.weekday() < 5


def add_working_days(start: date, n: int, is_working_day: Callable[[date], bool] = weekdays_only) -> date:
    """The n-th working day after start; the start day itself is not counted (Civil Code Art. 147)."""
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day
