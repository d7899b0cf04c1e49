"""Attendance at the venue: staff scan a delegate's QR code (the bot's deep link opens in the STAFF member's chat),
or the delegate scans the venue's QR code; either way once. Staff also tick names on a paged list, remove a name
(the same pages), and count walk-ins."""
from __future__ import annotations

from typing import Any

from handlers.conversation.access import MANAGERS, Role
from handlers.conversation.channels import telegram_link
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotFound
from handlers.conversation.events import ButtonPressed
from handlers.conversation.replies import Button, Reply
from handlers.invitations.buttons import INVITATIONS, INVITEE, INVITEE_PAGE
from handlers.invitations.common import PAGE_SIZE, labeller, page_of, staff_session
from handlers.invitations.listing import list_reply, proposal_answered
from handlers.invitations.rules import (ATTEND, LISTED, Category, check_in_open, new_token,
                                        parse_attendance, token_hash)
from handlers.invitations.views import LABELS

CHECKERS = MANAGERS | {Role.SUPPORT}


async def page_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """iv:p:<rm|tick>:<session>:<page>"""
    pressed = INVITEE_PAGE.of(event)
    session = await staff_session(ctx, pressed.session)
    return [await _page(ctx, session, pressed.what, pressed.page, edit=True)]


async def _page(ctx: Context, session: Any, what: str, page: int, note: str = "", edit: bool = False) -> Reply:
    rows = await ctx.repo.invitations(session.id)
    shown, last = page_of(rows, page)
    page = min(page, last)
    label = await labeller(ctx, shown)
    t = ctx.t
    if what == "rm":
        text = t("Press a name to remove it from the list (page {page} of {pages}).").format(page=page + 1,
                                                                                           pages=last + 1)
        buttons = [[Button(f"✖ {label(r)}"[:60], INVITEE.build(verb="rm", id=r.id))] for r in shown]
    else:
        text = t("Attendance: {came} of {total} checked in. Press a name to tick it, again to untick it (page {page} "
                 "of {pages}).").format(came=sum(1 for r in rows if r.checked_in_at), total=len(rows),
                                        page=page + 1, pages=last + 1)
        buttons = [[Button(("✅ " if r.checked_in_at else "☐ ") + label(r)[:56], INVITEE.build(verb="tick", id=r.id))]
                   for r in shown]
    nav = [Button("◀", INVITEE_PAGE.build(what=what, session=session.id, page=page - 1))] if page > 0 else []
    if page < last:
        nav.append(Button("▶", INVITEE_PAGE.build(what=what, session=session.id, page=page + 1)))
    buttons += [nav] if nav else []
    buttons.append([Button(t("↩ The list"), INVITATIONS.build(verb="open", id=session.id))])
    text = text if rows else t("Nobody is on the list yet.")
    return ctx.reply("\n".join(x for x in (note, text) if x), buttons, edit=edit)


async def invitee_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """iv:r:<rm|tick|ok|no>:<invitation id>"""
    pressed = INVITEE.of(event)
    row = await ctx.repo.get_invitation(pressed.id)
    if row is None or row.commune_id not in {m.commune_id for m in ctx.staff}:
        raise NotFound(ctx.t("That person is no longer on the list."))
    session = await staff_session(ctx, row.session_id, lock=True)  # the session first, as every list change
    row = await ctx.repo.get_invitation(pressed.id, lock=True)
    if row is None:
        raise NotFound(ctx.t("That person is no longer on the list."))
    if pressed.verb in ("ok", "no"):
        return await proposal_answered(ctx, session, row, pressed.verb == "ok")
    if row.status != LISTED:  # a proposal is answered, not removed or ticked
        raise NotFound(ctx.t("That person is no longer on the list."))
    who = (await labeller(ctx, [row]))(row)
    listed = [r.id for r in await ctx.repo.invitations(session.id)]
    page = listed.index(row.id) // PAGE_SIZE if row.id in listed else 0
    if pressed.verb == "rm":
        if row.checked_in_at is not None:
            raise InvalidInput(ctx.t("{who} has already checked in and stays on the list.").format(who=who))
        await ctx.repo.remove_invitation(row.id)
        return [await _page(ctx, session, "rm", page, ctx.t("Removed: {who}.").format(who=who), edit=True)]
    if not check_in_open(session):
        raise InvalidInput(ctx.t("Check-in for session #{id} is closed.").format(id=session.id))
    row.checked_in_at, row.checked_in_by = (None, None) if row.checked_in_at else (ctx.now, ctx.person.id)
    return [await _page(ctx, session, "tick", page, edit=True)]


