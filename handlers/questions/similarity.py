"""Which earlier questions say the same thing: accent-folded Vietnamese compared with rapidfuzz. Pure."""
from __future__ import annotations

from typing import Iterable

from handlers.conversation.text import fold

MAX_SUGGESTIONS = 3


def comparable(text: str) -> str:
    """NFC, accent-folded (đ → d), lower-case, punctuation dropped: "Đường hỏng!" and "duong hong" agree."""
    from rapidfuzz import utils  # on the first question compared, not at start-up

    return utils.default_process(fold(text))


def similar(text: str, candidates: Iterable[tuple[int, str]], min_score: int,
            limit: int = MAX_SUGGESTIONS) -> list[int]:
    """Ids of the candidates that say the same as text, best first; word order and extra words matter little."""
    from rapidfuzz import fuzz

    mine = comparable(text)
    if not mine:
        return []
    scored = []
    for key, other in candidates:
        score = fuzz.token_set_ratio(mine, comparable(other))
        if score >= min_score:
            scored.append((-score, key))
    return [key for _, key in sorted(scored)[:limit]]
