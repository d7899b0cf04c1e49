"""The commune's routes: its own exceptions to Vietnam's calendar, and its policy values with their basis."""
from __future__ import annotations

from handlers.commune.buttons import POLICY_KEY
from handlers.commune.states import State
from handlers.conversation.access import MANAGERS
from handlers.conversation.access import POLICY_KEEPERS as KEEPER_ROLES
from handlers.conversation.i18n import N_
from handlers.conversation.routes import ButtonRoute, CommandRoute, Gate, Routes, TextRoute, module_later

# The handler modules, imported when a route first needs one:
day_overrides = module_later("handlers.commune.day_overrides")
policies = module_later("handlers.commune.policies")

CALENDAR_KEEPERS = Gate(MANAGERS, N_("Sorry, only the chairperson or the secretary can do this."))
POLICY_READERS = Gate(MANAGERS, N_("Sorry, only the chairperson, the secretary or the administrator can see the "
                                   "commune's policy values."))
POLICY_KEEPERS = Gate(KEEPER_ROLES, N_("Sorry, only the chairperson or the secretary can change a policy value."))

ROUTES = Routes(
    commands=(
        CommandRoute("dayoff", day_overrides.day_off, CALENDAR_KEEPERS,
                     menu=N_("The commune's days off and extra working days")),
        CommandRoute("workday", day_overrides.working_day, CALENDAR_KEEPERS,
                     menu=N_("An extra working day for the commune, e.g. /workday 28/11/2026")),
        CommandRoute("policy", policies.show_policy, POLICY_READERS,
                     menu=N_("The commune's policy values and their legal basis; change one")),
    ),
    buttons=(ButtonRoute(POLICY_KEY, policies.policy_pressed, POLICY_KEEPERS),),
    texts=(TextRoute(State.POLICY_VALUE, policies.policy_value_typed, POLICY_KEEPERS),),
    states=tuple(State),
)