async def walk_in(ctx: Context, session: Any) -> list[Reply]:
    if not check_in_open(session):
        raise InvalidInput(ctx.t("Check-in for session #{id} is closed.").format(id=session.id))
    desk = await ctx.repo.invitation_list(session.id, session.commune_id)
    desk.walk_ins += 1
    return [await list_reply(ctx, session, ctx.t("One walk-in counted."))]


async def venue_code(ctx: Context, session: Any) -> list[Reply]:
    """A new venue QR code to print or show at the door (earlier ones stop working): a registered resident who scans
    it is checked in."""
    desk = await ctx.repo.invitation_list(session.id, session.commune_id)
    token = new_token()
    desk.venue_token_hash = token_hash(token)
    link = telegram_link(ctx.bot.username, "atv_" + token)
    caption = ctx.t("Venue QR code of session #{id}: residents scan it with their phone to check in. An earlier venue "
                    "code no longer works.").format(id=session.id)
    ref = ctx.event.ref
    await ctx.repo.enqueue(bot_id=ctx.bot.row_id, channel=ref.channel, chat_id=ref.chat_id, kind="invitation.venue",
                           payload={"qr": link, "caption": caption, "text": f"{caption}\n{link}"}, commune_id=session.commune_id)
    ctx.queued = True
    return [Reply(ctx.t("The venue QR code is on its way to this chat."))]


async def scanned(ctx: Context, payload: str) -> list[Reply]:
    """/start att_… or atv_…: a check-in, once. A forged, replaced or expired code is refused and changes nothing."""
    parsed = parse_attendance(payload)
    if parsed is None:
        raise NotFound(ctx.t("This attendance code is not valid. Please see the staff at the desk."))
    kind, token = parsed
    if kind == ATTEND:
        return await _delegate_code(ctx, token)
    return await _venue_code(ctx, token)


async def _delegate_code(ctx: Context, token: str) -> list[Reply]:
    row = await ctx.repo.invitation_by_token(token_hash(token))
    session = await ctx.repo.get_session(row.session_id) if row is not None else None
    checker = row is not None and any(m.commune_id == row.commune_id and m.role in CHECKERS for m in ctx.staff)
    if row is not None and not checker and row.person_id == ctx.person.id:
        return [Reply(ctx.t("This is your attendance code. At the venue, show it to the staff at the desk; they "
                            "scan it to check you in."))]
    if row is None or row.status != LISTED or not checker:
        raise NotFound(ctx.t("This attendance code is not valid. Please see the staff at the desk."))
    return await _check_in(ctx, session, row, (await labeller(ctx, [row]))(row))


async def _venue_code(ctx: Context, token: str) -> list[Reply]:
    desk = await ctx.repo.list_by_venue_token(token_hash(token))
    session = await ctx.repo.get_session(desk.session_id) if desk is not None else None
    if session is None:
        raise NotFound(ctx.t("This attendance code is not valid. Please see the staff at the desk."))
    mine = [r for r in await ctx.repo.invitations(session.id) if r.person_id == ctx.person.id]
    if not mine and check_in_open(session):
        row = await ctx.repo.add_invitation(commune_id=session.commune_id, session_id=session.id,
                                            category=Category.WALK_IN, person_id=ctx.person.id,
                                            village_id=ctx.person.village_id)
        mine = [row] if row is not None else []
    if not mine:
        raise NotFound(ctx.t("This attendance code is not valid. Please see the staff at the desk."))
    return await _check_in(ctx, session, mine[0], ctx.t("you"))


async def _check_in(ctx: Context, session: Any, row: Any, who: str) -> list[Reply]:
    if row.checked_in_at is not None:
        return [Reply(ctx.t("Already checked in at {when}: {who}.").format(when=ctx.t.datetime(row.checked_in_at),
                                                                           who=who))]
    if not check_in_open(session):
        raise InvalidInput(ctx.t("Check-in for session #{id} is closed.").format(id=session.id))
    row.checked_in_at, row.checked_in_by = ctx.now, ctx.person.id
    return [Reply(ctx.t("Checked in: {who} ({category}).").format(who=who, category=ctx.t(LABELS[row.category])))]
