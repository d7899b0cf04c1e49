"""The commune (tenant), its villages, departments, policy values and calendar exceptions."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, now_column


class Commune(Base):
    __tablename__ = "commune"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(5), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    ticket_prefix: Mapped[str] = mapped_column(String(6), server_default="TT")
    next_ticket_no: Mapped[int] = mapped_column(Integer, server_default="1")
    created_at: Mapped[datetime] = now_column()
    kind: Mapped[str] = mapped_column(String(10), server_default="xa")  # handlers.commune_kinds.CommuneKind
    province_code: Mapped[str | None] = mapped_column(String(2))
    province_name: Mapped[str] = mapped_column(String(120), server_default="")
    address: Mapped[str] = mapped_column(String(300), server_default="")  # the People's Committee's (controller)


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


class CommunePolicy(Base):
    """A per-commune policy value (deadline, lead time, reminder time) with its legal basis."""

    __tablename__ = "commune_policy"
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str] = mapped_column(Text, server_default="")
    updated_at: Mapped[datetime] = now_column()


class PolicyAudit(Base):
    """Append-only: who changed a policy value, when, from what to what, and the basis recorded with it."""

    __tablename__ = "policy_audit"
    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = now_column()
    actor: Mapped[str] = mapped_column(String(80))  # "person:12" in the bot, "cli:<login>" from the command line
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    key: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str] = mapped_column(String(200), server_default="")
    new_value: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str] = mapped_column(Text, server_default="")


class DayOverride(Base):
    """A commune's exception to Vietnam's calendar: an extra day off (working false) or an extra working day."""

    __tablename__ = "day_override"
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(200), server_default="")


class ClockReminder(Base):
    """A reminder that must go out once per subject: a session's conclusion notice, a year without a periodic
    session. (commune, kind, subject) is the key, so a second pass finds it and sends nothing."""

    __tablename__ = "clock_reminder"
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    subject: Mapped[str] = mapped_column(String(40), primary_key=True)
    sent_at: Mapped[datetime] = now_column()
