"""Deadlines are said the way the law reads them: "chậm nhất ngày X" (the day counts, Civil Code Art. 148), never
"trước ngày X" (the day before) nor a merely "expected" date."""
from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from handlers.conversation.i18n import translator
from handlers.sessions.views import intake_until

ROOT = Path(__file__).resolve().parent.parent


def vietnamese() -> list[tuple[str, str]]:
    with (ROOT / "locales" / "vi" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return [(m.id, m.string) for m in read_po(po) if m.id and isinstance(m.id, str)]


def test_no_vietnamese_message_says_before_the_day_or_an_expected_date():
    wrong = [text for _, text in vietnamese() if "trước ngày" in text or "dự kiến: {" in text
             or "trước {when}" in text]
    assert wrong == []


def test_every_deadline_a_person_reads_says_no_later_than():
    deadlines = [(msgid, text) for msgid, text in vietnamese()
                 if " by {date}" in msgid or "no later than" in msgid.lower() or "Expected answer by" in msgid]
    assert len(deadlines) >= 8
    assert [msgid for msgid, text in deadlines if "chậm nhất" not in text.lower()] == []


def test_an_intake_closing_at_midnight_reads_as_the_end_of_the_day_before():
    from datetime import datetime

    from handlers.conversation.i18n import VIETNAM

    vi = translator("vi")
    assert intake_until(datetime(2026, 11, 26, 0, 0, tzinfo=VIETNAM), vi) == "hết ngày 25/11/2026"
    assert intake_until(datetime(2026, 11, 25, 23, 59, 59, tzinfo=VIETNAM), vi) == "hết ngày 25/11/2026"
