"""A department's side of preparing a session: the questions assigned to it, the last day for its prepared
answers, and typing one. A prepared answer is kept for the chair to read at the meeting; the resident hears the
answer given there and the conclusion, never this draft by itself."""
from __future__ import annotations

from typing import Any

from handlers.commune.topics import topic_label
from handlers.conversation.access import Role, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotFound
from handlers.conversation.events import ButtonPressed, TextMessage
from handlers.conversation.replies import Button, Reply
from handlers.conversation.states import IDLE
from handlers.conversation.text import MAX_NOTE_CHARS, normalise
from handlers.preparation.buttons import PREPARE_ANSWER
from handlers.preparation.plan import plan_of
from handlers.preparation.rules import CLOSED, Step
from handlers.preparation.states import State

PREVIEW = 300


def _ours(questions: list[Any], department_code: str | None) -> list[Any]:
    return [q for q in questions if department_code and q.department_code == department_code
            and q.state not in CLOSED]


async def department_view(ctx: Context, session: Any) -> list[Reply]:
    """The officer's department's questions of the session, each with its prepared answer or a button to type it."""
    t, member = ctx.t, membership(ctx, {Role.OFFICER})
    plan = await plan_of(ctx.repo, session, ctx.now)
    ours = _ours(plan.questions, member.department_code)
    name = await ctx.repo.department_name(session.commune_id, member.department_code)
    due = plan.item(Step.ANSWERS).due
    head = t("Session #{id} ({title}), {when}. Questions assigned to {department}: {n}. Prepared answers no later "
             "than {due}.").format(id=session.id, title=session.title, when=t.datetime(session.starts_at),
                                   department=name, n=len(ours), due=t.date(due))
    if not ours:
        return [Reply(head)]
    lines, buttons = [head], []
    for q in ours:
        text = q.text if len(q.text) <= PREVIEW else q.text[:PREVIEW] + "…"
        lines.append(f"\n{q.code} · {topic_label(q.topic, t)}: {text}")
        prepared = plan.prepared.get(q.id)
        lines.append(t("Prepared answer: {text}").format(text=prepared.text) if prepared
                     else t("Prepared answer: not yet"))
        buttons.append([Button(t("✍️ Prepare the answer to {code}").format(code=q.code), PREPARE_ANSWER.build(id=q.id))])
    return [ctx.reply("\n".join(lines), buttons)]


async def _own_question(ctx: Context, question_id: int) -> tuple[Any, Any]:
    """The question, when it is of the officer's department and its session is still being prepared."""
    member = membership(ctx, {Role.OFFICER})
    question = await ctx.repo.get_question(question_id)
    if question is None or question.commune_id != member.commune_id or question.session_id is None \
            or question.department_code != member.department_code or question.state in CLOSED:
        raise NotFound(ctx.t("That question was not found."))
    session = await ctx.repo.get_session(question.session_id)
    if session is None or session.state not in ("announced", "intake_closed") or session.starts_at <= ctx.now:
        raise InvalidInput(ctx.t("That session is no longer being prepared."))
    return question, session


async def answer_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    question, _ = await _own_question(ctx, PREPARE_ANSWER.of(event).id)
    ctx.go(State.ANSWER, question_id=question.id)
    return [Reply(ctx.t("Please type the prepared answer to {code}. The chairperson reads it at the session; it is "
                        "not sent to the resident. /cancel to stop.").format(code=question.code))]


async def answer_entered(event: TextMessage, ctx: Context) -> list[Reply]:
    question, session = await _own_question(ctx, int(ctx.data.get("question_id", -1)))
    text = normalise(event.text)
    if not text or len(text) > MAX_NOTE_CHARS:
        raise InvalidInput(ctx.t("Please type the prepared answer in at most {limit} characters, or send /cancel.")
                           .format(limit=MAX_NOTE_CHARS))
    await ctx.repo.save_prepared_answer(question.id, text, ctx.person.id, ctx.now)
    ctx.go(IDLE)
    saved = ctx.t("Saved: the prepared answer to {code}, for the chairperson.").format(code=question.code)
    return [Reply(saved)] + await department_view(ctx, session)


async def prepared_text(ctx: Context, session: Any) -> str:
    """Every prepared answer of the session, by question, for those who run the meeting."""
    t, plan = ctx.t, await plan_of(ctx.repo, session, ctx.now)
    owed = [q for q in plan.questions if q.department_code and q.state not in CLOSED]
    if not owed:
        return t("No question of this session is assigned to a department yet.")
    lines = [t("Prepared answers for session #{id}:").format(id=session.id)]
    for q in owed:
        name = await ctx.repo.department_name(session.commune_id, q.department_code)
        prepared = plan.prepared.get(q.id)
        text = q.text if len(q.text) <= PREVIEW else q.text[:PREVIEW] + "…"
        lines.append(f"\n{q.code} · {name}: {text}")
        lines.append(t("Prepared answer: {text}").format(text=prepared.text) if prepared
                     else t("Prepared answer: not yet"))
    return "\n".join(lines)
