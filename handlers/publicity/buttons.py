"""Button kinds of publicity beyond chat: a session's A4 notice (PDF) or loudspeaker text, for its announcement or
its results. Pure data."""
from __future__ import annotations

from handlers.conversation.buttons import ID, ButtonKind, Choice, Int

PUBLICITY = ButtonKind("pb", Choice("what", ("pdf", "loa")), Choice("stage", ("ann", "res")), Int(ID))
