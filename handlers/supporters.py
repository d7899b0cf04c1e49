""""Me too" (Tôi cũng hỏi vậy): suggesting questions that say the same, and supporting one instead of asking."""
from __future__ import annotations

from typing import Any

from handlers.buttons import ME_TOO
from handlers.context import Context
from handlers.errors import NotAllowed, NotFound
from handlers.events import ButtonPressed
from handlers.policy import policy_int
from handlers.replies import Button, Reply
from handlers.similarity import similar
from handlers.states import State
from handlers.tickets import OPEN_STATES

PREVIEW_CHARS = 120


async def suggestions(ctx: Context, session_id: int | None, text: str) -> tuple[list[str], list[tuple[Button]]]:
    """Lines and "me too" buttons for open questions of the same session that say the same as text."""
    if not session_id:
        return [], []
    questions = await ctx.repo.session_questions(session_id, [str(s) for s in OPEN_STATES])
    min_score = policy_int(await ctx.repo.policy_values(ctx.person.commune_id), "similar.min_score")
    by_id = {q.id: q for q in questions}
    found = [by_id[i] for i in similar(text, ((q.id, q.text) for q in questions), min_score)]
    if not found:
        return [], []
    t = ctx.t
    lines = ["", t("Questions already sent to this session that may say the same:")]
    lines += [f"• {q.code}: {preview(q.text)}" for q in found]
    lines.append(t("If one of them is yours too, press “Me too” instead of sending a new question."))
    rows = [(Button(t("🙋 Me too: {code}").format(code=q.code), ME_TOO.build(id=q.id)),) for q in found]
    return lines, rows


def preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_CHARS else flat[:PREVIEW_CHARS - 1] + "…"


async def support_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """Add the person as a supporter of an open question of their commune; their draft question is dropped."""
    question = await _supportable(ctx, ME_TOO.of(event).id)
    if question.asker_id == ctx.person.id:
        raise NotAllowed(ctx.t("{code} is your own question, so you will be told its outcome anyway.").format(
            code=question.code))
    if not await ctx.repo.add_supporter(question.id, ctx.person.id):
        raise NotAllowed(ctx.t("You already support {code}.").format(code=question.code))
    if ctx.state in (State.ASK_TEXT, State.ASK_REVIEW):
        ctx.go(State.IDLE)
    count = len(await ctx.repo.supporters_of(question.id)) + 1
    text = ctx.t("Thank you. You now support {code}: {n} people have asked this. You will be told its outcome, "
                 "just like the asker. Your draft question was not sent.").format(code=question.code, n=count)
    return [Reply(text, edit=True)]


async def _supportable(ctx: Context, question_id: int) -> Any:
    question = await ctx.repo.get_question(question_id)
    if question is None or question.commune_id != ctx.person.commune_id:
        raise NotFound(ctx.t("This button is no longer active."))
    if question.state not in OPEN_STATES:
        raise NotAllowed(ctx.t("{code} has already been dealt with; send /ask if you have a new question.").format(
            code=question.code))
    return question
