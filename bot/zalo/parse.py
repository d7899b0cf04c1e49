"""Zalo Bot Platform updates and Zalo OA webhook events → neutral events. Pure: no network, no state."""
from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from typing import Any

from handlers.conversation.events import Attachment, AttachmentSent, Command, ConversationRef, Event, TextMessage, Unsupported

BOT_CHANNEL = "zalo_bot"
OA_CHANNEL = "zalo_oa"
MAX_ID = 64  # the width of the account, chat and update id columns
MAX_PHOTO_URL = 2000
_PHOTO_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+")


def unwrap(body: Any) -> dict[str, Any] | None:
    """Webhook bodies come flat or wrapped as {"ok": true, "result": {...}}; either gives the update."""
    if isinstance(body, dict) and "result" in body and "event_name" not in body:
        body = body["result"]
    if not isinstance(body, dict) or not isinstance(body.get("message"), dict):
        return None
    message = body["message"]
    if not isinstance(message.get("from"), dict) or not isinstance(message.get("chat"), dict):
        return None  # every real update names its sender and chat
    return body


def parse_bot_update(update: dict[str, Any], bot_id: str) -> Event | None:
    """The event a Bot Platform update stands for, or None for what the bot does not act on."""
    message = _dict(update.get("message"))
    sender, chat = _dict(message.get("from")), _dict(message.get("chat"))
    user_id, chat_id = _id(sender.get("id")), _id(chat.get("id"))
    if not user_id or not chat_id or sender.get("is_bot"):
        return None
    ref = ConversationRef(BOT_CHANNEL, bot_id, chat_id, user_id,
                          is_group=_text(chat.get("chat_type", "PRIVATE")).upper() != "PRIVATE")
    common = {"ref": ref, "update_id": _update_id(f"m:{_text(message.get('message_id'))}"),
              "sender_name": _text(sender.get("display_name")), "sent_at": sent_at(message.get("date"))}
    name = _text(update.get("event_name"))
    if name == "message.text.received":
        return text_event(_text(message.get("text")), common)
    if name == "message.image.received":
        url = photo_url(message.get("photo_url") or message.get("photo"))
        if not url:
            return Unsupported(kind="image", **common)
        return AttachmentSent(attachment=Attachment("photo", url), caption=_text(message.get("caption")), **common)
    if name == "message.unsupported.received":
        return Unsupported(kind="withheld", **common)
    return Unsupported(kind=name.split(".")[1][:20] if name.count(".") >= 2 else "other", **common)


def parse_oa_event(body: Any, oa_key: str) -> Event | None:
    """The event an OA webhook body stands for, or None (unfollows, the OA's own messages, receipts)."""
    body = _dict(body)
    name, sender, message = _text(body.get("event_name")), _dict(body.get("sender")), _dict(body.get("message"))
    user_id = _id((_dict(body.get("follower")) or sender).get("id"))
    if not user_id or name.startswith("oa_") or name in ("unfollow",) or name.startswith("user_received"):
        return None
    ref = ConversationRef(OA_CHANNEL, oa_key, user_id, user_id)
    raw_id = _text(message.get("msg_id")) or f"{name}:{user_id}:{_text(body.get('timestamp'))}"
    common = {"ref": ref, "update_id": _update_id(raw_id), "sent_at": sent_at(body.get("timestamp"))}
    if name == "follow":
        return Command(name="start", **common)
    if name == "user_send_text":
        return text_event(_text(message.get("text")), common)
    if name in ("user_send_image", "user_send_audio"):  # an audio attachment is a voice message recorded in Zalo
        attachments = message.get("attachments")
        first = _dict(attachments[0]) if isinstance(attachments, list) and attachments else {}
        url = photo_url(_dict(first.get("payload")).get("url"))
        kind = "photo" if name == "user_send_image" else "voice"
        if not url:
            return Unsupported(kind="image" if kind == "photo" else "audio", **common)
        return AttachmentSent(attachment=Attachment(kind, url), caption=_text(message.get("text")), **common)
    if name.startswith("user_send_"):
        return Unsupported(kind=name[len("user_send_"):][:20], **common)
    return None


def sent_at(milliseconds: Any) -> datetime | None:
    """Zalo's epoch milliseconds (a number, or a string on the OA) as a time; None when absent or not a time."""
    try:
        return datetime.fromtimestamp(int(milliseconds) / 1000, timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    """A string field as sent; numbers as their digits; anything else (a list, an object, null) as ""."""
    if isinstance(value, bool) or value is None:
        return ""
    return value if isinstance(value, str) else str(value) if isinstance(value, (int, float)) else ""


def _id(value: Any) -> str:
    """A user or chat id, or "" when it is missing or could not be one (too long for the id columns, unprintable)."""
    text = _text(value).strip()
    return text if len(text) <= MAX_ID and text.isprintable() else ""


def _update_id(raw: str) -> str:
    """The key a replay is recognised by, within the id column: long keys are replaced by their digest."""
    return raw if len(raw) <= MAX_ID else "h:" + hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:48]


def photo_url(value: Any) -> str:
    """A photo's address as Zalo sends it, or "" when it is not a web address the bot could send back."""
    url = value.strip() if isinstance(value, str) else ""
    return url if len(url) <= MAX_PHOTO_URL and _PHOTO_URL.fullmatch(url) else ""


def text_event(text: str, common: dict[str, Any]) -> Event:
    """"/name args" is a command (there is no bot to address on Zalo); anything else is text."""
    if text.startswith("/") and len(text) > 1:
        head, _, args = text[1:].partition(" ")
        return Command(name=head.lower(), args=args.strip(), **common)
    return TextMessage(text=text, **common)
