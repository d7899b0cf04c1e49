"""Telegram update → neutral event. Pure: no network, no state."""
from __future__ import annotations

from telegram import Message, Update

from handlers.conversation.events import (Attachment, AttachmentSent, ButtonPressed, Command, ContactShared, ConversationRef,
                             Event, TextMessage, Unsupported)
from handlers.conversation.files import clean_file_name, clean_mime_type

CHANNEL = "telegram"


def parse_update(update: Update, bot_id: str, bot_username: str) -> Event | None:
    """The event an update stands for, or None for updates the bot does not act on."""
    if update.callback_query is not None:
        query = update.callback_query
        message = query.message
        if message is None or query.data is None:
            return None
        ref = _ref(bot_id, str(message.chat.id), str(query.from_user.id), message.chat.type)
        return ButtonPressed(ref=ref, update_id=str(update.update_id), data=query.data,
                             message_id=str(message.message_id), sender_name=query.from_user.full_name,
                             language=query.from_user.language_code or "")
    message = update.message
    if message is None or message.from_user is None:
        return None
    return _parse_message(message, update.update_id, bot_id, bot_username)


def _ref(bot_id: str, chat_id: str, user_id: str, chat_type: str) -> ConversationRef:
    return ConversationRef(channel=CHANNEL, bot_id=bot_id, chat_id=chat_id, user_id=user_id,
                           is_group=chat_type != "private")


def _parse_message(message: Message, update_id: int, bot_id: str, bot_username: str) -> Event | None:
    user = message.from_user
    ref = _ref(bot_id, str(message.chat.id), str(user.id), message.chat.type)
    common = {"ref": ref, "update_id": str(update_id), "sender_name": user.full_name,
              "language": user.language_code or ""}
    if message.text is not None:
        command = _command(message.text, bot_username)
        if command is not None:
            name, args = command
            return Command(name=name, args=args, **common) if name else None
        return TextMessage(text=message.text, **common)
    if message.contact is not None:
        return ContactShared(phone=message.contact.phone_number, is_own=message.contact.user_id == user.id, **common)
    if message.photo:
        largest = max(message.photo, key=lambda p: p.width * p.height)
        return AttachmentSent(attachment=Attachment("photo", largest.file_id), caption=message.caption or "",
                              **common)
    if message.document is not None:
        doc = message.document
        attachment = Attachment("document", doc.file_id, clean_file_name(doc.file_name), clean_mime_type(doc.mime_type))
        return AttachmentSent(attachment=attachment, caption=message.caption or "", **common)
    sound = message.voice or message.audio
    if sound is not None:  # a voice note, or a sound file sent as music: either can be a spoken question
        kind = "voice" if message.voice is not None else "audio"
        attachment = Attachment(kind, sound.file_id, clean_file_name(getattr(sound, "file_name", None)),
                                clean_mime_type(sound.mime_type), duration=_seconds(sound),
                                size=int(sound.file_size or 0))
        return AttachmentSent(attachment=attachment, caption=message.caption or "", **common)
    return Unsupported(kind=_kind(message), **common)


def _command(text: str, bot_username: str) -> tuple[str, str] | None:
    """("name", "args") for "/name@bot args"; ("", "") when addressed to another bot; None for plain text."""
    if not text.startswith("/") or len(text) < 2:
        return None
    head, _, args = text[1:].partition(" ")
    name, _, target = head.partition("@")
    if target and target.lower() != bot_username.lower():
        return "", ""
    return name.lower(), args.strip()


def _seconds(sound: object) -> int:
    """A recording's length in whole seconds, read as the Bot API sent it (the library's attribute changes type)."""
    value = sound.to_dict().get("duration") or 0
    return int(value.total_seconds()) if hasattr(value, "total_seconds") else int(value)


def _kind(message: Message) -> str:
    for kind in ("sticker", "voice", "audio", "video", "video_note", "location", "poll", "animation"):
        if getattr(message, kind, None):
            return kind
    return "other"
