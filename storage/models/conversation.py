"""Conversations: each chat's state, the updates seen, the numbered options shown on Zalo, the updates
held back by the burst limit."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, now_column


class ConversationState(Base):
    __tablename__ = "conversation_state"
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[str] = mapped_column(String(40), server_default="idle")
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    updated_at: Mapped[datetime] = now_column()
    burst_at: Mapped[datetime] = now_column()  # the chat's current burst window started then (handlers/flood.py)
    burst_count: Mapped[int] = mapped_column(Integer, server_default="0")  # updates in that window


class ProcessedUpdate(Base):
    __tablename__ = "processed_update"
    __table_args__ = (Index("ix_processed_update_processed_at", "processed_at"),)  # pruned by age
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"), primary_key=True)
    update_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    processed_at: Mapped[datetime] = now_column()


class OfferedChoice(Base):
    """The numbered options last shown in a chat with no buttons (Zalo): replying "2" picks the second."""

    __tablename__ = "offered_choice"
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    choices: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    offered_at: Mapped[datetime] = now_column()


class ThrottledUpdate(Base):
    """An update that came over its chat's burst limit: not processed, but kept, so what a resident sent is not lost
    (staff can read it; `content` is the text, the button data, the phone or the file id and caption)."""

    __tablename__ = "throttled_update"
    __table_args__ = (Index("ix_throttled_update_chat", "bot_id", "chat_id", "id"),)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    update_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text, server_default="")
    received_at: Mapped[datetime] = now_column()
