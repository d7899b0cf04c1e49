"""Every string a user sees is in the catalogs, translated to Vietnamese with its placeholders intact."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from handlers.conversation.i18n import Translator, pick_language

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "t": None, "gettext": None, "N_": None}


def catalog(language: str):
    with (ROOT / "locales" / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po)


def source_messages() -> set[str]:
    found = set()
    for folder in ("handlers", "bot"):
        for _, _, message, _, _ in extract_from_dir(ROOT / folder, method_map=[("**.py", "python")],
                                                    keywords=KEYWORDS):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_source_string_is_in_the_vietnamese_catalog_and_translated():
    vi = catalog("vi")
    missing = sorted(m for m in source_messages() if not (vi.get(m) and vi.get(m).string))
    assert missing == [], "run scripts/i18n and translate: " + "; ".join(missing[:5])


def test_translations_keep_placeholders_and_are_composed_unicode():
    for message in catalog("vi"):
        if not message.id:
            continue
        assert set(re.findall(r"\{\w*\}", message.id)) == set(re.findall(r"\{\w*\}", message.string)), message.id
        assert unicodedata.is_normalized("NFC", message.string), message.id


def test_vietnamese_is_the_default_and_english_is_selectable():
    assert pick_language(None) == pick_language("fr") == "vi" and pick_language("en-US") == "en"
    vi, en = Translator("vi"), Translator("en")
    assert vi("Skip") == "Bỏ qua" and en("Skip") == "Skip"
    assert "Ông/Bà" in vi("Please type your full name, as on your ID card.")


def test_dates_show_as_day_month_year_in_vietnam_time():
    from datetime import datetime, timezone

    late_evening_utc = datetime(2026, 1, 4, 18, 30, tzinfo=timezone.utc)  # 01:30 on 5 January in Hà Nội
    assert Translator.datetime(late_evening_utc) == "01:30 05/01/2026"
    assert Translator.date(late_evening_utc) == "05/01/2026"
