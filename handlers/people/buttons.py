"""Button kinds of the people feature: registration, language, my data, staff and invitations, account links.
Pure data."""
from __future__ import annotations

from handlers.conversation.buttons import ID, ButtonKind, Choice, Int, words
from handlers.conversation.i18n import LANGUAGES

CONSENT = ButtonKind("consent", Choice("answer", ("yes", "no", "more")))  # the notice: handling my questions
PURPOSE = ButtonKind("cp", Choice("purpose", ("transfer", "announcements")), Choice("answer", ("yes", "no")))
LANGUAGE = ButtonKind("lang", Choice("language", words(LANGUAGES)))
COMMUNE = ButtonKind("commune", Int(ID))
VILLAGE = ButtonKind("village", Int(ID))
MY_DATA = ButtonKind("me", Choice("action", ("name", "village", "forget", "forget-yes", "keep", "export", "phone",
                                            "phone-del", "ann-on", "ann-off", "transfer-off", "transfer-yes")))
STAFF_MEMBER = ButtonKind("st", Choice("verb", ("rm", "ok", "no")), Int(ID))
INVITE = ButtonKind("inv", Int(ID))  # revoke a staff invitation still waiting
LINK_REQUEST = ButtonKind("lk", Choice("answer", ("ok", "no")), Int(ID))
