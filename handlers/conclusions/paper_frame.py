"""What every issued document shares: the commune and its words, the header (a draft until numbered) and the
signature of whoever approved it (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH, or KT. CHỦ TỊCH for a vice-chair the chair
asked to approve)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from handlers.commune.kinds import UnitWords, unit_words
from handlers.conclusions import document_words as w
from handlers.conclusions.paper_words import CODES
from handlers.conversation.i18n import VIETNAM


@dataclass(frozen=True)
class Frame:
    commune: Any
    words: UnitWords
    head: Any  # official_docs.Heading (python-docx is imported only when a document is made)
    signature: w.Signature


def issued(doc: Any) -> bool:
    return doc.number is not None and doc.issued_at is not None


async def frame(repo: Any, doc: Any, today: date, subject: str = "") -> Frame:
    from handlers.conclusions.official_docs import Heading

    commune = await repo.get_commune(doc.commune_id)
    words = unit_words(commune.kind)
    final = issued(doc)
    day = doc.issued_at.astimezone(VIETNAM).date() if final else today
    head = Heading(commune.name, words, CODES[doc.kind], doc.number if final else None, day, subject)
    approver = await repo.get_person(doc.approved_by) if doc.approved_by else None
    signer = "vice_chair" if doc.approved_as == "vice_chair" else "chair"
    return Frame(commune, words, head, w.signature(signer, approver.full_name if approver else ""))
