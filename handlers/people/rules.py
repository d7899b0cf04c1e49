"""Consent per purpose (Law 91/2025/QH15, Decree 356/2025): the purposes, the notice's version, and the evidence of
a choice. Pure: any feature that asks for a consent at the moment it is used records it with these."""
from __future__ import annotations

from handlers.conversation.channels import TELEGRAM
from handlers.conversation.i18n import N_

NOTICE_VERSION = "2026-12-v3"  # v3: one choice per purpose; the controller's address, recipients, retention
DIALOGUE = "dialogue"  # handling my questions: required to ask
TRANSFER = "transfer"  # Telegram's servers are abroad: a cross-border transfer, required to use Telegram
ANNOUNCEMENTS = "announcements"  # session announcements and reminders: optional, off until chosen
PETITION = "petition"  # my name on a request for a session (asked when signing)
SPEAKING = "speaking"  # my name called out at a session (asked when taking a speaking slot)
LINK = "link"  # my two messenger accounts joined (asked when linking)
STAFF_PREFIX = "staff-"  # /start staff-CODE: a staff invitation redeemed (bot/admin.py makes the links)
STAFF_REFUSAL = N_("Staff accounts cannot be linked: a staff role stays with the account that was invited. To work "
                   "on another messenger, ask the commune office for an invitation there.")


def required_purposes(channel: str) -> tuple[str, ...]:
    """What a person must have agreed to before using the assistant on this messenger."""
    return (DIALOGUE, TRANSFER) if channel == TELEGRAM else (DIALOGUE,)


def missing_purposes(channel: str, in_force: set[str]) -> tuple[str, ...]:
    return tuple(p for p in required_purposes(channel) if p not in in_force)


def evidence(channel: str, chat_id: str, message_id: str | None, update_id: str) -> str:
    """Which message the choice was made on: enough to find it again in the messenger's history."""
    return f"{channel}:{chat_id}:{message_id or ''}:{update_id}"
