"""Channel-neutral events: what a person did, whatever messenger they used."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ConversationRef:
    """Where an event came from: channel ("telegram", "zalo"), bot, chat and user ids as strings."""

    channel: str
    bot_id: str
    chat_id: str
    user_id: str
    is_group: bool = False


@dataclass(frozen=True)
class Event:
    ref: ConversationRef
    update_id: str = ""
    sender_name: str = ""
    language: str = ""
    sent_at: datetime | None = None  # when the person sent it, as the platform says; None: not known (a button)


@dataclass(frozen=True)
class Command(Event):
    name: str = ""
    args: str = ""


@dataclass(frozen=True)
class TextMessage(Event):
    text: str = ""


@dataclass(frozen=True)
class ButtonPressed(Event):
    data: str = ""
    message_id: str = ""


@dataclass(frozen=True)
class ContactShared(Event):
    phone: str = ""
    is_own: bool = True


@dataclass(frozen=True)
class Attachment:
    kind: str  # "photo" | "document" | "voice" (a voice note) | "audio" (a sound file)
    file_id: str
    file_name: str = ""
    mime_type: str = ""
    content: bytes = b""  # a file the bot makes (a calendar file), sent as an upload instead of by file_id
    duration: int = 0  # seconds, for a voice note or sound file; 0: not known
    size: int = 0  # bytes, as the platform says; 0: not known


@dataclass(frozen=True)
class AttachmentSent(Event):
    attachment: Attachment = field(default_factory=lambda: Attachment("photo", ""))
    caption: str = ""


@dataclass(frozen=True)
class Unsupported(Event):
    """Something the bot cannot read (a sticker, a video, a location)."""

    kind: str = ""
