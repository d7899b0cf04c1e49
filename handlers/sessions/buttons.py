"""Button kinds of the sessions feature: planning, the staff card, residents' calendar and announcements, village
groups, petitions. Pure data."""
from __future__ import annotations

from handlers.conversation.buttons import ID, ButtonKind, Choice, IdOrWord, Int, words
from handlers.sessions.rules import AUDIENCES, CHAIRS, SessionAction

PLAN_KIND = ButtonKind("ns:kind", Choice("session_kind", ("periodic", "extraordinary")))
PLAN_THEME = ButtonKind("ns:theme", Choice("theme", ("general", "admin_reform")))
PLAN_ONLINE = ButtonKind("ns:online")
PLAN_VILLAGE = ButtonKind("ns:v", IdOrWord("village", ("all", "done")))
PLAN_INTAKE = ButtonKind("ns:intake")
PLAN_CO = ButtonKind("ns:co", Choice("co", ("front", "council", "done")))
SESSION = ButtonKind("ss", Choice("verb", ("open", "ann", "ovr", "go", "reach")), Int(ID))
SESSION_EDIT = ButtonKind("ss:edit", Int(ID), Choice("field", ("when", "venue", "theme", "villages", "co")))
SESSION_DO = ButtonKind("ss:do", Int(ID), Choice("action", words(SessionAction)))
SESSION_CALENDAR = ButtonKind("rs:ics", Int(ID))
ANNOUNCEMENTS = ButtonKind("nt", Choice("wanted", ("on", "off")))
LINK_VILLAGE = ButtonKind("lv", Int(ID))
PETITION_NEW = ButtonKind("pe:new")
PETITION = ButtonKind("pe", Choice("verb", ("sign", "wd", "ok", "no")), Int(ID))  # ok/no: consent to sign (0: new)
SESSION_LEAD = ButtonKind("ss:lead", Int(ID))  # who chairs the session and whom it is for: the choices
SESSION_CHAIR = ButtonKind("ss:ch", Int(ID), Choice("chair", CHAIRS))
SESSION_AUDIENCE = ButtonKind("ss:au", Int(ID), Choice("audience", AUDIENCES))
