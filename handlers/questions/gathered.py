"""/gathered: the Fatherland Front submits a concern it gathered from residents, on their behalf, with its source as
the Front noted it — a village's mass-mobilisation team ("Tổ dân vận thôn …"), a meeting, or a named resident who
agreed to be named. The Front is the sender: the acknowledgement and every outcome come to the Front to pass on,
and the ticket keeps where it came from (front_intake), for the staff who handle it and for the report."""
from __future__ import annotations

from typing import Any

from handlers.commune.topics import Topic, topic_label
from handlers.conversation.access import GATHERERS, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput
from handlers.conversation.events import ButtonPressed, Event, TextMessage
from handlers.conversation.replies import Button, Reply, buttons_in_rows
from handlers.conversation.states import IDLE
from handlers.conversation.text import MAX_QUESTION_CHARS, normalise
from handlers.questions.acknowledgement import start_clock
from handlers.questions.buttons import GATHER_TOPIC
from handlers.questions.states import State

MAX_SOURCE_CHARS = 200


async def start_gathered(event: Event, ctx: Context) -> list[Reply]:
    membership(ctx, GATHERERS)
    ctx.go(State.GATHER_SOURCE)
    return [Reply(ctx.t("Where does this concern come from? For example: “Tổ dân vận thôn Lân Luông”, the meeting "
                        "of 12/11, or a resident who agreed to be named. Send /cancel to stop."))]


async def gathered_text(event: TextMessage, ctx: Context) -> list[Reply]:
    """The source (GATHER_SOURCE), then the concern itself (GATHER_TEXT)."""
    front = membership(ctx, GATHERERS)
    text = normalise(event.text)
    if ctx.state == State.GATHER_SOURCE:
        if not text or len(text) > MAX_SOURCE_CHARS:
            raise InvalidInput(ctx.t("Please say where the concern comes from in at most {limit} characters, for "
                                     "example: Tổ dân vận thôn Lân Luông.").format(limit=MAX_SOURCE_CHARS))
        ctx.go(State.GATHER_TOPIC, source=text)
        buttons = [Button(topic_label(tp, ctx.t), GATHER_TOPIC.build(topic=tp.value)) for tp in Topic]
        return [ctx.reply(ctx.t("Which field is the concern about?"), buttons_in_rows(buttons, 2))]
    if not text or len(text) > MAX_QUESTION_CHARS:
        raise InvalidInput(ctx.t("Please type the question in one message of at most {limit} characters.").format(
            limit=MAX_QUESTION_CHARS))
    return await _save(ctx, front, text)


async def gathered_topic(event: ButtonPressed, ctx: Context) -> list[Reply]:
    membership(ctx, GATHERERS)
    if ctx.state != State.GATHER_TOPIC:
        return [Reply(ctx.t("This button is no longer active."))]
    ctx.state, ctx.data["topic"] = State.GATHER_TEXT, GATHER_TOPIC.of(event).topic
    return [Reply(ctx.t("Type the concern in one message, as the residents put it."), edit=True)]


async def _save(ctx: Context, front: Any, text: str) -> list[Reply]:
    sessions = await ctx.repo.open_sessions(front.commune_id, ctx.now)
    question = await ctx.repo.create_question(
        commune_id=front.commune_id, asker_id=ctx.person.id, village_id=None,
        session_id=sessions[0].id if len(sessions) == 1 else None, topic=ctx.data["topic"], text=text,
        actor_id=ctx.person.id)
    source = ctx.data["source"]
    await ctx.repo.add_front_intake(question_id=question.id, source=source, entered_by=ctx.person.id,
                                    entered_at=ctx.now)
    acknowledgement = await start_clock(ctx, question, for_resident=False)
    ctx.go(IDLE)
    return [Reply(ctx.t("Concern {code} was recorded on behalf of the residents (source: {source}). Its outcome will "
                        "come to you to pass on.").format(code=question.code, source=source) + "\n" + acknowledgement)]
