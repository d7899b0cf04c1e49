"""The reception desk's clock: a complaint or denunciation nobody has acted on gets a reminder to the desk when its
deadline is near and, once it has passed, an escalation to the chair — once each, with the same marks as the
follow-up of written answers (a scheduler calls tick with the current time)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers.commune.deadlines import working_days_left
from handlers.commune.policy import load_deadlines
from handlers.commune.reminders import rows_to
from handlers.conversation.access import Role
from handlers.conversation.i18n import VIETNAM, Translator
from handlers.questions.buttons import QUESTION
from handlers.questions.complaint_rules import RECEPTION_KINDS
from handlers.questions.reception_views import kind_label


async def tick(unit_of_work: Any, now: datetime) -> int:
    """Queue the reminders and escalations due now, with their marks, in one transaction; the number queued."""
    today = now.astimezone(VIETNAM).date()
    async with unit_of_work() as uow:
        repo, calendars = uow.repo, {}
        rows, marks = [], {"escalated_at": [], "due_reminded_at": []}
        for question in await repo.reception_due([k.value for k in RECEPTION_KINDS]):
            if question.commune_id not in calendars:
                calendars[question.commune_id] = await load_deadlines(repo, question.commune_id)
            policy, calendar = calendars[question.commune_id]
            if today > question.due_on:
                marks["escalated_at"].append(question.id)
                rows += await _rows_to(repo, await _escalation_people(repo, question), question, "reception.escalation",
                                       _overdue_text(question))
                continue
            left = working_days_left(today, question.due_on, calendar.is_working_day)
            if question.due_reminded_at is None and left <= policy.remind_before:
                marks["due_reminded_at"].append(question.id)
                rows += await _rows_to(repo, await desk_people(repo, question), question, "reception.reminder",
                                       _reminder_text(question, left))
        for mark, ids in marks.items():
            await repo.mark_followed(ids, mark, now)
        queued = await repo.enqueue_many(rows)
        await uow.commit()
    return queued


async def desk_people(repo: Any, question: Any) -> list[int]:
    """The reception desk: the secretaries, else the chair — never the chair for a denunciation of the chair."""
    secretaries = await repo.staff_with_role(question.commune_id, [Role.SECRETARY])
    if secretaries or question.against_chair:
        return secretaries
    return await repo.staff_with_role(question.commune_id, [Role.CHAIR])


async def _escalation_people(repo: Any, question: Any) -> list[int]:
    if question.against_chair:
        return await repo.staff_with_role(question.commune_id, [Role.SECRETARY])
    return await repo.staff_with_role(question.commune_id, [Role.CHAIR])


def _reminder_text(question: Any, left: int) -> Any:
    def render(t: Translator) -> str:
        return t("Reminder: the {kind} {code} at the reception desk must be dealt with, and its sender told, by {date} "
                 "at the latest ({n} working days left). Send /reception for the list.").format(
            kind=kind_label(question.kind, t), code=question.code, date=t.date(question.due_on), n=left)
    return render


def _overdue_text(question: Any) -> Any:
    def render(t: Translator) -> str:
        return t("⚠️ Overdue: the {kind} {code} at the reception desk was due by {date} at the latest and nobody has "
                 "acted on it yet. Send /reception for the list.").format(
            kind=kind_label(question.kind, t), code=question.code, date=t.date(question.due_on))
    return render


async def _rows_to(repo: Any, people: list[int], question: Any, kind: str, render: Any) -> list[dict[str, Any]]:
    """Outbox rows for each person's most recent chat, in its language and the commune's words, with the button
    that opens the question."""
    return await rows_to(repo, people, kind, question.commune_id, render,
                         buttons=lambda t: [[[question.code, QUESTION.build(id=question.id)]]])
