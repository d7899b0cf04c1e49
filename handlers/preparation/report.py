"""The report to the Party committee and the People's Council before the session (seed 003: five days before): the
questions gathered so far by field and by village, counts only, to every holder of the `council` and `party`
roles. Sending it marks the step done."""
from __future__ import annotations

from typing import Any

from handlers.commune.reminders import rows_to
from handlers.conversation.access import Role
from handlers.conversation.context import Context
from handlers.conversation.replies import Reply
from handlers.preparation.rules import Step
from handlers.preparation.views import report_text


async def send_report(ctx: Context, session: Any) -> list[Reply]:
    t = ctx.t
    receivers = await ctx.repo.staff_with_role(session.commune_id, [Role.COUNCIL, Role.PARTY])
    if not receivers:
        return [Reply(t("Nobody holds the People's Council or Party committee role in this commune yet, so the "
                        "report was not sent. Ask the administrator to invite them first."))]
    counts = await ctx.repo.question_counts(session.id)
    names = await ctx.repo.village_names(session.commune_id)
    rows = await rows_to(ctx.repo, receivers, "prepare.report", session.commune_id,
                         lambda tr: report_text(session, session.title, counts, names, tr))
    if not rows:
        return [Reply(t("The People's Council and Party committee members have no chat with the assistant yet, so "
                        "the report was not sent."))]
    if not await ctx.repo.mark_step_done(session.id, Step.REPORT.value, ctx.person.id):
        return [Reply(t("The pre-session report was already sent."))]
    await ctx.repo.enqueue_many(rows)
    ctx.queued = True
    return [Reply(t("The pre-session report was sent to {n} people of the People's Council and the Party "
                    "committee.").format(n=len(rows)))]
