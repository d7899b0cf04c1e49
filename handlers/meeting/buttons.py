"""Button kinds of the meeting: choosing the session to speak at, the called speaker's card. Pure data."""
from __future__ import annotations

from handlers.conversation.buttons import ID, ButtonKind, Choice, Int

SPEAK_SESSION = ButtonKind("sp:s", Int(ID))
SPEAK_AGREE = ButtonKind("sp:a", Choice("answer", ("yes", "no")), Int(ID))  # consent to speak at a session
SPEAKER = ButtonKind("sp", Choice("verb", ("abs", "skip")), Int(ID))
# the staff's record of the meeting on the session card: its end, attendance, the minutes read back and agreed
RECORD = ButtonKind("rec", Choice("verb", ("end", "att", "read")), Int(ID))
