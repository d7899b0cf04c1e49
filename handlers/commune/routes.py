"""The commune's routes: its own exceptions to Vietnam's calendar."""
from __future__ import annotations

from handlers.commune import day_overrides
from handlers.conversation.access import MANAGERS
from handlers.conversation.i18n import N_
from handlers.conversation.routes import CommandRoute, Gate, Routes

CALENDAR_KEEPERS = Gate(MANAGERS, N_("Sorry, only the chairperson or the secretary can do this."))

ROUTES = Routes(commands=(
    CommandRoute("dayoff", day_overrides.day_off, CALENDAR_KEEPERS,
                 menu=N_("The commune's days off and extra working days")),
    CommandRoute("workday", day_overrides.working_day, CALENDAR_KEEPERS,
                 menu=N_("An extra working day for the commune, e.g. /workday 28/11/2026")),
))
