"""Models of the community around a session: supporters, speakers, petitions (imported by storage.models)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, Question, _now


class QuestionSupporter(Base):
    """A resident who said "me too" to a question (or whose merged question was joined into it)."""

    __tablename__ = "question_supporter"
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
    created_at: Mapped[datetime] = _now()


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
    created_at: Mapped[datetime] = _now()
    called_at: Mapped[datetime | None]


class Petition(Base):
    """A residents' request for an extraordinary session (đề nghị tổ chức đối thoại đột xuất)."""

    __tablename__ = "petition"
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    starter_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    theme: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(20), server_default="open")
    session_id: Mapped[int | None] = mapped_column(ForeignKey("dialogue_session.id"))
    created_at: Mapped[datetime] = _now()
    reached_at: Mapped[datetime | None]


class PetitionSignature(Base):
    """One registered resident's signature; withdrawing deletes it."""

    __tablename__ = "petition_signature"
    petition_id: Mapped[int] = mapped_column(ForeignKey("petition.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    signed_at: Mapped[datetime] = _now()


class ProxyIntake(Base):
    """A question a village head entered for a named resident without a phone, with the in-person consent."""

    __tablename__ = "proxy_intake"
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"), index=True)
    resident_name: Mapped[str] = mapped_column(String(100))
    consent_taken_by: Mapped[int] = mapped_column(ForeignKey("person.id"))
    consent_at: Mapped[datetime]
    claim_code: Mapped[str] = mapped_column(String(16), unique=True)
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    claimed_at: Mapped[datetime | None]


# /queue, /due and /overdue at province scale (bench/scale.py, migration 0007): a commune's questions by state and
# kind in id order, with the filters' columns so that every view is an index-only scan. Here because models.py is
# at its size limit.
Index("ix_question_queue", Question.commune_id, Question.state, Question.kind, Question.id,
      postgresql_include=["department_code", "village_id", "topic"])
