"""The three kinds of commune-level unit since 1/7/2025 (xã, phường, đặc khu), as stored on the commune."""
from __future__ import annotations

from enum import StrEnum


class CommuneKind(StrEnum):
    XA = "xa"  # rural commune: villages are thôn / bản
    PHUONG = "phuong"  # urban ward: residential groups are tổ dân phố
    DAC_KHU = "dac_khu"  # special zone (island districts)


WORDS = {CommuneKind.XA: "xã", CommuneKind.PHUONG: "phường", CommuneKind.DAC_KHU: "đặc khu"}


def kind_word(kind: str) -> str:
    """The Vietnamese word for the kind, lower case ("xã"); an unknown value reads as "xã"."""
    try:
        return WORDS[CommuneKind(kind)]
    except ValueError:
        return WORDS[CommuneKind.XA]
