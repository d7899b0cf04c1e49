"""/conclude: each question's outcome, the chair's general conclusion (secretary drafts, chair approves — or a
vice-chair the chair asked to) and publishing it once the session has ended: the clerk enters the numbers from the
commune's register, every asker gets their own outcome, village groups and heads the summary, staff the notice.
Before that the documents are drafts (DỰ THẢO, number left blank)."""
from __future__ import annotations

from typing import Any

from handlers.commune.deadlines import Rule, due_date
from handlers.commune.policy import load_deadlines
from handlers.commune.words import kind_of
from handlers.conclusions.buttons import CONCLUSION
from handlers.conclusions.documents import official_documents
from handlers.conclusions.states import State
from handlers.conclusions.views import card_text, notice_number, own_outcome, summary
from handlers.conversation.access import Role
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotAllowed, NotFound
from handlers.conversation.events import ButtonPressed, Command, TextMessage
from handlers.conversation.i18n import VIETNAM, Translator, translator
from handlers.conversation.outbox import recipient
from handlers.conversation.replies import Activity, Button, Reply
from handlers.conversation.states import IDLE
from handlers.conversation.text import MAX_NOTE_CHARS, normalise, row_number
from handlers.publicity.views import publicity_buttons
from handlers.questions.buttons import MY_TICKET, QUESTION
from handlers.questions.rules import WRITTEN_ANSWER_STATES, TicketState
from handlers.sessions.rules import SessionState

CONCLUDABLE = (SessionState.IN_PROGRESS, SessionState.CONCLUDED, SessionState.CLOSED)


async def conclude(event: Command, ctx: Context) -> list[Reply]:
    """/conclude <session number>"""
    number = row_number(event.args)
    if number is None:
        raise InvalidInput(ctx.t("Please give the session number, for example: /conclude 3"))
    return [await card(ctx, await _session(ctx, number))]


async def card(ctx: Context, session: Any, edit: bool = False) -> Reply:
    t = ctx.t
    questions = await ctx.repo.session_questions(session.id)
    conclusion = await ctx.repo.conclusion(session.id)
    buttons = [[Button(t("{code} · record its outcome").format(code=q.code), QUESTION.build(id=q.id))]
               for q in questions if q.state == TicketState.NEW][:10]
    if conclusion is None or conclusion.published_at is None:
        buttons.append([Button(t("✍️ Write the conclusion"), CONCLUSION.build(verb="edit", id=session.id))])
    if conclusion is not None and conclusion.text:
        buttons.append([Button(t("📄 Draft documents") if conclusion.published_at is None else t("📄 Documents"),
                               CONCLUSION.build(verb="docs", id=session.id))])
    if conclusion is not None and conclusion.text and conclusion.approved_at is None:
        buttons.append([Button(t("✅ Approve (chair)"), CONCLUSION.build(verb="ok", id=session.id))])
        if conclusion.delegated_at is None and _is(ctx, session, Role.CHAIR):
            buttons.append([Button(t("↪ Let a vice-chair approve"), CONCLUSION.build(verb="dlg", id=session.id))])
    if conclusion is not None and conclusion.approved_at is not None and conclusion.published_at is None:
        buttons.append([Button(t("📣 Publish"), CONCLUSION.build(verb="pub", id=session.id))])
    if conclusion is not None and conclusion.published_at is not None:
        buttons += publicity_buttons(session.id, "res", t)
    return ctx.reply(card_text(session, questions, conclusion, t), buttons, edit=edit)


def _is(ctx: Context, session: Any, role: str) -> bool:
    return any(m.role == role and m.commune_id == session.commune_id for m in ctx.staff)


