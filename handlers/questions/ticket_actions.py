"""/q and its actions: assign, answer, decline, forward, merge, mark complex — each audited and told to the
asker."""
from __future__ import annotations

from typing import Any

from handlers.commune.deadlines import Rule, add_calendar_days, add_working_days, answer_due, due_date
from handlers.commune.policy import load_deadlines
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotAllowed
from handlers.conversation.events import ButtonPressed, Command, Event, TextMessage
from handlers.conversation.i18n import VIETNAM
from handlers.conversation.replies import Attachment, Button, Reply
from handlers.conversation.states import IDLE
from handlers.conversation.text import MAX_NOTE_CHARS, normalise
from handlers.questions.access import question_by_code_for_staff, question_for_staff
from handlers.questions.acknowledgement import acknowledged
from handlers.questions.buttons import QUESTION, QUESTION_ACTION, QUESTION_COMPLEX, QUESTION_DEPARTMENT, QUESTION_FILES
from handlers.questions.complaint_rules import RECEPTION_KINDS, Kind
from handlers.questions.notifications import readers_note, tell_asker, tell_followers
from handlers.questions.reception_rules import ReceptionPolicy, resolve_due
from handlers.questions.rules import WRITTEN_ANSWER_STATES, Action, may_act, next_state, parse_code
from handlers.questions.states import State
from handlers.questions.ticket_view import staff_detail
from handlers.questions.written_answers import draft_letter, letter_required

PROMPT_STATE = {Action.ANSWER: State.STAFF_ANSWER, Action.DECLINE: State.STAFF_DECLINE,
                Action.FORWARD: State.STAFF_FORWARD, Action.MERGE: State.STAFF_MERGE}
ACTION_OF_STATE = {state: action for action, state in PROMPT_STATE.items()}


async def show_question(event: Command, ctx: Context) -> list[Reply]:
    code = parse_code(event.args)
    if not code:
        raise InvalidInput(ctx.t("Please give a question code, for example: /q TT-0042"))
    question, member = await question_by_code_for_staff(ctx, code)
    return [await staff_detail(ctx, question, member)]


async def open_from_queue(event: ButtonPressed, ctx: Context) -> list[Reply]:
    question, member = await question_for_staff(ctx, QUESTION.of(event).id)
    return [await staff_detail(ctx, question, member)]


async def show_files(event: ButtonPressed, ctx: Context) -> list[Reply]:
    question, _ = await question_for_staff(ctx, QUESTION_FILES.of(event).id)
    files = [a for a in await ctx.repo.attachments(question.id) if a.channel == event.ref.channel]
    if not files:
        return [Reply(ctx.t("The files of this question were sent on another messenger and cannot be shown here."))]
    return [Reply(text=f"{question.code} · {a.file_name or a.kind}",
                  attachment=Attachment(a.kind, a.file_id, a.file_name, a.mime_type)) for a in files]


async def action_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    pressed = QUESTION_ACTION.of(event)
    action = Action(pressed.action)
    question, member = await question_for_staff(ctx, pressed.id)
    _check(ctx, question, member, action)
    t = ctx.t
    if action is Action.ASSIGN:
        departments = await ctx.repo.departments(question.commune_id)
        rows = [[Button(d.name[:60], QUESTION_DEPARTMENT.build(id=question.id, department=d.code))]
                for d in departments]
        return [ctx.reply(t("Assign {code} to which department?").format(code=question.code), rows)]
    ctx.go(PROMPT_STATE[action], question_id=question.id)
    prompts = {Action.ANSWER: t("Type the answer to {code}. The asker will receive it as you write it."),
               Action.DECLINE: t("Type the reason for declining {code}. The asker will see it."),
               Action.FORWARD: t("Type the body {code} is forwarded to, for example “Sở Nông nghiệp và Môi trường” "
                                 "or “Sở Nội vụ”."),
               Action.MERGE: t("Type the code of the question {code} duplicates, for example TT-0040.")}
    note = await readers_note(ctx, question, action)
    return [Reply(prompts[action].format(code=question.code) + note + "\n" + t("Send /cancel to stop."))]


async def department_chosen(event: ButtonPressed, ctx: Context) -> list[Reply]:
    pressed = QUESTION_DEPARTMENT.of(event)
    code = pressed.department
    question, member = await question_for_staff(ctx, pressed.id, lock=True)
    _check(ctx, question, member, Action.ASSIGN)
    if code not in {d.code for d in await ctx.repo.departments(question.commune_id)}:
        raise InvalidInput(ctx.t("This button is no longer active."))
    today = ctx.now.astimezone(VIETNAM).date()
    policy, calendar = await load_deadlines(ctx.repo, question.commune_id)
    if question.kind in RECEPTION_KINDS:  # accepted (thụ lý): the law's time limit from today
        due = resolve_due(question.kind, question.complex, today,
                          ReceptionPolicy(await ctx.repo.policy_values(question.commune_id)), calendar.is_working_day)
    else:
        due = answer_due(question.complex, question.answer_started_on, today, policy, calendar.is_working_day)
    name = await ctx.repo.department_name(question.commune_id, code)
    await _transition(ctx, question, Action.ASSIGN, note=name, department_code=code, due_on=due,
                      answer_started_on=question.answer_started_on or today)
    return [Reply(ctx.t("{code} assigned to {department}, due {date}.").format(
        code=question.code, department=name, date=ctx.t.date(due)), edit=True),
        await staff_detail(ctx, question, member)]


