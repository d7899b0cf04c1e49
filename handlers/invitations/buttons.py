"""Button kinds of invitations and attendance. Pure data."""
from __future__ import annotations

from handlers.conversation.buttons import ID, MAX_PAGE, ButtonKind, Choice, Int

# the list of a session (id): open it, add a category, type a guest, remove, send, the GIẤY MỜI, attendance
INVITATIONS = ButtonKind("iv", Choice("verb", ("open", "heads", "orgs", "askers", "homes", "guest", "send", "doc",
                                               "venue", "walk")), Int(ID))
INVITEE = ButtonKind("iv:r", Choice("verb", ("rm", "ok", "no", "tick")), Int(ID))  # one row (id)
INVITEE_PAGE = ButtonKind("iv:p", Choice("what", ("rm", "tick")), Int("session"), Int("page", MAX_PAGE))
PROPOSE = ButtonKind("iv:f", Int(ID))  # the Fatherland Front proposes a guest for the session (id)
