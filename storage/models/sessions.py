"""Dialogue sessions, the villages they cover, their audit, village groups, broadcasts and petitions."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, now_column


class DialogueSession(Base):
    __tablename__ = "dialogue_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), server_default="periodic")
    state: Mapped[str] = mapped_column(String(20), server_default="draft")
    starts_at: Mapped[datetime]
    venue: Mapped[str] = mapped_column(String(200), server_default="")
    intake_opens_at: Mapped[datetime | None]
    intake_closes_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = now_column()
    theme: Mapped[str] = mapped_column(String(200), server_default="")
    online: Mapped[bool] = mapped_column(Boolean, server_default="false")
    all_villages: Mapped[bool] = mapped_column(Boolean, server_default="true")
    co_organisers: Mapped[str] = mapped_column(String(200), server_default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    announced_at: Mapped[datetime | None]
    announced_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    lead_override_reason: Mapped[str] = mapped_column(Text, server_default="")
    residents_reminded_at: Mapped[datetime | None]
    staff_reminded_at: Mapped[datetime | None]
    # what the minutes may assert: recorded by staff when the session opens and closes (issue 12)
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    attendance: Mapped[int | None] = mapped_column(Integer)
    minutes_read_at: Mapped[datetime | None]  # the minutes were read back to those present and agreed
    chaired_by: Mapped[str] = mapped_column(String(20), server_default="chair")  # sessions/rules.CHAIRS
    audience: Mapped[str] = mapped_column(String(20), server_default="")  # sessions/rules.AUDIENCES; "" everyone


class SessionVillage(Base):
    """The villages a session covers (when it does not cover all of them)."""

    __tablename__ = "session_village"
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_session.id", ondelete="CASCADE"), primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id", ondelete="CASCADE"), primary_key=True)


class SessionEvent(Base):
    """Append-only audit of a session's state changes, with the reason for any override."""

    __tablename__ = "session_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_session.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, server_default="")
    at: Mapped[datetime] = now_column()


class VillageGroup(Base):
    """A messenger group chat linked to one village; announcements go there."""

    __tablename__ = "village_group"
    __table_args__ = (UniqueConstraint("bot_id", "chat_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200), server_default="")
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id", ondelete="CASCADE"), index=True)
    linked_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    linked_at: Mapped[datetime] = now_column()


class Broadcast(Base):
    """One fan-out (an announcement, a reminder) and the staffer's progress message."""

    __tablename__ = "broadcast"
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("dialogue_session.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    total: Mapped[int] = mapped_column(Integer, server_default="0")
    progress_delivery_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_language: Mapped[str] = mapped_column(String(8), server_default="vi")
    progress_text: Mapped[str] = mapped_column(Text, server_default="")
    created_at: Mapped[datetime] = now_column()
    finished_at: Mapped[datetime | None]


class Petition(Base):
    """A residents' request for an extraordinary session (đề nghị tổ chức đối thoại đột xuất)."""

    __tablename__ = "petition"
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    starter_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    theme: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(20), server_default="open")
    session_id: Mapped[int | None] = mapped_column(ForeignKey("dialogue_session.id"))
    created_at: Mapped[datetime] = now_column()
    reached_at: Mapped[datetime | None]


class PetitionSignature(Base):
    """One registered resident's signature; withdrawing deletes it."""

    __tablename__ = "petition_signature"
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    signed_at: Mapped[datetime] = now_column()
