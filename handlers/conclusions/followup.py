"""Follow-up of written answers: /due and /overdue for staff, reminders before the due date and escalation to the
chair (a scheduler calls tick with the current time), and the asker's verdict on an answer, which may reopen it."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from handlers.commune.deadlines import answer_due, is_overdue, working_days_left
from handlers.commune.policy import load_deadlines
from handlers.commune.reminders import rows_to
from handlers.conclusions.buttons import FEEDBACK
from handlers.conclusions.states import State
from handlers.conversation.access import DUE_ROLES, FOLLOWERS, MANAGERS, Role, may_view_queue, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotAllowed, NotFound
from handlers.conversation.events import ButtonPressed, Event, TextMessage
from handlers.conversation.i18n import VIETNAM, Translator
from handlers.conversation.replies import Button, Reply
from handlers.conversation.states import IDLE
from handlers.conversation.text import MAX_NOTE_CHARS, normalise
from handlers.questions.buttons import QUESTION
from handlers.questions.rules import Action, TicketState, next_state

VERDICTS = {"s": "satisfied", "p": "partly", "n": "not"}


async def show_due(event: Event, ctx: Context) -> list[Reply]:
    """What the staffer owes: their department's questions (managers: the commune's), soonest due first."""
    debtor = membership(ctx, DUE_ROLES)
    if debtor.role in MANAGERS:
        owed = await ctx.repo.owed(debtor.commune_id)
    elif debtor.department_code:
        owed = await ctx.repo.owed(debtor.commune_id, debtor.department_code)
    else:
        raise NotAllowed(ctx.t("Your officer role has no department yet. Please ask the commune office for a new "
                               "invitation that names your department."))
    if not owed:
        return [Reply(ctx.t("Nothing is due: no question waits for a written answer from you."))]
    return [await _listing(ctx, debtor.commune_id, ctx.t("Written answers due ({n}):"), owed)]


async def show_overdue(event: Event, ctx: Context) -> list[Reply]:
    manager = membership(ctx, MANAGERS)
    today = ctx.now.astimezone(VIETNAM).date()
    overdue = await ctx.repo.owed(manager.commune_id, due_before=today)
    if not overdue:
        return [Reply(ctx.t("Nothing is overdue."))]
    return [await _listing(ctx, manager.commune_id, ctx.t("Overdue written answers ({n}):"), overdue)]


async def show_followup(event: Event, ctx: Context) -> list[Reply]:
    """/followup: every written answer the commune still owes, soonest due first — codes, departments and dates,
    never who asked; the Front and the People's Council read it without the buttons that open a question."""
    reader = membership(ctx, FOLLOWERS)
    owed = await ctx.repo.owed(reader.commune_id)
    if not owed:
        return [Reply(ctx.t("Nothing is owed: every written answer has been given."))]
    return [await _listing(ctx, reader.commune_id, ctx.t("Written answers still owed ({n}):"), owed)]


async def _listing(ctx: Context, commune_id: int, heading: str, questions: list[Any]) -> Reply:
    t, today = ctx.t, ctx.now.astimezone(VIETNAM).date()
    _, calendar = await load_deadlines(ctx.repo, commune_id)
    lines = [heading.format(n=len(questions))]
    for q in questions[:30]:
        department = await ctx.repo.department_name(q.commune_id, q.department_code)
        lines.append(f"• {q.code} · {department} · {_when(q.due_on, today, calendar.is_working_day, t)}")
    openable = questions[:10] if may_view_queue(ctx.roles) else []
    buttons = [[Button(q.code, QUESTION.build(id=q.id))] for q in openable]
    return ctx.reply("\n".join(lines), buttons)


def _when(due: date, today: date, is_working_day: Any, t: Translator) -> str:
    if is_overdue(today, due):
        return t("⚠️ overdue (the deadline was {date})").format(date=t.date(due))
    if due == today:
        return t("due today, {date}").format(date=t.date(due))
    return t("due {date} ({n} working days left)").format(date=t.date(due), n=working_days_left(today, due,
                                                                                                is_working_day))


