"""Dates and times typed by staff ("15/12/2026 08:00", "25/11/2026"), read in Vietnam's time. Pure."""
from __future__ import annotations

import re
from datetime import date, datetime

from handlers.conversation.i18n import VIETNAM

_WHEN = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2})[:hg](\d{2})?)?\s*$")


def parse_when(text: str) -> datetime | None:
    """"15/12/2026 08:00" (or "15/12/2026 8h") as a Vietnam time; a date alone means 00:00."""
    match = _WHEN.match(text)
    if not match:
        return None
    day, month, year, hour, minute = match.groups()
    try:
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), tzinfo=VIETNAM)
    except ValueError:
        return None


def parse_day(text: str) -> date | None:
    when = parse_when(text)
    return when.date() if when else None
