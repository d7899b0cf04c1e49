"""Proxy intake: a village head enters questions for named residents without phones, with their in-person consent.

The question's asker is the village head, so every outcome goes to the head to pass on. The head gives the
resident a one-time code; a resident who registers later takes the ticket over with /claim CODE. Codes rather
than name matching: two residents of a village can share a name, and a name is no proof of who someone is."""
from __future__ import annotations

import secrets
from typing import Any

from handlers.commune.topics import Topic, topic_label
from handlers.conversation.access import Role
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotAllowed, NotFound
from handlers.conversation.events import ButtonPressed, Command, Event, TextMessage
from handlers.conversation.replies import Attachment, Button, Reply, buttons_in_rows
from handlers.conversation.states import IDLE
from handlers.conversation.text import MAX_QUESTION_CHARS, looks_like_name, normalise
from handlers.questions.acknowledgement import start_clock
from handlers.questions.buttons import PROXY_CONSENT, PROXY_TOPIC
from handlers.questions.complaints import offer_choice
from handlers.questions.states import State
from handlers.questions.views import outcome_lines, state_label

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I/L to misread on paper
CODE_LENGTH = 8


def new_claim_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def require_head(ctx: Context) -> Any:
    """The head's membership with a village: the residents they enter questions for live there."""
    for member in ctx.staff:
        if member.role == Role.VILLAGE_HEAD and member.village_id:
            return member
    raise NotAllowed(ctx.t("Your village head role has no village yet. Please ask the commune office for a new "
                           "invitation that names your village."))


async def start_proxy(event: Event, ctx: Context) -> list[Reply]:
    require_head(ctx)
    ctx.go(State.PROXY_NAME)
    return [Reply(ctx.t("Type the full name of the resident whose question you are entering. Send /cancel to "
                        "stop."))]


async def proxy_text(event: TextMessage, ctx: Context) -> list[Reply]:
    """The resident's name (PROXY_NAME), then the question itself (PROXY_TEXT)."""
    require_head(ctx)
    text = normalise(event.text)
    if ctx.state == State.PROXY_NAME:
        if not looks_like_name(text):
            raise InvalidInput(ctx.t("Please type the resident's full name, for example: Nguyễn Thị Hoa."))
        ctx.go(State.PROXY_CONSENT, name=text)
        question = ctx.t("Did {name} agree, in person, that you send this question for them and that the commune "
                         "keeps their name with it?").format(name=text)
        agreed, refused = PROXY_CONSENT.build(answer="yes"), PROXY_CONSENT.build(answer="no")
        return [ctx.reply(question, [[Button(ctx.t("Yes, they agreed in person"), agreed),
                                      Button(ctx.t("No"), refused)]])]
    if not text or len(text) > MAX_QUESTION_CHARS:
        raise InvalidInput(ctx.t("Please type the question in one message of at most {limit} characters.").format(
            limit=MAX_QUESTION_CHARS))
    return await _save(ctx, text)


async def proxy_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """px:yes | px:no (consent), px:t:<topic>"""
    require_head(ctx)
    consent, topic = PROXY_CONSENT.parse(event.data), PROXY_TOPIC.parse(event.data)
    if consent is not None and ctx.state == State.PROXY_CONSENT:
        if consent.answer == "no":
            ctx.go(IDLE)
            return [Reply(ctx.t("Without the resident's consent the question cannot be entered. Nothing was saved."),
                          edit=True)]
        ctx.state = State.PROXY_TOPIC
        buttons = [Button(topic_label(tp, ctx.t), PROXY_TOPIC.build(topic=tp.value)) for tp in Topic]
        return [Reply(ctx.t("Which field is the question about?"), buttons=buttons_in_rows(buttons, 2), edit=True)]
    if topic is not None and ctx.state == State.PROXY_TOPIC:
        ctx.state, ctx.data["topic"] = State.PROXY_TEXT, topic.topic
        return [Reply(ctx.t("Type the question of {name} in one message.").format(name=ctx.data["name"]), edit=True)]
    return [Reply(ctx.t("This button is no longer active."))]


