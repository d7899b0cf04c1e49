"""Written answers as official letters (văn bản trả lời): when the commune's policy asks for them
(answer.written_document), an answer typed for a question owed in writing is kept as a draft letter (DỰ THẢO) and
the chair is told; the ticket stays open, its follow-up clock running, until the letter is approved, numbered and
sent (conclusions/papers.py, which hands back through "answer.letter")."""
from __future__ import annotations

from typing import Any

from handlers.commune.policy import policy_value
from handlers.conclusions.buttons import PAPER
from handlers.conversation.access import Role
from handlers.conversation.context import Context
from handlers.conversation.i18n import Translator
from handlers.conversation.replies import Button, Reply
from handlers.questions.complaint_rules import RECEPTION_KINDS
from handlers.questions.rules import LETTER_DOCUMENT, LETTER_SIGN, WRITTEN_ANSWER_STATES


async def letter_required(ctx: Context, question: Any) -> bool:
    """A question (kiến nghị, phản ánh) owed in writing, in a commune whose policy asks for letters; complaints and
    denunciations are settled by the reception desk's own decisions, never by this letter."""
    return question.state in WRITTEN_ANSWER_STATES and question.kind not in RECEPTION_KINDS and \
        await policy_value(ctx.repo, question.commune_id, "answer.written_document") == "1"


async def draft_letter(ctx: Context, question: Any, text: str) -> Reply:
    """The answer as the text of the question's draft letter (a new one when the last was issued before a reopen);
    typing it again replaces the draft and needs the chair's approval again."""
    doc = await ctx.repo.official_document(question.commune_id, LETTER_DOCUMENT, question.id)
    doc = await ctx.repo.save_official_document(
        doc if doc is not None and doc.issued_at is None else None, commune_id=question.commune_id,
        kind=LETTER_DOCUMENT, subject_id=question.id, text=text, drafted_by=ctx.person.id, drafted_at=ctx.now,
        approved_by=None, approved_at=None, approved_as=None, delegated_at=None)
    for chair in await ctx.repo.staff_with_role(question.commune_id, [Role.CHAIR]):
        if chair != ctx.person.id:
            await ctx.notify(chair, "paper.draft", lambda t: t(
                "A written answer letter to {code} waits for your approval.").format(code=question.code),
                commune_id=question.commune_id,
                buttons=lambda t: [[Button(t("Open the letter"), PAPER.build(verb="card", id=doc.id))]])
    return Reply(ctx.t("Saved as a draft letter answering {code} (DỰ THẢO). The chair approves it and the clerk "
                       "enters its number; then the asker receives the letter and the question counts as answered. "
                       "See it with /letter {code}.").format(code=question.code))


async def issued_letters(ctx: Context, questions: list[Any]) -> dict[int, Any]:
    """Each question's issued letter, if any, in one query (a page of /mytickets)."""
    return await ctx.repo.issued_documents(LETTER_DOCUMENT, [q.id for q in questions])


def letter_line(doc: Any, question: Any, t: Translator) -> tuple[str, list[Button]]:
    """For the asker: "Written answer: letter No. 05/UBND of 01/12/2026." and the button that sends it; nothing
    without an issued letter."""
    if doc is None:
        return "", []
    line = t("Written answer: letter No. {number} of {date}.").format(
        number=f"{doc.number:02d}/{LETTER_SIGN}", date=t.date(doc.issued_at))
    return line, [Button(t("📄 Letter for {code}").format(code=question.code), PAPER.build(verb="get", id=doc.id))]
