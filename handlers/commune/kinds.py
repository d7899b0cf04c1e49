"""The three kinds of commune-level unit since 1/7/2025 (xã, phường, đặc khu), as stored on the commune, and the
words each kind uses for itself, its residential units and their heads (thôn / tổ dân phố). Pure."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CommuneKind(StrEnum):
    XA = "xa"  # rural commune: villages are thôn / bản
    PHUONG = "phuong"  # urban ward: residential groups are tổ dân phố
    DAC_KHU = "dac_khu"  # special zone (island districts)


WORDS = {CommuneKind.XA: "xã", CommuneKind.PHUONG: "phường", CommuneKind.DAC_KHU: "đặc khu"}


@dataclass(frozen=True)
class UnitWords:
    """Vietnamese words for one kind of commune, lower case as they read inside a sentence."""
    unit: str  # "xã"
    village: str  # "thôn"
    head: str  # "trưởng thôn"
    heads: str  # "trưởng các thôn" (Nơi nhận, participants)

    @property
    def committee(self) -> str:
        """"Ủy ban nhân dân xã"."""
        return f"Ủy ban nhân dân {self.unit}"

    @property
    def committee_short(self) -> str:
        """"UBND xã"."""
        return f"UBND {self.unit}"

    @property
    def chair(self) -> str:
        """"Chủ tịch UBND xã"."""
        return f"Chủ tịch UBND {self.unit}"


UNIT_WORDS = {
    CommuneKind.XA: UnitWords("xã", "thôn", "trưởng thôn", "trưởng các thôn"),
    CommuneKind.PHUONG: UnitWords("phường", "tổ dân phố", "tổ trưởng tổ dân phố", "tổ trưởng các tổ dân phố"),
    # a special zone may have both villages and residential groups: name both rather than guess
    CommuneKind.DAC_KHU: UnitWords("đặc khu", "thôn, tổ dân phố", "trưởng thôn, tổ trưởng tổ dân phố",
                                   "trưởng các thôn, tổ trưởng các tổ dân phố"),
}


def commune_kind(kind: str) -> CommuneKind:
    """The stored kind; an unknown or empty value reads as a xã (the column's default)."""
    try:
        return CommuneKind(kind)
    except ValueError:
        return CommuneKind.XA


def kind_word(kind: str) -> str:
    """The Vietnamese word for the kind, lower case ("xã"); an unknown value reads as "xã"."""
    return WORDS[commune_kind(kind)]


def unit_words(kind: str) -> UnitWords:
    """Every word a document or message uses for this kind of commune."""
    return UNIT_WORDS[commune_kind(kind)]


def home_affairs(province: str) -> str:
    """The province's Department of Home Affairs, which receives reports on dialogue sessions: "Sở Nội vụ tỉnh
    Lạng Sơn", "Sở Nội vụ thành phố Hà Nội"."""
    name = province.strip()
    for prefix, word in (("thành phố ", "thành phố"), ("tỉnh ", "tỉnh")):
        if name.lower().startswith(prefix):
            return f"Sở Nội vụ {word} {name[len(prefix):]}"
    return f"Sở Nội vụ tỉnh {name}" if name else "Sở Nội vụ tỉnh"
