"""Models of the fault and flood defences (imported by storage.models): updates held back by the burst limit,
and the index that lets the outbox claim a chat's rows strictly in order."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, Delivery, _now


class ThrottledUpdate(Base):
    """An update that came over its chat's burst limit: not processed, but kept, so what a resident sent is not lost
    (staff can read it; `content` is the text, the button data, the phone or the file id and caption)."""

    __tablename__ = "throttled_update"
    __table_args__ = (Index("ix_throttled_update_chat", "bot_id", "chat_id", "id"),)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    update_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text, server_default="")
    received_at: Mapped[datetime] = _now()


# The outbox claims a bot's unsent rows in id order (ix_delivery_unsent), each only if it is the oldest unsent row
# of its chat (ix_delivery_unsent_chat): storage/outbox_store.claim.
_UNSENT = text("status IN ('pending', 'sending')")
Index("ix_delivery_unsent", Delivery.bot_id, Delivery.id, postgresql_where=_UNSENT)
Index("ix_delivery_unsent_chat", Delivery.bot_id, Delivery.chat_id, Delivery.id, postgresql_where=_UNSENT)