async def tick(unit_of_work: Any, now: datetime) -> int:
    """Remind the department N working days before a due date and escalate overdue items to the chair, once each;
    returns the number of messages queued (all in one batch, with the marks, in one transaction)."""
    async with unit_of_work() as uow:
        repo, one = uow.repo, FollowUpPass(uow.repo, now.astimezone(VIETNAM).date())
        candidates = [q.id for q in await repo.followed_up() if await one.judge(q)]
        rows, marks = [], {"escalated_at": [], "due_reminded_at": []}
        # only the rows acted on are locked, and judged again as they are now: a staffer may have just changed one
        for question in await repo.followed_up(candidates, lock=True):
            judged = await one.judge(question)
            if judged is None:
                continue
            mark, left = judged
            marks[mark].append(question.id)
            rows += await (_escalate(one, question) if mark == "escalated_at" else _remind(one, question, left))
        for mark, ids in marks.items():
            await repo.mark_followed(ids, mark, now)
        queued = await repo.enqueue_many(rows)
        await uow.commit()
    return queued


class FollowUpPass:
    """One follow-up pass over many questions: each commune's deadlines, each due date's working days left, a
    department's officers, a chair and their chats are read or counted once per pass, not once per question."""

    def __init__(self, repo: Any, today: date) -> None:
        self.repo, self.today, self._seen = repo, today, {}

    async def _once(self, key: tuple, load: Any) -> Any:
        if key not in self._seen:
            self._seen[key] = await load()
        return self._seen[key]

    async def judge(self, question: Any) -> tuple[str, int] | None:
        """("escalated_at", days) when overdue, ("due_reminded_at", days left) when a reminder is due, else None."""
        policy, calendar = await self._once(("deadlines", question.commune_id),
                                            lambda: load_deadlines(self.repo, question.commune_id))
        key = ("left", question.commune_id, question.due_on)
        if key not in self._seen:
            self._seen[key] = working_days_left(self.today, question.due_on, calendar.is_working_day)
        left = self._seen[key]
        if is_overdue(self.today, question.due_on):
            return "escalated_at", left
        if question.due_reminded_at is None and left <= policy.remind_before:
            return "due_reminded_at", left
        return None

    async def staff_with_role(self, commune_id: int, roles: list[str], department_code: str | None = None) -> Any:
        return await self._once(("staff", commune_id, tuple(roles), department_code),
                                lambda: self.repo.staff_with_role(commune_id, roles, department_code))

    async def accounts_of(self, person_id: int) -> Any:
        return await self._once(("accounts", person_id), lambda: self.repo.accounts_of(person_id))

    async def department_name(self, commune_id: int, code: str | None) -> str:
        return await self.repo.department_name(commune_id, code)

    async def get_commune(self, commune_id: int) -> Any:
        """For the commune's words (xã, phường): read once per pass."""
        return await self._once(("commune", commune_id), lambda: self.repo.get_commune(commune_id))


async def department_people(repo: Any, question: Any) -> list[int]:
    """Who answers for the question: its department's officers, else (none, or no department) the secretaries."""
    officers = await repo.staff_with_role(question.commune_id, [Role.OFFICER], question.department_code) \
        if question.department_code else []
    return officers or await repo.staff_with_role(question.commune_id, [Role.SECRETARY])


async def _remind(repo: Any, question: Any, left: int) -> list[dict[str, Any]]:
    people = await department_people(repo, question)

    def render(t: Translator) -> str:
        if left <= 0:  # the due day itself (a pass that ran late): no "0 working days left"
            return t("Reminder: the written answer to {code} is due today, {date}. Send /due to see what you owe.") \
                .format(code=question.code, date=t.date(question.due_on))
        return t("Reminder: the written answer to {code} is due {date} ({n} working days left). Send /due to see "
                 "what you owe.").format(code=question.code, date=t.date(question.due_on), n=left)

    return await _rows_to(repo, people, question, "followup.reminder", render)


