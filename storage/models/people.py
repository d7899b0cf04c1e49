"""People and their chat accounts, consent, staff roles and invites, the staff audit, account links."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, now_column


class Person(Base):
    """A resident or staffer, created only once they have agreed to the data notice."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("commune.id"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    full_name: Mapped[str] = mapped_column(String(120), server_default="")
    phone: Mapped[str | None] = mapped_column(String(20))
    announcements: Mapped[bool] = mapped_column(Boolean, server_default="false")  # on only with that consent
    created_at: Mapped[datetime] = now_column()


class ChannelAccount(Base):
    """A chat identity on one bot. Before consent it holds nothing but ids and language."""

    __tablename__ = "channel_account"
    __table_args__ = (UniqueConstraint("bot_id", "external_user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    external_user_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    language: Mapped[str] = mapped_column(String(8), server_default="vi")
    unreachable_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime] = now_column()
    menu: Mapped[str] = mapped_column(String(10), server_default="resident")  # the command menu the chat was given


class Consent(Base):
    """Evidence of an affirmative choice per purpose: when, which text version, which message."""

    __tablename__ = "consent"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    text_version: Mapped[str] = mapped_column(String(20))
    evidence: Mapped[str] = mapped_column(String(200))
    agreed_at: Mapped[datetime] = now_column()
    withdrawn_at: Mapped[datetime | None]
    language: Mapped[str] = mapped_column(String(8), server_default="vi")  # of the text agreed to
    channel: Mapped[str] = mapped_column(String(16), server_default="")  # the messenger it was agreed on


class StaffMember(Base):
    __tablename__ = "staff_member"
    __table_args__ = (UniqueConstraint("commune_id", "person_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    department_code: Mapped[str | None] = mapped_column(String(40))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    created_at: Mapped[datetime] = now_column()
    province: Mapped[str | None] = mapped_column(String(2))  # a provincial officer's province; "*" every commune


class StaffInvite(Base):
    __tablename__ = "staff_invite"
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    department_code: Mapped[str | None] = mapped_column(String(40))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    created_at: Mapped[datetime] = now_column()
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    revoked_at: Mapped[datetime | None]
    province: Mapped[str | None] = mapped_column(String(2))  # a provincial officer's province; "*" every commune


class StaffAudit(Base):
    """Append-only: who invited, removed or revoked staff, when, and what. Ids and roles, never names."""

    __tablename__ = "staff_audit"
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = now_column()
    actor: Mapped[str] = mapped_column(String(80))  # "person:12" in the bot, "cli:<login>" from the command line
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))  # invite | remove | revoke
    target_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(20), server_default="")
    detail: Mapped[str] = mapped_column(Text, server_default="")


class LinkCode(Base):
    """A one-time code that joins a second messenger account to the person who asked for it."""

    __tablename__ = "link_code"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = now_column()
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
    created_at: Mapped[datetime] = now_column()
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
    at: Mapped[datetime] = now_column()
    ok: Mapped[bool] = mapped_column(Boolean)
