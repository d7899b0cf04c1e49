"""The buttons other features offer to open publicity beyond chat (the session card, the published conclusion, the
announcement's confirmation). Pure."""
from __future__ import annotations

from handlers.conversation.i18n import Translator
from handlers.conversation.replies import Button
from handlers.publicity.buttons import PUBLICITY


def publicity_buttons(session_id: int, stage: str, t: Translator) -> list[list[Button]]:
    """The notice to post and the text to read aloud, for the announcement ("ann") or the results ("res")."""
    return [[Button(t("🖨 Notice to post (PDF)"), PUBLICITY.build(what="pdf", stage=stage, id=session_id)),
             Button(t("📢 Loudspeaker text"), PUBLICITY.build(what="loa", stage=stage, id=session_id))]]
