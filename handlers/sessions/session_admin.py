"""Staff side of sessions: edits of the draft card, announcing (lead-time rule), state changes, /sessions, /reach."""
from __future__ import annotations

from typing import Any

from handlers.commune.policy import load_session_policy
from handlers.conversation.access import MANAGERS, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput
from handlers.conversation.events import ButtonPressed, Command, Event, TextMessage
from handlers.conversation.replies import Button, Reply
from handlers.conversation.states import IDLE
from handlers.conversation.text import normalise, row_number
from handlers.sessions.announcing import announce, audience_size
from handlers.sessions.buttons import SESSION, SESSION_DO, SESSION_EDIT
from handlers.sessions.card import card_reply, own_session
from handlers.sessions.planning import ask_co_organisers, ask_theme, ask_venue, ask_villages, ask_when
from handlers.sessions.rules import (SessionState, intake_close_at, intake_window_short, lead_time,
                                     next_session_state)
from handlers.sessions.states import State
from handlers.sessions.views import intake_until, state_name
from handlers.publicity.views import publicity_buttons

EDITS = {"when": ask_when, "venue": ask_venue, "theme": ask_theme, "villages": ask_villages,
         "co": ask_co_organisers}
MIN_REASON = 10


async def list_sessions(event: Event, ctx: Context) -> list[Reply]:
    """Staff: every session of their commune with its state."""
    manager = membership(ctx, MANAGERS)
    sessions = await ctx.repo.sessions_of(manager.commune_id)
    if not sessions:
        return [Reply(ctx.t("No sessions yet. Plan one with /newsession."))]
    lines = [ctx.t("Sessions:")] + [f"#{s.id} · {ctx.t.datetime(s.starts_at)} · {state_name(s.state, ctx.t)}"
                                    for s in sessions[:20]]
    buttons = [[Button(f"#{s.id} {s.title}"[:60], SESSION.build(verb="open", id=s.id))] for s in sessions[:20]]
    return [ctx.reply("\n".join(lines), buttons)]


async def session_button(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """ss:<verb>:<session id>, ss:edit:<session id>:<field>, ss:do:<session id>:<action>"""
    edit, do = SESSION_EDIT.parse(event.data), SESSION_DO.parse(event.data)
    pressed = edit or do or SESSION.of(event)
    verb = "edit" if edit else "do" if do else pressed.verb
    arg = edit.field if edit else do.action if do else ""
    session = await own_session(ctx, pressed.id, lock=verb in ("go", "do"))
    if verb == "open":
        return [await card_reply(ctx, session)]
    if verb == "edit" and session.state == SessionState.DRAFT and arg in EDITS:
        ctx.go(IDLE, edit=session.id, draft=await _draft_of(ctx, session))
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
    lines += intake_warnings(ctx, session, policy)
    confirm = Button(t("✅ Confirm and announce"), SESSION.build(verb="go", id=session.id))
    return [ctx.reply("\n".join(lines), [[confirm]])]


def intake_warnings(ctx: Context, session: Any, policy: Any) -> list[str]:
    """What staff should know about the question window before announcing: a planned close already past is moved
    (never before the announcement), and a window shorter than the commune's policy is pointed out."""
    t, lines = ctx.t, []
    closes = intake_close_at(ctx.now, session.starts_at, session.intake_closes_at, policy)
    if session.intake_closes_at is not None and closes != session.intake_closes_at:
        lines.append(t("The planned last day for questions has passed: residents may send questions until {until}.")
                     .format(until=intake_until(closes, t)))
    if intake_window_short(ctx.now, closes, policy):
        lines.append(t("⚠️ Residents will have less than {n} days to send questions (until {until}); the commune's "
                       "rule is at least {n} days.").format(n=policy.intake_window_min_days,
                                                            until=intake_until(closes, t)))
    return lines


async def override_reason(event: TextMessage, ctx: Context) -> list[Reply]:
    reason = normalise(event.text)
    if len(reason) < MIN_REASON:
        raise InvalidInput(ctx.t("Please give the reason in a full sentence (at least {n} characters).")
                           .format(n=MIN_REASON))
    session = await own_session(ctx, ctx.data.get("session_id", -1), lock=True)
    ctx.go(IDLE)
    if session.state != SessionState.DRAFT:
        return [Reply(ctx.t("This session has already been announced."))]
    return await _announce_now(ctx, session, reason=reason)


async def _announce_now(ctx: Context, session: Any, reason: str) -> list[Reply]:
    policy = await load_session_policy(ctx.repo, session.commune_id)
    if lead_time(ctx.now, session.starts_at, policy).refused and not reason:
        return await _confirm_announce(ctx, session)
    warnings = intake_warnings(ctx, session, policy)
    total = await announce(ctx, session, reason)
    return [Reply("\n".join([ctx.t("Announced. Sending to {n} recipients; the progress is shown below.").format(
        n=total)] + warnings), edit=True),
            ctx.reply(ctx.t("For the notice boards and the village loudspeakers:"),
                      publicity_buttons(session.id, "ann", ctx.t))]


async def _transition(ctx: Context, session: Any, action: str) -> list[Reply]:
    target = next_session_state(session.state, action)
    if target is None:
        return [Reply(ctx.t("This button is no longer active."))]
    if target == SessionState.CONCLUDED and session.ended_at is None:
        raise InvalidInput(ctx.t("The session's end has not been recorded, so it cannot be concluded yet. When it "
                                 "ends, press “⏹ Record the end”."))
    recorded = {"started_at": ctx.now} if target == SessionState.IN_PROGRESS else {}  # the minutes' start time
    await ctx.repo.record_session_transition(session, target, ctx.person.id, **recorded)
    return [await card_reply(ctx, session, edit=True)]


async def reach(event: Command, ctx: Context) -> list[Reply]:
    number = row_number(event.args)
    if number is None:
        raise InvalidInput(ctx.t("Please give the session number, e.g. /reach 3 (see /sessions)."))
    return [await reach_reply(ctx, await own_session(ctx, number))]


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
