"""/mytickets: a resident's own questions, their state and answers; one opens in detail."""
from __future__ import annotations

from handlers.commune.topics import topic_label
from handlers.conversation.context import Context
from handlers.conversation.errors import NotFound
from handlers.conversation.events import ButtonPressed, Event
from handlers.conversation.i18n import VIETNAM
from handlers.conversation.replies import Button, Reply
from handlers.questions.buttons import MY_TICKET, MY_TICKETS_PAGE
from handlers.questions.supporters import supporter_lines
from handlers.questions.views import ack_line, one_line, outcome_lines, state_label
from handlers.questions.written_answers import issued_letters, letter_line

PAGE = 5


async def list_tickets(event: Event, ctx: Context, page: int = 0) -> list[Reply]:
    questions, total = await ctx.repo.questions_of(ctx.person.id, PAGE, page * PAGE)
    t = ctx.t
    supported = await _supported_lines(ctx) if page == 0 else []
    if not total:
        return [Reply("\n".join(supported) if supported else
                      t("You have not sent any questions yet. Send /ask to ask one."))]
    lines = supported + [t("Your questions ({n}):").format(n=total), ""]
    buttons, today = [], ctx.now.astimezone(VIETNAM).date()
    letters = await issued_letters(ctx, questions)
    for q in questions:
        department = await ctx.repo.department_name(q.commune_id, q.department_code)
        lines.append(one_line(q, t))
        lines += ["   " + line for line in [ack_line(q, t, today)] if line]
        lines += ["   " + line for line in outcome_lines(q, t, department, brief=True)]
        letter, get_letter = letter_line(letters.get(q.id), q, t)
        lines += [f"   {letter}"] if letter else []
        lines.append("")
        buttons.append([Button(t("Open {code}").format(code=q.code), MY_TICKET.build(id=q.id))] + get_letter)
    nav = []
    if page > 0:
        nav.append(Button(t("◀ Newer"), MY_TICKETS_PAGE.build(page=page - 1)))
    if (page + 1) * PAGE < total:
        nav.append(Button(t("Older ▶"), MY_TICKETS_PAGE.build(page=page + 1)))
    if nav:
        buttons.append(nav)
    return [ctx.reply("\n".join(lines), buttons, edit=isinstance(event, ButtonPressed))]


async def _supported_lines(ctx: Context) -> list[str]:
    """The questions the person supports ("me too"), newest first: state, department and due date only."""
    lines = []
    for q in await ctx.repo.supported_questions(ctx.person.id, PAGE):
        department = await ctx.repo.department_name(q.commune_id, q.department_code)
        lines += [one_line(q, ctx.t), *("   " + line for line in supporter_lines(q, department, ctx.t)), ""]
    return [ctx.t("Questions you also asked (“me too”):"), "", *lines] if lines else []


async def ticket_button(event: ButtonPressed, ctx: Context) -> list[Reply]:
    page = MY_TICKETS_PAGE.parse(event.data)
    if page is not None:
        return await list_tickets(event, ctx, page.page)
    question = await ctx.repo.get_question(MY_TICKET.of(event).id)
    if question is None or question.asker_id != ctx.person.id:
        raise NotFound(ctx.t("This question was not found among yours."))
    letter, get_letter = letter_line((await issued_letters(ctx, [question])).get(question.id), question, ctx.t)
    text = await ticket_detail(question, ctx)
    return [ctx.reply(f"{text}\n\n{letter}" if letter else text, [get_letter] if get_letter else [])]


async def ticket_detail(question, ctx: Context) -> str:
    t = ctx.t
    department = await ctx.repo.department_name(question.commune_id, question.department_code)
    merged = await ctx.repo.get_question(question.merged_into_id) if question.merged_into_id else None
    lines = [t("Question {code}").format(code=question.code),
             t("Sent on: {date}").format(date=t.datetime(question.created_at)),
             t("Field: {topic}").format(topic=topic_label(question.topic, t)),
             t("Status: {state}").format(state=state_label(question.state, t)),
             "", question.text, ""]
    lines += [line for line in [ack_line(question, t, ctx.now.astimezone(VIETNAM).date())] if line]
    lines += outcome_lines(question, t, department, merged.code if merged else "")
    return "\n".join(lines).strip()
