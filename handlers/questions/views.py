"""Human words for ticket states, a ticket's one-line and outcome lines, a question's preview. Pure."""
from __future__ import annotations

from datetime import date
from typing import Any

from handlers.commune.deadlines import is_overdue
from handlers.commune.topics import topic_label
from handlers.conversation.i18n import Translator
from handlers.questions.rules import WRITTEN_ANSWER_STATES, TicketState


def state_label(state: str, t: Translator) -> str:
    return {
        TicketState.NEW: t("Received"),
        TicketState.ASSIGNED: t("Being handled"),
        TicketState.ANSWERED: t("Answered"),
        TicketState.DECLINED: t("Declined"),
        TicketState.FORWARDED: t("Forwarded to a higher body"),
        TicketState.MERGED: t("Merged with a similar question"),
        TicketState.REOPENED: t("Reopened: being handled again"),
    }[TicketState(state)]


def one_line(question: Any, t: Translator) -> str:
    return f"{question.code} · {state_label(question.state, t)} · {topic_label(question.topic, t)}"


def outcome_lines(question: Any, t: Translator, department: str, merged_code: str = "",
                  brief: bool = False) -> list[str]:
    """What became of the question, in the words the asker sees."""
    lines = []
    if department:
        lines.append(t("Department: {name}").format(name=department))
    if question.due_on and question.state in WRITTEN_ANSWER_STATES:
        lines.append(t("Expected answer by: {date}").format(date=t.date(question.due_on)))
    if question.answer:
        lines.append(t("Answer: {text}").format(text=_short(question.answer) if brief else question.answer))
    if question.decline_reason:
        lines.append(t("Reason: {text}").format(text=question.decline_reason))
    if question.forwarded_to:
        lines.append(t("Forwarded to: {body}").format(body=question.forwarded_to))
    if merged_code:
        lines.append(t("Merged into: {code}").format(code=merged_code))
    return lines


def ack_line(question: Any, t: Translator, today: date) -> str:
    """Until the sender is told how a submission is handled (Law on Citizen Reception 2013, Art. 28), the day they
    will be told by — or that it has passed; "" once told (any staff outcome tells them)."""
    if question.acknowledged_at is not None or question.ack_due_on is None or question.state != TicketState.NEW:
        return ""
    if is_overdue(today, question.ack_due_on):
        return t("Telling you how it is handled: {overdue}").format(
            overdue=t("⚠️ overdue (the deadline was {date})").format(date=t.date(question.ack_due_on)))
    return t("The commune will tell you how it is handled no later than {date}.").format(
        date=t.date(question.ack_due_on))


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def preview(text: str, limit: int = 120) -> str:
    """A question on one line, cut at `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"
