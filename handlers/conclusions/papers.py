"""The life of a document issued besides the conclusion notice — BÁO CÁO kết quả, KẾ HOẠCH, văn bản trả lời — the
same way as the notice: a draft (DỰ THẢO, number blank) the chair approves (or a vice-chair the chair asked to), then
the clerk types the number from the commune's register and it is issued: kept as issued, and sent as a document to
the People's Council, the Party committee, the chair and the secretaries (a report or plan) or to the asker (a
written answer, whose ticket is then answered and whose follow-up clock stops)."""
from __future__ import annotations

import base64
from typing import Any

from handlers.commune.reminders import rows_to
from handlers.conclusions import answer_letter, results_report, year_plan
from handlers.conclusions import paper_words as pw
from handlers.conclusions.buttons import PAPER
from handlers.conclusions.conclusions import register_number
from handlers.conclusions.documents import DOCX
from handlers.conclusions.paper_frame import issued
from handlers.conclusions.states import State
from handlers.conversation.access import MANAGERS, Role
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotAllowed, NotFound
from handlers.conversation.events import Attachment, ButtonPressed, TextMessage
from handlers.conversation.i18n import VIETNAM, Translator
from handlers.conversation.replies import Activity, Button, Reply
from handlers.conversation.states import IDLE
from handlers.conversation.text import MAX_NOTE_CHARS, normalise
from handlers.questions.rules import WRITTEN_ANSWER_STATES

BUILDERS = {pw.REPORT: results_report.build, pw.PLAN: year_plan.build, pw.LETTER: answer_letter.build}
RECEIVERS = (Role.COUNCIL, Role.PARTY, Role.CHAIR, Role.SECRETARY)  # a report or a plan, when issued
ANSWER_BY_LETTER = "answer.letter"  # the handover that records the answer on the ticket (questions/routes.py)


async def open_paper(ctx: Context, commune_id: int, kind: str, subject_id: int) -> list[Reply]:
    """The document's card, drafting it on first use."""
    doc = await ctx.repo.official_document(commune_id, kind, subject_id)
    if doc is None:
        doc = await ctx.repo.save_official_document(None, commune_id=commune_id, kind=kind, subject_id=subject_id,
                                                    drafted_by=ctx.person.id, drafted_at=ctx.now)
    return [await card(ctx, doc)]


async def card(ctx: Context, doc: Any, edit: bool = False) -> Reply:
    t = ctx.t
    code = (await ctx.repo.get_question(doc.subject_id)).code if doc.kind == pw.LETTER else ""
    lines = [_name(doc, t, code), _status(doc, t)]
    if doc.kind == pw.PLAN:
        planned, announced, needed = await year_plan.periodic_planned(ctx.repo, doc.commune_id, doc.subject_id)
        lines.append(t("Periodic sessions planned for {year}: {planned}, of which announced or held: {announced} "
                       "(the commune's policy asks for at least {needed}).").format(
            year=doc.subject_id, planned=planned, announced=announced, needed=needed))
        if planned < needed:
            lines.append(t("⚠️ {year} does not have its periodic session planned yet: the plan says its date will "
                           "be announced later. Plan it with /newsession.").format(year=doc.subject_id))
    if doc.kind == pw.REPORT:
        lines.append(t("Proposals: {text}").format(text=doc.text) if doc.text else t("No proposals typed yet."))
    if doc.kind == pw.LETTER:
        lines += ["", t("Answer:"), doc.text]
    buttons = [[Button(t("📄 Document") if issued(doc) else t("📄 Draft document"), _data("see", doc))]]
    if not issued(doc):
        if doc.kind == pw.REPORT:
            buttons.append([Button(t("✍️ Type the proposals"), _data("text", doc))])
        if doc.approved_at is None:
            buttons.append([Button(t("✅ Approve (chair)"), _data("ok", doc))])
            if doc.delegated_at is None and _is(ctx, doc, Role.CHAIR):
                buttons.append([Button(t("↪ Let a vice-chair approve"), _data("dlg", doc))])
        else:
            buttons.append([Button(t("🔢 Enter the number and issue"), _data("num", doc))])
    return ctx.reply("\n".join(lines), buttons, edit=edit)


def _name(doc: Any, t: Translator, code: str = "") -> str:
    if doc.kind == pw.REPORT:
        return t("Report on the results of session #{id} (BÁO CÁO)").format(id=doc.subject_id)
    if doc.kind == pw.PLAN:
        return t("Plan for the dialogue sessions of {year} (KẾ HOẠCH)").format(year=doc.subject_id)
    return t("Written answer to {code} (official letter)").format(code=code)


