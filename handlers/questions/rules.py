"""The question (ticket) life cycle: pure rules, no I/O."""
from __future__ import annotations

from enum import StrEnum

from handlers.conversation.access import MANAGERS, Role
from handlers.conversation.errors import InvalidInput, NotAllowed
from handlers.conversation.i18n import Translator
from handlers.conversation.text import MAX_QUESTION_CHARS, normalise


class TicketState(StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    ANSWERED = "answered"
    DECLINED = "declined"
    FORWARDED = "forwarded"
    MERGED = "merged"
    REOPENED = "reopened"  # the asker was not satisfied with a written answer: back to the department


class Action(StrEnum):
    ASSIGN = "assign"
    ANSWER = "answer"
    DECLINE = "decline"
    FORWARD = "forward"
    MERGE = "merge"
    REOPEN = "reopen"  # the asker's "not resolved", never a staff button


OPEN_STATES = frozenset({TicketState.NEW, TicketState.ASSIGNED, TicketState.REOPENED})
WRITTEN_ANSWER_STATES = frozenset({TicketState.ASSIGNED, TicketState.REOPENED})  # a department owes an answer
LETTER_DOCUMENT = "CV"  # the official_document kind of a written answer sent as a letter (văn bản trả lời)
LETTER_SIGN = "UBND"  # its ký hiệu: "Số: 05/UBND"
STAFF_ACTIONS = (Action.ASSIGN, Action.ANSWER, Action.DECLINE, Action.FORWARD, Action.MERGE)

_TARGET = {
    Action.ASSIGN: TicketState.ASSIGNED,
    Action.ANSWER: TicketState.ANSWERED,
    Action.DECLINE: TicketState.DECLINED,
    Action.FORWARD: TicketState.FORWARDED,
    Action.MERGE: TicketState.MERGED,
    Action.REOPEN: TicketState.REOPENED,
}


def next_state(current: TicketState | str, action: Action | str) -> TicketState:
    """The state a ticket moves to; NotAllowed when the action does not apply to its state."""
    state, act = TicketState(current), Action(action)
    if act is Action.REOPEN:
        if state is not TicketState.ANSWERED:
            raise NotAllowed(f"{act} from {state}")
        return TicketState.REOPENED
    if state not in OPEN_STATES:
        raise NotAllowed(f"{act} from {state}")
    return _TARGET[act]


def allowed_actions(current: TicketState | str) -> list[Action]:
    return list(STAFF_ACTIONS) if TicketState(current) in OPEN_STATES else []


def format_code(prefix: str, number: int) -> str:
    """A code short enough to read over the phone: TT-0042."""
    return f"{prefix}-{number:04d}"


def parse_code(text: str) -> str:
    """Normalise what a person typed ("tt 42", "TT-0042") to the stored form, or "" if it is no code."""
    cleaned = text.strip().upper().replace(" ", "-").replace("_", "-")
    prefix, _, digits = cleaned.rpartition("-")
    if not prefix:
        prefix, digits = "".join(c for c in cleaned if c.isalpha()), "".join(c for c in cleaned if c.isdigit())
    prefix = prefix.strip("-")
    if not (prefix + digits).isascii() or not prefix.isalpha() or not digits.isdigit() or len(prefix) > 6 \
            or len(digits) > 9:
        return ""
    return format_code(prefix, int(digits))


def may_act(roles: set[str], action: Action, *, own_department: bool) -> bool:
    """Managers do everything; an officer may answer what is assigned to their department; the support team
    consolidates: assigns a department and merges duplicates, never answers, declines or forwards."""
    if roles & MANAGERS:
        return True
    if Role.SUPPORT in roles and action in (Action.ASSIGN, Action.MERGE):
        return True
    return action is Action.ANSWER and Role.OFFICER in roles and own_department


def question_text(raw: str, t: Translator) -> str:
    """A question as typed (or said and corrected), normalised; InvalidInput when it is empty or too long."""
    text = normalise(raw)
    if not text:
        raise InvalidInput(t("Your question is empty. Please type what you would like to ask."))
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidInput(t("Your question is {n} characters long; the limit is {limit}. Please shorten it, "
                             "or send the details as a document.").format(n=len(text), limit=MAX_QUESTION_CHARS))
    return text