async def note_entered(event: TextMessage, ctx: Context) -> list[Reply]:
    action = ACTION_OF_STATE[ctx.state]
    question, member = await question_for_staff(ctx, ctx.data.get("question_id", -1), lock=True)
    _check(ctx, question, member, action)
    text = normalise(event.text)
    if not text:
        raise InvalidInput(ctx.t("The text is empty. Please type it, or send /cancel."))
    if len(text) > MAX_NOTE_CHARS:
        raise InvalidInput(ctx.t("That is {n} characters; the limit is {limit}. Please shorten it.").format(
            n=len(text), limit=MAX_NOTE_CHARS))
    if action is Action.MERGE:
        fields, note = await _merge_fields(ctx, question, text)
    else:
        field = {Action.ANSWER: "answer", Action.DECLINE: "decline_reason", Action.FORWARD: "forwarded_to"}[action]
        fields, note = {field: text[:200] if action is Action.FORWARD else text}, text
        if action is Action.ANSWER:
            fields.update(done_at=ctx.now, satisfaction=None)
    if action is Action.ANSWER and await letter_required(ctx, question):
        ctx.go(IDLE)  # the answer goes out as an official letter once approved and numbered (answered_by_letter)
        return [await draft_letter(ctx, question, text), await staff_detail(ctx, question, member)]
    await _transition(ctx, question, action, note=note, **fields)
    ctx.go(IDLE)
    done = ctx.t("Saved. The asker of {code} will be notified.").format(code=question.code)
    return [Reply(done), await staff_detail(ctx, question, member)]


async def _merge_fields(ctx: Context, question: Any, text: str) -> tuple[dict[str, Any], str]:
    code = parse_code(text)
    target = await ctx.repo.question_by_code(question.commune_id, code) if code else None
    if target is None or target.id == question.id or target.merged_into_id is not None:
        raise InvalidInput(ctx.t("No other question with the code “{code}” can take this one. Please check the "
                                 "code.").format(code=text[:20]))
    return {"merged_into_id": target.id}, target.code


def _check(ctx: Context, question: Any, member: Any, action: Action) -> None:
    own = question.department_code is not None and question.department_code == member.department_code
    if not may_act({member.role}, action, own_department=own):
        raise NotAllowed(ctx.t("Your role does not allow this action on {code}.").format(code=question.code))
    try:
        next_state(question.state, action)
    except NotAllowed:
        raise NotAllowed(ctx.t("{code} is already closed; nothing was changed.").format(code=question.code))


async def _transition(ctx: Context, question: Any, action: Action, note: str, **fields: Any) -> None:
    to_state = next_state(question.state, action)
    fields.update(acknowledged(question, ctx.now))  # any outcome tells the sender what happens to it
    await ctx.repo.record_transition(question, action=action.value, to_state=to_state.value,
                                     actor_id=ctx.person.id, note=note, now=ctx.now, **fields)
    await tell_asker(ctx, question, action)
    if action is Action.ANSWER:
        await tell_followers(ctx, question)
    if action is Action.MERGE:  # the joined question's asker and supporters now follow the target
        await ctx.repo.move_supporters(question, await ctx.repo.get_question(question.merged_into_id))


async def answered_by_letter(ctx: Context, question: Any, text: str, number: str) -> list[Reply]:
    """The handover "answer.letter": the written answer letter is issued, so the ticket is answered (the follow-up
    clock stops) and the asker and followers are told, as for any answer; the register number is the audit note."""
    await _transition(ctx, question, Action.ANSWER, note=number, answer=text, done_at=ctx.now, satisfaction=None)
    return []


async def mark_complex(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """qcx:<question id> — a manager gives a complex item the longer deadline; the asker is told date and body."""
    question, _ = await question_for_staff(ctx, QUESTION_COMPLEX.of(event).id, lock=True)
    if question.state not in WRITTEN_ANSWER_STATES or question.complex or question.kind == Kind.DENUNCIATION:
        raise InvalidInput(ctx.t("This button is no longer active."))
    policy, calendar = await load_deadlines(ctx.repo, question.commune_id)
    if question.kind in RECEPTION_KINDS:  # a complaint: the longer limit in calendar days, from acceptance
        reception = ReceptionPolicy(await ctx.repo.policy_values(question.commune_id))
        extra = reception.days(reception.resolve_key(True)) - reception.days(reception.resolve_key(False))
        due = add_calendar_days(question.due_on, max(extra, 0), calendar.is_working_day)
    elif question.answer_started_on is not None:  # the complex limit from the day the clock started
        due = due_date(Rule.COMPLEX_ANSWER, question.answer_started_on, policy, calendar.is_working_day)
    else:  # an item assigned before the start was recorded: its due date plus the difference in working days
        extra = policy.working_days[Rule.COMPLEX_ANSWER] - policy.working_days[Rule.WRITTEN_ANSWER]
        due = add_working_days(question.due_on, max(extra, 0), calendar.is_working_day)
    await ctx.repo.record_transition(question, action="complex", to_state=question.state, actor_id=ctx.person.id,
                                     note=ctx.t.date(due), now=ctx.now, complex=True, due_on=due,
                                     due_reminded_at=None)
    department = await ctx.repo.department_name(question.commune_id, question.department_code)
    await ctx.notify(question.asker_id, "ticket.complex", lambda t: t(
        "Your question {code} needs more time to settle: {department} will answer you in writing by {date}.")
        .format(code=question.code, department=department, date=t.date(due)), commune_id=question.commune_id)
    return [Reply(ctx.t("{code} is marked complex; the answer is now due {date}. The asker is told.").format(
        code=question.code, date=ctx.t.date(due)))]


async def cancel_prompt(event: Event, ctx: Context) -> list[Reply]:
    ctx.go(IDLE)
    return [Reply(ctx.t("Cancelled. Nothing was changed."))]
