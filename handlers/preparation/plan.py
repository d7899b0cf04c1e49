"""Where a session's preparation stands: each step's last day, from the commune's policy and calendar, and whether
it is done. Read by the checklist and by the clock."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from handlers.commune.policy import policy_int
from handlers.commune.workdays import WorkCalendar, calendar_of
from handlers.conversation.i18n import VIETNAM
from handlers.preparation.rules import (STEPS, Status, Step, StepRule, answers_done, due_on, pending_departments,
                                        status_of)


@dataclass(frozen=True)
class Item:
    rule: StepRule
    due: date
    status: Status
    pending: frozenset[str] = frozenset()  # the prepared answers: departments still owing one


@dataclass
class Plan:
    session: Any
    items: list[Item]
    questions: list[Any] = field(default_factory=list)
    prepared: dict[int, Any] = field(default_factory=dict)
    remind_before: int = 2
    calendar: WorkCalendar = field(default_factory=WorkCalendar)

    def item(self, step: Step) -> Item:
        return next(i for i in self.items if i.rule.step == step)


def local_day(moment: datetime) -> date:
    return moment.astimezone(VIETNAM).date()


async def plan_of(repo: Any, session: Any, now: datetime) -> Plan:
    """The session's steps with their last days and statuses today."""
    values = await repo.policy_values(session.commune_id)
    calendar = calendar_of(await repo.day_overrides(session.commune_id))
    questions = await repo.session_questions(session.id)
    prepared = await repo.prepared_answers([q.id for q in questions])
    done = await repo.steps_done(session.id)
    held, today = local_day(session.starts_at), local_day(now)
    items = []
    for rule in STEPS:
        due = due_on(rule, held, values, calendar.is_working_day)
        finished = rule.step in done if rule.marked else answers_done(questions, set(prepared))
        pending = frozenset() if rule.marked else frozenset(pending_departments(questions, set(prepared)))
        items.append(Item(rule, due, status_of(finished, today, due), pending))
    return Plan(session, items, questions, prepared, policy_int(values, "prepare.remind_wd_before"), calendar)
