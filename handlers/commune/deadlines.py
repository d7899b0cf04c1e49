"""Deadline arithmetic per the Civil Code (Arts. 147–148): pure, the calendar and the policy passed in."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Callable

IsWorkingDay = Callable[[date], bool]


def add_working_days(start: date, n: int, is_working_day: IsWorkingDay) -> date:
    """The n-th working day after start; the start day itself is not counted (Civil Code Art. 147)."""
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def add_calendar_days(start: date, n: int, is_working_day: IsWorkingDay) -> date:
    """n calendar days after start (start not counted); a last day that is a day off moves to the next working
    day (Civil Code Art. 148)."""
    day = start + timedelta(days=n)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def is_overdue(today: date, due: date) -> bool:
    """A deadline ends at 24:00 of its day (Civil Code Art. 148): overdue from the next day, whatever its kind —
    a Saturday or a day of Tết after the due day is already overdue, though no working day has passed."""
    return today > due


def working_days_left(today: date, due: date, is_working_day: IsWorkingDay) -> int:
    """Working days after today up to and including due; 0 on the due day, and 0 or less once it has passed (over
    a weekend still 0): ask is_overdue whether it has passed, never this count."""
    if due < today:
        return -sum(1 for k in range(1, (today - due).days + 1) if is_working_day(due + timedelta(days=k)))
    return sum(1 for k in range(1, (due - today).days + 1) if is_working_day(today + timedelta(days=k)))


class Rule(StrEnum):
    CONCLUSION_NOTICE = "conclusion_notice"  # from the session day
    WRITTEN_ANSWER = "written_answer"  # from the notice (or the assignment)
    COMPLEX_ANSWER = "complex_answer"  # from the notice (or the assignment)
    PETITION_ACK = "petition_ack"  # from receipt
    VILLAGE_HEADS = "village_heads"  # results to village heads, calendar days from the session


@dataclass(frozen=True)
class DeadlinePolicy:
    working_days: dict[Rule, int]
    village_heads_days: int
    remind_before: int  # working days before a due date that the officer is reminded


def answer_due(complex_: bool, started: date | None, today: date, policy: DeadlinePolicy,
               is_working_day: IsWorkingDay) -> date:
    """A written answer's due date counted from today (an assignment, a reopening). A complex item never goes past
    the complex limit counted from the day its clock first started, reopening included (seeds 000, 003: at most
    30 working days in total)."""
    due = due_date(Rule.COMPLEX_ANSWER if complex_ else Rule.WRITTEN_ANSWER, today, policy, is_working_day)
    if complex_ and started is not None:
        due = min(due, due_date(Rule.COMPLEX_ANSWER, started, policy, is_working_day))
    return due


def due_date(rule: Rule, start: date, policy: DeadlinePolicy, is_working_day: IsWorkingDay) -> date:
    """The last day for a rule counted from its start event, in the commune's calendar."""
    if rule is Rule.VILLAGE_HEADS:
        return add_calendar_days(start, policy.village_heads_days, is_working_day)
    return add_working_days(start, policy.working_days[rule], is_working_day)
