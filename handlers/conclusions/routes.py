"""The routes after the session: the conclusion, written answers owed, reports and the scorecard, the asker's
verdict on an answer."""
from __future__ import annotations

from handlers.conclusions import conclusions, followup, invitation_letter, reports
from handlers.conclusions.buttons import CONCLUSION, FEEDBACK
from handlers.conclusions.states import State
from handlers.conversation.access import MANAGERS, STAFF, SUMMARIES
from handlers.conversation.i18n import N_
from handlers.conversation.routes import ButtonRoute, CommandRoute, Gate, Routes, TextRoute

STAFF_ONLY = N_("Sorry, this command is only for commune staff.")
CONCLUDERS = Gate(MANAGERS, N_("Sorry, only the chairperson or the secretary can do this."))
DEBTORS = Gate(followup.DUE_ROLES, N_("Sorry, only officers and managers have answers due."), STAFF_ONLY)
REPORTERS = Gate(STAFF, STAFF_ONLY)
LEADERS = Gate(SUMMARIES, N_("Sorry, the scorecard is for the commune's leaders and the Fatherland Front."))

ROUTES = Routes(
    commands=(
        CommandRoute("conclude", conclusions.conclude, CONCLUDERS,
                     menu=N_("Outcomes and conclusion of a session, e.g. /conclude 3")),
        CommandRoute("due", followup.show_due, DEBTORS, menu=N_("Written answers you owe")),
        CommandRoute("overdue", followup.show_overdue, CONCLUDERS, menu=N_("Overdue written answers")),
        CommandRoute("report", reports.report, REPORTERS,
                     menu=N_("A session's report, chart and documents, e.g. /report 3")),
        CommandRoute("scorecard", reports.scorecard, LEADERS, menu=N_("The commune's scorecard")),
    ),
    buttons=(ButtonRoute(CONCLUSION, conclusions.conclusion_button, CONCLUDERS),
             ButtonRoute(FEEDBACK, followup.feedback_pressed)),
    texts=(TextRoute(State.CONCLUSION_TEXT, conclusions.conclusion_entered, CONCLUDERS),
           TextRoute(State.DOCUMENT_NUMBER, conclusions.number_entered, CONCLUDERS),
           TextRoute(State.FEEDBACK_COMMENT, followup.feedback_comment)),
    states=tuple(State),
    handovers={"documents.invitation": invitation_letter.letter},  # the GIẤY MỜI (invitations/sending.py)
)
