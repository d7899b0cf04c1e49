"""Neutral replies → Bot API calls. Pure: returns (method, kwargs) pairs for the shell to run."""
from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from telegram import (InlineKeyboardButton, InputFile, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup,
                      ReplyKeyboardRemove, TelegramObject)

from handlers.conversation.replies import Button, Keyboard, Reply

MAX_TEXT = 4096
MAX_CAPTION = 1024
SENT_AS = ("photo", "document", "voice", "audio")  # a stored file goes back by the method of its kind (file ids are typed)


@dataclass(frozen=True)
class Call:
    method: str
    kwargs: dict[str, Any]


def render(reply: Reply, chat_id: str, pressed_message_id: str = "") -> list[Call]:
    """Calls that show one reply in a chat; text goes out plain, so < & * are shown as typed."""
    if reply.attachment is not None:
        field = reply.attachment.kind if reply.attachment.kind in SENT_AS else "document"
        method = f"send_{field}"
        attachment = reply.attachment
        file = InputFile(attachment.content, filename=attachment.file_name) if attachment.content \
            else attachment.file_id
        return [Call(method, {"chat_id": chat_id, field: file,
                              "caption": reply.text[:MAX_CAPTION] or None})]
    chunks = split_text(reply.text)
    markup = markup_for(reply)
    if reply.edit and pressed_message_id and len(chunks) == 1 and reply.keyboard == Keyboard.KEEP:
        return [Call("edit_message_text", {"chat_id": chat_id, "message_id": int(pressed_message_id),
                                           "text": chunks[0], "reply_markup": markup})]
    calls = [Call("send_message", {"chat_id": chat_id, "text": chunk}) for chunk in chunks]
    calls[-1].kwargs["reply_markup"] = markup
    return calls


def markup_for(reply: Reply) -> Any:
    if reply.buttons:
        return inline_keyboard(reply.buttons)
    if reply.keyboard == Keyboard.MAIN_MENU:
        return ReplyKeyboardMarkup([[KeyboardButton(label) for label in reply.keyboard_labels]],
                                   resize_keyboard=True, is_persistent=True)
    if reply.keyboard == Keyboard.REQUEST_CONTACT:
        share, *others = reply.keyboard_labels
        rows = [[KeyboardButton(share, request_contact=True)]] + [[KeyboardButton(label)] for label in others]
        return ReplyKeyboardMarkup(rows, resize_keyboard=True, one_time_keyboard=True)
    if reply.keyboard == Keyboard.REMOVE:
        return ReplyKeyboardRemove()
    return None


def inline_keyboard(rows: tuple[tuple[Button, ...], ...] | list[list[Button]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in rows])


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut text into messages within the limit, at line breaks where possible, never dropping a word."""
    text = text or "…"
    chunks: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        chunks.append(text[:cut])
        text = text[cut:].lstrip("\n")
    chunks.append(text)
    return chunks


def outbox_calls(payload: dict[str, Any], chat_id: str) -> list[Call]:
    """An outbox payload ({"text", "buttons": [[[label, data]]]}, and an issued document's file as
    {"document": {"file_base64", "filename"}}) as calls: the file first, then the message."""
    rows = [[Button(label, data) for label, data in row] for row in payload.get("buttons", [])]
    calls = render(Reply(text=payload["text"], buttons=tuple(tuple(r) for r in rows)), chat_id)
    if "document" in payload:
        calls.insert(0, Call("send_document", {"chat_id": chat_id, "document": _from_json(payload["document"])}))
    return calls


def call_payload(call: Call) -> dict[str, Any]:
    """A reply's call as an outbox payload ({"call", "params"}) for the paced sender to make later.

    An edit becomes a new message (by then the message may be gone or too old); file bytes travel as base64."""
    method = "send_message" if call.method == "edit_message_text" else call.method
    params = {key: _as_json(value) for key, value in call.kwargs.items()
              if key not in ("chat_id", "message_id") and value is not None}
    return {"call": method, "params": params}


def payload_call(payload: dict[str, Any], chat_id: str) -> Call:
    """The call a payload made by call_payload stands for, in this chat."""
    params = {key: _from_json(value) for key, value in payload["params"].items()}
    return Call(payload["call"], {"chat_id": chat_id, **params})


def _as_json(value: Any) -> Any:
    if isinstance(value, InputFile):
        return {"file_base64": base64.b64encode(value.input_file_content).decode(), "filename": value.filename}
    if isinstance(value, TelegramObject):
        return value.to_dict()
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict) and "file_base64" in value:
        return InputFile(base64.b64decode(value["file_base64"]), filename=value["filename"])
    return value  # markup stays a dict: PTB sends it as the same JSON
