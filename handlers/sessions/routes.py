"""The sessions feature's routes: planning and announcing, residents' calendar and announcements, village groups,
petitions for an extraordinary session."""
from __future__ import annotations

from handlers.conversation.access import MANAGERS, Role
from handlers.conversation.i18n import N_
from handlers.conversation.routes import ButtonRoute, CommandRoute, Gate, Routes, TextRoute, module_later
from handlers.sessions.buttons import (ANNOUNCEMENTS, LINK_VILLAGE, PETITION, PETITION_NEW, PLAN_CO, PLAN_INTAKE,
                                       PLAN_KIND, PLAN_ONLINE, PLAN_THEME, PLAN_VILLAGE, SESSION, SESSION_CALENDAR,
                                       SESSION_DO, SESSION_EDIT, SESSION_LEAD, SESSION_CHAIR, SESSION_AUDIENCE)
from handlers.sessions.states import State

# The handler modules, imported when a route first needs one:
groups = module_later("handlers.sessions.groups")
leading = module_later("handlers.sessions.leading")
petitions = module_later("handlers.sessions.petitions")
planning = module_later("handlers.sessions.planning")
resident_sessions = module_later("handlers.sessions.resident_sessions")
session_admin = module_later("handlers.sessions.session_admin")

PLANNERS = Gate(MANAGERS, N_("Sorry, only the chairperson or the secretary can plan sessions."))
LINKERS = Gate(MANAGERS | {Role.VILLAGE_HEAD}, N_("Only commune staff or the village head can link this group."))
UNLINKERS = Gate(LINKERS.roles, N_("Only commune staff or the village head can unlink this group."))

ROUTES = Routes(
    commands=(
        CommandRoute("sessions", resident_sessions.list_sessions, menu=N_("Upcoming dialogue sessions")),
        CommandRoute("notifications", resident_sessions.notifications, menu=N_("Session announcements on or off")),
        CommandRoute("petition", petitions.show_petitions, menu=N_("Ask for an extraordinary dialogue session")),
        CommandRoute("newsession", planning.new_session, PLANNERS, menu=N_("Plan a dialogue session")),
        CommandRoute("reach", session_admin.reach, PLANNERS,
                     menu=N_("Reach of a session's announcement, e.g. /reach 3")),
        CommandRoute("linkvillage", groups.link_village, LINKERS,
                     menu=N_("Link a village's group chat to the village (send it in the group)"), in_groups=True),
        CommandRoute("unlinkvillage", groups.unlink_village, UNLINKERS,
                     menu=N_("Unlink a village's group chat (send it in the group)"), in_groups=True),
    ),
    buttons=(
        *(ButtonRoute(kind, planning.plan_button, PLANNERS)
          for kind in (PLAN_KIND, PLAN_THEME, PLAN_ONLINE, PLAN_VILLAGE, PLAN_INTAKE, PLAN_CO)),
        *(ButtonRoute(kind, session_admin.session_button, PLANNERS) for kind in (SESSION, SESSION_EDIT, SESSION_DO)),
        ButtonRoute(SESSION_CALENDAR, resident_sessions.session_button),
        ButtonRoute(ANNOUNCEMENTS, resident_sessions.notifications_pressed),
        ButtonRoute(LINK_VILLAGE, groups.village_pressed, LINKERS, in_groups=True),
        ButtonRoute(PETITION_NEW, petitions.petition_pressed),
        ButtonRoute(PETITION, petitions.petition_pressed),
        *(ButtonRoute(kind, leading.lead_pressed, PLANNERS) for kind in (SESSION_LEAD, SESSION_CHAIR, SESSION_AUDIENCE)),
    ),
    texts=(
        *(TextRoute(state, planning.plan_text, PLANNERS)
          for state in (State.PLAN_THEME, State.PLAN_WHEN, State.PLAN_VENUE, State.PLAN_INTAKE)),
        TextRoute(State.PLAN_OVERRIDE, session_admin.override_reason, PLANNERS),
        TextRoute(State.PETITION_THEME, petitions.theme_entered),
    ),
    states=tuple(State),
)
