"""Button kinds of preparing a session: the checklist, a step marked done, the review, the pre-session report,
prepared answers. Pure data."""
from __future__ import annotations

from handlers.conversation.buttons import ID, ButtonKind, Choice, Int, words
from handlers.preparation.rules import Step

PREPARE = ButtonKind("pr", Choice("verb", ("open", "review", "send", "read")), Int(ID))  # a session
PREPARE_DONE = ButtonKind("pr:ok", Int(ID), Choice("step", words(Step)))
PREPARE_ANSWER = ButtonKind("pr:a", Int(ID))  # a question: type its prepared answer
