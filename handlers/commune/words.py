"""The words of a commune's kind (UBND phường, tổ dân phố) for messages queued outside a handler's own translator —
announcements, reminders, the clocks — which are about one commune but go to people in their own languages."""
from __future__ import annotations

from typing import Any

from handlers.conversation.i18n import Translator, translator


async def kind_of(repo: Any, commune_id: int | None) -> str:
    """The commune's stored kind (xa, phuong, dac_khu); "" when there is no such commune (read as a xã)."""
    commune = await repo.get_commune(commune_id) if commune_id else None
    return commune.kind if commune is not None else ""


async def commune_translator(repo: Any, commune_id: int | None, language: str | None) -> Translator:
    """The strings of a language in the words of this commune's kind."""
    return translator(language, await kind_of(repo, commune_id))
