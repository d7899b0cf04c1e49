"""Questions asked by voice: the recording and the transcript offered to the asker."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, now_column


class VoiceQuestion(Base):
    """The voice note a question was asked with. File ids are per bot, so the bot that received it is kept (staff
    on that bot hear it); the chat is where the transcript is offered. transcript_state: none (no speech model),
    pending, offered (sent to the asker), confirmed, corrected (typed by the asker), failed. A Zalo recording is a
    web address that may expire, so its bytes are kept (keep_state: "" nothing to keep, waiting, kept, too_big,
    failed). claimed_at: a process is fetching it (a lease)."""

    __tablename__ = "voice_question"
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), unique=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # voice | audio
    file_id: Mapped[str] = mapped_column(Text)  # a Telegram file id, or a Zalo file's address
    mime_type: Mapped[str] = mapped_column(String(100), server_default="")
    duration: Mapped[int] = mapped_column(Integer, server_default="0")  # seconds; 0: not known
    size: Mapped[int] = mapped_column(Integer, server_default="0")  # bytes; 0: not known
    transcript_state: Mapped[str] = mapped_column(String(12), server_default="none", index=True)
    transcript: Mapped[str] = mapped_column(Text, server_default="")
    keep_state: Mapped[str] = mapped_column(String(8), server_default="")
    audio: Mapped[bytes | None] = mapped_column(LargeBinary)
    claimed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = now_column()
    updated_at: Mapped[datetime] = now_column()
