"""Announcing a session: outbox rows to linked village groups (pinned), opted-in residents and village heads
(a ready-to-forward card with a deep link and its QR code), plus the staffer's progress message."""
from __future__ import annotations

from typing import Any

from handlers.conversation.channels import telegram_link
from handlers.conversation.context import Context
from handlers.conversation.i18n import translator
from handlers.conversation.outbox import recipient
from handlers.commune.policy import load_session_policy
from handlers.publicity.views import publicity_buttons
from handlers.sessions.rules import SessionState, ask_payload, intake_close_at
from handlers.sessions.views import announcement, head_card, progress


def deep_link(bot_username: str, session_id: int, village_id: int | None) -> str:
    return telegram_link(bot_username, ask_payload(session_id, village_id))


async def audience_size(ctx: Context, session: Any) -> tuple[int, int, int]:
    villages = await ctx.repo.session_village_ids(session)
    residents = await ctx.repo.resident_audience(session.commune_id, villages)
    return (len(await ctx.repo.groups_of(villages)), len(residents),
            len(await ctx.repo.heads_of(session.commune_id, villages)))


async def announce(ctx: Context, session: Any, reason: str) -> int:
    """Move the session to announced and queue every message of the announcement; returns how many. Questions are
    taken from now until the planned close, never a close already past (see rules.intake_close_at)."""
    policy = await load_session_policy(ctx.repo, session.commune_id)
    closes = intake_close_at(ctx.now, session.starts_at, session.intake_closes_at, policy)
    await ctx.repo.record_session_transition(session, SessionState.ANNOUNCED, ctx.person.id, note=reason,
                                             announced_at=ctx.now, announced_by=ctx.person.id,
                                             intake_opens_at=ctx.now, intake_closes_at=closes,
                                             lead_override_reason=reason)
    villages = await ctx.repo.session_village_ids(session)
    rows = await announcement_rows(ctx, session, villages)
    broadcast = await ctx.repo.add_broadcast(commune_id=session.commune_id, session_id=session.id, kind="announce",
                                             total=len(rows), progress_language=ctx.t.language)
    ref = ctx.event.ref
    progress_row = await ctx.repo.add_delivery(
        bot_id=ctx.bot.row_id, channel=ref.channel, chat_id=ref.chat_id, kind="broadcast.progress",
        commune_id=session.commune_id, payload={"text": progress({}, len(rows), ctx.t)})
    broadcast.progress_delivery_id = progress_row.id
    for row in rows:
        row["broadcast_id"] = broadcast.id
    await ctx.repo.enqueue_many(rows)
    return len(rows)


async def announcement_rows(ctx: Context, session: Any, villages: list[int]) -> list[dict[str, Any]]:
    commune = await ctx.repo.get_commune(session.commune_id)
    names = await ctx.repo.village_names(session.commune_id)
    covered = [names[v] for v in villages if v in names]
    base = {"commune_id": session.commune_id}
    vi = translator("vi", commune.kind)  # the commune's words everywhere: UBND phường, tổ dân phố
    rows = [dict(base, bot_id=g.bot_id, channel=g.channel, chat_id=g.chat_id, village_id=g.village_id,
                 kind="session.announce.group",
                 payload={"text": announcement(session, commune, covered, ctx.bot.username, vi), "pin": True})
            for g in await ctx.repo.groups_of(villages)]
    for account in await ctx.repo.resident_audience(session.commune_id, villages):
        t = translator(account.language, commune.kind)
        rows.append(dict(base, **recipient(account), kind="session.announce",
                         payload={"text": announcement(session, commune, covered, ctx.bot.username, t)}))
    for account, village_id in await ctx.repo.heads_of(session.commune_id, villages):
        t, link = translator(account.language, commune.kind), deep_link(ctx.bot.username, session.id, village_id)
        card = head_card(session, commune, names.get(village_id, ""), link, t)
        to = {**base, **recipient(account), "village_id": village_id}
        offer = [[[b.label, b.data] for b in row] for row in publicity_buttons(session.id, "ann", t)]
        rows.append(dict(to, kind="session.announce.head", payload={"text": card, "buttons": offer}))
        rows.append(dict(to, kind="session.announce.qr",
                         payload={"qr": link, "caption": t("QR code: {link}").format(link=link)}))
    return rows
