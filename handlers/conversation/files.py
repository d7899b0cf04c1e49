"""File names and MIME types as residents' phones send them, made safe to store, show and send back. Pure.

A name keeps its words and extension but loses what could act on a computer that saves it (path separators,
characters Windows forbids, control and direction-override characters) and is cut to a length every store and
screen can hold. A MIME type is `type/subtype` or nothing."""
from __future__ import annotations

import re
import unicodedata

MAX_FILE_NAME = 120
MAX_EXTENSION = 10
MAX_MIME_TYPE = 100
_UNSAFE = re.compile(r'[/\\:*?"<>|]+')  # path separators and what Windows refuses in a name
_SPACES = re.compile(r"\s+")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,%d}" % MAX_EXTENSION)
_TOKEN = r"[a-z0-9][a-z0-9!#$&^_.+-]{0,63}"
_MIME = re.compile(rf"{_TOKEN}/{_TOKEN}")


def _visible(text: str) -> str:
    """Without control, format (bidi overrides, zero-width), private-use, unassigned or surrogate characters."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))


def clean_file_name(name: str | None) -> str:
    """NFC, no path or control characters, no leading or trailing dots and spaces, at most MAX_FILE_NAME long with
    the extension kept; "" when nothing usable is left."""
    name = _SPACES.sub(" ", unicodedata.normalize("NFC", name or ""))  # line breaks too, before they are dropped
    name = _visible(name)
    name = _UNSAFE.sub("_", name).strip(" ._")
    if len(name) <= MAX_FILE_NAME:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and _EXTENSION.fullmatch("." + extension):
        return stem[:MAX_FILE_NAME - len(extension) - 1].rstrip(" ._") + "." + extension
    return name[:MAX_FILE_NAME]


def clean_mime_type(mime_type: str | None) -> str:
    """The `type/subtype` of a MIME type, lower case and without parameters, or "" when it is not one."""
    value = (mime_type or "").split(";", 1)[0].strip().lower()
    return value if len(value) <= MAX_MIME_TYPE and _MIME.fullmatch(value) else ""
