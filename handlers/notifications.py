"""Messages to an asker when their question changes, queued in the same transaction as the change."""
from __future__ import annotations

from typing import Any

from handlers.buttons import MY_TICKET
from handlers.context import Context
from handlers.followup import feedback_buttons
from handlers.i18n import Translator
from handlers.replies import Button
from handlers.tickets import Action


async def tell_asker(ctx: Context, question: Any, action: Action) -> None:
    department = await ctx.repo.department_name(question.commune_id, question.department_code)
    merged = await ctx.repo.get_question(question.merged_into_id) if question.merged_into_id else None

    def render(t: Translator) -> str:
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
                            "the outcome of {other}.").format(code=code, other=merged.code if merged else "?"),
        }
        return texts[action]

    def buttons(t: Translator) -> list[list[Button]]:
        rows = feedback_buttons(question, t) if action is Action.ANSWER else []
        return rows + [[Button(t("Open {code}").format(code=question.code), MY_TICKET.build(id=question.id))]]

    await ctx.notify(question.asker_id, f"ticket.{action.value}", render, commune_id=question.commune_id,
                     buttons=buttons)

    def render_for_supporter(t: Translator) -> str:
        return t("About question {code}, which you also asked (“me too”):").format(code=question.code) + "\n" + \
            render(t)

    for person_id in await ctx.repo.supporters_of(question.id):
        await ctx.notify(person_id, f"ticket.{action.value}", render_for_supporter, commune_id=question.commune_id)
