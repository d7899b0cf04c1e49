"""What the minutes may say about the meeting, recorded by staff as it happens (issue 12): when it ended (its start
is recorded by the card's "Start the session"), how many attended, and that the minutes were read back and agreed.
Nothing here is computed: a fact nobody recorded stays out of the minutes."""
from __future__ import annotations

from typing import Any

from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotFound
from handlers.conversation.events import ButtonPressed, TextMessage
from handlers.conversation.replies import Reply
from handlers.conversation.states import IDLE
from handlers.conversation.text import normalise
from handlers.meeting.buttons import RECORD
from handlers.meeting.states import State
from handlers.meeting.views import record_buttons
from handlers.sessions.rules import SessionState

MAX_ATTENDANCE = 100_000


async def record_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """rec:<verb>:<session id>"""
    pressed = RECORD.of(event)
    session = await _running(ctx, pressed.id)
    if pressed.verb == "end":
        if session.ended_at is not None:
            return [Reply(ctx.t("The end was already recorded at {when}.").format(when=ctx.t.datetime(session.ended_at)))]
        await ctx.repo.save_session(session.id, None, ended_at=ctx.now)
        return [ctx.reply(ctx.t("Recorded: the session ended at {when}. The minutes will say so; its conclusion can "
                                "now be published (/conclude {id}).").format(when=ctx.t.datetime(ctx.now),
                                                                             id=session.id),
                          record_buttons(session, ctx.t))]
    if session.ended_at is None:
        raise InvalidInput(ctx.t("Record the end of the session first."))
    if pressed.verb == "att":
        ctx.go(State.ATTENDANCE, session_id=session.id)
        checked = sum(1 for r in await ctx.repo.invitations(session.id) if r.checked_in_at)
        counted = checked + await ctx.repo.walk_ins(session.id)
        if counted and session.attendance is None:  # filled from the check-ins; the figure stays editable
            await ctx.repo.save_session(session.id, None, attendance=counted)
            return [Reply(ctx.t("Recorded from the check-ins: {n} people attended ({checked} on the list checked "
                                "in, {walk} walk-ins). Type another number to change it, or send /cancel to keep "
                                "it.").format(n=counted, checked=checked, walk=counted - checked))]
        return [Reply(ctx.t("How many people attended? Type the number you counted, for example 120."))]
    if session.minutes_read_at is None:
        await ctx.repo.save_session(session.id, None, minutes_read_at=ctx.now)
    return [Reply(ctx.t("Recorded: the minutes were read back to those present and agreed. The minutes will say "
                        "so."))]


async def attendance_entered(event: TextMessage, ctx: Context) -> list[Reply]:
    text = normalise(event.text)
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_ATTENDANCE:
        raise InvalidInput(ctx.t("Please type only the number of people, for example 120, or send /cancel."))
    session = await _running(ctx, ctx.data.get("session_id", -1))
    await ctx.repo.save_session(session.id, None, attendance=int(text))
    ctx.go(IDLE)
    return [Reply(ctx.t("Recorded: {n} people attended.").format(n=int(text)))]


async def _running(ctx: Context, session_id: int) -> Any:
    """The staffer's own session, in progress (the record is made while it is held)."""
    session = await ctx.repo.lock_session(session_id)
    if session is None or session.commune_id not in {m.commune_id for m in ctx.staff}:
        raise NotFound(ctx.t("That session was not found."))
    if session.state != SessionState.IN_PROGRESS:
        raise InvalidInput(ctx.t("This is recorded while the session is in progress; session #{id} is not.")
                           .format(id=session.id))
    return session
