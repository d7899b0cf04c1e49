"""Acknowledgement of every submission (Law on Citizen Reception 2013, Art. 28): within the commune's
`deadline.petition_ack_wd` working days of receipt the sender is told what happens to it — brought to the session,
answered in writing (assigned), passed to the competent body, or not accepted with the reason. Any staff outcome
tells them (ticket_actions); "accept for the session" is the one that changes nothing else. A clock (tick) reminds
the secretaries before the deadline and tells the chair once it has passed, once each."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from handlers.commune.deadlines import Rule, due_date, is_overdue, working_days_left
from handlers.commune.policy import load_deadlines
from handlers.commune.reminders import PassCache, rows_to
from handlers.conversation.access import Role
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput
from handlers.conversation.events import ButtonPressed
from handlers.conversation.i18n import VIETNAM, Translator
from handlers.conversation.replies import Reply
from handlers.questions.access import question_for_staff
from handlers.questions.buttons import QUESTION, QUESTION_ACCEPT
from handlers.questions.rules import TicketState
from handlers.sessions.views import title_of


async def ack_due(repo: Any, commune_id: int, received: datetime) -> date:
    """The last day to tell the sender what happens to a submission received at `received`."""
    policy, calendar = await load_deadlines(repo, commune_id)
    return due_date(Rule.PETITION_ACK, received.astimezone(VIETNAM).date(), policy, calendar.is_working_day)


async def start_clock(ctx: Context, question: Any, *, for_resident: bool = True) -> str:
    """Give a new submission its acknowledgement deadline; the line that tells the sender (or the village head
    who entered it for a resident)."""
    if question.ack_due_on is None:  # /ask computes it before the row is written
        question.ack_due_on = await ack_due(ctx.repo, question.commune_id, ctx.now)
    if not for_resident:
        return ctx.t("No later than {date} the commune will tell you how it is handled, to pass on.").format(
            date=ctx.t.date(question.ack_due_on))
    return ctx.t("No later than {date} the commune will tell you how it is handled: brought to the dialogue "
                 "session, answered in writing, passed to the competent body, or not accepted, with the reason.") \
        .format(date=ctx.t.date(question.ack_due_on))


def acknowledged(question: Any, now: datetime) -> dict[str, Any]:
    """The fields a staff outcome adds when it is the first word the sender gets."""
    return {"acknowledged_at": now} if question.acknowledged_at is None else {}


def may_accept(question: Any) -> bool:
    return question.state == TicketState.NEW and question.session_id is not None and question.acknowledged_at is None


async def accept_for_session(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """qac:<question id> — a manager accepts a new question for its session; the sender is told."""
    question, _ = await question_for_staff(ctx, QUESTION_ACCEPT.of(event).id, lock=True)
    if not may_accept(question):
        raise InvalidInput(ctx.t("This button is no longer active."))
    session = await ctx.repo.get_session(question.session_id)
    await ctx.repo.record_transition(question, action="accept", to_state=question.state, actor_id=ctx.person.id,
                                     now=ctx.now, acknowledged_at=ctx.now)
    await ctx.notify(question.asker_id, "ticket.accepted", lambda t: t(
        "Your question {code} is accepted and will be brought to the {title} on {date}.").format(
        code=question.code, title=title_of(session, t, t.kind), date=t.date(session.starts_at)),
        commune_id=question.commune_id)
    return [Reply(ctx.t("{code} is accepted for the session. The asker is told.").format(code=question.code))]


async def tick(unit_of_work: Any, now: datetime) -> int:
    """Remind the secretaries before an acknowledgement deadline and tell the chair once it has passed, once
    each; returns the number of messages queued."""
    async with unit_of_work() as uow:
        one = AckPass(PassCache(uow.repo), now.astimezone(VIETNAM).date())
        candidates = [q.id for q in await one.repo.unacknowledged() if await one.judge(q)]
        rows = []
        for question in await one.repo.unacknowledged(candidates, lock=True):  # judged again, as they are now
            verdict = await one.judge(question)
            question.ack_due_on = await one.due_of(question)
            if verdict == "escalate":
                question.ack_escalated_at = now
                rows += await _tell(one.repo, question, [Role.CHAIR], "ack.escalation", lambda t, q=question: t(
                    "⚠️ Overdue: the sender of {code} (received {received}) has not been told how it is handled; "
                    "the deadline was {date}.").format(code=q.code, received=t.date(q.created_at),
                                                       date=t.date(q.ack_due_on)))
            elif verdict == "remind":
                question.ack_reminded_at = now
                rows += await _tell(one.repo, question, [Role.SECRETARY], "ack.reminder", lambda t, q=question: t(
                    "Reminder: the sender of {code} (received {received}) must be told no later than {date} how it "
                    "is handled: accepted for the session, assigned for a written answer, forwarded, or declined "
                    "with the reason.").format(code=q.code, received=t.date(q.created_at),
                                               date=t.date(q.ack_due_on)))
        queued = await one.repo.enqueue_many(rows)
        await uow.commit()
    return queued


class AckPass:
    """One acknowledgement pass: each commune's deadlines, and each due date's working days left, once a pass."""

    def __init__(self, repo: Any, today: date) -> None:
        self.repo, self.today, self._seen = repo, today, {}

    async def _deadlines(self, commune_id: int) -> Any:
        if commune_id not in self._seen:
            self._seen[commune_id] = await load_deadlines(self.repo, commune_id)
        return self._seen[commune_id]

    async def due_of(self, q: Any) -> date:
        """Its stored date, or (received before the clock existed) the date counted from receipt."""
        if q.ack_due_on is not None:
            return q.ack_due_on
        received = q.created_at.astimezone(VIETNAM).date()
        if ("due", q.commune_id, received) not in self._seen:
            policy, calendar = await self._deadlines(q.commune_id)
            self._seen["due", q.commune_id, received] = due_date(Rule.PETITION_ACK, received, policy,
                                                                 calendar.is_working_day)
        return self._seen["due", q.commune_id, received]

    async def judge(self, q: Any) -> str | None:
        """"escalate" once overdue, "remind" when a reminder is due, "fill" for a date to store, else None."""
        policy, calendar = await self._deadlines(q.commune_id)
        due = await self.due_of(q)
        if is_overdue(self.today, due):
            return "escalate"
        if ("left", q.commune_id, due) not in self._seen:
            self._seen["left", q.commune_id, due] = working_days_left(self.today, due, calendar.is_working_day)
        if q.ack_reminded_at is None and self._seen["left", q.commune_id, due] <= policy.remind_before:
            return "remind"
        return "fill" if q.ack_due_on is None else None


async def _tell(repo: Any, question: Any, roles: list[str], kind: str, render: Any) -> list[dict[str, Any]]:
    """To the staff with these roles, else the chair (someone must hear of it)."""
    people = await repo.staff_with_role(question.commune_id, roles) or \
        await repo.staff_with_role(question.commune_id, [Role.CHAIR])

    def buttons(t: Translator) -> list[list[list[str]]]:
        return [[[question.code, QUESTION.build(id=question.id)]]]

    return await rows_to(repo, people, kind, question.commune_id, render, buttons)
