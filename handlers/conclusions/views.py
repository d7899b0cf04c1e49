"""Words of a session's conclusion: the staff card, each asker's own outcome, the public summary; the asker's
verdict buttons under an answer. Pure."""
from __future__ import annotations

from collections import Counter
from typing import Any

from handlers.conclusions.buttons import FEEDBACK
from handlers.conversation.i18n import Translator
from handlers.conversation.replies import Button
from handlers.questions.rules import WRITTEN_ANSWER_STATES, TicketState
from handlers.questions.views import one_line, outcome_lines, state_label
from handlers.sessions.views import title_of


def notice_number(number: int) -> str:
    """Decree 30/2020 numbering: two digits at least, then the type and the issuing body."""
    return f"{number:02d}/TB-UBND"


def card_text(session: Any, questions: list[Any], conclusion: Any | None, t: Translator) -> str:
    lines = [t("Conclusion of session #{id}: {title}").format(id=session.id, title=title_of(session, t, t.kind)), "",
             t("Outcomes of {n} questions:").format(n=len(questions))]
    lines += [f"• {one_line(q, t)}" for q in questions] or [t("No questions were sent to this session.")]
    lines.append("")
    if conclusion is None or not conclusion.text:
        lines.append(t("No general conclusion recorded yet."))
        return "\n".join(lines)
    if conclusion.published_at:
        status = t("published as notice No. {number}").format(number=notice_number(conclusion.notice_no))
    elif conclusion.approved_at:
        status = t("approved by the chair, not yet published")
    else:
        status = t("draft, waiting for the chair's approval")
    lines += [t("General conclusion ({status}):").format(status=status), conclusion.text]
    return "\n".join(lines)


def own_outcome(session: Any, question: Any, department: str, merged_code: str, t: Translator) -> str:
    """What one asker is told at publication: their own question only."""
    lines = [t("The conclusion of the {title} has been published.").format(title=title_of(session, t, t.kind).lower()),
             t("Your question {code}: {state}").format(code=question.code, state=state_label(question.state, t))]
    lines += outcome_lines(question, t, department, merged_code)
    if question.state in WRITTEN_ANSWER_STATES:
        lines.append(t("{department} will answer you in writing by {date}.").format(
            department=department, date=t.date(question.due_on)))
    return "\n".join(lines)


def summary(session: Any, questions: list[Any], text: str, number: int, t: Translator) -> str:
    """The public summary for village groups and village heads: no asker's name, only counts."""
    counts = Counter(TicketState(q.state) for q in questions)
    written = counts[TicketState.ASSIGNED] + counts[TicketState.REOPENED]
    return "\n".join([
        t("📋 Conclusion of the {title} ({date}) — notice No. {number}").format(
            title=title_of(session, t, t.kind).lower(), date=t.date(session.starts_at), number=notice_number(number)),
        "", text, "",
        t("{n} questions: {answered} answered at the session, {written} to be answered in writing, {forwarded} "
          "forwarded, {declined} declined, {merged} merged.").format(
            n=len(questions), answered=counts[TicketState.ANSWERED], written=written,
            forwarded=counts[TicketState.FORWARDED], declined=counts[TicketState.DECLINED],
            merged=counts[TicketState.MERGED]),
        t("Askers receive their own question's outcome in a private message.")])


def feedback_buttons(question: Any, t: Translator) -> list[list[Button]]:
    """The asker's verdict on an answer: resolved, partly, not."""
    return [[Button(t("👍 Resolved"), FEEDBACK.build(id=question.id, verdict="s")),
             Button(t("Partly"), FEEDBACK.build(id=question.id, verdict="p")),
             Button(t("👎 Not resolved"), FEEDBACK.build(id=question.id, verdict="n"))]]
