"""Preparing a session's routes: the checklist and the department's questions (/prepare), its buttons, a prepared
answer typed."""
from __future__ import annotations

from handlers.conversation.access import Role
from handlers.conversation.i18n import N_
from handlers.conversation.routes import ButtonRoute, CommandRoute, Gate, Routes, TextRoute, module_later
from handlers.preparation.buttons import PREPARE, PREPARE_ANSWER, PREPARE_DONE
from handlers.preparation.states import State

# The handler modules, imported when a route first needs one:
checklist = module_later("handlers.preparation.checklist")
department = module_later("handlers.preparation.department")

PREPARERS = Gate(frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARY, Role.SUPPORT, Role.OFFICER}),
                 N_("Sorry, only the staff who prepare a session can use this."))
OFFICERS = Gate(frozenset({Role.OFFICER}), N_("Sorry, only a department officer can prepare answers."))

ROUTES = Routes(
    commands=(
        CommandRoute("prepare", checklist.prepare_command, PREPARERS,
                     menu=N_("Preparing the next session: steps, last days, prepared answers")),
    ),
    buttons=(ButtonRoute(PREPARE, checklist.prepare_pressed, PREPARERS),
             ButtonRoute(PREPARE_DONE, checklist.done_pressed, PREPARERS),
             ButtonRoute(PREPARE_ANSWER, department.answer_pressed, OFFICERS)),
    texts=(TextRoute(State.ANSWER, department.answer_entered, OFFICERS),),
    states=tuple(State),
)