async def _escalate(repo: Any, question: Any) -> list[dict[str, Any]]:
    department = await repo.department_name(question.commune_id, question.department_code)
    chairs = await repo.staff_with_role(question.commune_id, [Role.CHAIR])

    def render(t: Translator) -> str:
        return t("⚠️ Overdue: {code} ({department}) was due {date} and has no written answer yet. Send /overdue "
                 "for the list.").format(code=question.code, department=department, date=t.date(question.due_on))

    return await _rows_to(repo, chairs, question, "followup.escalation", render)


async def _rows_to(repo: Any, people: list[int], question: Any, kind: str, render: Any) -> list[dict[str, Any]]:
    """Outbox rows for each person's most recent chat, in its language and the commune's words, with the button
    that opens the question."""
    return await rows_to(repo, people, kind, question.commune_id, render,
                         buttons=lambda t: [[[question.code, QUESTION.build(id=question.id)]]])


async def feedback_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """fb:<question id>:<s|p|n>, from the asker only, on an answered question."""
    pressed = FEEDBACK.of(event)
    verdict = pressed.verdict
    question = await _own_answered(ctx, pressed.id)
    if verdict == "n":
        ctx.go(State.FEEDBACK_COMMENT, question_id=question.id)
        return [Reply(ctx.t("We are sorry the answer to {code} did not resolve your question. Please write what is "
                            "still unresolved; the department will take it up again.").format(code=question.code)
                      + "\n" + ctx.t("Send /cancel to stop."))]
    question.satisfaction = VERDICTS[verdict]
    return [Reply(ctx.t("Thank you. Your view on the answer to {code} is recorded.").format(code=question.code))]


async def feedback_comment(event: TextMessage, ctx: Context) -> list[Reply]:
    """The resident's comment: the question goes back to its department with a new due date."""
    question = await _own_answered(ctx, ctx.data.get("question_id", -1), lock=True)
    comment = normalise(event.text)
    if not comment or len(comment) > MAX_NOTE_CHARS:
        raise InvalidInput(ctx.t("Please write what is unresolved in at most {limit} characters, or send /cancel.")
                           .format(limit=MAX_NOTE_CHARS))
    policy, calendar = await load_deadlines(ctx.repo, question.commune_id)
    today = ctx.now.astimezone(VIETNAM).date()
    due = answer_due(question.complex, question.answer_started_on, today, policy, calendar.is_working_day)
    await ctx.repo.record_transition(question, action=Action.REOPEN.value,
                                     to_state=next_state(question.state, Action.REOPEN).value,
                                     actor_id=ctx.person.id, note=comment, now=ctx.now, satisfaction="not",
                                     satisfaction_comment=comment, due_on=due, due_reminded_at=None,
                                     escalated_at=None)
    await _tell_department(ctx, question, comment)
    ctx.go(IDLE)
    if is_overdue(today, due):  # a complex item whose time limit has run out: the chair hears of it next pass
        return [Reply(ctx.t("Your question {code} is reopened for the department, with your comment. The time limit "
                            "for this matter ended on {date}; the chairperson is told.").format(
            code=question.code, date=ctx.t.date(due)))]
    return [Reply(ctx.t("Your question {code} is reopened for the department, with your comment. Expected answer "
                        "by {date}.").format(code=question.code, date=ctx.t.date(due)))]


async def _tell_department(ctx: Context, question: Any, comment: str) -> None:
    people = await department_people(ctx.repo, question)

    def render(t: Translator) -> str:
        return t("{code} is reopened: the asker says the answer did not resolve it. Their comment:\n{comment}\nNew "
                 "due date: {date}.").format(code=question.code, comment=comment, date=t.date(question.due_on))

    for person_id in people:
        await ctx.notify(person_id, "ticket.reopen", render, commune_id=question.commune_id,
                         buttons=lambda t: [[Button(question.code, QUESTION.build(id=question.id))]])


async def _own_answered(ctx: Context, question_id: int, lock: bool = False) -> Any:
    question = await ctx.repo.get_question(question_id, lock=lock)
    if question is None or ctx.person is None or question.asker_id != ctx.person.id:
        raise NotFound(ctx.t("That question was not found."))
    if question.state != TicketState.ANSWERED:
        raise InvalidInput(ctx.t("{code} is not waiting for your view any more; nothing was changed.")
                           .format(code=question.code))
    return question
