"""Pure rules of a dialogue session: its states, the lead-time check, deep-link payloads and reminder times."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from handlers.commune.policy import SessionPolicy
from handlers.conversation.i18n import VIETNAM


class SessionState(StrEnum):
    DRAFT = "draft"
    ANNOUNCED = "announced"
    INTAKE_CLOSED = "intake_closed"
    IN_PROGRESS = "in_progress"
    CONCLUDED = "concluded"
    CLOSED = "closed"


class SessionAction(StrEnum):
    ANNOUNCE = "announce"
    CLOSE_INTAKE = "close_intake"
    START = "start"
    CONCLUDE = "conclude"
    CLOSE = "close"


_MOVES: dict[tuple[SessionState, SessionAction], SessionState] = {
    (SessionState.DRAFT, SessionAction.ANNOUNCE): SessionState.ANNOUNCED,
    (SessionState.ANNOUNCED, SessionAction.CLOSE_INTAKE): SessionState.INTAKE_CLOSED,
    (SessionState.ANNOUNCED, SessionAction.START): SessionState.IN_PROGRESS,
    (SessionState.INTAKE_CLOSED, SessionAction.START): SessionState.IN_PROGRESS,
    (SessionState.IN_PROGRESS, SessionAction.CONCLUDE): SessionState.CONCLUDED,
    (SessionState.CONCLUDED, SessionAction.CLOSE): SessionState.CLOSED,
}
UPCOMING = (SessionState.ANNOUNCED, SessionState.INTAKE_CLOSED, SessionState.IN_PROGRESS)
CHAIRS = ("chair", "party_secretary", "vice_chair")  # who chairs a session (seed 001: the Party secretary)
AUDIENCES = ("all", "youth", "women", "business", "farmers", "elderly")  # whom it is for; stored "" for "all"


def chaired_by(session: object) -> str:
    return getattr(session, "chaired_by", "") or "chair"


def audience_of(session: object) -> str:
    return getattr(session, "audience", "") or "all"


def next_session_state(state: str, action: str) -> SessionState | None:
    """The state an action leads to, or None when the action is not allowed now."""
    try:
        return _MOVES.get((SessionState(state), SessionAction(action)))
    except ValueError:
        return None


def actions_from(state: str) -> list[SessionAction]:
    return [action for (source, action) in _MOVES if source == state and action != SessionAction.ANNOUNCE]


@dataclass(frozen=True)
class LeadTime:
    days: int  # whole calendar days between announcing and the session (Vietnam dates)
    refused: bool  # under the minimum: only with an override and a reason
    warning: bool  # at or over the minimum but under the warning threshold


def lead_time(now: datetime, starts_at: datetime, policy: SessionPolicy) -> LeadTime:
    """Calendar days from today to the session's day, in Vietnam, checked against the commune's policy."""
    days = (starts_at.astimezone(VIETNAM).date() - now.astimezone(VIETNAM).date()).days
    return LeadTime(days, days < policy.lead_days_min, policy.lead_days_min <= days < policy.lead_days_warn)


def default_intake_close(starts_at: datetime, policy: SessionPolicy) -> datetime:
    """Intake closes at the end of the day N days before the session (Vietnam time)."""
    day = starts_at.astimezone(VIETNAM).date() - timedelta(days=policy.intake_close_days)
    return datetime.combine(day + timedelta(days=1), datetime.min.time(), VIETNAM)


def intake_close_at(now: datetime, starts_at: datetime, planned: datetime | None, policy: SessionPolicy) -> datetime:
    """When a session announced at `now` stops taking questions: as planned (the policy's default when not
    planned), but never before the announcement — when that time has passed, at the end of the day before the
    session, or at its start when that has passed too (a session a few hours ahead takes questions until then)."""
    closes = min(planned or default_intake_close(starts_at, policy), starts_at)
    if closes > now:
        return closes
    eve = datetime.combine(starts_at.astimezone(VIETNAM).date(), datetime.min.time(), VIETNAM)
    return eve if now < eve < starts_at else starts_at


def intake_window_short(now: datetime, closes: datetime, policy: SessionPolicy) -> bool:
    """Residents would have less time to send questions than the commune's policy allows."""
    return closes - now < timedelta(days=policy.intake_window_min_days)


def resident_reminder_at(starts_at: datetime, policy: SessionPolicy) -> datetime:
    day = starts_at.astimezone(VIETNAM).date() - timedelta(days=policy.remind_days_before)
    return datetime.combine(day, policy.remind_at, VIETNAM)


_PAYLOAD = re.compile(r"^ask-(\d{1,10})-(\d{1,10})$")


def ask_payload(session_id: int, village_id: int | None) -> str:
    """A /start payload (Telegram: ≤ 64 of [A-Za-z0-9_-]) that opens /ask with session and village chosen."""
    return f"ask-{session_id}-{village_id or 0}"


def parse_ask_payload(payload: str) -> tuple[int, int | None] | None:
    match = _PAYLOAD.match(payload)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)) or None