def _status(doc: Any, t: Translator) -> str:
    if issued(doc):
        return t("Issued as No. {number} on {date}.").format(number=pw.number_label(doc.kind, doc.number),
                                                             date=t.date(doc.issued_at))
    if doc.approved_at is not None:
        return t("Approved; the clerk enters the number from the register to issue it.")
    return t("Draft (DỰ THẢO), waiting for the chair's approval.")


def _data(verb: str, doc: Any) -> str:
    return PAPER.build(verb=verb, id=doc.id)


def _is(ctx: Context, doc: Any, role: str) -> bool:
    return any(m.role == role for m in ctx.staff_in(doc.commune_id))


async def paper_button(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """od:<verb>:<document id> — "get" for the document's recipients too; the rest for the commune's staff."""
    pressed = PAPER.of(event)
    doc = await ctx.repo.get_official_document(pressed.id, lock=pressed.verb in ("ok", "dlg", "text", "num"))
    if doc is None:
        raise NotFound(ctx.t("That document was not found."))
    if pressed.verb == "get":
        return await _get(ctx, doc)
    if not ctx.staff_in(doc.commune_id):
        raise NotFound(ctx.t("That document was not found."))
    if pressed.verb == "card":
        return [await card(ctx, doc)]
    if pressed.verb == "see":
        return await _see(ctx, doc)
    if not any(m.role in MANAGERS for m in ctx.staff_in(doc.commune_id)):
        raise NotAllowed(ctx.t("Only the chairperson or the secretary works on a document before it is issued."))
    if issued(doc):
        raise InvalidInput(ctx.t("This document is already issued; nothing was changed."))
    if pressed.verb == "ok":
        return await _approve(ctx, doc)
    if pressed.verb == "dlg":
        return await _delegate(ctx, doc)
    if pressed.verb == "text":
        if doc.kind != pw.REPORT:
            raise InvalidInput(ctx.t("This button is no longer active."))
        ctx.go(State.PAPER_TEXT, document_id=doc.id)
        return [Reply(ctx.t("Type the proposals of the report (to the province, the Party committee and the People's "
                            "Council). The chair approves the report afterwards.") + "\n" + ctx.t("Send /cancel to "
                                                                                                   "stop."))]
    if doc.approved_at is None:
        raise InvalidInput(ctx.t("The chair approves the document before it gets its number."))
    ctx.go(State.PAPER_NUMBER, document_id=doc.id)
    return [Reply(ctx.t("Please type the document's number from the commune's register of documents (only the "
                        "number, for example 05).") + "\n" + ctx.t("Send /cancel to stop."))]


async def _approve(ctx: Context, doc: Any) -> list[Reply]:
    if _is(ctx, doc, Role.CHAIR):
        role = Role.CHAIR
    elif _is(ctx, doc, Role.VICE_CHAIR) and doc.delegated_at is not None:
        role = Role.VICE_CHAIR  # signed "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    else:
        raise NotAllowed(ctx.t("Only the chairperson approves the document, or a vice-chairperson the chair has "
                               "asked to."))
    if doc.approved_at is not None:
        raise InvalidInput(ctx.t("This document is already approved; nothing was changed."))
    await ctx.repo.save_official_document(doc, approved_by=ctx.person.id, approved_at=ctx.now, approved_as=role.value)
    return [await card(ctx, doc, edit=True)]


async def _delegate(ctx: Context, doc: Any) -> list[Reply]:
    if not _is(ctx, doc, Role.CHAIR):
        raise NotAllowed(ctx.t("Only the chairperson can ask a vice-chairperson to approve."))
    if doc.approved_at is not None:
        raise InvalidInput(ctx.t("This document is already approved; nothing was changed."))
    await ctx.repo.save_official_document(doc, delegated_at=ctx.now)
    return [Reply(ctx.t("A vice-chairperson may now approve this document; it will then be signed on the chair's "
                        "behalf (KT. CHỦ TỊCH).")), await card(ctx, doc)]


async def _see(ctx: Context, doc: Any) -> list[Reply]:
    if issued(doc) and doc.content:
        return [Reply(doc.file_name, attachment=_attachment(doc.file_name, doc.content))]
    await ctx.show_activity(Activity.UPLOAD_DOCUMENT)  # the first document of a process loads python-docx
    content = await BUILDERS[doc.kind](ctx.repo, doc, ctx.now.astimezone(VIETNAM).date())
    name = pw.file_name(doc.kind, doc.subject_id, draft=True)
    return [Reply(ctx.t("Draft, marked DỰ THẢO: the number and the day are left blank until the clerk enters the "
                        "number from the register.")), Reply(name, attachment=_attachment(name, content))]


async def _get(ctx: Context, doc: Any) -> list[Reply]:
    """The issued file, for the commune's staff and, for a written answer, its asker."""
    own = False
    if doc.kind == pw.LETTER and ctx.person is not None:
        question = await ctx.repo.get_question(doc.subject_id)
        own = question is not None and question.asker_id == ctx.person.id
    if not issued(doc) or not doc.content or not (own or ctx.staff_in(doc.commune_id)):
        raise NotFound(ctx.t("That document was not found."))
    return [Reply(doc.file_name, attachment=_attachment(doc.file_name, doc.content))]


def _attachment(name: str, content: bytes) -> Attachment:
    return Attachment("document", "", name, DOCX, content=content)


async def text_entered(event: TextMessage, ctx: Context) -> list[Reply]:
    """The report's proposals; a change after approval needs the chair's approval again."""
    doc = await _unissued(ctx)
    text = normalise(event.text)
    if not text or len(text) > MAX_NOTE_CHARS:
        raise InvalidInput(ctx.t("Please type the proposals in at most {limit} characters, or send /cancel.")
                           .format(limit=MAX_NOTE_CHARS))
    await ctx.repo.save_official_document(doc, text=text, approved_by=None, approved_at=None, approved_as=None)
    ctx.go(IDLE)
    return [Reply(ctx.t("Saved. The chair approves the report with the ✅ button.")), await card(ctx, doc)]


async def number_entered(event: TextMessage, ctx: Context) -> list[Reply]:
    """The register's number: the document is issued, kept and sent."""
    doc = await _unissued(ctx)
    number = register_number(event.text)
    if number is None:
        raise InvalidInput(ctx.t("Please type only the number from the register, for example 05, or send /cancel."))
    year = ctx.now.astimezone(VIETNAM).year
    if await ctx.repo.official_number_used(doc.commune_id, doc.kind, number, year, doc.id):
        raise InvalidInput(ctx.t("Number {number} is already on another document of this kind this year. Please "
                                 "check the register and type the right number.").format(number=f"{number:02d}"))
    if doc.approved_at is None:
        raise InvalidInput(ctx.t("The chair approves the document before it gets its number."))
    question = None
    if doc.kind == pw.LETTER:
        question = await ctx.repo.get_question(doc.subject_id, lock=True)
        if question.state not in WRITTEN_ANSWER_STATES:
            raise InvalidInput(ctx.t("{code} no longer waits for a written answer; the letter was not issued.")
                               .format(code=question.code))
    await ctx.show_activity(Activity.UPLOAD_DOCUMENT)
    await ctx.repo.save_official_document(doc, number=number, issued_at=ctx.now)
    content = await BUILDERS[doc.kind](ctx.repo, doc, ctx.now.astimezone(VIETNAM).date())
    name = pw.file_name(doc.kind, doc.subject_id, draft=False)
    await ctx.repo.save_official_document(doc, content=content, file_name=name)
    ctx.go(IDLE)
    label = pw.number_label(doc.kind, number)
    if question is not None:  # the ticket is answered (its follow-up clock stops) and the asker gets the letter
        await ctx.routes.handover(ANSWER_BY_LETTER)(ctx, question, doc.text, label)
        sent = await _send(ctx, doc, [question.asker_id], lambda t: t(
            "The commune has answered your question {code} in writing: letter No. {number}, attached. You can get "
            "it again from /mytickets.").format(code=question.code, number=label))
    else:
        people = await ctx.repo.staff_with_role(doc.commune_id, list(RECEIVERS))
        sent = await _send(ctx, doc, people, lambda t: t("Issued: {what}, No. {number}. The document is attached.")
                           .format(what=_name(doc, t), number=label))
    return [Reply(ctx.t("Issued as No. {number} and sent ({n} recipients).").format(number=label, n=sent)),
            await card(ctx, doc), Reply(name, attachment=_attachment(name, content))]


async def _send(ctx: Context, doc: Any, people: list[int], render: Any) -> int:
    """One message per person's latest chat, with the file (Telegram sends it as a document) and a button that
    sends it again (on Zalo, where no file is sent, the button is how it is read)."""
    file = {"file_base64": base64.b64encode(doc.content).decode(), "filename": doc.file_name}
    rows = await rows_to(ctx.repo, people, f"paper.{doc.kind.lower()}", doc.commune_id, render,
                         buttons=lambda t: [[[t("📄 Get the document"), PAPER.build(verb="get", id=doc.id)]]])
    for row in rows:
        row["payload"]["document"] = file
    await ctx.repo.enqueue_many(rows)
    ctx.queued = ctx.queued or bool(rows)
    return len(rows)


async def _unissued(ctx: Context) -> Any:
    doc = await ctx.repo.get_official_document(ctx.data.get("document_id", -1), lock=True)
    if doc is None or not ctx.staff_in(doc.commune_id):
        raise NotFound(ctx.t("That document was not found."))
    if issued(doc):
        raise InvalidInput(ctx.t("This document is already issued; nothing was changed."))
    return doc
