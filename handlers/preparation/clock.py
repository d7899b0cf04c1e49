"""The preparation clock: for each announced session still to come, each step not done is reminded to its owners
`prepare.remind_wd_before` working days before its last day and again on the day, and the chair is told once when
it is overdue. Once each per session and step (clock_reminder); the prepared answers are reminded to the officers
of the departments that still owe one."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers.commune.deadlines import working_days_left
from handlers.commune.reminders import PassCache, rows_to
from handlers.conversation.access import Role
from handlers.conversation.i18n import Translator
from handlers.preparation.plan import Item, local_day, plan_of
from handlers.preparation.rules import Status, Step
from handlers.preparation.views import step_name


async def tick(unit_of_work: Any, now: datetime) -> int:
    """Queue the preparation reminders due at `now`; returns how many messages."""
    today = local_day(now)
    async with unit_of_work() as uow:
        repo, rows = PassCache(uow.repo), []
        for session in await repo.sessions_preparing(now):
            plan = await plan_of(repo, session, now)
            for item in plan.items:
                if item.status == Status.DONE:
                    continue
                kind = _kind(item, working_days_left(today, item.due, plan.calendar.is_working_day),
                             plan.remind_before)
                if kind and await repo.claim_reminder(session.commune_id, kind, f"{session.id}:{item.rule.step}"):
                    people = await _people(repo, session, item, kind)
                    rows += await rows_to(repo, people, kind, session.commune_id,
                                          lambda t, s=session, i=item, k=kind: _text(s, i, k, t))
        queued = await repo.enqueue_many(rows)
        await uow.commit()
    return queued


def _kind(item: Item, left: int, remind_before: int) -> str:
    if item.status == Status.OVERDUE:
        return "prepare.overdue"
    if item.status == Status.DUE:
        return "prepare.due"
    return "prepare.reminder" if left <= remind_before else ""


async def _people(repo: Any, session: Any, item: Item, kind: str) -> list[int]:
    if kind == "prepare.overdue":
        return await repo.staff_with_role(session.commune_id, [Role.CHAIR])
    if item.rule.step != Step.ANSWERS:
        return await repo.staff_with_role(session.commune_id, list(item.rule.owners))
    people: list[int] = []
    for code in sorted(item.pending):
        people += await repo.staff_with_role(session.commune_id, [Role.OFFICER], code)
    return people


def _text(session: Any, item: Item, kind: str, t: Translator) -> str:
    values = dict(step=step_name(item.rule.step, t), id=session.id, title=session.title,
                  when=t.datetime(session.starts_at), due=t.date(item.due))
    if kind == "prepare.overdue":
        return t("❗ Overdue: “{step}” for session #{id} ({title}, {when}) was due no later than {due} and is not "
                 "done. Send /prepare {id} for the checklist.").format(**values)
    if kind == "prepare.due":
        return t("⚠️ Today is the last day: “{step}” for session #{id} ({title}, {when}). Send /prepare {id}.") \
            .format(**values)
    return t("Reminder: “{step}” for session #{id} ({title}, {when}) is due no later than {due}. Send /prepare "
             "{id}.").format(**values)
