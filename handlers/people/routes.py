"""The people feature's routes: registering, language, one's own data, linking accounts, the commune's staff and
their invitations."""
from __future__ import annotations

from handlers.conversation.access import MANAGERS, RESIDENT
from handlers.conversation.events import ContactShared
from handlers.conversation.i18n import N_
from handlers.conversation.routes import ButtonRoute, CommandRoute, EventRoute, Gate, Routes, TextRoute, module_later
from handlers.people.buttons import (COMMUNE, CONSENT, INVITE, LANGUAGE, LINK_REQUEST, MY_DATA, PURPOSE,
                                     STAFF_MEMBER, VILLAGE)
from handlers.people.rules import STAFF_REFUSAL
from handlers.people.states import State

# The handler modules, imported when a route first needs one:
invites = module_later("handlers.people.invites")
linking = module_later("handlers.people.linking")
my_data = module_later("handlers.people.my_data")
onboarding = module_later("handlers.people.onboarding")
staff = module_later("handlers.people.staff")

STAFF_MANAGERS = Gate(MANAGERS, N_("Sorry, only the chairperson, the secretary or the administrator can manage the "
                                   "commune's staff."))
RESIDENTS_ONLY = Gate(frozenset({RESIDENT}), STAFF_REFUSAL)  # a staff role stays with the invited account

ROUTES = Routes(
    commands=(
        CommandRoute("start", onboarding.start, menu=N_("Register, or start again"), open=True),
        CommandRoute("mydata", my_data.show_my_data, menu=N_("Your personal data: see, export, correct, withdraw")),
        CommandRoute("language", onboarding.choose_language, menu=N_("Change language"), open=True),
        CommandRoute("link", linking.link, RESIDENTS_ONLY, menu=N_("Link your Telegram and Zalo accounts"),
                     open=True),
        CommandRoute("staff", staff.show_staff, STAFF_MANAGERS, menu=N_("The commune's staff: list, remove")),
        CommandRoute("invites", invites.show_invites, STAFF_MANAGERS,
                     menu=N_("Staff invitations waiting to be redeemed: list, revoke")),
    ),
    buttons=(
        ButtonRoute(CONSENT, onboarding.consent_answer, open=True),
        ButtonRoute(PURPOSE, onboarding.purpose_answer, open=True),  # the transfer is asked before the person exists
        ButtonRoute(LANGUAGE, onboarding.language_chosen, open=True),
        ButtonRoute(COMMUNE, onboarding.commune_chosen),
        ButtonRoute(VILLAGE, onboarding.village_chosen),
        ButtonRoute(MY_DATA, my_data.my_data_button),
        ButtonRoute(STAFF_MEMBER, staff.staff_pressed, STAFF_MANAGERS),
        ButtonRoute(INVITE, invites.invite_pressed, STAFF_MANAGERS),
        ButtonRoute(LINK_REQUEST, linking.link_pressed),
    ),
    texts=(
        TextRoute(State.CONSENT, onboarding.consent_reminder),
        TextRoute(State.TRANSFER, onboarding.consent_reminder),
        TextRoute(State.NAME, onboarding.name_entered),
        TextRoute(State.PHONE, onboarding.phone_text),
        TextRoute(State.FIX_NAME, my_data.name_corrected),
        TextRoute(State.FIX_PHONE, my_data.phone_corrected),
    ),
    events=(EventRoute(ContactShared, onboarding.contact_shared, open=True),),
    states=tuple(State),
    personless=frozenset({State.CONSENT, State.TRANSFER}),  # no person until they agree
    unplaced=frozenset(State),  # registering or correcting their name: no commune yet
)
