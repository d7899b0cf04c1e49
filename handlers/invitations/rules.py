"""Invitations and attendance, pure: the delegates' categories, the organisations invited, the one-time attendance
tokens and their deep links, a named guest typed as "name, title", and when a check-in is still possible."""
from __future__ import annotations

import hashlib
import re
import secrets
from enum import StrEnum
from typing import Any

from handlers.sessions.rules import SessionState


class Category(StrEnum):
    """Stored strings: never change them. The order is the list's and the documents'."""

    VILLAGE_HEAD = "village_head"
    ORGANISATION = "organisation"  # the Front, the unions, the People's Council, the Party committee
    ASKER = "asker"  # a resident who asked a question for this session
    HOUSEHOLD = "household"  # a household's representative
    GUEST = "guest"  # another named guest, typed by the secretary or proposed by the Front
    WALK_IN = "walk_in"  # a resident not on the list who checked in at the venue


RESIDENTS = frozenset({Category.ASKER, Category.HOUSEHOLD, Category.WALK_IN})  # names only for the identity roles
# (staff role whose holder represents the organisation, or "", the organisation's name in the documents)
ORGANISATIONS = (("front", "Ủy ban Mặt trận Tổ quốc Việt Nam {unit}"),
                 ("council", "Thường trực Hội đồng nhân dân {unit}"), ("party", "Thường trực Đảng ủy {unit}"),
                 ("", "Hội Nông dân {unit}"), ("", "Hội Liên hiệp Phụ nữ {unit}"), ("", "Hội Cựu chiến binh {unit}"),
                 ("", "Đoàn Thanh niên Cộng sản Hồ Chí Minh {unit}"))
LISTED, PROPOSED = "listed", "proposed"
ATTEND, VENUE = "att_", "atv_"  # /start payloads: a delegate's own QR code; the venue's QR code
TOKEN_BYTES = 18  # 144 bits, 24 URL-safe characters: a /start payload allows 64 of [A-Za-z0-9_-]
_PAYLOAD = re.compile(r"(att_|atv_)([A-Za-z0-9_-]{24})")
_GUEST = re.compile(r"\s*(?:\n|;|,|—|–|\s-\s)\s*")
MAX_NAME, MAX_TITLE = 120, 200


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What is stored: the token itself never is, so a copy of the database checks nobody in."""
    return hashlib.sha256(token.encode()).hexdigest()


def parse_attendance(payload: str) -> tuple[str, str] | None:
    """("att_" or "atv_", token) for an attendance payload; None for anything else."""
    match = _PAYLOAD.fullmatch(payload.strip())
    return (match.group(1), match.group(2)) if match else None


def is_attendance(payload: str) -> bool:
    """A /start payload meant for attendance (well formed or forged): it never starts registering."""
    return payload.strip().startswith((ATTEND, VENUE))


def split_guest(text: str) -> tuple[str, str] | None:
    """"Nguyễn Văn Hùng, Giám đốc HTX Đồng Tiến" → (name, title); None when the name is missing or too long."""
    parts = _GUEST.split(text.strip(), maxsplit=1)
    name, title = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
    if not 2 <= len(name) <= MAX_NAME or len(title) > MAX_TITLE or any(ch.isdigit() for ch in name):
        return None
    return name, title


def check_in_open(session: Any) -> bool:
    """Check-in is possible from the announcement until the end of the session is recorded."""
    return session.state in (SessionState.ANNOUNCED, SessionState.INTAKE_CLOSED, SessionState.IN_PROGRESS) \
        and session.ended_at is None


def counts(rows: list[Any]) -> dict[str, int]:
    """Delegates per category, in the categories' order (only those with any)."""
    found = {c.value: 0 for c in Category}
    for row in rows:
        found[row.category] = found.get(row.category, 0) + 1
    return {c: n for c, n in found.items() if n}
