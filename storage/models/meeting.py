"""The meeting: the speaker queue."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, now_column


class SpeakerSlot(Base):
    """One resident's place in a session's speaker queue (đăng ký phát biểu), numbered per session."""

    __tablename__ = "speaker_slot"
    __table_args__ = (UniqueConstraint("session_id", "number"), UniqueConstraint("session_id", "person_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_session.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), server_default="waiting")
    absences: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[datetime] = now_column()
    called_at: Mapped[datetime | None]