async def _save(ctx: Context, text: str) -> list[Reply]:
    head = require_head(ctx)
    village_sessions = {s.id for s in await ctx.repo.sessions_of(head.commune_id, ("announced",), head.village_id)}
    sessions = [s for s in await ctx.repo.open_sessions(head.commune_id, ctx.now) if s.id in village_sessions]
    question = await ctx.repo.create_question(
        commune_id=head.commune_id, asker_id=ctx.person.id, village_id=head.village_id,
        session_id=sessions[0].id if len(sessions) == 1 else None, topic=ctx.data["topic"], text=text,
        actor_id=ctx.person.id)
    code = new_claim_code()
    await ctx.repo.add_proxy_intake(question_id=question.id, village_id=head.village_id,
                                    resident_name=ctx.data["name"], consent_taken_by=ctx.person.id,
                                    consent_at=ctx.now, claim_code=code)
    name = ctx.data["name"]
    acknowledgement = await start_clock(ctx, question, for_resident=False)
    ctx.go(IDLE)
    choice = offer_choice(ctx, question, for_resident=name)  # may be a complaint: the head asks and chooses
    return [Reply(ctx.t("Question {code} was recorded for {name}, with their consent taken by you. Its outcome will "
                        "come to you to pass on. Give {name} this code: {claim}. If they register with the bot "
                        "later, they send /claim {claim} to follow the question themselves.").format(
        code=question.code, name=name, claim=code) + "\n" + acknowledgement)] + ([choice] if choice else [])


async def claim(event: Command, ctx: Context) -> list[Reply]:
    """/claim CODE: a resident takes over a question a village head entered for them."""
    code = "".join(ch for ch in event.args.upper() if ch.isalnum())
    proxy = await ctx.repo.proxy_by_code(code) if code else None
    question = await ctx.repo.get_question(proxy.question_id, lock=True) if proxy else None
    if question is None or proxy.claimed_by is not None or question.commune_id != ctx.person.commune_id:
        raise NotFound(ctx.t("That code is not valid or has already been used. Please check it with your village "
                             "head."))
    head_id = question.asker_id
    await ctx.repo.record_transition(question, action="claim", to_state=question.state, actor_id=ctx.person.id,
                                     note=proxy.resident_name, now=ctx.now, asker_id=ctx.person.id)
    proxy.claimed_by, proxy.claimed_at = ctx.person.id, ctx.now
    await ctx.notify(head_id, "proxy.claimed", lambda t: t(
        "{name} has registered and taken over question {code}; they will now be told its outcome directly.").format(
        name=proxy.resident_name, code=question.code), commune_id=question.commune_id)
    return [Reply(ctx.t("Question {code} is now yours. Status: {state}. You will be told here whenever it changes; "
                        "see it with /mytickets.").format(code=question.code,
                                                          state=state_label(question.state, ctx.t)))]


async def village_sheet(event: Event, ctx: Context) -> list[Reply]:
    """/sheet: a printable text file of the questions the head entered for residents, with their outcomes."""
    head = require_head(ctx)
    t = ctx.t
    village = await ctx.repo.get_village(head.village_id)
    rows = await ctx.repo.proxy_questions(head.village_id)
    lines = [t("Questions entered for residents — {village} — {date}").format(
        village=village.name, date=t.date(ctx.now)), ""]
    for proxy, question in rows:
        department = await ctx.repo.department_name(question.commune_id, question.department_code)
        lines += [f"{question.code} · {proxy.resident_name} · {state_label(question.state, t)}",
                  t("Question: {text}").format(text=question.text), *outcome_lines(question, t, department), ""]
    if not rows:
        lines.append(t("No questions have been entered for residents yet."))
    content = "\r\n".join(lines).encode("utf-8-sig")  # the BOM makes Windows editors show Vietnamese correctly
    sheet = Attachment("document", "", f"cau-hoi-thon-{head.village_id}.txt", "text/plain", content=content)
    return [Reply(t("The sheet for {village}: {n} questions.").format(village=village.name, n=len(rows)),
                  attachment=sheet)]
