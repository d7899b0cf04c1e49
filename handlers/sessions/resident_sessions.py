"""Residents and sessions: /sessions (upcoming, with a calendar file), /notifications, and the deep link to ask."""
from __future__ import annotations

from typing import Any

from handlers.conversation.access import MANAGERS
from handlers.conversation.context import Context
from handlers.conversation.errors import NotFound
from handlers.conversation.events import Attachment, ButtonPressed, Event
from handlers.conversation.replies import Button, Reply
from handlers.people.rules import ANNOUNCEMENTS as CONSENT_ANNOUNCEMENTS, NOTICE_VERSION
from handlers.people.rules import evidence as consent_evidence
from handlers.sessions.buttons import ANNOUNCEMENTS, SESSION_CALENDAR
from handlers.sessions.calendar import session_ics
from handlers.sessions.rules import UPCOMING
from handlers.sessions.session_admin import list_sessions as staff_list
from handlers.sessions.views import card, place_of, state_name, title_of


async def list_sessions(event: Event, ctx: Context) -> list[Reply]:
    """Staff see the planning list; residents the upcoming sessions of their village."""
    if ctx.roles & MANAGERS:
        return await staff_list(event, ctx)
    person = ctx.person
    if person.commune_id is None:
        return [Reply(ctx.t("Please finish registering first: send /start."))]
    sessions = [s for s in await ctx.repo.sessions_of(person.commune_id, UPCOMING, person.village_id)
                if s.starts_at > ctx.now]
    if not sessions:
        return [Reply(ctx.t("No dialogue session is planned for your village yet. You will be told when one is."))]
    t = ctx.t
    lines = [t("Upcoming dialogue sessions:")]
    buttons = []
    for s in reversed(sessions):
        title = title_of(s, t, t.kind)  # the resident's own commune's sessions
        lines.append(f"• {title} — {t.moment(s.starts_at)}, {place_of(s, t)} ({state_name(s.state, t)})")
        label = t("📅 Add to calendar: {when}").format(when=t.date(s.starts_at))
        buttons.append([Button(label, SESSION_CALENDAR.build(id=s.id))])
    return [ctx.reply("\n".join(lines), buttons)]


async def session_button(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """rs:ics:<session id> — the session as an .ics calendar file."""
    session = await ctx.repo.get_session(SESSION_CALENDAR.of(event).id)
    staff_of = {m.commune_id for m in ctx.staff}
    # a resident's own commune's announced sessions; staff see their commune's drafts too
    visible = session is not None and (session.commune_id in staff_of or (
        session.state != "draft" and session.commune_id == ctx.person.commune_id))
    if not visible:
        raise NotFound(ctx.t("That session was not found."))
    return [_calendar_reply(ctx, session, await _names(ctx, session))]


async def _names(ctx: Context, session: Any) -> list[str]:
    names = await ctx.repo.village_names(session.commune_id)
    return [names[v] for v in await ctx.repo.session_village_ids(session) if v in names]


def _calendar_reply(ctx: Context, session: Any, names: list[str]) -> Reply:
    t = ctx.t
    data = session_ics(uid=f"session-{session.id}@doithoai", title=title_of(session, t, t.kind),
                       starts_at=session.starts_at, venue=place_of(session, t),
                       description=card(session, names, t), now=ctx.now)
    attachment = Attachment("document", "", f"doi-thoai-{session.id}.ics", "text/calendar", content=data)
    return Reply(t("Open the file to add the session to your calendar."), attachment=attachment)


async def notifications(event: Event, ctx: Context) -> list[Reply]:
    on = ctx.person.announcements
    return [_notifications_reply(ctx, on, edit=False)]


async def notifications_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    wanted = ANNOUNCEMENTS.of(event).wanted == "on"
    ctx.person.announcements = wanted
    if wanted:  # an affirmative choice for this purpose alone (Law 91/2025), with its evidence
        proof = consent_evidence(event.ref.channel, event.ref.chat_id, event.message_id, event.update_id)
        await ctx.repo.record_consent(ctx.person.id, CONSENT_ANNOUNCEMENTS, NOTICE_VERSION, proof,
                                      ctx.account.language, event.ref.channel)
    else:
        await ctx.repo.withdraw_consent(ctx.person.id, CONSENT_ANNOUNCEMENTS, ctx.now)
    return [_notifications_reply(ctx, wanted, edit=True)]


def _notifications_reply(ctx: Context, on: bool, edit: bool) -> Reply:
    t = ctx.t
    if on:
        text = t("Session announcements and reminders are on: you are told when a dialogue session is planned for "
                 "your village.")
        button = Button(t("Turn announcements off"), ANNOUNCEMENTS.build(wanted="off"))
    else:
        text = t("Session announcements and reminders are off. Answers to your own questions still reach you. "
                 "Turning them on means you agree to receive them; you can turn them off at any time.")
        button = Button(t("Turn announcements on"), ANNOUNCEMENTS.build(wanted="on"))
    return Reply(text, buttons=((button,),), edit=edit)
