"""/conclude: each question's outcome, the chair's general conclusion (secretary drafts, chair approves) and
publishing it: every asker gets their own outcome, village groups and heads get the summary, staff the notice."""
from __future__ import annotations

from typing import Any

from handlers.commune.deadlines import Rule, due_date
from handlers.commune.policy import load_deadlines
from handlers.conclusions.buttons import CONCLUSION
from handlers.conclusions.documents import official_documents
from handlers.conclusions.states import State
from handlers.conclusions.views import card_text, notice_number, own_outcome, summary
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotAllowed, NotFound
from handlers.conversation.events import ButtonPressed, Command, TextMessage
from handlers.conversation.i18n import VIETNAM, Translator, translator
from handlers.conversation.outbox import recipient
from handlers.conversation.replies import Activity, Button, Reply
from handlers.conversation.states import IDLE
from handlers.conversation.text import MAX_NOTE_CHARS, normalise, row_number
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
        if conclusion is not None and conclusion.text and conclusion.approved_at is None:
            buttons.append([Button(t("✅ Approve (chair)"), CONCLUSION.build(verb="ok", id=session.id))])
        if conclusion is not None and conclusion.approved_at is not None:
            buttons.append([Button(t("📣 Publish"), CONCLUSION.build(verb="pub", id=session.id))])
    return ctx.reply(card_text(session, questions, conclusion, t), buttons, edit=edit)


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
    return await publish(ctx, session)


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
    if not any(m.role == "chair" and m.commune_id == session.commune_id for m in ctx.staff):
        raise NotAllowed(ctx.t("Only the chairperson approves the conclusion."))
    conclusion = await ctx.repo.conclusion(session.id, lock=True)
    if conclusion is None or not conclusion.text or conclusion.published_at is not None:
        raise InvalidInput(ctx.t("There is no draft conclusion to approve."))
    await ctx.repo.save_conclusion(session.id, approved_by=ctx.person.id, approved_at=ctx.now)
    return [await card(ctx, session, edit=True)]


async def publish(ctx: Context, session: Any) -> list[Reply]:
    """Number the notice, move the session to concluded, and queue every asker's outcome and the summaries."""
    conclusion = await ctx.repo.conclusion(session.id, lock=True)
    if conclusion is None or conclusion.approved_at is None or conclusion.published_at is not None:
        raise InvalidInput(ctx.t("Only an approved, unpublished conclusion can be published."))
    questions = await ctx.repo.session_questions(session.id)
    pending = [q.code for q in questions if q.state == TicketState.NEW]
    if pending:
        raise InvalidInput(ctx.t("These questions have no outcome yet: {codes}. Record one for each, then publish.")
                           .format(codes=", ".join(pending)))
    today = ctx.now.astimezone(VIETNAM).date()
    number = await ctx.repo.next_document_number(session.commune_id, "TB", today.year)
    conclusion = await ctx.repo.save_conclusion(
        session.id, published_at=ctx.now, notice_no=number,
        minutes_no=await ctx.repo.next_document_number(session.commune_id, "BB", today.year))
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
    files = await official_documents(ctx.repo, session, conclusion)
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
    vi = translator("vi")
    groups = await ctx.repo.groups_of(villages)
    rows = [dict(base, bot_id=g.bot_id, channel=g.channel, chat_id=g.chat_id, village_id=g.village_id,
                 kind="conclusion.group", payload={"text": summary(session, questions, text, number, vi)})
            for g in groups]
    heads = await ctx.repo.heads_of(session.commune_id, villages)
    for account, village_id in heads:
        rows.append(dict(base, **recipient(account), kind="conclusion.head",
                         payload={"text": summary(session, questions, text, number, translator(account.language))}))
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
