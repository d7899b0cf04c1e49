"""Vietnamese phone numbers typed by hand: pure validation and one stored form (+84…)."""
from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s.\-()]")
_NATIONAL = re.compile(r"0[35789]\d{8}")


def parse_phone(text: str) -> str | None:
    """"0912 345 678", "+84 912 345 678" or "84912345678" → "+84912345678"; None if not a mobile number."""
    digits = _SEPARATORS.sub("", text or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not _NATIONAL.fullmatch(digits):
        return None
    return "+84" + digits[1:]
