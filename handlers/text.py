"""Cleaning what people type: NFC, trimmed, within limits."""
from __future__ import annotations

import re
import unicodedata

MAX_QUESTION_CHARS = 3000
MAX_NAME_CHARS = 100
MAX_NOTE_CHARS = 2000

_SPACES = re.compile(r"[ \t\u00a0]+")


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
