"""The questions feature's routes: asking, "me too", one's own questions, the staff queue and ticket actions,
complaints at the reception desk, and proxy intake by village heads."""
from __future__ import annotations

from handlers.conversation.access import CONSOLIDATORS, GATHERERS, MANAGERS, QUEUE, RECEPTION, Role
from handlers.conversation.events import AttachmentSent
from handlers.conversation.i18n import N_
from handlers.conversation.routes import ButtonRoute, CommandRoute, EventRoute, Gate, Routes, TextRoute, module_later
from handlers.questions.buttons import (ASK_REVIEW, ASK_SESSION, ASK_TOPIC, DENOUNCED_CHAIR, GATHER_TOPIC, KIND_CHOSEN,
                                        ME_TOO, MY_TICKET, MY_TICKETS_PAGE, PROXY_CONSENT, PROXY_TOPIC, QUESTION,
                                        QUESTION_ACCEPT, QUESTION_ACTION, QUESTION_COMPLEX, QUESTION_DEPARTMENT,
                                        QUESTION_FILES, QUESTION_TOPIC, QUESTION_TOPIC_MENU, QUEUE_FILTER, RECLASSIFY,
                                        VOICE_PLAY, VOICE_TRANSCRIPT)
from handlers.questions.buttons import QUEUE as QUEUE_PAGE
from handlers.questions.states import State

# The handler modules, imported when a route first needs one:
acknowledgement = module_later("handlers.questions.acknowledgement")
asking = module_later("handlers.questions.asking")
complaints = module_later("handlers.questions.complaints")
gathered = module_later("handlers.questions.gathered")
my_tickets = module_later("handlers.questions.my_tickets")
proxy = module_later("handlers.questions.proxy")
queue = module_later("handlers.questions.queue")
supporters = module_later("handlers.questions.supporters")
ticket_actions = module_later("handlers.questions.ticket_actions")
topic_change = module_later("handlers.questions.topic_change")
voice = module_later("handlers.questions.voice")

HANDLERS = Gate(QUEUE, N_("Sorry, your role does not include the question queue."),
                N_("Sorry, this command is only for commune staff."))
MANAGING = Gate(MANAGERS, N_("Sorry, only the chairperson or the secretary can do this."))
RECEPTION_DESK = Gate(RECEPTION, N_("Sorry, only the chairperson or the secretary can do this."))
HEADS = Gate(frozenset({Role.VILLAGE_HEAD}),
             N_("Sorry, only a village head can enter questions on behalf of residents."))
FILERS = Gate(CONSOLIDATORS, N_("Sorry, only the chairperson, the secretary or the support team can change a "
                                 "question's field."))
FRONT = Gate(GATHERERS, N_("Sorry, only the Fatherland Front submits concerns gathered from residents."))

ROUTES = Routes(
    commands=(
        CommandRoute("ask", asking.start_ask, menu=N_("Ask a question")),
        CommandRoute("mytickets", my_tickets.list_tickets, menu=N_("My questions and answers")),
        CommandRoute("claim", proxy.claim, menu=N_("Take over a question your village head sent for you, e.g. "
                                                    "/claim CODE")),
        CommandRoute("queue", queue.show_queue, HANDLERS, menu=N_("Open questions, with filters")),
        CommandRoute("q", ticket_actions.show_question, HANDLERS, menu=N_("One question by code, e.g. /q TT-0042")),
        CommandRoute("reception", complaints.show_reception, RECEPTION_DESK,
                     menu=N_("Complaints and denunciations at the reception desk")),
        CommandRoute("reclassify", complaints.reclassify, RECEPTION_DESK,
                     menu=N_("Change a question's kind (question, complaint, denunciation), e.g. /reclassify "
                             "TT-0042")),
        CommandRoute("proxy", proxy.start_proxy, HEADS, menu=N_("Enter a question for a resident without a phone")),
        CommandRoute("sheet", proxy.village_sheet, HEADS, menu=N_("The questions you entered for residents, to print")),
        CommandRoute("gathered", gathered.start_gathered, FRONT,
                     menu=N_("Submit a concern gathered from residents, with its source")),
    ),
    buttons=(
        ButtonRoute(ASK_SESSION, asking.session_chosen),
        ButtonRoute(ASK_TOPIC, asking.topic_chosen),
        ButtonRoute(ASK_REVIEW, asking.review_action),
        ButtonRoute(ME_TOO, supporters.support_pressed),
        ButtonRoute(MY_TICKET, my_tickets.ticket_button),
        ButtonRoute(MY_TICKETS_PAGE, my_tickets.ticket_button),
        ButtonRoute(QUEUE_PAGE, queue.queue_button, HANDLERS),
        ButtonRoute(QUEUE_FILTER, queue.queue_button, HANDLERS),
        ButtonRoute(QUESTION, ticket_actions.open_from_queue, HANDLERS),
        ButtonRoute(QUESTION_FILES, ticket_actions.show_files, HANDLERS),
        ButtonRoute(QUESTION_ACTION, ticket_actions.action_pressed, HANDLERS),
        ButtonRoute(QUESTION_DEPARTMENT, ticket_actions.department_chosen, HANDLERS),
        ButtonRoute(QUESTION_COMPLEX, ticket_actions.mark_complex, MANAGING),
        ButtonRoute(KIND_CHOSEN, complaints.kind_chosen),
        ButtonRoute(DENOUNCED_CHAIR, complaints.chair_answered),
        ButtonRoute(RECLASSIFY, complaints.reclassify_pressed, RECEPTION_DESK),
        ButtonRoute(QUESTION_ACCEPT, acknowledgement.accept_for_session, MANAGING),
        ButtonRoute(PROXY_CONSENT, proxy.proxy_pressed, HEADS),
        ButtonRoute(PROXY_TOPIC, proxy.proxy_pressed, HEADS),
        ButtonRoute(GATHER_TOPIC, gathered.gathered_topic, FRONT),
        ButtonRoute(QUESTION_TOPIC_MENU, topic_change.topic_pressed, FILERS),
        ButtonRoute(QUESTION_TOPIC, topic_change.topic_pressed, FILERS),
        ButtonRoute(VOICE_PLAY, voice.play, HANDLERS),
        ButtonRoute(VOICE_TRANSCRIPT, voice.transcript_answered),
    ),
    texts=(
        TextRoute(State.ASK_TEXT, asking.text_entered),
        TextRoute(State.ASK_REVIEW, asking.review_text),
        *(TextRoute(state, ticket_actions.note_entered, HANDLERS)
          for state in (State.STAFF_ANSWER, State.STAFF_DECLINE, State.STAFF_FORWARD, State.STAFF_MERGE)),
        TextRoute(State.PROXY_NAME, proxy.proxy_text, HEADS),
        TextRoute(State.PROXY_TEXT, proxy.proxy_text, HEADS),
        TextRoute(State.GATHER_SOURCE, gathered.gathered_text, FRONT),
        TextRoute(State.GATHER_TEXT, gathered.gathered_text, FRONT),
        TextRoute(State.VOICE_FIX, voice.correction_typed),
    ),
    events=(EventRoute(AttachmentSent, asking.attachment_added),),
    states=tuple(State),
    label_states=frozenset({State.ASK_SESSION, State.ASK_TOPIC}),  # a main-keyboard label there starts over
    handovers={"ask.session": asking.ask_for_session,  # a deep link's /ask (people/onboarding.py)
               "answer.letter": ticket_actions.answered_by_letter},  # a written answer letter issued (conclusions)
)
