"""An iCalendar (.ics, RFC 5545) file for one session. Pure."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from handlers.conversation.text import clean


def _escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): no raw line break or control character can end the property early."""
    text = clean(text)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n").replace("\t", " ")


def _stamp(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def session_ics(*, uid: str, title: str, starts_at: datetime, venue: str, description: str, now: datetime,
                hours: int = 3) -> bytes:
    """One VEVENT; lines are folded at 75 octets as the standard asks."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Doi thoai//Dialogue sessions//VI", "CALSCALE:GREGORIAN",
             "BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{_stamp(now)}", f"DTSTART:{_stamp(starts_at)}",
             f"DTEND:{_stamp(starts_at + timedelta(hours=hours))}", f"SUMMARY:{_escape(title)}",
             f"LOCATION:{_escape(venue)}", f"DESCRIPTION:{_escape(description)}", "END:VEVENT", "END:VCALENDAR"]
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def _fold(line: str) -> str:
    data, parts = line.encode("utf-8"), []
    while len(data) > 75:
        cut = 75 if not parts else 74
        while cut and (data[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(data[:cut].decode("utf-8"))
        data = data[cut:]
    parts.append(data.decode("utf-8"))
    return "\r\n ".join(parts)
