""""Me too" (Tôi cũng hỏi vậy): suggesting questions that say the same, and supporting one instead of asking."""
from __future__ import annotations

from typing import Any

from handlers.commune.policy import policy_int
from handlers.conversation.context import Context
from handlers.conversation.errors import NotAllowed, NotFound
from handlers.conversation.events import ButtonPressed
from handlers.conversation.i18n import Translator
from handlers.conversation.replies import Button, Reply
from handlers.conversation.states import IDLE
from handlers.questions.buttons import ME_TOO
from handlers.questions.rules import OPEN_STATES, WRITTEN_ANSWER_STATES, Action
from handlers.questions.similarity import similar
from handlers.questions.states import State
from handlers.questions.views import preview

OFFERED = "offered"  # conversation data: the question ids this person's review offered "me too" for
REVIEW_STATES = (State.ASK_TEXT, State.ASK_REVIEW)


async def suggestions(ctx: Context, session_id: int | None, text: str) -> tuple[list[str], list[tuple[Button]]]:
    """Lines and "me too" buttons for open questions of the same session that say the same as text.

    The ids offered are kept in the conversation's data: "me too" is accepted only for them (a forged button
    naming another question is stale)."""
    ctx.data[OFFERED] = []
    if not session_id:
        return [], []
    questions = await ctx.repo.session_questions(session_id, [str(s) for s in OPEN_STATES])
    min_score = policy_int(await ctx.repo.policy_values(ctx.person.commune_id), "similar.min_score")
    by_id = {q.id: q for q in questions}
    found = [by_id[i] for i in similar(text, ((q.id, q.text) for q in questions), min_score)]
    ctx.data[OFFERED] = [q.id for q in found]
    if not found:
        return [], []
    t = ctx.t
    lines = ["", t("Questions already sent to this session that may say the same:")]
    lines += [f"• {q.code}: {preview(q.text)}" for q in found]
    lines.append(t("If one of them is yours too, press “Me too” instead of sending a new question: you will be "
                   "told how it is dealt with, and the answer itself goes to the person who asked it."))
    rows = [(Button(t("🙋 Me too: {code}").format(code=q.code), ME_TOO.build(id=q.id)),) for q in found]
    return lines, rows


async def support_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """Add the person as a supporter of an open question of their commune; their draft question is dropped."""
    question = await _supportable(ctx, ME_TOO.of(event).id)
    if question.asker_id == ctx.person.id:
        raise NotAllowed(ctx.t("{code} is your own question, so you will be told its outcome anyway.").format(
            code=question.code))
    if not await ctx.repo.add_supporter(question.id, ctx.person.id):
        raise NotAllowed(ctx.t("You already support {code}.").format(code=question.code))
    ctx.go(IDLE)
    count = len(await ctx.repo.supporters_of(question.id)) + 1
    text = ctx.t("Thank you. You now support {code}: {n} people have asked this. You will be told how it is "
                 "dealt with; the answer itself goes to the person who asked it. Your draft question was not sent."
                 ).format(code=question.code, n=count)
    return [Reply(text, edit=True)]


async def _supportable(ctx: Context, question_id: int) -> Any:
    offered = ctx.data.get(OFFERED, []) if ctx.state in REVIEW_STATES else []
    question = await ctx.repo.get_question(question_id) if question_id in offered else None
    if question is None or question.commune_id != ctx.person.commune_id:
        raise NotFound(ctx.t("This button is no longer active."))
    if question.state not in OPEN_STATES:
        raise NotAllowed(ctx.t("{code} has already been dealt with; send /ask if you have a new question.").format(
            code=question.code))
    return question


def supporter_news(question: Any, action: Action, department: str, merged_code: str, t: Translator) -> str:
    """What a "me too" supporter is told of a change: its kind and date, never the text staff wrote to the asker."""
    code = question.code
    texts = {
        Action.ASSIGN: t("Question {code}, which you also asked, has been passed to {department}. Expected answer "
                         "by {date}.").format(code=code, department=department, date=t.date(question.due_on)),
        Action.ANSWER: t("Question {code}, which you also asked, has been answered. The commune's answer has been "
                         "sent to the person who asked it.").format(code=code),
        Action.DECLINE: t("Question {code}, which you also asked, was not taken up. The reason has been sent to the "
                          "person who asked it.").format(code=code),
        Action.FORWARD: t("Question {code}, which you also asked, is beyond the commune's authority and has been "
                          "forwarded to the competent body.").format(code=code),
        Action.MERGE: t("Question {code}, which you also asked, was joined with {other}, which asks the same. You "
                        "will be told what becomes of {other}.").format(code=code, other=merged_code or "?"),
    }
    return texts[action]


def supporter_lines(question: Any, department: str, t: Translator) -> list[str]:
    """A supported question in /mytickets: its state, department and due date; the answer is the asker's."""
    lines = [t("Department: {name}").format(name=department)] if department else []
    if question.due_on and question.state in WRITTEN_ANSWER_STATES:
        lines.append(t("Expected answer by: {date}").format(date=t.date(question.due_on)))
    return lines
