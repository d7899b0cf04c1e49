"""Button kinds of the questions feature: asking, my tickets, "me too", the staff queue and ticket actions, proxy
intake. Pure data; other features use QUESTION and MY_TICKET to offer a button that opens a question."""
from __future__ import annotations

from handlers.commune.topics import Topic
from handlers.conversation.buttons import ID, MAX_PAGE, ButtonKind, Choice, Int, Slug, Trailing, words
from handlers.questions.complaint_rules import Kind
from handlers.questions.rules import STAFF_ACTIONS, TicketState

TOPICS = words(Topic)
# --- asking, my tickets, me too ----------------------------------------------------------------------------------
ASK_SESSION = ButtonKind("ask:s", Int(ID))  # 0 = general question, no session
ASK_TOPIC = ButtonKind("ask:t", Choice("topic", TOPICS))
ASK_REVIEW = ButtonKind("ask", Choice("action", ("confirm", "edit", "cancel", "add", "replace", "drop")))
MY_TICKET = ButtonKind("mt", Int(ID))
MY_TICKETS_PAGE = ButtonKind("mt:p", Int("page", MAX_PAGE))
ME_TOO = ButtonKind("sup", Int(ID))
# --- staff: queue and ticket actions ----------------------------------------------------------------------------
QUEUE_STATES = ("open", *words(TicketState))
QUEUE_TOPICS = ("-", *TOPICS)
QUEUE = ButtonKind("qu", Choice("state", QUEUE_STATES), Choice("topic", QUEUE_TOPICS), Int("village"),
                   Int("page", MAX_PAGE), Trailing(Choice("order", ("s",)), default=""))  # "s": most supported first
QUEUE_FILTER = ButtonKind("qf", Choice("which", ("s", "t", "v")), Choice("state", QUEUE_STATES),
                          Choice("topic", QUEUE_TOPICS), Int("village"))
QUESTION = ButtonKind("qd", Int(ID))
QUESTION_FILES = ButtonKind("qx", Int(ID))
QUESTION_ACTION = ButtonKind("qa", Choice("action", words(STAFF_ACTIONS)), Int(ID))
QUESTION_DEPARTMENT = ButtonKind("qdep", Int(ID), Slug("department"))
QUESTION_COMPLEX = ButtonKind("qcx", Int(ID))
QUESTION_ACCEPT = ButtonKind("qac", Int(ID))  # accepted for its session: the acknowledgement
# --- proxy intake by a village head -----------------------------------------------------------------------------
PROXY_CONSENT = ButtonKind("px", Choice("answer", ("yes", "no")))
PROXY_TOPIC = ButtonKind("px:t", Choice("topic", TOPICS))
# --- complaints and denunciations -------------------------------------------------------------------------------
KINDS = words(Kind)
KIND_CHOSEN = ButtonKind("qk", Choice("to", KINDS), Int(ID))  # the asker: session, complaint or denunciation
DENOUNCED_CHAIR = ButtonKind("qk:ch", Choice("chair", ("y", "n")), Int(ID))  # the asker: is the chair denounced?
RECLASSIFY = ButtonKind("qrk", Choice("to", KINDS), Int(ID))  # the reception desk corrects the kind
GATHER_TOPIC = ButtonKind("fg:t", Choice("topic", TOPICS))  # the Fatherland Front's submission: its field
QUESTION_TOPIC_MENU = ButtonKind("qt", Int(ID))  # consolidating: the fields a question may be filed under
QUESTION_TOPIC = ButtonKind("qt:s", Int(ID), Choice("topic", TOPICS))
# --- questions asked by voice -----------------------------------------------------------------------------------
VOICE_PLAY = ButtonKind("vp", Int(ID))  # staff: send me the recording of this question
VOICE_TRANSCRIPT = ButtonKind("vt", Choice("answer", ("ok", "fix")), Int(ID))  # the asker: the transcript is right
