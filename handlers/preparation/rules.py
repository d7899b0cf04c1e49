"""The preparation steps of a session and their last days, counted back from the session day. Pure.

Each step's number of days is a per-commune policy (handlers/commune/policy.py: "prepare.*"): a key ending in
"_wd" counts working days (the session day not counted), one ending in "_days" calendar days, and a last day
that falls on a day off moves to the working day before it, so the step is still done in time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from handlers.commune.deadlines import IsWorkingDay, is_overdue
from handlers.commune.policy import policy_int
from handlers.conversation.access import Role


class Step(StrEnum):
    CONSOLIDATE = "consolidate"  # residents' questions consolidated (seed 001: ten days before)
    REVIEW = "review"  # unresolved petitions and complaints since 1 January reviewed (seeds 002, 003)
    ANSWERS = "answers"  # departments' prepared answers (seed 004: seven working days before)
    REPORT = "report"  # the report to the Party committee and People's Council (seed 003: five days before)


class Status(StrEnum):
    DONE = "done"
    WAITING = "waiting"  # its last day is still ahead
    DUE = "due"  # today is its last day
    OVERDUE = "overdue"


@dataclass(frozen=True)
class StepRule:
    step: Step
    key: str  # the policy key of its days before the session
    owners: tuple[str, ...]  # the roles that do it (and are reminded)
    marked: bool = True  # done when an owner marks it (the prepared answers are done when every one is entered)


STEPS = (StepRule(Step.CONSOLIDATE, "prepare.consolidate_days", (Role.SECRETARY, Role.SUPPORT)),
         StepRule(Step.REVIEW, "prepare.review_days", (Role.SECRETARY,)),
         StepRule(Step.ANSWERS, "prepare.answers_wd", (Role.OFFICER,), marked=False),
         StepRule(Step.REPORT, "prepare.report_days", (Role.CHAIR,)))
RULES = {rule.step: rule for rule in STEPS}
POLICY_KEYS = tuple(rule.key for rule in STEPS) + ("prepare.remind_wd_before",)
CLOSED = ("declined", "forwarded", "merged")  # no answer to prepare


def working_days_before(day: date, n: int, is_working_day: IsWorkingDay) -> date:
    """The n-th working day before `day` (the day itself not counted)."""
    counted = 0
    while counted < n:
        day -= timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def calendar_days_before(day: date, n: int, is_working_day: IsWorkingDay) -> date:
    """n calendar days before `day`; a day off moves to the working day before it."""
    day -= timedelta(days=n)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def due_on(rule: StepRule, session_day: date, values: dict[str, str], is_working_day: IsWorkingDay) -> date:
    """A step's last day for a session held on `session_day`, from the commune's policy values."""
    n = policy_int(values, rule.key)
    before = working_days_before if rule.key.endswith("_wd") else calendar_days_before
    return before(session_day, n, is_working_day)


def status_of(done: bool, today: date, due: date) -> Status:
    if done:
        return Status.DONE
    if is_overdue(today, due):
        return Status.OVERDUE
    return Status.DUE if today == due else Status.WAITING


def answers_done(questions: list, prepared: set[int]) -> bool:
    """The prepared answers are done when at least one question is a department's and each such question has one
    (or was answered already)."""
    owed = [q for q in questions if q.department_code and q.state not in CLOSED]
    return bool(owed) and all(q.id in prepared or q.state == "answered" for q in owed)


def pending_departments(questions: list, prepared: set[int]) -> set[str]:
    """Departments with a question still waiting for its prepared answer."""
    return {q.department_code for q in questions if q.department_code and q.state not in CLOSED
            and q.state != "answered" and q.id not in prepared}
