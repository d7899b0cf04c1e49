"""Text written to be read aloud on a village loudspeaker (loa truyền thanh): no links, no emoji, no
abbreviations, dates and times in the words a reader says. Pure."""
from __future__ import annotations

import re
from datetime import date, datetime

from handlers.conversation.i18n import VIETNAM

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
_URL = re.compile(r"(?:https?://|www\.)\S+|\bt\.me/\S+|@\w+", re.IGNORECASE)
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_TIME = re.compile(r"\b(\d{1,2}):(\d{2})\b")
_ABBREVIATIONS = (("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân"), ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
                  ("MTTQ", "Mặt trận Tổ quốc"), ("TB-", "Thông báo "), ("SĐT", "số điện thoại"))
_SPACES = re.compile(r"[ \t]+")


def spoken_day(day: date) -> str:
    """"thứ Hai, ngày 15 tháng 12 năm 2026"."""
    return f"{WEEKDAYS[day.weekday()]}, ngày {day.day} tháng {day.month} năm {day.year}"


def spoken_moment(moment: datetime) -> str:
    """"8 giờ 00, thứ Hai, ngày 15 tháng 12 năm 2026", in Vietnam's time."""
    local = moment.astimezone(VIETNAM)
    return f"{local.hour} giờ {local.minute:02d}, {spoken_day(local.date())}"


def _no_symbols(text: str) -> str:
    """Letters, digits and ordinary punctuation only: emoji, arrows and pictographs are not read."""
    kept = (ch for ch in text if ch.isalnum() or ch.isspace() or ch in ".,;:!?()-–\"'%/")
    return "".join(kept)


def speakable(text: str) -> str:
    """Staff's typed words made fit to read aloud: links dropped, emoji dropped, 15/12/2026 → "ngày 15 tháng 12
    năm 2026", 08:30 → "8 giờ 30", UBND → "Ủy ban nhân dân"."""
    text = _URL.sub("", text)
    text = _DATE.sub(lambda m: f"ngày {int(m[1])} tháng {int(m[2])} năm {m[3]}", text)
    text = _TIME.sub(lambda m: f"{int(m[1])} giờ {m[2]}", text)
    text = text.replace("ngày ngày", "ngày")
    for short, long in _ABBREVIATIONS:
        text = text.replace(short, long)
    lines = (_SPACES.sub(" ", _no_symbols(line)).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
