"""Preparing a session (issue 14): the steps of the commune's plan marked done, and the answers departments prepare
for the chair to read at the meeting (never sent to the resident by themselves)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, now_column


class PreparationStep(Base):
    """A preparation step of a session done: who marked it and when (the pre-session report: when it was sent)."""

    __tablename__ = "preparation_step"
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_session.id", ondelete="CASCADE"), primary_key=True)
    step: Mapped[str] = mapped_column(String(20), primary_key=True)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    done_at: Mapped[datetime] = now_column()


class PreparedAnswer(Base):
    """A department's prepared answer to a question of a coming session, for the chair to read at the meeting."""

    __tablename__ = "prepared_answer"
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = now_column()
