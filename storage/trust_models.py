"""Models of trust: account linking, its attempts and confirmations, the staff audit trail, updates held back
by the burst limit, and the index that lets the outbox claim a chat's rows strictly in order
(imported by storage.models)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, Delivery, _now


class LinkCode(Base):
    """A one-time code that joins a second messenger account to the person who asked for it."""

    __tablename__ = "link_code"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = _now()
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    # the account the code was asked for on: it confirms any link made with the code
    account_id: Mapped[int | None] = mapped_column(ForeignKey("channel_account.id", ondelete="CASCADE"))


class LinkRequest(Base):
    """A correct code typed on another account: nothing is linked until the code's own account confirms."""

    __tablename__ = "link_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    owner_account_id: Mapped[int] = mapped_column(ForeignKey("channel_account.id", ondelete="CASCADE"))
    claimant_account_id: Mapped[int] = mapped_column(ForeignKey("channel_account.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = _now()
    expires_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    outcome: Mapped[str] = mapped_column(String(10), server_default="")  # "confirmed" | "refused"


class LinkAttempt(Base):
    """One /link <code> typed: counted per account and per bot to stop guessing, shared by every process."""

    __tablename__ = "link_attempt"
    __table_args__ = (Index("ix_link_attempt_bot_user_at", "bot_id", "user_id", "at"),
                      Index("ix_link_attempt_bot_at", "bot_id", "at"))
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = _now()
    ok: Mapped[bool] = mapped_column(Boolean)


class StaffAudit(Base):
    """Append-only: who invited, removed or revoked staff, when, and what. Ids and roles, never names."""

    __tablename__ = "staff_audit"
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = _now()
    actor: Mapped[str] = mapped_column(String(80))  # "person:12" in the bot, "cli:<login>" from the command line
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))  # invite | remove | revoke
    target_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(20), server_default="")
    detail: Mapped[str] = mapped_column(Text, server_default="")


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
