"""Finding a question a staffer may see, within their commune and their scope (the route's gate has checked their
role)."""
from __future__ import annotations

from typing import Any

from handlers.conversation.access import MANAGERS, QUEUE, Role, may_view_reception, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import NotAllowed, NotFound
from handlers.questions.complaint_rules import RECEPTION_KINDS


def in_scope(member: Any, question: Any) -> bool:
    """May this membership see the question? Complaints and denunciations only at the reception desk; a village
    head only their own village's questions (a head with no village sees none, never the whole commune); the support
    team every question of its commune (never a complaint or a denunciation)."""
    if member.commune_id != question.commune_id:
        return False
    if question.kind in RECEPTION_KINDS:
        return sees_reception_item(member, question)
    if member.role in MANAGERS:
        return True
    if member.role == Role.OFFICER:
        return question.department_code == member.department_code
    if member.role == Role.VILLAGE_HEAD:
        return member.village_id is not None and question.village_id == member.village_id
    return member.role == Role.SUPPORT  # the support team consolidates the commune's questions


def sees_reception_item(member: Any, question: Any) -> bool:
    """The reception desk sees complaints and denunciations, but the chair never sees a denunciation of the chair
    (it goes to the higher level)."""
    if getattr(question, "against_chair", False) and member.role == Role.CHAIR:
        return False
    return may_view_reception({member.role})


def require_queue(ctx: Context) -> Any:
    """The membership the question queue is seen through; NotAllowed for a village head with no village yet."""
    queue_member = membership(ctx, QUEUE)
    if queue_member.role == Role.VILLAGE_HEAD and queue_member.village_id is None:
        raise NotAllowed(ctx.t("Your village head role has no village yet. Please ask the commune office for a new "
                               "invitation that names your village."))
    return queue_member


def scoped_member(ctx: Context, question: Any) -> Any:
    """The membership that lets this staffer see the question; NotFound otherwise (no hint it exists)."""
    members = sorted((m for m in ctx.staff if in_scope(m, question)), key=lambda m: m.role not in MANAGERS)
    if not members:
        raise NotFound(ctx.t("No question with that code was found in your queue."))
    return members[0]


async def question_for_staff(ctx: Context, question_id: int, *, lock: bool = False) -> tuple[Any, Any]:
    question = await ctx.repo.get_question(question_id, lock=lock)
    if question is None:
        raise NotFound(ctx.t("No question with that code was found in your queue."))
    return question, scoped_member(ctx, question)


async def question_by_code_for_staff(ctx: Context, code: str) -> tuple[Any, Any]:
    for commune_id in dict.fromkeys(m.commune_id for m in ctx.staff):
        question = await ctx.repo.question_by_code(commune_id, code)
        if question is not None:
            return question, scoped_member(ctx, question)
    raise NotFound(ctx.t("No question with that code was found in your queue."))
