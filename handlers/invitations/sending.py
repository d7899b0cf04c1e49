"""Sending the invitations: a chat message with the session's time and place and a personal QR code (a one-time
attendance token, stored only as its hash) to every delegate with a chat account; the GIẤY MỜI for the list, made
by the official documents (the conclusions feature, through the route table)."""
from __future__ import annotations

from typing import Any

from handlers.conversation.channels import TELEGRAM, telegram_link
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput
from handlers.conversation.i18n import translator
from handlers.conversation.replies import Activity, Reply
from handlers.invitations.listing import list_reply
from handlers.invitations.rules import ATTEND, new_token, token_hash
from handlers.invitations.views import invitation_message
from handlers.sessions.rules import SessionState
from handlers.sessions.views import title_of

INVITATION_LETTER = "documents.invitation"  # the handover to the GIẤY MỜI (conclusions/routes.py)


async def send_invitations(ctx: Context, session: Any) -> list[Reply]:
    """Queue each not yet invited delegate's message and QR code; the others need a paper GIẤY MỜI."""
    if session.state in (SessionState.CONCLUDED, SessionState.CLOSED) or session.ended_at is not None:
        raise InvalidInput(ctx.t("Session #{id} has ended; there is nothing to invite to.").format(id=session.id))
    if session.state == SessionState.DRAFT:
        raise InvalidInput(ctx.t("Session #{id} is still a draft: announce it first, so that the time and place in "
                                 "the invitations are final.").format(id=session.id))
    commune = await ctx.repo.get_commune(session.commune_id)
    kind = commune.kind
    sent = paper = 0
    for row in await ctx.repo.invitations(session.id):
        if row.sent_at is not None:
            continue
        accounts = await ctx.repo.accounts_of(row.person_id) if row.person_id else []
        if not accounts:
            paper += 1
            continue
        account, row.sent_at = accounts[0], ctx.now
        t = translator(account.language, kind)
        where = t("online") if session.online else (session.venue or "—")
        to = dict(bot_id=account.bot_id, channel=account.channel, chat_id=account.chat_id,
                  commune_id=session.commune_id)
        qr = account.channel == TELEGRAM  # a QR code is a photo the bot uploads; Zalo sends photos by address
        text = invitation_message(commune.name, title_of(session, t, kind), t.moment(session.starts_at), where, qr, t)
        await ctx.repo.enqueue(**to, kind="invitation", payload={"text": text})
        sent += 1
        if not qr:
            continue
        token = new_token()
        row.token_hash = token_hash(token)
        caption = t("Your attendance QR code for session #{id}: show it at the desk.").format(id=session.id)
        await ctx.repo.enqueue(**to, kind="invitation.qr", payload={
            "qr": telegram_link(ctx.bot.username, ATTEND + token), "caption": caption})
    ctx.queued = ctx.queued or sent > 0
    note = ctx.t("Chat invitations sent: {sent}. Without a chat account (give them the printed GIẤY MỜI): {paper}.")
    return [await list_reply(ctx, session, note.format(sent=sent, paper=paper))]


async def invitation_letter(ctx: Context, session: Any) -> list[Reply]:
    await ctx.show_activity(Activity.UPLOAD_DOCUMENT)
    return await ctx.routes.handover(INVITATION_LETTER)(ctx, session)
