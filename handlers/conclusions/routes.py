"""The routes after the session: the conclusion, written answers owed, reports and the scorecard, the asker's
verdict on an answer."""
from __future__ import annotations

from handlers.conclusions.buttons import CONCLUSION, FEEDBACK, PAPER, PROVINCE_EXPORT
from handlers.conclusions.states import State
from handlers.conversation.access import DUE_ROLES, FOLLOWERS, MANAGERS, PROVINCIAL, REPORT_READERS, SUMMARIES
from handlers.conversation.i18n import N_
from handlers.conversation.routes import ButtonRoute, CommandRoute, Gate, Routes, TextRoute, module_later

# The handler modules, imported when a route first needs one:
conclusions = module_later("handlers.conclusions.conclusions")
followup = module_later("handlers.conclusions.followup")
invitation_letter = module_later("handlers.conclusions.invitation_letter")
paper_commands = module_later("handlers.conclusions.paper_commands")
papers = module_later("handlers.conclusions.papers")
province = module_later("handlers.conclusions.province")
reports = module_later("handlers.conclusions.reports")

STAFF_ONLY = N_("Sorry, this command is only for commune staff.")
CONCLUDERS = Gate(MANAGERS, N_("Sorry, only the chairperson or the secretary can do this."))
DEBTORS = Gate(DUE_ROLES, N_("Sorry, only officers and managers have answers due."), STAFF_ONLY)
REPORTERS = Gate(REPORT_READERS, STAFF_ONLY)
LEADERS = Gate(SUMMARIES, N_("Sorry, the scorecard is for the commune's leaders and the Fatherland Front."))
FOLLOW_READERS = Gate(FOLLOWERS, N_("Sorry, the follow-up list is for the commune's leaders, the Fatherland Front "
                                    "and the People's Council."), STAFF_ONLY)
PROVINCE_OFFICERS = Gate(PROVINCIAL, N_("Sorry, the province view is for provincial officers."), STAFF_ONLY)

ROUTES = Routes(
    commands=(
        CommandRoute("conclude", conclusions.conclude, CONCLUDERS,
                     menu=N_("Outcomes and conclusion of a session, e.g. /conclude 3")),
        CommandRoute("due", followup.show_due, DEBTORS, menu=N_("Written answers you owe")),
        CommandRoute("overdue", followup.show_overdue, CONCLUDERS, menu=N_("Overdue written answers")),
        CommandRoute("report", reports.report, REPORTERS,
                     menu=N_("A session's report, chart and documents, e.g. /report 3")),
        CommandRoute("scorecard", reports.scorecard, LEADERS, menu=N_("The commune's scorecard")),
        CommandRoute("followup", followup.show_followup, FOLLOW_READERS,
                     menu=N_("Written answers still owed, and which are overdue (read-only)")),
        CommandRoute("province", province.province_view, PROVINCE_OFFICERS,
                     menu=N_("Every commune of your province side by side, to export")),
        CommandRoute("results", paper_commands.results, CONCLUDERS,
                     menu=N_("A session's report of results (BÁO CÁO) to the province, e.g. /results 3")),
        CommandRoute("plan", paper_commands.plan, CONCLUDERS,
                     menu=N_("The year's plan of dialogue sessions (KẾ HOẠCH), e.g. /plan 2027")),
        CommandRoute("letter", paper_commands.letter, DEBTORS,
                     menu=N_("A question's written answer letter, e.g. /letter TT-0042")),
    ),
    buttons=(ButtonRoute(CONCLUSION, conclusions.conclusion_button, CONCLUDERS),
             ButtonRoute(FEEDBACK, followup.feedback_pressed),
             ButtonRoute(PAPER, papers.paper_button),
             ButtonRoute(PROVINCE_EXPORT, province.export_pressed, PROVINCE_OFFICERS)),
    texts=(TextRoute(State.CONCLUSION_TEXT, conclusions.conclusion_entered, CONCLUDERS),
           TextRoute(State.DOCUMENT_NUMBER, conclusions.number_entered, CONCLUDERS),
           TextRoute(State.FEEDBACK_COMMENT, followup.feedback_comment),
           TextRoute(State.PAPER_TEXT, papers.text_entered, CONCLUDERS),
           TextRoute(State.PAPER_NUMBER, papers.number_entered, CONCLUDERS)),
    states=tuple(State),
    handovers={"documents.invitation": invitation_letter.letter},  # the GIẤY MỜI (invitations/sending.py)
)
