"""Outbox rows addressed to a person's account, for messages that are not a direct reply. Pure."""
from __future__ import annotations

from typing import Any


def recipient(account: Any) -> dict[str, Any]:
    """Where a row goes; a recipient who blocked the bot is recorded as unreachable without a send."""
    row = {"bot_id": account.bot_id, "channel": account.channel, "chat_id": account.chat_id,
           "village_id": account.village_id}
    if account.unreachable_at is not None:
        row.update(status="unreachable", last_error="blocked the bot before the broadcast")
    return row
