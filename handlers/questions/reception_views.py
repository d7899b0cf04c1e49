"""How the kinds of submission read, and the buttons that choose one. Pure."""
from __future__ import annotations

from typing import Any

from handlers.conversation.i18n import Translator
from handlers.conversation.replies import Button
from handlers.questions.buttons import RECLASSIFY
from handlers.questions.complaint_rules import Kind


def kind_label(kind: str, t: Translator) -> str:
    return {Kind.COMPLAINT: t("complaint"), Kind.DENUNCIATION: t("denunciation")}.get(
        kind, t("petition or report for the dialogue session"))


def kind_rows(t: Translator, question_id: int, button: Any, leave_out: str = "") -> tuple:
    """One button per kind (but `leave_out`, the kind it has now), in the words a resident chooses from."""
    labels = {Kind.QUESTION: t("Bring it to the session"), Kind.COMPLAINT: t("This is a complaint"),
              Kind.DENUNCIATION: t("This is a denunciation")}
    return tuple((Button(label, button.build(to=kind.value, id=question_id)),)
                 for kind, label in labels.items() if kind != leave_out)


def reclassify_rows(t: Translator, question: Any) -> tuple:
    """The reception desk's buttons on a question's card: change it to either other kind."""
    labels = {Kind.QUESTION: t("🔁 Make it a question for the session"),
              Kind.COMPLAINT: t("🔁 Make it a complaint"), Kind.DENUNCIATION: t("🔁 Make it a denunciation")}
    return tuple((Button(label, RECLASSIFY.build(to=kind.value, id=question.id)),)
                 for kind, label in labels.items() if kind != question.kind)
