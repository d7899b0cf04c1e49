"""Complaints and denunciations: flagged at intake, reclassified by staff, routed to the citizen reception desk."""
from __future__ import annotations

from typing import Any

from handlers.conversation.access import RECEPTION, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput
from handlers.conversation.events import Command, Event
from handlers.conversation.i18n import Translator
from handlers.conversation.replies import Button, Reply
from handlers.questions.access import question_by_code_for_staff
from handlers.questions.buttons import QUESTION
from handlers.questions.complaint_rules import RECEPTION_KINDS, Kind, classify
from handlers.questions.rules import parse_code


def procedure(kind: str, t: Translator) -> str:
    """What the resident must know about the procedure their submission follows."""
    if kind == Kind.COMPLAINT:
        return t("This looks like a complaint (khiếu nại) about an administrative decision or action. Complaints "
                 "follow the Law on Complaints, not the dialogue session, so it has been passed to the commune's "
                 "citizen reception desk. The desk must tell you within 10 days whether it accepts it, and resolve "
                 "it within 30 days (45 if complex). Please keep copies of the decision and your papers.")
    if kind == Kind.DENUNCIATION:
        return t("This looks like a denunciation (tố cáo) of a violation. Denunciations follow the Law on "
                 "Denunciations: they must carry your real full name and address, and anonymous ones are not handled "
                 "as denunciations. It has been passed to the commune's citizen reception desk, which will tell you "
                 "how to file it.")
    return t("It will be handled as a question for the dialogue session.")


async def flag_on_intake(ctx: Context, question: Any) -> str:
    """Route a new submission that looks like a complaint or denunciation to reception; the text to tell."""
    kind = classify(question.text)
    if kind not in RECEPTION_KINDS:
        return ""
    await _set_kind(ctx, question, kind, actor_id=None)
    return procedure(kind, ctx.t)


async def _set_kind(ctx: Context, question: Any, kind: str, actor_id: int | None) -> None:
    await ctx.repo.record_transition(question, action="classify", to_state=question.state, actor_id=actor_id,
                                     note=kind, now=ctx.now, kind=kind,
                                     session_id=None if kind in RECEPTION_KINDS else question.session_id)


async def reclassify(event: Command, ctx: Context) -> list[Reply]:
    """/reclassify CODE question|complaint|denunciation (chair or secretary); the asker is told the procedure."""
    raw_code, _, raw_kind = event.args.strip().partition(" ")
    kinds = {k.value for k in Kind}
    if not parse_code(raw_code) or raw_kind.strip() not in kinds:
        raise InvalidInput(ctx.t("Please write: /reclassify TT-0042 question, complaint or denunciation"))
    question, _ = await question_by_code_for_staff(ctx, parse_code(raw_code))
    await _set_kind(ctx, question, raw_kind.strip(), actor_id=ctx.person.id)
    await ctx.notify(question.asker_id, "ticket.classify", lambda t: t("About your question {code}:").format(
        code=question.code) + "\n" + procedure(question.kind, t), commune_id=question.commune_id)
    return [Reply(ctx.t("{code} is now handled as: {kind}. The asker was told the procedure.").format(
        code=question.code, kind=raw_kind.strip()))]


async def show_reception(event: Event, ctx: Context) -> list[Reply]:
    """/reception: complaints and denunciations waiting at the citizen reception desk."""
    desk = membership(ctx, RECEPTION)  # the chair's or secretary's: not the technical administrator's
    rows = await ctx.repo.reception_questions(desk.commune_id, [k.value for k in RECEPTION_KINDS])
    if not rows:
        return [Reply(ctx.t("No complaints or denunciations are waiting at the reception desk."))]
    lines = [ctx.t("At the reception desk ({n}):").format(n=len(rows))]
    lines += [f"{q.code} · {q.kind}" for q in rows]
    return [ctx.reply("\n".join(lines), [[Button(q.code, QUESTION.build(id=q.id))] for q in rows[:20]])]
