"""Who chairs a session — the commune chairperson by default, the Party secretary (seed 001) or a vice-chairperson —
and whom it is for: all the people, or a group (young people, women, businesses, farmers, the elderly). A group
session is still announced to its villages; its title, card and documents say who chairs it and whom it is for."""
from __future__ import annotations

from handlers.commune.words import kind_of
from handlers.conversation.access import MANAGERS, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import NotAllowed
from handlers.conversation.events import ButtonPressed
from handlers.conversation.replies import Button, Reply
from handlers.sessions.buttons import SESSION_AUDIENCE, SESSION_CHAIR, SESSION_LEAD
from handlers.sessions.card import card_reply, own_session
from handlers.sessions.rules import AUDIENCES, CHAIRS, SessionState, audience_of, chaired_by
from handlers.sessions.views import audience_name, chair_name, title_of
from handlers.commune.kinds import kind_word

CHANGEABLE = (SessionState.DRAFT, SessionState.ANNOUNCED, SessionState.INTAKE_CLOSED)


async def lead_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """ss:lead:<id> offers the choices; ss:ch:<id>:<chair> and ss:au:<id>:<audience> set one and show the card."""
    membership(ctx, MANAGERS)
    chair, audience = SESSION_CHAIR.parse(event.data), SESSION_AUDIENCE.parse(event.data)
    pressed = chair or audience or SESSION_LEAD.of(event)
    session = await own_session(ctx, pressed.id, lock=True)
    if session.state not in CHANGEABLE:
        raise NotAllowed(ctx.t("Who chairs a session and whom it is for can no longer change once it has started."))
    kind = await kind_of(ctx.repo, session.commune_id)
    if chair is None and audience is None:
        return [_choices(ctx, session, kind)]
    if chair is not None:
        session.chaired_by = chair.chair
    else:
        session.audience = "" if audience.audience == "all" else audience.audience
    session.title = title_of(session, ctx.t, kind)[:200]
    return [await card_reply(ctx, session, edit=True)]


def _choices(ctx: Context, session, kind: str) -> Reply:
    t, unit = ctx.t, kind_word(kind)

    def mark(on: bool, label: str) -> str:
        return ("✅ " if on else "") + label[:1].upper() + label[1:]
    rows = [[Button(mark(chaired_by(session) == c, chair_name(c, t, unit)), SESSION_CHAIR.build(id=session.id,
                                                                                                 chair=c))]
            for c in CHAIRS]
    rows += [[Button(mark(audience_of(session) == a, audience_name(a, t)),
                     SESSION_AUDIENCE.build(id=session.id, audience=a))] for a in AUDIENCES]
    return ctx.reply(t("Who chairs the session, and whom is it for? A session for a group is still announced to its "
                       "villages."), rows)
