"""The outbox: messages to send, and each bot's shared send schedule."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, now_column, trace_column


class Delivery(Base):
    """Outbox: a message to send, written in the same transaction as its cause."""

    __tablename__ = "delivery"
    __table_args__ = (Index("ix_delivery_pending", "not_before", postgresql_where=text("status = 'pending'")),
                      Index("ix_delivery_sending", "lease_until", postgresql_where=text("status = 'sending'")))
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"))
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16), server_default="pending")
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    not_before: Mapped[datetime] = now_column()
    last_error: Mapped[str] = mapped_column(Text, server_default="")
    platform_message_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = now_column()
    sent_at: Mapped[datetime | None]
    lease_until: Mapped[datetime | None]
    broadcast_id: Mapped[int | None] = mapped_column(ForeignKey("broadcast.id", ondelete="CASCADE"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id", ondelete="SET NULL"))
    # The update that caused this message (its logs' trace id), so the send is logged under the same id.
    trace_id: Mapped[str | None] = trace_column()


class OutboxPace(Base):
    """A bot's shared send schedule: workers reserve slots here so together they keep the channel's rate."""

    __tablename__ = "outbox_pace"
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"), primary_key=True)
    next_slot: Mapped[datetime] = now_column()


# The outbox claims a bot's unsent rows in id order (ix_delivery_unsent), each only if it is the oldest unsent row
# of its chat (ix_delivery_unsent_chat): storage/stores/outbox.py, claim.
UNSENT = text("status IN ('pending', 'sending')")
Index("ix_delivery_unsent", Delivery.bot_id, Delivery.id, postgresql_where=UNSENT)
Index("ix_delivery_unsent_chat", Delivery.bot_id, Delivery.chat_id, Delivery.id, postgresql_where=UNSENT)
