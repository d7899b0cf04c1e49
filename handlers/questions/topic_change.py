"""Consolidating questions: the chair, the secretary or the support team files an open question under another field
(topic), audited like every other change and shown in the question's history."""
from __future__ import annotations

from handlers.commune.topics import Topic, topic_label
from handlers.conversation.access import CONSOLIDATORS, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import NotAllowed
from handlers.conversation.events import ButtonPressed
from handlers.conversation.replies import Button, Reply, buttons_in_rows
from handlers.questions.access import question_for_staff
from handlers.questions.buttons import QUESTION_TOPIC, QUESTION_TOPIC_MENU
from handlers.questions.rules import OPEN_STATES
from handlers.questions.ticket_view import staff_detail


async def topic_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """qt:<id> offers the fields; qt:s:<id>:<topic> files the question under one."""
    membership(ctx, CONSOLIDATORS)
    chosen = QUESTION_TOPIC.parse(event.data)
    pressed = chosen or QUESTION_TOPIC_MENU.of(event)
    question, member = await question_for_staff(ctx, pressed.id, lock=chosen is not None)
    t = ctx.t
    if question.state not in OPEN_STATES:
        raise NotAllowed(t("{code} is already closed; nothing was changed.").format(code=question.code))
    if chosen is None:
        buttons = [Button(("✅ " if tp.value == question.topic else "") + topic_label(tp, t),
                          QUESTION_TOPIC.build(id=question.id, topic=tp.value)) for tp in Topic]
        return [ctx.reply(t("Which field does {code} belong to?").format(code=question.code),
                          buttons_in_rows(buttons, 2))]
    if chosen.topic == question.topic:
        return [Reply(t("{code} is already filed under {topic}; nothing was changed.").format(
            code=question.code, topic=topic_label(question.topic, t)), edit=True)]
    await ctx.repo.record_transition(question, action="topic", to_state=question.state, actor_id=ctx.person.id,
                                     note=topic_label(chosen.topic, t), now=ctx.now, topic=chosen.topic)
    return [Reply(t("{code} is now filed under {topic}.").format(code=question.code,
                                                                topic=topic_label(chosen.topic, t)), edit=True),
            await staff_detail(ctx, question, member)]
