"""The routes of publicity beyond chat: the A4 notice and the loudspeaker text of a session, for every staff role
(a village head reads the loudspeaker text and posts the notice in the village)."""
from __future__ import annotations

from handlers.conversation.access import STAFF
from handlers.conversation.i18n import N_
from handlers.conversation.routes import ButtonRoute, CommandRoute, Gate, Routes, module_later
from handlers.publicity.buttons import PUBLICITY

# The handler modules, imported when a route first needs one:
publicity = module_later("handlers.publicity.publicity")

POSTERS = Gate(STAFF, N_("Sorry, this command is only for commune staff."))

ROUTES = Routes(
    commands=(
        CommandRoute("notice", publicity.notice_command, POSTERS,
                     menu=N_("A session's A4 notice for notice boards (PDF), e.g. /notice 3")),
        CommandRoute("loa", publicity.loudspeaker_command, POSTERS,
                     menu=N_("A session's text for the village loudspeaker, e.g. /loa 3")),
    ),
    buttons=(ButtonRoute(PUBLICITY, publicity.publicity_pressed, POSTERS),),
)
