"""Translations from the Babel catalogs in locales/, each loaded when its language is first used (the compiled .mo
when it is current, else the .po compiled in memory); dates in Vietnam's time."""
from __future__ import annotations

import gettext
from datetime import date, datetime
from functools import lru_cache
from io import BytesIO
import re
from pathlib import Path
from zoneinfo import ZoneInfo

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
DOMAIN = "messages"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def N_(message: str) -> str:
    """Marks a msgid declared as data (a route's menu line, a gate's refusal); it is translated where it is shown."""
    return message


WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
            N_("Sunday"))


def pick_language(code: str | None) -> str:
    """Map a platform language code ("en-US", "vi") to one we have; Vietnamese otherwise."""
    base = (code or "").split("-")[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


@lru_cache(maxsize=None)
def _catalog(language: str) -> gettext.NullTranslations:
    """The language's catalog: its compiled .mo when that is at least as new as the .po (the image ships them, see
    write_compiled), else the .po compiled in memory by Babel — which holds ~2 MB more in a process for good."""
    po_path = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.exists():
        return gettext.NullTranslations()
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        with mo_path.open("rb") as mo_file:
            return gettext.GNUTranslations(mo_file)
    return gettext.GNUTranslations(BytesIO(_compiled(po_path, language)))


def _compiled(po_path: Path, language: str) -> bytes:
    from babel.messages.mofile import write_mo  # only when a catalog is compiled, not at start-up
    from babel.messages.pofile import read_po

    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def write_compiled() -> list[Path]:
    """Compile every language's .po to the .mo beside it (the Dockerfile and bench/footprint.py run this)."""
    written = []
    for language in LANGUAGES:
        po_path = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po_path.exists():
            po_path.with_suffix(".mo").write_bytes(_compiled(po_path, language))
            written.append(po_path.with_suffix(".mo"))
    return written


class Translator:
    """The strings and formats of one language."""

    def __init__(self, language: str, kind: str = "") -> None:
        self.language = pick_language(language)
        self._catalog = _catalog(self.language)
        self.kind = kind  # the commune's kind (xa, phuong, dac_khu): its Vietnamese words replace a xã's

    def gettext(self, message: str) -> str:
        text = self._catalog.gettext(message)
        return localise_units(text, self.kind) if self.language == "vi" and self.kind in _UNIT_WORDS else text

    __call__ = gettext

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    @staticmethod
    def date(value: date | datetime | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value.astimezone(VIETNAM).date()
        return value.strftime("%d/%m/%Y")

    @staticmethod
    def datetime(value: datetime | None) -> str:
        if value is None:
            return ""
        return value.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y")

    def day(self, value: date | datetime | None) -> str:
        """A day with its weekday, where a resident reads it: "thứ Năm, ngày 28/01/2027"."""
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value.astimezone(VIETNAM).date()
        return self.gettext("{weekday}, {date}").format(weekday=self.gettext(WEEKDAYS[value.weekday()]),
                                                        date=self.date(value))

    def moment(self, value: datetime | None) -> str:
        """A time with its weekday, where a resident reads it: "08 giờ 00, thứ Năm, ngày 28/01/2027"."""
        if value is None:
            return ""
        local = value.astimezone(VIETNAM)
        return self.gettext("{hours}:{minutes}, {day}").format(hours=f"{local.hour:02d}",
                                                               minutes=f"{local.minute:02d}", day=self.day(local))


def translator(language: str | None, kind: str = "") -> Translator:
    """The strings of a language; in Vietnamese, in the words of the commune's kind when it is given."""
    return Translator(pick_language(language), kind or "")


# The catalog is written for a xã; a phường has tổ dân phố and their tổ trưởng, a đặc khu keeps its villages' word.
_UNIT_WORDS = {"phuong": {"trưởng thôn": "tổ trưởng tổ dân phố", "thôn": "tổ dân phố", "xã": "phường"},
               "dac_khu": {"trưởng thôn": "trưởng thôn", "thôn": "thôn", "xã": "đặc khu"}}
_UNIT = re.compile(r"\b([Tt]rưởng thôn|[Tt]hôn|[Xx]ã(?! hội))\b")  # "xã hội" (social) is another word


def localise_units(text: str, kind: str) -> str:
    """Vietnamese written for a xã in the words of another kind of commune ("UBND phường", "tổ dân phố")."""
    words = _UNIT_WORDS.get(kind)
    if not words:
        return text

    def replace(match: re.Match[str]) -> str:
        found = match.group(1)
        word = words[found.lower()]
        return word[:1].upper() + word[1:] if found[:1].isupper() else word

    return _UNIT.sub(replace, text)
