"""The per-chat burst limit: a chat that sends more than `Deps.burst_limit` updates within `Deps.burst_seconds`
gets one polite "slow down", and its further updates in that window are kept (throttled_update), not processed,
so one noisy chat cannot take the bot's time from the others and nothing a resident sent is lost.

The count lives on the chat's conversation_state row, counted by the upsert that locks it (storage/stores/core.py),
so the limit holds across bot processes at no extra round trip.
"""
from __future__ import annotations

import logging

from handlers.conversation.context import Context
from handlers.conversation.events import (AttachmentSent, ButtonPressed, Command, ContactShared, Event, TextMessage,
                                          Unsupported)
from handlers.conversation.replies import Outcome, Reply

log = logging.getLogger(__name__)


def over_limit(ctx: Context) -> bool:
    return ctx.burst > ctx.deps.burst_limit > 0


async def hold_back(event: Event, ctx: Context) -> Outcome:
    """Keep the update unprocessed; only the first one over the limit is answered (in a private chat)."""
    ref = event.ref
    kind, content = describe(event)
    # In a group the bot is not the addressee of the chatter, so only that something came is kept.
    await ctx.repo.record_throttled(ctx.bot.row_id, ref.chat_id, ref.user_id, event.update_id, kind,
                                    "" if ref.is_group else content)
    await ctx.uow.commit()
    log.info("update held back channel=%s chat=%s update=%s burst=%d", ref.channel, ref.chat_id, event.update_id,
             ctx.burst)
    if ref.is_group or ctx.burst != ctx.deps.burst_limit + 1:
        return Outcome()
    text = ctx.t("You are sending too quickly. Please wait a moment, then send your message again.")
    return Outcome(replies=[Reply(text)], notice=text if isinstance(event, ButtonPressed) else "")


def describe(event: Event) -> tuple[str, str]:
    """(kind, content) of an event as a person would read it back."""
    if isinstance(event, TextMessage):
        return "text", event.text
    if isinstance(event, Command):
        return "command", f"/{event.name} {event.args}".strip()
    if isinstance(event, ButtonPressed):
        return "button", event.data
    if isinstance(event, ContactShared):
        return "contact", event.phone
    if isinstance(event, AttachmentSent):
        a = event.attachment
        return a.kind, "\n".join(part for part in (a.file_id, a.file_name, event.caption) if part)
    if isinstance(event, Unsupported):
        return "unsupported", event.kind
    return type(event).__name__.lower()[:20], ""