async def conclusion_button(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """cc:<verb>:<session id>"""
    pressed = CONCLUSION.of(event)
    verb = pressed.verb
    session = await _session(ctx, pressed.id, lock=verb == "pub")
    if verb == "edit":
        ctx.go(State.CONCLUSION_TEXT, session_id=session.id)
        return [Reply(ctx.t("Type the chair's general conclusion of the session. The chair approves it before it "
                            "is published.") + "\n" + ctx.t("Send /cancel to stop."))]
    if verb == "ok":
        return await _approve(ctx, session)
    if verb == "dlg":
        return await _delegate(ctx, session)
    if verb == "docs":
        return await _documents(ctx, session)
    return await _ask_number(ctx, session)


async def conclusion_entered(event: TextMessage, ctx: Context) -> list[Reply]:
    session = await _session(ctx, ctx.data.get("session_id", -1))
    text = normalise(event.text)
    if not text or len(text) > MAX_NOTE_CHARS:
        raise InvalidInput(ctx.t("Please type the conclusion in at most {limit} characters, or send /cancel.")
                           .format(limit=MAX_NOTE_CHARS))
    existing = await ctx.repo.conclusion(session.id, lock=True)
    if existing is not None and existing.published_at is not None:
        raise InvalidInput(ctx.t("This conclusion is already published; nothing was changed."))
    await ctx.repo.save_conclusion(session.id, text=text, drafted_by=ctx.person.id, drafted_at=ctx.now,
                                   approved_by=None, approved_at=None)
    ctx.go(IDLE)
    return [Reply(ctx.t("Saved. The chair approves it with the ✅ button.")), await card(ctx, session)]


async def _approve(ctx: Context, session: Any) -> list[Reply]:
    conclusion = await ctx.repo.conclusion(session.id, lock=True)
    if _is(ctx, session, Role.CHAIR):
        role = Role.CHAIR
    elif _is(ctx, session, Role.VICE_CHAIR) and conclusion is not None and conclusion.delegated_at is not None:
        role = Role.VICE_CHAIR  # the notice is then signed "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    else:
        raise NotAllowed(ctx.t("Only the chairperson approves the conclusion, or a vice-chairperson the chair has "
                               "asked to."))
    if conclusion is None or not conclusion.text or conclusion.published_at is not None:
        raise InvalidInput(ctx.t("There is no draft conclusion to approve."))
    await ctx.repo.save_conclusion(session.id, approved_by=ctx.person.id, approved_at=ctx.now,
                                   approved_as=role.value)
    return [await card(ctx, session, edit=True)]


async def _delegate(ctx: Context, session: Any) -> list[Reply]:
    """The chair lets a vice-chair approve this conclusion (and sign the notice KT. CHỦ TỊCH)."""
    if not _is(ctx, session, Role.CHAIR):
        raise NotAllowed(ctx.t("Only the chairperson can ask a vice-chairperson to approve."))
    conclusion = await ctx.repo.conclusion(session.id, lock=True)
    if conclusion is None or not conclusion.text or conclusion.approved_at is not None:
        raise InvalidInput(ctx.t("There is no draft conclusion to approve."))
    await ctx.repo.save_conclusion(session.id, delegated_at=ctx.now)
    return [Reply(ctx.t("A vice-chairperson may now approve this conclusion; the notice will then be signed "
                        "on the chair's behalf (KT. CHỦ TỊCH).")), await card(ctx, session)]


async def _documents(ctx: Context, session: Any) -> list[Reply]:
    """The notice and the minutes as they stand: drafts (DỰ THẢO, number blank) until published."""
    conclusion = await ctx.repo.conclusion(session.id)
    if conclusion is None or not conclusion.text:
        raise InvalidInput(ctx.t("There is no draft conclusion to approve."))
    await ctx.show_activity(Activity.UPLOAD_DOCUMENT)
    files = await official_documents(ctx.repo, session, conclusion, ctx.now.astimezone(VIETNAM).date())
    text = ctx.t("Draft documents, marked DỰ THẢO: the numbers are left blank until the clerk enters them from "
                 "the register when publishing.") if conclusion.published_at is None else \
        ctx.t("The documents as issued.")
    return [Reply(text)] + [Reply(f.file_name, attachment=f) for f in files]


async def _ready(ctx: Context, session: Any) -> tuple[Any, list[Any]]:
    """The approved, unpublished conclusion and the questions, once the session has ended and every question has
    an outcome; else InvalidInput saying what is missing."""
    conclusion = await ctx.repo.conclusion(session.id, lock=True)
    if conclusion is None or conclusion.approved_at is None or conclusion.published_at is not None:
        raise InvalidInput(ctx.t("Only an approved, unpublished conclusion can be published."))
    if session.ended_at is None:
        raise InvalidInput(ctx.t("The session's end has not been recorded, so its conclusion cannot be published "
                                 "yet. When it ends, press “⏹ Record the end” on the session card (/sessions)."))
    questions = await ctx.repo.session_questions(session.id)
    pending = [q.code for q in questions if q.state == TicketState.NEW]
    if pending:
        raise InvalidInput(ctx.t("These questions have no outcome yet: {codes}. Record one for each, then publish.")
                           .format(codes=", ".join(pending)))
    return conclusion, questions


async def _ask_number(ctx: Context, session: Any) -> list[Reply]:
    await _ready(ctx, session)
    ctx.go(State.DOCUMENT_NUMBER, session_id=session.id, kind="TB")
    return [Reply(ctx.t("Please type the number of the conclusion notice from the commune's register of documents "
                        "(only the number, for example 05).") + "\n" + ctx.t("Send /cancel to stop."))]


async def number_entered(event: TextMessage, ctx: Context) -> list[Reply]:
    """The clerk's register numbers: the notice's, then the minutes'; then the conclusion is published."""
    session = await _session(ctx, ctx.data.get("session_id", -1), lock=True)
    number = register_number(event.text)
    if number is None:
        raise InvalidInput(ctx.t("Please type only the number from the register, for example 05, or send /cancel."))
    kind = ctx.data.get("kind", "TB")
    year = ctx.now.astimezone(VIETNAM).year
    if await ctx.repo.document_number_used(session.commune_id, kind, number, year, session.id):
        raise InvalidInput(ctx.t("Number {number} is already on another document of this kind this year. Please "
                                 "check the register and type the right number.").format(number=f"{number:02d}"))
    if kind == "TB":
        ctx.go(State.DOCUMENT_NUMBER, session_id=session.id, kind="BB", notice_no=number)
        return [Reply(ctx.t("Now the number of the minutes (biên bản) from the register, for example 03."))]
    notice_no = int(ctx.data.get("notice_no", 0))
    ctx.go(IDLE)
    return await publish(ctx, session, notice_no, number)


def register_number(text: str) -> int | None:
    """"05", "5" or "05/TB-UBND": a register number from 1 to 9999, ASCII digits only."""
    digits = normalise(text).split("/", 1)[0].strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 4:
        return None
    return int(digits) if int(digits) > 0 else None


async def publish(ctx: Context, session: Any, notice_no: int, minutes_no: int) -> list[Reply]:
    """Publish with the register's numbers: move the session to concluded, and queue every asker's outcome and
    the summaries; the publisher gets the final documents."""
    conclusion, questions = await _ready(ctx, session)
    today = ctx.now.astimezone(VIETNAM).date()
    number = notice_no
    conclusion = await ctx.repo.save_conclusion(session.id, published_at=ctx.now, notice_no=notice_no,
                                                minutes_no=minutes_no)
    if session.state == SessionState.IN_PROGRESS:
        await ctx.repo.record_session_transition(session, SessionState.CONCLUDED, ctx.person.id,
                                                 note=notice_number(number))
    await _count_from_notice(ctx, session, questions, today)
    for question in questions:
        await _tell_outcome(ctx, session, question)
    groups, heads = await _post_summary(ctx, session, questions, conclusion.text, number)
    text = ctx.t("Published as notice No. {number}. Each of {askers} askers is told their own question's outcome; "
                 "the summary goes to {groups} village groups and {heads} village heads.").format(
        number=notice_number(number), askers=len({q.asker_id for q in questions}), groups=groups, heads=heads)
    await ctx.show_activity(Activity.UPLOAD_DOCUMENT)  # the first documents of a process load python-docx
    files = await official_documents(ctx.repo, session, conclusion, today)
    return [Reply(text), await card(ctx, session)] + [Reply(f.file_name, attachment=f) for f in files]


async def _count_from_notice(ctx: Context, session: Any, questions: list[Any], today: Any) -> None:
    """Written answers are due counted from the notice, never earlier than the date already promised."""
    policy, calendar = await load_deadlines(ctx.repo, session.commune_id)
    for question in questions:
        if question.state in WRITTEN_ANSWER_STATES:
            rule = Rule.COMPLEX_ANSWER if question.complex else Rule.WRITTEN_ANSWER
            due = due_date(rule, today, policy, calendar.is_working_day)
            if question.due_on is None or due > question.due_on:  # the clock now runs from the notice
                question.due_on, question.answer_started_on = due, today


async def _tell_outcome(ctx: Context, session: Any, question: Any) -> None:
    department = await ctx.repo.department_name(question.commune_id, question.department_code)
    merged = await ctx.repo.get_question(question.merged_into_id) if question.merged_into_id else None

    def render(t: Translator) -> str:
        return own_outcome(session, question, department, merged.code if merged else "", t)

    def buttons(t: Translator) -> list[list[Button]]:
        return [[Button(t("Open {code}").format(code=question.code), MY_TICKET.build(id=question.id))]]

    await ctx.notify(question.asker_id, "conclusion.outcome", render, commune_id=question.commune_id,
                     buttons=buttons)


async def _post_summary(ctx: Context, session: Any, questions: list[Any], text: str, number: int) -> tuple[int, int]:
    villages = await ctx.repo.session_village_ids(session)
    base = {"commune_id": session.commune_id}
    kind = await kind_of(ctx.repo, session.commune_id)  # the session's commune's words: thôn or tổ dân phố
    vi = translator("vi", kind)
    groups = await ctx.repo.groups_of(villages)
    rows = [dict(base, bot_id=g.bot_id, channel=g.channel, chat_id=g.chat_id, village_id=g.village_id,
                 kind="conclusion.group", payload={"text": summary(session, questions, text, number, vi)})
            for g in groups]
    heads = await ctx.repo.heads_of(session.commune_id, villages)
    for account, village_id in heads:
        rows.append(dict(base, **recipient(account), kind="conclusion.head",
                         payload={"text": summary(session, questions, text, number,
                                                          translator(account.language, kind))}))
    await ctx.repo.enqueue_many(rows)
    ctx.queued = ctx.queued or bool(rows)
    return len(groups), len(heads)


async def _session(ctx: Context, session_id: int, lock: bool = False) -> Any:
    session = await (ctx.repo.lock_session(session_id) if lock else ctx.repo.get_session(session_id))
    if session is None or session.commune_id not in {m.commune_id for m in ctx.staff}:
        raise NotFound(ctx.t("That session was not found."))
    if session.state not in CONCLUDABLE:
        raise InvalidInput(ctx.t("Session #{id} has not started yet; its conclusion is recorded during or after "
                                 "it.").format(id=session.id))
    return session
