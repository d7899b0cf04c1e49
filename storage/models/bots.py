"""Bot identities, the communes each serves, and a Zalo OA's tokens."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, now_column


class Bot(Base):
    """One bot identity on one channel; a province runs many."""

    __tablename__ = "bot"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    username: Mapped[str] = mapped_column(String(64), server_default="")
    # The bot registry (`doithoai bot add`): the token sealed with storage/secrets.SecretBox ("" for a bot known only
    # from an environment token), bumped on every rotation so running processes restart it; set when removed.
    token: Mapped[str] = mapped_column(Text, server_default="")
    token_generation: Mapped[int] = mapped_column(Integer, server_default="0")
    removed_at: Mapped[datetime | None]


class BotCommune(Base):
    """Which communes a bot serves; a bot with no rows here serves every commune."""

    __tablename__ = "bot_commune"
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"), primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), primary_key=True)


class ZaloOAToken(Base):
    """An OA's OAuth tokens; the refresh token is single use, so the newest one must never be lost."""

    __tablename__ = "zalo_oa_token"
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"), primary_key=True)
    access_token: Mapped[str] = mapped_column(Text, server_default="")
    access_expires_at: Mapped[datetime | None]
    refresh_token: Mapped[str] = mapped_column(Text)
    generation: Mapped[int] = mapped_column(Integer, server_default="0")
    updated_at: Mapped[datetime] = now_column()


class BotAudit(Base):
    """Append-only: who added, removed or re-keyed a registered bot, when, and for which communes. Never a token."""

    __tablename__ = "bot_audit"
    id: Mapped[int] = mapped_column(primary_key=True)
    bot_id: Mapped[int] = mapped_column(ForeignKey("bot.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = now_column()
    actor: Mapped[str] = mapped_column(String(80))  # "cli:<login>"
    action: Mapped[str] = mapped_column(String(20))  # add | remove | rotate
    detail: Mapped[str] = mapped_column(Text, server_default="")  # e.g. the commune codes served
