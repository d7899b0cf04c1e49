"""Typed SQLAlchemy models. Every resident-facing row is scoped to a commune."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, func, text)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSONB, datetime: DateTime(timezone=True)}


def _now() -> Any:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


class Commune(Base):
    __tablename__ = "commune"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(5), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    ticket_prefix: Mapped[str] = mapped_column(String(6), server_default="TT")
    next_ticket_no: Mapped[int] = mapped_column(Integer, server_default="1")
    created_at: Mapped[datetime] = _now()
    kind: Mapped[str] = mapped_column(String(10), server_default="xa")  # handlers.commune_kinds.CommuneKind
    province_code: Mapped[str | None] = mapped_column(String(2))
    province_name: Mapped[str] = mapped_column(String(120), server_default="")


class Village(Base):
    __tablename__ = "village"
    __table_args__ = (UniqueConstraint("commune_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, server_default="0")


class Department(Base):
    __tablename__ = "department"
    __table_args__ = (UniqueConstraint("commune_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))


class Bot(Base):
    """One bot identity on one channel; a province runs many."""

    __tablename__ = "bot"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    username: Mapped[str] = mapped_column(String(64), server_default="")


class BotCommune(Base):
    """Which communes a bot serves; a bot with no rows here serves every commune."""

    __tablename__ = "bot_commune"
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"), primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), primary_key=True)


class Person(Base):
    """A resident or staffer, created only once they have agreed to the data notice."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("commune.id"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    full_name: Mapped[str] = mapped_column(String(120), server_default="")
    phone: Mapped[str | None] = mapped_column(String(20))
    announcements: Mapped[bool] = mapped_column(Boolean, server_default="true")
    created_at: Mapped[datetime] = _now()


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
    last_seen_at: Mapped[datetime] = _now()
    menu: Mapped[str] = mapped_column(String(10), server_default="resident")  # the command menu the chat was given


class Consent(Base):
    """Evidence of an affirmative choice per purpose: when, which text version, which message."""

    __tablename__ = "consent"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    text_version: Mapped[str] = mapped_column(String(20))
    evidence: Mapped[str] = mapped_column(String(200))
    agreed_at: Mapped[datetime] = _now()
    withdrawn_at: Mapped[datetime | None]


class StaffMember(Base):
    __tablename__ = "staff_member"
    __table_args__ = (UniqueConstraint("commune_id", "person_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    department_code: Mapped[str | None] = mapped_column(String(40))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    created_at: Mapped[datetime] = _now()


class StaffInvite(Base):
    __tablename__ = "staff_invite"
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    department_code: Mapped[str | None] = mapped_column(String(40))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    created_at: Mapped[datetime] = _now()
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    revoked_at: Mapped[datetime | None]


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
    created_at: Mapped[datetime] = _now()
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
    at: Mapped[datetime] = _now()


class CommunePolicy(Base):
    """A per-commune policy value (deadline, lead time, reminder time) with its legal basis."""

    __tablename__ = "commune_policy"
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str] = mapped_column(Text, server_default="")
    updated_at: Mapped[datetime] = _now()


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
    linked_at: Mapped[datetime] = _now()


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
    created_at: Mapped[datetime] = _now()
    finished_at: Mapped[datetime | None]


class Question(Base):
    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("commune_id", "code"),)  # and ix_question_queue (storage/community_models.py)
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
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()
    # follow-up (issue 4): when a written answer came, how the asker judged it, reminders and escalation sent
    done_at: Mapped[datetime | None]
    complex: Mapped[bool] = mapped_column(Boolean, server_default="false")
    satisfaction: Mapped[str | None] = mapped_column(String(10))
    satisfaction_comment: Mapped[str | None] = mapped_column(Text)
    due_reminded_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    kind: Mapped[str] = mapped_column(String(20), server_default="question")  # or complaint / denunciation


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
    at: Mapped[datetime] = _now()


class Delivery(Base):
    """Outbox: a message to send, written in the same transaction as its cause."""

    __tablename__ = "delivery"
    __table_args__ = (Index("ix_delivery_pending", "not_before", postgresql_where=text("status = 'pending'")),
                      Index("ix_delivery_sending", "lease_until", postgresql_where=text("status = 'sending'")))
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"))
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16), server_default="pending")
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    not_before: Mapped[datetime] = _now()
    last_error: Mapped[str] = mapped_column(Text, server_default="")
    platform_message_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = _now()
    sent_at: Mapped[datetime | None]
    lease_until: Mapped[datetime | None]
    broadcast_id: Mapped[int | None] = mapped_column(ForeignKey("broadcast.id", ondelete="CASCADE"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id", ondelete="SET NULL"))


class OutboxPace(Base):
    """A bot's shared send schedule: workers reserve slots here so together they keep the channel's rate."""

    __tablename__ = "outbox_pace"
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"), primary_key=True)
    next_slot: Mapped[datetime] = _now()


class ConversationState(Base):
    __tablename__ = "conversation_state"
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(40), server_default="idle")
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    updated_at: Mapped[datetime] = _now()
    burst_at: Mapped[datetime] = _now()  # the chat's current burst window started then (handlers/flood.py)
    burst_count: Mapped[int] = mapped_column(Integer, server_default="0")  # updates in that window


class ProcessedUpdate(Base):
    __tablename__ = "processed_update"
    __table_args__ = (Index("ix_processed_update_processed_at", "processed_at"),)  # pruned by age
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"), primary_key=True)
    update_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    processed_at: Mapped[datetime] = _now()


# --- Zalo and account linking (migration 0003) ------------------------------------------------


class OfferedChoice(Base):
    """The numbered options last shown in a chat with no buttons (Zalo): replying "2" picks the second."""

    __tablename__ = "offered_choice"
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    choices: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    offered_at: Mapped[datetime] = _now()


class ZaloOAToken(Base):
    """An OA's OAuth tokens; the refresh token is single use, so the newest one must never be lost."""

    __tablename__ = "zalo_oa_token"
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"), primary_key=True)
    access_token: Mapped[str] = mapped_column(Text, server_default="")
    access_expires_at: Mapped[datetime | None]
    refresh_token: Mapped[str] = mapped_column(Text)
    generation: Mapped[int] = mapped_column(Integer, server_default="0")
    updated_at: Mapped[datetime] = _now()


class DayOverride(Base):
    """A commune's exception to Vietnam's calendar: an extra day off (working false) or an extra working day."""

    __tablename__ = "day_override"
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(200), server_default="")


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
from storage import community_models, trust_models  # noqa: E402,F401  (their tables join Base.metadata)
