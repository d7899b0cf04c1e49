"""What the delivery worker needs to know of a Zalo channel: its pace, and that it cannot edit."""
from __future__ import annotations

from typing import Any

from bot.pacing import ChannelLimits

# Zalo publishes no per-second limit for the Bot Platform; stay well under anything reasonable.
ZALO_BOT_LIMITS = ChannelLimits(per_second=10.0, chat_interval=1.0, group_interval=3.0, in_flight=8)
# The OA Open API allows about 4,000 requests a minute per app (ZALO.md); keep headroom for direct replies.
ZALO_OA_LIMITS = ChannelLimits(per_second=50.0, chat_interval=0.5, group_interval=3.0, in_flight=16)


class TextOnlySender:
    """Zalo has no message edits: an edit goes out as a new message; every chat is treated as private."""

    limits: ChannelLimits

    def is_group(self, chat_id: str) -> bool:
        return False

    async def edit(self, chat_id: str, message_id: str, payload: dict[str, Any]) -> None:
        await self.send(chat_id, payload)  # type: ignore[attr-defined]
