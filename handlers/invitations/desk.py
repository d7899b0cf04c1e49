"""The buttons of a session's invitation list (iv:<verb>:<session id>), each to the module that does it."""
from __future__ import annotations

from handlers.conversation.context import Context
from handlers.conversation.events import ButtonPressed
from handlers.conversation.replies import Reply
from handlers.invitations import attendance, listing, sending
from handlers.invitations.buttons import INVITATIONS
from handlers.invitations.common import staff_session


async def list_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    pressed = INVITATIONS.of(event)
    session = await staff_session(ctx, pressed.id, lock=True)
    if pressed.verb == "send":
        return await sending.send_invitations(ctx, session)
    if pressed.verb == "doc":
        return await sending.invitation_letter(ctx, session)
    if pressed.verb == "venue":
        return await attendance.venue_code(ctx, session)
    if pressed.verb == "walk":
        return await attendance.walk_in(ctx, session)
    return await listing.list_pressed(ctx, session, pressed.verb)
