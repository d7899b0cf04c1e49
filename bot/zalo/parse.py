"""Zalo Bot Platform updates and Zalo OA webhook events → neutral events. Pure: no network, no state."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from handlers.events import Attachment, AttachmentSent, Command, ConversationRef, Event, TextMessage, Unsupported

BOT_CHANNEL = "zalo_bot"
OA_CHANNEL = "zalo_oa"


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
    message = update["message"]
    sender, chat = message.get("from") or {}, message.get("chat") or {}
    if not sender.get("id") or not chat.get("id") or sender.get("is_bot"):
        return None
    ref = ConversationRef(BOT_CHANNEL, bot_id, str(chat["id"]), str(sender["id"]),
                          is_group=str(chat.get("chat_type", "PRIVATE")).upper() != "PRIVATE")
    common = {"ref": ref, "update_id": f"m:{message.get('message_id', '')}",
              "sender_name": str(sender.get("display_name", "")), "sent_at": sent_at(message.get("date"))}
    name = update.get("event_name", "")
    if name == "message.text.received":
        return text_event(str(message.get("text", "")), common)
    if name == "message.image.received":
        url = message.get("photo_url") or message.get("photo") or ""
        return AttachmentSent(attachment=Attachment("photo", str(url)), caption=str(message.get("caption", "")),
                              **common)
    if name == "message.unsupported.received":
        return Unsupported(kind="withheld", **common)
    return Unsupported(kind=name.split(".")[1] if name.count(".") >= 2 else "other", **common)


def parse_oa_event(body: dict[str, Any], oa_key: str) -> Event | None:
    """The event an OA webhook body stands for, or None (unfollows, the OA's own messages, receipts)."""
    name, sender = body.get("event_name", ""), body.get("sender") or {}
    message = body.get("message") or {}
    user_id = str((body.get("follower") or sender).get("id", ""))
    if not user_id or name.startswith("oa_") or name in ("unfollow",) or name.startswith("user_received"):
        return None
    ref = ConversationRef(OA_CHANNEL, oa_key, user_id, user_id)
    update_id = str(message.get("msg_id") or f"{name}:{user_id}:{body.get('timestamp', '')}")
    common = {"ref": ref, "update_id": update_id, "sent_at": sent_at(body.get("timestamp"))}
    if name == "follow":
        return Command(name="start", **common)
    if name == "user_send_text":
        return text_event(str(message.get("text", "")), common)
    if name == "user_send_image":
        attachments = message.get("attachments") or [{}]
        url = ((attachments[0] or {}).get("payload") or {}).get("url", "")
        return AttachmentSent(attachment=Attachment("photo", str(url)), caption=str(message.get("text", "")),
                              **common)
    if name.startswith("user_send_"):
        return Unsupported(kind=name[len("user_send_"):], **common)
    return None


def sent_at(milliseconds: Any) -> datetime | None:
    """Zalo's epoch milliseconds (a number, or a string on the OA) as a time; None when absent or not a time."""
    try:
        return datetime.fromtimestamp(int(milliseconds) / 1000, timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def text_event(text: str, common: dict[str, Any]) -> Event:
    """"/name args" is a command (there is no bot to address on Zalo); anything else is text."""
    if text.startswith("/") and len(text) > 1:
        head, _, args = text[1:].partition(" ")
        return Command(name=head.lower(), args=args.strip(), **common)
    return TextMessage(text=text, **common)
