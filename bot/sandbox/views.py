"""What a chat looks like on the page: the fake server's messages, in order, as plain JSON."""
from __future__ import annotations

from datetime import datetime, timezone

from fakes.telegram import FakeTelegram
from fakes.telegram.state import ChatLog, SentMessage
from handlers.conversation.i18n import VIETNAM


def clock(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).astimezone(VIETNAM).strftime("%H:%M")


def chat_view(fake: FakeTelegram, token: str, chat_id: int, viewer_id: int) -> dict:
    """Messages of one chat (bot's and people's), the reply keyboard now shown, and the bot's commands."""
    log = fake.world.bot(token).chats.get(chat_id)
    if log is None:
        return {"messages": [], "keyboard": None}
    messages = [_received(message, viewer_id) for message in log.received.values()]
    messages += [_sent(sent) for sent in log.sent.values()]
    messages.sort(key=lambda m: m["id"])
    return {"messages": messages, "keyboard": current_keyboard(log, viewer_id)}


def _received(message: dict, viewer_id: int) -> dict:
    sender = message["from"]
    view = {"id": message["message_id"], "from": "me" if sender["id"] == viewer_id else "other",
            "sender": " ".join(filter(None, (sender.get("first_name"), sender.get("last_name")))),
            "time": clock(message["date"]), "text": message.get("text") or message.get("caption") or ""}
    if message.get("photo"):
        view["photo"] = message["photo"][-1]["file_id"]
    if message.get("document"):
        view["document"] = message["document"].get("file_name") or "file"
    if message.get("contact"):
        view["contact"] = message["contact"]["phone_number"]
    return view


def _sent(sent: SentMessage) -> dict:
    view = {"id": sent.message_id, "from": "bot", "time": clock(sent.edit_date or sent.date),
            "text": sent.text or "", "edited": bool(sent.edited), "buttons": _inline_rows(sent)}
    if sent.file is not None and sent.kind == "photo":
        view["photo"] = sent.file.file_id
    elif sent.file is not None:
        view["document"] = sent.filename or sent.file.filename or "file"
    return view


def _inline_rows(sent: SentMessage) -> list[list[dict]]:
    rows = (sent.reply_markup or {}).get("inline_keyboard") or []
    return [[{"text": b["text"], "data": b["callback_data"]} for b in row if "callback_data" in b] for row in rows]


def current_keyboard(log: ChatLog, viewer_id: int) -> dict | None:
    """The reply keyboard under the input box: the bot's latest one, unless removed or used up (one-time)."""
    latest: SentMessage | None = None
    for sent in log.sent.values():
        markup = sent.reply_markup or {}
        if "keyboard" in markup or markup.get("remove_keyboard"):
            latest = sent
    if latest is None or "keyboard" not in latest.reply_markup:
        return None
    markup = latest.reply_markup
    used = any(m_id > latest.message_id and m["from"]["id"] == viewer_id for m_id, m in log.received.items())
    if markup.get("one_time_keyboard") and used:
        return None
    rows = [[_key(button) for button in row] for row in markup["keyboard"]]
    return {"rows": rows}


def _key(button) -> dict:
    if isinstance(button, str):
        return {"text": button, "contact": False}
    return {"text": button["text"], "contact": bool(button.get("request_contact"))}


def commands_for(fake: FakeTelegram, token: str, chat_id: int, language: str) -> list[dict]:
    """The command menu Telegram would show in this chat: its own scope, else the default for the language."""
    for scope, code in (({"type": "chat", "chat_id": chat_id}, ""), (None, language), (None, "")):
        commands = fake.commands(token, scope, code)
        if commands:
            return commands
    return []
