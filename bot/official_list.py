"""The official list of provinces and communes after 1/7/2025, from the `vietnam-provinces` package.

Imported only by the CLI commands that need it: the package's tables are large and the bot never reads them."""
from __future__ import annotations

from dataclasses import dataclass

from handlers.commune.kinds import WORDS, CommuneKind
from handlers.conversation.text import fold

CODE_DIGITS = 5


@dataclass(frozen=True)
class CommuneEntry:
    """A commune as the product stores it: 5-digit code, bare name ("Thiện Tân"), kind and province."""

    code: str
    name: str
    kind: CommuneKind = CommuneKind.XA
    province_code: str | None = None
    province_name: str = ""


@dataclass(frozen=True)
class ProvinceEntry:
    code: str  # 2 digits, "20"
    name: str  # as the list writes it: "Lạng Sơn", "Thành phố Hà Nội"


def version() -> str:
    import vietnam_provinces

    return f"vietnam-provinces {vietnam_provinces.__version__}, data of {vietnam_provinces.__data_version__}"


def normal_code(code: str) -> str | None:
    """The 5-digit form with leading zeros ("6421" → "06421"); None when it is not 1 to 5 digits."""
    code = code.strip()
    if not (code.isascii() and code.isdigit() and 1 <= len(code) <= CODE_DIGITS):
        return None
    return code.zfill(CODE_DIGITS)


def commune(code: str) -> CommuneEntry | None:
    """The listed commune with this code, or None."""
    from vietnam_provinces import Ward

    normal = normal_code(code)
    try:
        return _entry(Ward.from_code(int(normal))) if normal else None
    except ValueError:
        return None


def all_communes() -> list[CommuneEntry]:
    from vietnam_provinces import Ward

    return [_entry(ward) for ward in Ward.iter_all()]


def provinces() -> list[ProvinceEntry]:
    from vietnam_provinces import Province

    return [ProvinceEntry(f"{int(p.code):02d}", p.name) for p in Province.iter_all()]


def province(name_or_code: str) -> ProvinceEntry | None:
    """A province by its code ("20", "020") or its name, with or without accents or "Tỉnh"/"Thành phố"."""
    wanted = _province_key(name_or_code)
    for entry in provinces():
        if wanted in (entry.code, _province_key(entry.name)):
            return entry
    return None


def communes_of(entry: ProvinceEntry) -> list[CommuneEntry]:
    """Every commune of the province, by code."""
    from vietnam_provinces import Ward

    return sorted((_entry(ward) for ward in Ward.iter_by_province(int(entry.code))), key=lambda e: e.code)


def _entry(ward) -> CommuneEntry:
    from vietnam_provinces import Province

    kind = next(k for k, word in WORDS.items() if word == ward.division_type.value)
    prefix = WORDS[kind].capitalize() + " "  # the list says "Xã Thiện Tân"; the product adds the word itself
    name = ward.name[len(prefix):] if ward.name.startswith(prefix) else ward.name
    province_ = Province.from_code(ward.province_code)
    return CommuneEntry(f"{int(ward.code):05d}", name, kind, f"{int(province_.code):02d}", province_.name)


def _province_key(text: str) -> str:
    key = " ".join(fold(text).replace("_", " ").split())
    for prefix in ("tinh ", "thanh pho ", "tp. ", "tp "):
        if key.startswith(prefix):
            key = key[len(prefix):]
    return f"{int(key):02d}" if key.isascii() and key.isdigit() else key
