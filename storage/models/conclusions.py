"""After the session: the conclusion and official document numbers."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class SessionConclusion(Base):
    """The chair's general conclusion of a session: drafted by the secretary, approved by the chair, published."""

    __tablename__ = "session_conclusion"
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_session.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text, server_default="")
    drafted_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    drafted_at: Mapped[datetime | None]
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    approved_at: Mapped[datetime | None]
    approved_as: Mapped[str | None] = mapped_column(String(20))  # chair, or vice_chair (signs KT. CHỦ TỊCH)
    delegated_at: Mapped[datetime | None]  # when the chair let a vice-chair approve this conclusion
    published_at: Mapped[datetime | None]
    notice_no: Mapped[int | None] = mapped_column(Integer)  # from the commune's register, entered by the clerk
    minutes_no: Mapped[int | None] = mapped_column(Integer)


class DocumentCounter(Base):
    """No longer used: numbers come from the commune's register, typed by the clerk (issue 12). Kept for old rows."""

    __tablename__ = "document_counter"
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_no: Mapped[int] = mapped_column(Integer, server_default="0")
