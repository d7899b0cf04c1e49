"""The chair's preparation checklist of a session (/prepare, or 📋 on the session card): each step, its last day,
owner and status; owners mark their steps done; the review of open submissions; prepared answers read back."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers.conversation.access import Role, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotAllowed, NotFound
from handlers.conversation.events import ButtonPressed, Command
from handlers.conversation.i18n import VIETNAM
from handlers.conversation.replies import Button, Reply
from handlers.preparation import department, report
from handlers.preparation.buttons import PREPARE, PREPARE_DONE
from handlers.preparation.plan import Plan, plan_of
from handlers.preparation.rules import CLOSED, RULES, Status, Step
from handlers.preparation.views import done_label, review_text, step_line

CHECKLIST = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARY, Role.SUPPORT})
REVIEWERS = frozenset({Role.CHAIR, Role.SECRETARY})  # the open submissions' codes (seeds 002, 003)
READERS = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARY})  # prepared answers, read at the meeting


async def prepare_command(event: Command, ctx: Context) -> list[Reply]:
    """/prepare [session]: the checklist for those who run the session, the department's questions for an
    officer."""
    member = membership(ctx)
    session = await session_for(ctx, member.commune_id, event.args.strip())
    if not ctx.roles & CHECKLIST:
        return await department.department_view(ctx, session)
    return [await checklist_reply(ctx, session)]


async def session_for(ctx: Context, commune_id: int, arg: str) -> Any:
    """The session named by its number, else the commune's next one being prepared."""
    if not arg:
        coming = await ctx.repo.sessions_preparing(ctx.now, commune_id)
        if not coming:
            raise NotFound(ctx.t("No announced session is coming up. Plan one with /newsession."))
        return coming[0]
    number = arg.lstrip("#")
    if not number.isascii() or not number.isdigit() or len(number) > 9:
        raise InvalidInput(ctx.t("Please give the session's number, for example /prepare 12."))
    return await own_session(ctx, int(number))


async def own_session(ctx: Context, session_id: int) -> Any:
    session = await ctx.repo.get_session(session_id)
    if session is None or session.commune_id not in {m.commune_id for m in ctx.staff}:
        raise NotFound(ctx.t("That session was not found."))
    return session


async def checklist_reply(ctx: Context, session: Any, edit: bool = False) -> Reply:
    t, plan = ctx.t, await plan_of(ctx.repo, session, ctx.now)
    lines = [t("Preparation of session #{id} ({title}), {when}:").format(
        id=session.id, title=session.title, when=t.datetime(session.starts_at))]
    for number, item in enumerate(plan.items, 1):
        lines.append(step_line(number, item.rule.step, item.due, item.status, t, _extra(plan, item.rule.step, t)))
    return ctx.reply("\n".join(lines), _buttons(ctx, plan), edit=edit)


def _extra(plan: Plan, step: Step, t: Any) -> str:
    if step != Step.ANSWERS:
        return ""
    owed = [q for q in plan.questions if q.department_code and q.state not in CLOSED]
    ready = sum(1 for q in owed if q.id in plan.prepared or q.state == "answered")
    return t("{ready} of {n} questions assigned to departments have an answer ready").format(ready=ready,
                                                                                            n=len(owed))


def _buttons(ctx: Context, plan: Plan) -> list[list[Button]]:
    t, session, rows = ctx.t, plan.session, []
    for item in plan.items:
        step = item.rule.step
        if item.status == Status.DONE or not item.rule.marked or step == Step.REPORT:
            continue
        if ctx.roles & set(item.rule.owners):
            rows.append([Button(done_label(step, t), PREPARE_DONE.build(id=session.id, step=step.value))])
    if ctx.roles & REVIEWERS:
        rows.append([Button(t("📂 Open petitions and complaints"), PREPARE.build(verb="review", id=session.id))])
    if ctx.roles & READERS:
        rows.append([Button(t("📖 Prepared answers"), PREPARE.build(verb="read", id=session.id))])
    if Role.CHAIR in ctx.roles and plan.item(Step.REPORT).status != Status.DONE:
        rows.append([Button(t("📨 Send the pre-session report"), PREPARE.build(verb="send", id=session.id))])
    return rows


async def prepare_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    pressed = PREPARE.of(event)
    session = await own_session(ctx, pressed.id)
    if not ctx.roles & CHECKLIST:
        raise NotAllowed(ctx.t("Sorry, only the chairperson, the secretary or the support team can do this."))
    if pressed.verb == "open":
        return [await checklist_reply(ctx, session)]
    if pressed.verb == "review":
        return [_review(ctx, session, await _open_since(ctx, session))]
    if pressed.verb == "read":
        _need(ctx, READERS)
        return [Reply(await department.prepared_text(ctx, session))]
    _need(ctx, {Role.CHAIR})
    return await report.send_report(ctx, session) + [await checklist_reply(ctx, session)]


async def done_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    pressed = PREPARE_DONE.of(event)
    session = await own_session(ctx, pressed.id)
    rule = RULES[Step(pressed.step)]
    if not rule.marked or rule.step == Step.REPORT:
        return [Reply(ctx.t("This button is no longer active."))]
    _need(ctx, set(rule.owners))
    await ctx.repo.mark_step_done(session.id, rule.step.value, ctx.person.id)
    return [await checklist_reply(ctx, session)]


def _need(ctx: Context, roles: set[str] | frozenset[str]) -> None:
    if not ctx.roles & set(roles):
        raise NotAllowed(ctx.t("Sorry, this step is not yours to do."))


async def _open_since(ctx: Context, session: Any) -> list[tuple[str, str]]:
    return await ctx.repo.open_submissions_since(session.commune_id, start_of_year(session.starts_at))


def _review(ctx: Context, session: Any, rows: list[tuple[str, str]]) -> Reply:
    _need(ctx, REVIEWERS)
    return Reply(review_text(rows, start_of_year(session.starts_at).date(), ctx.t))


def start_of_year(moment: datetime) -> datetime:
    return datetime(moment.astimezone(VIETNAM).year, 1, 1, tzinfo=VIETNAM)
