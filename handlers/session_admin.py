"""Staff side of sessions: the draft card, edits, announcing (lead-time rule), state changes, /sessions, /reach."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers.announcing import announce, audience_size
from handlers.buttons import SESSION, SESSION_CALENDAR, SESSION_DO, SESSION_EDIT
from handlers.context import Context
from handlers.errors import InvalidInput, NotFound
from handlers.events import ButtonPressed, Command, Event, TextMessage
from handlers.planning import ask_co_organisers, ask_theme, ask_venue, ask_villages, ask_when, require_manager
from handlers.policy import load_session_policy
from handlers.replies import Button, Reply
from handlers.session_rules import SessionState, actions_from, default_intake_close, lead_time, next_session_state
from handlers.session_view import action_name, card, state_name, title_of
from handlers.states import State
from handlers.text import normalise, row_number

EDITS = {"when": ask_when, "venue": ask_venue, "theme": ask_theme, "villages": ask_villages,
         "co": ask_co_organisers}
MIN_REASON = 10


async def save_draft(ctx: Context) -> list[Reply]:
    """Store the draft being built or edited, then show its card."""
    require_manager(ctx)
    draft = ctx.data["draft"]
    starts = datetime.fromisoformat(draft["starts_at"])
    policy = await load_session_policy(ctx.repo, draft["commune_id"])
    closes = datetime.fromisoformat(draft["intake_closes"]) if draft.get("intake_closes") else \
        default_intake_close(starts, policy)
    fields = dict(kind=draft.get("kind", "periodic"), theme=draft.get("theme", "general"), starts_at=starts,
                  venue=draft.get("venue", ""), online=bool(draft.get("online")), intake_closes_at=closes,
                  co_organisers=",".join(draft.get("co", [])))
    session_id = ctx.data.get("edit")
    if session_id is None:
        fields.update(commune_id=draft["commune_id"], state=SessionState.DRAFT, created_by=ctx.person.id)
    else:
        await _own_session(ctx, session_id, lock=True)  # still there, and still in this staffer's commune
    fields["title"] = title_of(_Draft(fields), ctx.t)[:200]
    row = await ctx.repo.save_session(session_id, draft.get("villages", []), **fields)
    ctx.go(State.IDLE)
    return [await card_reply(ctx, row)]


class _Draft:
    def __init__(self, fields: dict[str, Any]) -> None:
        self.kind, self.theme = fields["kind"], fields["theme"]


async def card_reply(ctx: Context, session: Any, edit: bool = False) -> Reply:
    t = ctx.t
    names = await _village_names(ctx, session)
    buttons: list[list[Button]] = []
    if session.state == SessionState.DRAFT:
        edits = {field: SESSION_EDIT.build(id=session.id, field=field)
                 for field in ("when", "venue", "theme", "villages")}
        buttons += [[Button(t("Edit time"), edits["when"]), Button(t("Edit venue"), edits["venue"])],
                    [Button(t("Edit theme"), edits["theme"]), Button(t("Edit villages"), edits["villages"])],
                    [Button(t("📣 Announce"), SESSION.build(verb="ann", id=session.id))]]
    else:
        buttons += [[Button(action_name(a, t), SESSION_DO.build(id=session.id, action=a.value))]
                    for a in actions_from(session.state)]
        buttons.append([Button(t("📊 Reach"), SESSION.build(verb="reach", id=session.id)),
                        Button(t("📅 Calendar"), SESSION_CALENDAR.build(id=session.id))])
    return ctx.reply(card(session, names, t), buttons, edit=edit)


async def _village_names(ctx: Context, session: Any) -> list[str]:
    names = await ctx.repo.village_names(session.commune_id)
    return [names[v] for v in await ctx.repo.session_village_ids(session) if v in names]


async def _own_session(ctx: Context, session_id: int, lock: bool = False) -> Any:
    session = await (ctx.repo.lock_session(session_id) if lock else ctx.repo.get_session(session_id))
    if session is None or session.commune_id not in {m.commune_id for m in ctx.staff}:
        raise NotFound(ctx.t("That session was not found."))
    return session


async def list_sessions(event: Event, ctx: Context) -> list[Reply]:
    """Staff: every session of their commune with its state."""
    member = require_manager(ctx)
    sessions = await ctx.repo.sessions_of(member.commune_id)
    if not sessions:
        return [Reply(ctx.t("No sessions yet. Plan one with /newsession."))]
    lines = [ctx.t("Sessions:")] + [f"#{s.id} · {ctx.t.datetime(s.starts_at)} · {state_name(s.state, ctx.t)}"
                                    for s in sessions[:20]]
    buttons = [[Button(f"#{s.id} {s.title}"[:60], SESSION.build(verb="open", id=s.id))] for s in sessions[:20]]
    return [ctx.reply("\n".join(lines), buttons)]


async def session_button(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """ss:<verb>:<session id>, ss:edit:<session id>:<field>, ss:do:<session id>:<action>"""
    require_manager(ctx)
    edit, do = SESSION_EDIT.parse(event.data), SESSION_DO.parse(event.data)
    pressed = edit or do or SESSION.of(event)
    verb = "edit" if edit else "do" if do else pressed.verb
    arg = edit.field if edit else do.action if do else ""
    session = await _own_session(ctx, pressed.id, lock=verb in ("go", "do"))
    if verb == "open":
        return [await card_reply(ctx, session)]
    if verb == "edit" and session.state == SessionState.DRAFT and arg in EDITS:
        ctx.go(State.IDLE, edit=session.id, draft=await _draft_of(ctx, session))
        if arg == "when":
            ctx.data["draft"]["intake_closes"] = None
        return await EDITS[arg](ctx)
    if verb == "ann" and session.state == SessionState.DRAFT:
        return await _confirm_announce(ctx, session)
    if verb == "ovr" and session.state == SessionState.DRAFT:
        ctx.go(State.PLAN_OVERRIDE, session_id=session.id)
        return [Reply(ctx.t("Please type the reason for announcing with short notice. It is recorded."))]
    if verb == "go" and session.state == SessionState.DRAFT:
        return await _announce_now(ctx, session, reason="")
    if verb == "do":
        return await _transition(ctx, session, arg)
    if verb == "reach":
        return [await reach_reply(ctx, session)]
    return [Reply(ctx.t("This button is no longer active."))]


async def _draft_of(ctx: Context, session: Any) -> dict[str, Any]:
    return {"commune_id": session.commune_id, "kind": session.kind, "theme": session.theme,
            "starts_at": session.starts_at.isoformat(), "venue": session.venue, "online": session.online,
            "villages": [] if session.all_villages else await ctx.repo.session_village_ids(session),
            "intake_closes": session.intake_closes_at.isoformat() if session.intake_closes_at else None,
            "co": [c for c in session.co_organisers.split(",") if c]}


async def _confirm_announce(ctx: Context, session: Any) -> list[Reply]:
    t = ctx.t
    policy = await load_session_policy(ctx.repo, session.commune_id)
    lead = lead_time(ctx.now, session.starts_at, policy)
    if lead.refused:
        text = t("The session is {days} days away; the commune's rule is to announce at least {min} days before. "
                 "You may announce anyway only with a reason, which is recorded.").format(
            days=lead.days, min=policy.lead_days_min)
        return [ctx.reply(text, [[Button(t("Announce with a reason"), SESSION.build(verb="ovr", id=session.id))]])]
    groups, residents, heads = await audience_size(ctx, session)
    lines = [t("The announcement will go to {groups} village groups, {residents} residents and {heads} village "
               "heads.").format(groups=groups, residents=residents, heads=heads)]
    if lead.warning:
        lines.append(t("⚠️ Only {days} days' notice: announcing at least {warn} days before is recommended.")
                     .format(days=lead.days, warn=policy.lead_days_warn))
    confirm = Button(t("✅ Confirm and announce"), SESSION.build(verb="go", id=session.id))
    return [ctx.reply("\n".join(lines), [[confirm]])]


async def override_reason(event: TextMessage, ctx: Context) -> list[Reply]:
    require_manager(ctx)
    reason = normalise(event.text)
    if len(reason) < MIN_REASON:
        raise InvalidInput(ctx.t("Please give the reason in a full sentence (at least {n} characters).")
                           .format(n=MIN_REASON))
    session = await _own_session(ctx, ctx.data.get("session_id", -1), lock=True)
    ctx.go(State.IDLE)
    if session.state != SessionState.DRAFT:
        return [Reply(ctx.t("This session has already been announced."))]
    return await _announce_now(ctx, session, reason=reason)


async def _announce_now(ctx: Context, session: Any, reason: str) -> list[Reply]:
    policy = await load_session_policy(ctx.repo, session.commune_id)
    if lead_time(ctx.now, session.starts_at, policy).refused and not reason:
        return await _confirm_announce(ctx, session)
    total = await announce(ctx, session, reason)
    return [Reply(ctx.t("Announced. Sending to {n} recipients; the progress is shown below.").format(n=total),
                  edit=True)]


async def _transition(ctx: Context, session: Any, action: str) -> list[Reply]:
    target = next_session_state(session.state, action)
    if target is None:
        return [Reply(ctx.t("This button is no longer active."))]
    await ctx.repo.record_session_transition(session, target, ctx.person.id)
    return [await card_reply(ctx, session, edit=True)]


async def reach(event: Command, ctx: Context) -> list[Reply]:
    require_manager(ctx)
    number = row_number(event.args)
    if number is None:
        raise InvalidInput(ctx.t("Please give the session number, e.g. /reach 3 (see /sessions)."))
    return [await reach_reply(ctx, await _own_session(ctx, number))]


async def reach_reply(ctx: Context, session: Any) -> Reply:
    t = ctx.t
    names = await ctx.repo.village_names(session.commune_id)
    per_village: dict[int | None, dict[str, int]] = {}
    for village_id, status, count in await ctx.repo.reach(session.id):
        per_village.setdefault(village_id, {})[status] = count
    if not per_village:
        return Reply(t("Nothing has been sent for this session yet."))
    lines = [t("Reach of the announcement of session #{id}:").format(id=session.id)]
    for village_id, counts in sorted(per_village.items(), key=lambda item: names.get(item[0], "")):
        waiting = counts.get("pending", 0) + counts.get("sending", 0)
        lines.append(t("{village}: {sent} delivered, {unreachable} unreachable, {failed} failed, {waiting} waiting")
                     .format(village=names.get(village_id, t("other")), sent=counts.get("sent", 0),
                             unreachable=counts.get("unreachable", 0), failed=counts.get("failed", 0),
                             waiting=waiting))
    return Reply("\n".join(lines))
