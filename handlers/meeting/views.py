"""Words and buttons of the meeting others show: the record buttons on the session card. Pure."""
from __future__ import annotations

from typing import Any

from handlers.conversation.i18n import Translator
from handlers.conversation.replies import Button
from handlers.meeting.buttons import RECORD
from handlers.sessions.rules import SessionState


def record_buttons(session: Any, t: Translator) -> list[list[Button]]:
    """While the session is in progress: record its end; once ended, attendance and the minutes read back."""
    if session.state != SessionState.IN_PROGRESS:
        return []
    if session.ended_at is None:
        return [[Button(t("⏹ Record the end"), RECORD.build(verb="end", id=session.id))]]
    rows = [[Button(t("👥 Record attendance"), RECORD.build(verb="att", id=session.id))]]
    if session.minutes_read_at is None:
        rows.append([Button(t("📝 Minutes read back and agreed"), RECORD.build(verb="read", id=session.id))])
    return rows
