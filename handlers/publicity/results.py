"""What a commune's public results page shows: its published sessions, their questions (field, text with phone
numbers and e-mail addresses masked, never who asked or from which village), the outcomes and answers, the
conclusion and the follow-up of written answers. Only questions (never complaints or denunciations), only sessions
whose conclusion is published, only that commune's."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from handlers.commune.deadlines import is_overdue
from handlers.commune.topics import topic_label
from handlers.conclusions.views import notice_number
from handlers.conversation.i18n import VIETNAM, translator
from handlers.questions.rules import WRITTEN_ANSWER_STATES, TicketState
from handlers.questions.views import state_label
from handlers.sessions.views import committee, title_of

_PHONE = re.compile(r"(?:\+?\d[\d .\-]{7,}\d)")
_EMAIL = re.compile(r"\S+@\S+\.\w+")


@dataclass(frozen=True)
class PublicQuestion:
    code: str
    topic: str
    text: str
    status: str
    outcome: str  # the answer, the reason, the body it went to, or the question it joined
    department: str
    due_on: date | None
    overdue: bool


@dataclass(frozen=True)
class PublicSession:
    id: int
    title: str
    held_on: date
    place: str
    notice_no: str
    published_at: datetime
    conclusion: str
    questions: tuple[PublicQuestion, ...]


@dataclass(frozen=True)
class PublicResults:
    code: str
    committee: str
    sessions: tuple[PublicSession, ...]


def masked(text: str) -> str:
    """A resident's words fit to publish: phone numbers and e-mail addresses replaced by "…"."""
    return _PHONE.sub("…", _EMAIL.sub("…", text or ""))


async def public_results(repo: Any, code: str, now: datetime) -> PublicResults | None:
    """The commune with this official code and its published results; None when there is no such commune."""
    commune = await repo.commune_by_code(code) if code.isascii() and code.isdigit() and len(code) == 5 else None
    if commune is None:
        return None
    vi, today = translator("vi", commune.kind), now.astimezone(VIETNAM).date()
    sessions = []
    for session, conclusion in await repo.published_sessions(commune.id):
        if session.commune_id != commune.id:
            continue
        questions = [await _question(repo, q, vi, today) for q in await repo.session_questions(session.id)
                     if q.kind == "question" and q.commune_id == commune.id and q.state != TicketState.NEW]
        sessions.append(PublicSession(
            session.id, title_of(session, vi, commune.kind), session.starts_at.astimezone(VIETNAM).date(),
            "trực tuyến" if session.online else session.venue, notice_number(conclusion.notice_no or 0),
            conclusion.published_at, conclusion.text, tuple(questions)))
    return PublicResults(commune.code, committee(commune, vi), tuple(sessions))


async def _question(repo: Any, q: Any, vi: Any, today: date) -> PublicQuestion:
    department = await repo.department_name(q.commune_id, q.department_code)
    if q.state == TicketState.MERGED and q.merged_into_id:
        target = await repo.get_question(q.merged_into_id)
        outcome = f"Gộp với {target.code}" if target is not None and target.commune_id == q.commune_id else ""
    else:
        outcome = q.answer or q.decline_reason or q.forwarded_to or ""
    written = q.state in WRITTEN_ANSWER_STATES
    return PublicQuestion(q.code, topic_label(q.topic, vi), masked(q.text), state_label(q.state, vi),
                          masked(outcome), department, q.due_on if written else None,
                          written and q.due_on is not None and is_overdue(today, q.due_on))
