"""Messages to an asker when their question changes, queued in the same transaction as the change.

Who reads what: the asker gets the text staff wrote (the staff prompt says so); so do the askers of questions
staff joined into this one (the prompt names them too). A "me too" supporter gets the kind of outcome and its date
in general words; in an online session in progress the answer is public and reaches every follower
(Law 72/2025 Art. 43), with the question's field but not the asker's words."""
from __future__ import annotations

from typing import Any

from handlers.commune.topics import topic_label
from handlers.conclusions.views import feedback_buttons
from handlers.conversation.context import Context
from handlers.conversation.i18n import Translator
from handlers.conversation.replies import Button
from handlers.questions.buttons import MY_TICKET
from handlers.questions.rules import Action
from handlers.questions.supporters import supporter_news
from handlers.sessions.rules import SessionState


async def tell_asker(ctx: Context, question: Any, action: Action) -> None:
    department = await ctx.repo.department_name(question.commune_id, question.department_code)
    merged = await ctx.repo.get_question(question.merged_into_id) if question.merged_into_id else None
    merged_code = merged.code if merged else ""

    def render(t: Translator) -> str:
        return asker_news(question, action, department, merged_code, t)

    def buttons(t: Translator) -> list[list[Button]]:
        rows = feedback_buttons(question, t) if action is Action.ANSWER else []
        return rows + [[Button(t("Open {code}").format(code=question.code), MY_TICKET.build(id=question.id))]]

    kind = f"ticket.{action.value}"
    await ctx.notify(question.asker_id, kind, render, commune_id=question.commune_id, buttons=buttons)
    joined = [p for p in await ctx.repo.merged_askers(question.id) if p != question.asker_id]

    def render_for_joined(t: Translator) -> str:
        return t("About question {code}, which your question was joined with:").format(code=question.code) + \
            "\n" + render(t)

    for person_id in joined:
        await ctx.notify(person_id, kind, render_for_joined, commune_id=question.commune_id)
    if action is Action.ANSWER and await public_session(ctx, question) is not None:
        return  # the answer is public: every follower, supporters included, is told it (tell_followers, below)
    for person_id in await ctx.repo.supporters_of(question.id):
        if person_id not in joined and person_id != question.asker_id:
            await ctx.notify(person_id, kind, lambda t: supporter_news(question, action, department, merged_code, t),
                             commune_id=question.commune_id)


def asker_news(question: Any, action: Action, department: str, merged_code: str, t: Translator) -> str:
    """The change in the words staff wrote for the asker."""
    code = question.code
    texts = {
        Action.ASSIGN: t("Your question {code} has been passed to {department}. Expected answer by {date}.")
        .format(code=code, department=department, date=t.date(question.due_on)),
        Action.ANSWER: t("Your question {code} has been answered:\n\n{answer}")
        .format(code=code, answer=question.answer) + "\n\n" + t("Did this answer resolve your question?"),
        Action.DECLINE: t("Your question {code} was not taken up. Reason: {reason}")
        .format(code=code, reason=question.decline_reason),
        Action.FORWARD: t("Your question {code} is beyond the commune's authority and has been forwarded to "
                          "{body}. You will be told of the answer.").format(code=code, body=question.forwarded_to),
        Action.MERGE: t("Your question {code} asks the same as {other}, so the two were joined. You will be told "
                        "the outcome of {other}.").format(code=code, other=merged_code or "?"),
    }
    return texts[action]


async def readers_note(ctx: Context, question: Any, action: Action) -> str:
    """What the staff prompt adds about who else reads the text typed for the asker (empty when nobody)."""
    t, lines = ctx.t, []
    if action is Action.ANSWER and await public_session(ctx, question) is not None:
        lines.append(t("This session is online, so the answer is public: everyone following the session receives "
                       "it too, with the question's field but without the asker's name or words."))
    joined = [p for p in await ctx.repo.merged_askers(question.id) if p != question.asker_id]
    if joined and action in (Action.ANSWER, Action.DECLINE, Action.FORWARD):
        lines.append(t("The askers of the questions joined into it receive it too ({n}).").format(n=len(joined)))
    return "".join("\n" + line for line in lines)


async def public_session(ctx: Context, question: Any) -> Any | None:
    """The question's session when its answers are public: online and in progress; else None."""
    session = await ctx.repo.get_session(question.session_id)
    if session is None or not session.online or session.state != SessionState.IN_PROGRESS:
        return None
    return session


async def tell_followers(ctx: Context, question: Any) -> None:
    """After an answer in an online session in progress: the public answer to every follower not already told.

    The answer is public (the staff prompt says so); the asker's own words and name are not: followers get the
    question's field with the answer."""
    session = await public_session(ctx, question)
    if session is None:
        return
    already = {question.asker_id, *await ctx.repo.merged_askers(question.id)}

    def render(t: Any) -> str:
        return t("Online dialogue “{title}” — the chairperson answered {code} ({topic}):\n{answer}").format(
            title=session.title, code=question.code, topic=topic_label(question.topic, t), answer=question.answer)

    for person_id in await ctx.repo.session_followers(session.id):
        if person_id not in already:
            await ctx.notify(person_id, "session.answer", render, commune_id=session.commune_id)
