"""Invitations and attendance: the invitation list (/invitations), the Front's proposals, chat invitations with a
QR code, the GIẤY MỜI, check-in at the venue."""
from __future__ import annotations

from handlers.conversation.access import MANAGERS, Role
from handlers.conversation.i18n import N_
from handlers.conversation.routes import ButtonRoute, CommandRoute, Gate, Routes, TextRoute, module_later
from handlers.invitations.buttons import INVITATIONS, INVITEE, INVITEE_PAGE, PROPOSE
from handlers.invitations.states import State

# The handler modules, imported when a route first needs one:
attendance = module_later("handlers.invitations.attendance")
desk = module_later("handlers.invitations.desk")
listing = module_later("handlers.invitations.listing")

ORGANISERS = Gate(MANAGERS | {Role.SUPPORT}, N_("Sorry, only the chairperson, the secretary or the support team can "
                                                "manage the invitation list."))
READERS = Gate(ORGANISERS.roles | {Role.FRONT}, N_("Sorry, the invitation list is for the commune's organisers."))
FRONT = Gate(frozenset({Role.FRONT}), N_("Sorry, proposing guests is for the Fatherland Front."))

ROUTES = Routes(
    commands=(CommandRoute("invitations", listing.show_invitations, READERS,
                           menu=N_("A session's invitation list, invitations and attendance, e.g. /invitations 3")),),
    buttons=(ButtonRoute(INVITATIONS, desk.list_pressed, ORGANISERS),
             ButtonRoute(INVITEE, attendance.invitee_pressed, ORGANISERS),
             ButtonRoute(INVITEE_PAGE, attendance.page_pressed, ORGANISERS),
             ButtonRoute(PROPOSE, listing.propose_pressed, FRONT)),
    texts=(TextRoute(State.GUEST, listing.guest_typed, ORGANISERS),
           TextRoute(State.PROPOSAL, listing.guest_typed, FRONT)),
    states=tuple(State),
    handovers={"attendance.scan": attendance.scanned},  # /start att_… (people/onboarding.py)
)
