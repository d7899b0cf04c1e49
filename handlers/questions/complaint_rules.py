"""Is a submission really a complaint (khiếu nại) or a denunciation (tố cáo)? A keyword heuristic; staff have the
last word (/reclassify). Pure."""
from __future__ import annotations

import re
from enum import StrEnum

from handlers.conversation.text import fold


class Kind(StrEnum):
    QUESTION = "question"  # kiến nghị, phản ánh: what a dialogue handles
    COMPLAINT = "complaint"  # khiếu nại: Luật Khiếu nại 2011
    DENUNCIATION = "denunciation"  # tố cáo: Luật Tố cáo 2018


RECEPTION_KINDS = (Kind.COMPLAINT, Kind.DENUNCIATION)
# Folded (accent-free) phrases; word boundaries keep "to cao" from matching inside longer words.
_PATTERNS = ((Kind.DENUNCIATION, re.compile(r"\b(to cao|to giac|don to)\b")),
             (Kind.COMPLAINT, re.compile(r"\b(khieu nai|don khieu)\b")))


def classify(text: str) -> Kind:
    """The kind a submission looks like; a denunciation wins over a complaint when both words appear."""
    folded = fold(text)
    for kind, pattern in _PATTERNS:
        if pattern.search(folded):
            return kind
    return Kind.QUESTION
