"""Button kinds after the session: the conclusion card, the asker's verdict on an answer. Pure data."""
from __future__ import annotations

from handlers.conversation.buttons import ID, ButtonKind, Choice, Int

CONCLUSION = ButtonKind("cc", Choice("verb", ("edit", "ok", "pub", "docs", "dlg")), Int(ID))
FEEDBACK = ButtonKind("fb", Int(ID), Choice("verdict", ("s", "p", "n")))
PROVINCE_EXPORT = ButtonKind("pv", Choice("format", ("xlsx", "csv")))  # the province view as a file
# an official document issued from the bot (report, plan, written answer): its card, the draft or the issued file,
# the proposals, approval, delegation, the register's number; "get" also for its recipients and the asker
PAPER = ButtonKind("od", Choice("verb", ("card", "see", "text", "ok", "dlg", "num", "get")), Int(ID))
