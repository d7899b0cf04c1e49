"""The meeting's routes: the speaker queue, the live questions, the minutes of an online session."""
from __future__ import annotations

from handlers.conversation.access import MANAGERS, SPEAKER_KEEPERS
from handlers.conversation.i18n import N_
from handlers.conversation.routes import ButtonRoute, CommandRoute, Gate, Routes, TextRoute, module_later
from handlers.meeting.buttons import RECORD, SPEAK_AGREE, SPEAK_SESSION, SPEAKER
from handlers.meeting.states import State

# The handler modules, imported when a route first needs one:
live = module_later("handlers.meeting.live")
online = module_later("handlers.meeting.online")
record = module_later("handlers.meeting.record")
speakers = module_later("handlers.meeting.speakers")

RUNNERS = Gate(MANAGERS, N_("Sorry, only the chairperson or the secretary can run the session."))
CALLERS = Gate(SPEAKER_KEEPERS, N_("Sorry, only the chairperson, the secretary or the support team can keep the "
                                   "speaker list."))

ROUTES = Routes(
    commands=(
        CommandRoute("speak", speakers.start_speak, menu=N_("Register to speak at a session")),
        CommandRoute("next", speakers.call_next, CALLERS, menu=N_("Call the next speaker")),
        CommandRoute("speakers", speakers.list_speakers, CALLERS, menu=N_("The speaker list and who has spoken")),
        CommandRoute("live", live.show_live, RUNNERS, menu=N_("Questions sent during the session")),
        CommandRoute("minutes", online.minutes, RUNNERS, menu=N_("The record of answers given at the session")),
    ),
    buttons=(ButtonRoute(SPEAK_SESSION, speakers.session_pressed),
             ButtonRoute(SPEAK_AGREE, speakers.consent_answered),
             ButtonRoute(SPEAKER, speakers.speaker_pressed, CALLERS),
             ButtonRoute(RECORD, record.record_pressed, RUNNERS)),
    texts=(TextRoute(State.SPEAK_TEXT, speakers.speak_text),
           TextRoute(State.ATTENDANCE, record.attendance_entered, RUNNERS)),
    states=tuple(State),
)
