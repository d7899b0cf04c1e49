"""Replies for channels without buttons: options become numbered lines, and "2" or the label picks one. Pure."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from handlers.conversation.events import ButtonPressed, Event, TextMessage
from handlers.conversation.i18n import Translator
from handlers.conversation.replies import Keyboard, Outcome, Reply
from handlers.conversation.text import fold, normalise

MAX_TEXT = 2000
_SENTENCE_END = re.compile(r"(?<=[.!?…:;])\s+")


@dataclass(frozen=True)
class Message:
    text: str
    photo_url: str = ""


@dataclass
class Rendered:
    """What to send, and what the numbers mean afterwards (None: leave the chat's choices as they were)."""

    messages: list[Message] = field(default_factory=list)
    choices: list[dict[str, Any]] | None = None


def render_outcome(outcome: Outcome, t: Translator, limit: int = MAX_TEXT) -> Rendered:
    if not outcome.replies:
        return Rendered()
    choices: list[dict[str, Any]] = []
    texts = [_reply_text(reply, choices, t) for reply in outcome.replies]
    if choices:
        texts[-1] += "\n\n" + t("Reply with the number of your choice.")
    messages = [message for reply, text in zip(outcome.replies, texts) for message in _messages(reply, text, limit)]
    return Rendered(messages, choices)


def render_repeat(choices: list[dict[str, Any]], t: Translator, limit: int = MAX_TEXT) -> Rendered:
    """The options last offered, again, after a reply that picked none of them; the numbers keep their meaning."""
    text = t("Please reply with a number from 1 to {n}.").format(n=len(choices)) + "\n\n" + _numbered(choices, 0)
    return Rendered([Message(chunk) for chunk in split_text(text, limit)], None)


def render_payload(payload: dict[str, Any], t: Translator, limit: int = MAX_TEXT) -> Rendered:
    """An outbox payload ({"text", "buttons": [[[label, data]]]}) as messages and choices."""
    choices = [{"label": label, "data": data} for row in payload.get("buttons", []) for label, data in row]
    text = payload.get("text", "")
    if choices:
        text += "\n\n" + _numbered(choices, 0) + "\n\n" + t("Reply with the number of your choice.")
    return Rendered([Message(chunk) for chunk in split_text(text, limit)], choices or None)


def _reply_text(reply: Reply, choices: list[dict[str, Any]], t: Translator) -> str:
    first = len(choices)
    choices.extend({"label": b.label, "data": b.data} for row in reply.buttons for b in row)
    labels = reply.keyboard_labels
    if reply.keyboard == Keyboard.REQUEST_CONTACT:
        labels = labels[1:]  # no contact button here: the number is typed, and the handler validates it
    if reply.keyboard in (Keyboard.MAIN_MENU, Keyboard.REQUEST_CONTACT):
        choices.extend({"label": label, "text": label} for label in labels)
    if len(choices) == first:
        return reply.text
    return reply.text + "\n\n" + _numbered(choices[first:], first)


def _numbered(items: list[dict[str, Any]], first: int) -> str:
    return "\n".join(f"{first + i + 1}. {item['label']}" for i, item in enumerate(items))


def _messages(reply: Reply, text: str, limit: int) -> list[Message]:
    file_id = reply.attachment.file_id if reply.attachment else ""
    if file_id.startswith(("http://", "https://")) and reply.attachment.kind == "photo":
        return [Message(text[:limit], photo_url=file_id)]
    if file_id.startswith(("http://", "https://")):  # a recording or a file: Zalo sends photos only, so its address
        text = f"{text}\n{file_id}".strip()
    return [Message(chunk) for chunk in split_text(text, limit)]


def pick(event: Event, choices: list[dict[str, Any]]) -> Event:
    """The event a typed reply stands for: a number or a label picks an offered option; anything else is text."""
    if not isinstance(event, TextMessage) or not choices:
        return event
    typed = normalise(event.text).rstrip(".")
    chosen = None
    if typed.isdigit() and 1 <= int(typed) <= len(choices):
        chosen = choices[int(typed) - 1]
    else:
        typed_core = _core(typed)
        chosen = next((c for c in choices if typed_core and _core(c["label"]) == typed_core), None)
    if chosen is None:
        return event
    common = {"ref": event.ref, "update_id": event.update_id, "sender_name": event.sender_name,
              "language": event.language}
    if "data" in chosen:
        return ButtonPressed(data=chosen["data"], message_id=event.update_id, **common)
    return TextMessage(text=chosen["text"], **common)


def _core(label: str) -> str:
    """A label as people type it: folded, without the emoji or marks around the words."""
    folded = fold(label)
    start = next((i for i, ch in enumerate(folded) if ch.isalnum()), len(folded))
    end = next((i for i in range(len(folded), 0, -1) if folded[i - 1].isalnum()), 0)
    return folded[start:end]


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Messages within the limit, cut after a sentence where possible, then at a line break or space."""
    text = text.strip() or "…"
    chunks: list[str] = []
    while len(text) > limit:
        window = text[:limit + 1]
        cut = max((m.start() for m in _SENTENCE_END.finditer(window) if m.start() <= limit), default=-1)
        for separator in ("\n", " "):
            if cut <= 0:
                cut = window.rfind(separator, 0, limit)
        if cut <= 0:
            cut = limit
        chunks.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    chunks.append(text)
    return chunks
