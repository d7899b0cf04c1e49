"""Storage for the outbox: rows written with their cause, claimed by delivery workers."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ChannelAccount, Delivery


class OutboxStore:
    session: AsyncSession

    async def enqueue(self, *, bot_id: int, channel: str, chat_id: str, kind: str, payload: dict[str, Any],
                      commune_id: int | None = None) -> None:
        self.session.add(Delivery(bot_id=bot_id, channel=channel, chat_id=chat_id, kind=kind, payload=payload,
                                  commune_id=commune_id))

    async def claim(self, bot_id: int, now: datetime, limit: int) -> list[Delivery]:
        """Pending rows due now, locked so no other worker takes them until this transaction ends."""
        stmt = (select(Delivery)
                .where(Delivery.status == "pending", Delivery.bot_id == bot_id, Delivery.not_before <= now)
                .order_by(Delivery.id).limit(limit).with_for_update(skip_locked=True))
        return list((await self.session.scalars(stmt)).all())

    async def mark_sent(self, row: Delivery, message_id: str, now: datetime) -> None:
        row.status, row.platform_message_id, row.sent_at = "sent", message_id, now
        row.attempts += 1

    async def mark_retry(self, row: Delivery, error: str, delay: timedelta, now: datetime, give_up_after: int) -> None:
        row.attempts += 1
        row.last_error = error[:500]
        if row.attempts >= give_up_after:
            row.status = "failed"
        else:
            row.not_before = now + delay

    async def mark_unreachable(self, row: Delivery, error: str, now: datetime) -> None:
        row.status, row.last_error = "unreachable", error[:500]
        row.attempts += 1
        await self.session.execute(update(ChannelAccount)
                                   .where(ChannelAccount.bot_id == row.bot_id, ChannelAccount.chat_id == row.chat_id)
                                   .values(unreachable_at=now))
