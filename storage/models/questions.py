"""Questions (tickets), their files and audit, supporters ("me too") and proxy intake."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, now_column


class Question(Base):
    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("commune_id", "code"),)  # and ix_question_queue, below
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("dialogue_session.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    asker_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    topic: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), server_default="new", index=True)
    department_code: Mapped[str | None] = mapped_column(String(40))
    due_on: Mapped[date | None] = mapped_column(Date)
    answer: Mapped[str | None] = mapped_column(Text)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    forwarded_to: Mapped[str | None] = mapped_column(String(200))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("question.id"))
    created_at: Mapped[datetime] = now_column()
    updated_at: Mapped[datetime] = now_column()
    # follow-up (issue 4): when a written answer came, how the asker judged it, reminders and escalation sent
    done_at: Mapped[datetime | None]
    complex: Mapped[bool] = mapped_column(Boolean, server_default="false")
    satisfaction: Mapped[str | None] = mapped_column(String(10))
    satisfaction_comment: Mapped[str | None] = mapped_column(Text)
    due_reminded_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    kind: Mapped[str] = mapped_column(String(20), server_default="question")  # or complaint / denunciation
    # issue 12: a denunciation of the commune chair goes to the higher level and is hidden from the chair; the
    # session a complaint or denunciation was sent for, to go back to if it is a question after all
    against_chair: Mapped[bool] = mapped_column(Boolean, server_default="false")
    intake_session_id: Mapped[int | None] = mapped_column(ForeignKey("dialogue_session.id"))
    # acknowledgement (Law 42/2013 Art. 28): the resident is told by ack_due_on what happens to the submission;
    # acknowledged_at is when they were (any staff outcome, or "accepted for the session"), with the staff clock marks
    ack_due_on: Mapped[date | None] = mapped_column(Date)
    acknowledged_at: Mapped[datetime | None]
    ack_reminded_at: Mapped[datetime | None]
    ack_escalated_at: Mapped[datetime | None]
    # the day the written-answer clock started (assignment or the notice): a complex item ends 30 working days on
    answer_started_on: Mapped[date | None] = mapped_column(Date)


class QuestionAttachment(Base):
    __tablename__ = "question_attachment"
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    file_id: Mapped[str] = mapped_column(Text)  # a Telegram file id, or a Zalo photo's address (any length)
    file_name: Mapped[str] = mapped_column(String(200), server_default="")
    mime_type: Mapped[str] = mapped_column(String(100), server_default="")


class QuestionEvent(Base):
    """Append-only audit: who, when, from-state → to-state, note."""

    __tablename__ = "question_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, server_default="")
    at: Mapped[datetime] = now_column()


class QuestionSupporter(Base):
    """A resident who said "me too" to a question (or whose merged question was joined into it)."""

    __tablename__ = "question_supporter"
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
    created_at: Mapped[datetime] = now_column()


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
# kind in id order, with the filters' columns so that every view is an index-only scan.
Index("ix_question_queue", Question.commune_id, Question.state, Question.kind, Question.id,
      postgresql_include=["department_code", "village_id", "topic"])
