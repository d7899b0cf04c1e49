"""Invitations and attendance (issue 14): a session's invitation list, one row per delegate, with the hash of the
one-time attendance token sent in their chat invitation and when they were checked in; the list's venue QR and
walk-in count."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, now_column


class Invitation(Base):
    """One delegate on a session's invitation list (giấy mời), by category. A resident, village head or organiser
    with a chat account has person_id; a named guest has only a name and a title. `status` is "listed", or
    "proposed" while a proposal of the Fatherland Front waits for the secretary."""

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_session.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200), server_default="")
    title: Mapped[str] = mapped_column(String(200), server_default="")  # chức vụ, cơ quan, đơn vị
    status: Mapped[str] = mapped_column(String(12), server_default="listed")
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)  # sha256 of the attendance token
    sent_at: Mapped[datetime | None]
    checked_in_at: Mapped[datetime | None]
    checked_in_by: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = now_column()


class InvitationList(Base):
    """A session's list as a whole: the hash of the venue QR's token, and the walk-ins staff counted."""

    __tablename__ = "invitation_list"
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_session.id", ondelete="CASCADE"), primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    venue_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    walk_ins: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[datetime] = now_column()
