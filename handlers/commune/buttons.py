"""Button kinds of the commune feature. Pure data."""
from __future__ import annotations

from handlers.conversation.buttons import ButtonKind, Slug

POLICY_KEY = ButtonKind("pol", Slug("key", widest=58))  # change one policy value (the handler checks the key)
