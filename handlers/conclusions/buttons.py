"""Button kinds after the session: the conclusion card, the asker's verdict on an answer. Pure data."""
from __future__ import annotations

from handlers.conversation.buttons import ID, ButtonKind, Choice, Int

CONCLUSION = ButtonKind("cc", Choice("verb", ("edit", "ok", "pub", "docs", "dlg")), Int(ID))
FEEDBACK = ButtonKind("fb", Int(ID), Choice("verdict", ("s", "p", "n")))
PROVINCE_EXPORT = ButtonKind("pv", Choice("format", ("xlsx", "csv")))  # the province view as a file
