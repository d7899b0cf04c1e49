"""How people's roles read. Pure."""
from __future__ import annotations

from handlers.conversation.i18n import Translator


def role_label(role: str, t: Translator) -> str:
    return {"chair": t("Chairperson"), "vice_chair": t("Vice-chairperson"), "secretary": t("Secretary"), "officer": t("Department officer"),
            "village_head": t("Village head"), "admin": t("Administrator"),
            "front": t("Fatherland Front")}.get(role, role)
