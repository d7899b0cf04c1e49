"""Finding a question a staffer may see, within their commune and their scope."""
from __future__ import annotations

from typing import Any, Callable

from handlers.context import Context
from handlers.errors import NotAllowed, NotFound
from handlers.complaint_rules import RECEPTION_KINDS
from handlers.permissions import MANAGERS, Role, may_view_queue, may_view_reception


def require_staff(ctx: Context) -> Any:
    """The staffer's first membership; NotAllowed for residents."""
    if not ctx.staff:
        raise NotAllowed(ctx.t("Sorry, this command is only for commune staff."))
    return ctx.staff[0]


def in_scope(member: Any, question: Any) -> bool:
    """May this membership see the question? Complaints and denunciations only at the reception desk; a village
    head only their own village's questions (a head with no village sees none, never the whole commune)."""
    if member.commune_id != question.commune_id:
        return False
    if question.kind in RECEPTION_KINDS:
        return may_view_reception({member.role})
    if member.role in MANAGERS:
        return True
    if member.role == Role.OFFICER:
        return question.department_code == member.department_code
    if member.role == Role.VILLAGE_HEAD:
        return member.village_id is not None and question.village_id == member.village_id
    return False


def require_queue(ctx: Context) -> Any:
    """The membership the question queue is seen through; NotAllowed for residents and roles without a queue."""
    require_staff(ctx)
    members = [m for m in ctx.staff if may_view_queue({m.role})]
    if not members:
        raise NotAllowed(ctx.t("Sorry, your role does not include the question queue."))
    member = sorted(members, key=lambda m: m.role not in MANAGERS)[0]
    if member.role == Role.VILLAGE_HEAD and member.village_id is None:
        raise NotAllowed(ctx.t("Your village head role has no village yet. Please ask the commune office for a new "
                               "invitation that names your village."))
    return member


def require_role(ctx: Context, allowed: Callable[[set[str]], bool], refusal: str) -> Any:
    """The first membership whose role passes a permission rule; NotAllowed with the refusal otherwise."""
    for member in ctx.staff:
        if allowed({member.role}):
            return member
    raise NotAllowed(refusal)


def scoped_member(ctx: Context, question: Any) -> Any:
    """The membership that lets this staffer see the question; NotFound otherwise (no hint it exists)."""
    require_staff(ctx)
    members = sorted((m for m in ctx.staff if in_scope(m, question)), key=lambda m: m.role not in MANAGERS)
    if not members:
        raise NotFound(ctx.t("No question with that code was found in your queue."))
    return members[0]


async def question_for_staff(ctx: Context, question_id: int, *, lock: bool = False) -> tuple[Any, Any]:
    question = await ctx.repo.get_question(question_id, lock=lock)
    if question is None:
        require_staff(ctx)
        raise NotFound(ctx.t("No question with that code was found in your queue."))
    return question, scoped_member(ctx, question)


async def question_by_code_for_staff(ctx: Context, code: str) -> tuple[Any, Any]:
    require_staff(ctx)
    for commune_id in dict.fromkeys(m.commune_id for m in ctx.staff):
        question = await ctx.repo.question_by_code(commune_id, code)
        if question is not None:
            return question, scoped_member(ctx, question)
    raise NotFound(ctx.t("No question with that code was found in your queue."))


def require_manager(ctx: Context) -> Any:
    """The staffer's chair, secretary or admin membership; NotAllowed for everyone else."""
    for member in ctx.staff:
        if member.role in MANAGERS:
            return member
    raise NotAllowed(ctx.t("Sorry, only the chairperson or the secretary can do this."))
