"""Cleaning what people type: NFC, trimmed, within limits."""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Any

from handlers.conversation.events import Event

MAX_QUESTION_CHARS = 3000
MAX_NAME_CHARS = 100
MAX_NOTE_CHARS = 2000
MAX_ROW_ID = 2**31 - 1  # PostgreSQL integer: a larger number cannot name a row

_SPACES = re.compile(r"[ \t\u00a0]+")
# C0/C1 controls but tab and line feed, unpaired surrogates, and the noncharacters XML refuses
_UNSTORABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_TYPED = ("text", "name", "args", "caption", "phone", "sender_name")  # what people type; ids and button data are
#                                                                      checked where they are used, never shown


def clean(text: str) -> str:
    """Text as a database, a document or a spreadsheet can hold it: NFC, CR line ends as LF, without NUL and
    other control characters (tabs and line breaks stay) or broken surrogates."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _UNSTORABLE.sub("", text))


def clean_event(event: Event) -> Event:
    """The event with every typed string cleaned; the one place incoming text is made storable."""
    changes: dict[str, Any] = {name: clean(value) for name in _TYPED
                               if isinstance(value := getattr(event, name, None), str)}
    attachment = getattr(event, "attachment", None)
    if attachment is not None:  # a forged file id could not be stored; it stays unusable, but harmless
        changes["attachment"] = dataclasses.replace(attachment, file_id=clean(attachment.file_id))
    return dataclasses.replace(event, **changes) if changes else event


def row_number(text: str) -> int | None:
    """A session or row number typed after a command ("3", "#3"): ASCII digits naming a possible row, else None."""
    digits = text.strip().lstrip("#")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 10:
        return None
    number = int(digits)
    return number if 0 < number <= MAX_ROW_ID else None


def normalise(text: str | None) -> str:
    """NFC (phone keyboards send decomposed Vietnamese too), trimmed, runs of spaces folded."""
    cleaned = unicodedata.normalize("NFC", text or "")
    lines = [_SPACES.sub(" ", line).strip() for line in cleaned.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def looks_like_name(text: str) -> bool:
    letters = sum(ch.isalpha() for ch in text)
    return 2 <= len(text) <= MAX_NAME_CHARS and letters >= 2 and "\n" not in text


def fold(text: str) -> str:
    """Accent-insensitive, lower-case form for matching button labels typed by hand."""
    decomposed = unicodedata.normalize("NFD", normalise(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
