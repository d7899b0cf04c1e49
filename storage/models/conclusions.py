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
    published_at: Mapped[datetime | None]
    notice_no: Mapped[int | None] = mapped_column(Integer)
    minutes_no: Mapped[int | None] = mapped_column(Integer)


class DocumentCounter(Base):
    """Official document numbers run from 1 each calendar year per commune and document type (Decree 30/2020)."""

    __tablename__ = "document_counter"
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_no: Mapped[int] = mapped_column(Integer, server_default="0")
