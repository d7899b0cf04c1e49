"""The secretary's live queue: questions sent while the session is in progress, to pass to the chair."""
from __future__ import annotations

from handlers.conversation.context import Context
from handlers.conversation.events import Event
from handlers.conversation.replies import Button, Reply
from handlers.meeting.speakers import running_session
from handlers.questions.buttons import QUESTION
from handlers.questions.rules import OPEN_STATES
from handlers.questions.views import preview
from handlers.sessions.rules import SessionState


async def show_live(event: Event, ctx: Context) -> list[Reply]:
    """/live: open questions of the running session sent since it started, oldest first, with their support."""
    session = await running_session(ctx)
    started = [e.at for e in await ctx.repo.session_events(session.id) if e.to_state == SessionState.IN_PROGRESS]
    since = started[-1] if started else session.starts_at
    questions = await ctx.repo.session_questions(session.id, [str(s) for s in OPEN_STATES], since)
    if not questions:
        return [Reply(ctx.t("No questions have come in during the session yet."))]
    support = await ctx.repo.support_counts([q.id for q in questions])
    lines = [ctx.t("Questions sent during the session ({n}):").format(n=len(questions))]
    lines += [f"{q.code} (+{support.get(q.id, 0)}): {preview(q.text)}" for q in questions]
    rows = [[Button(q.code, QUESTION.build(id=q.id))] for q in questions[:20]]
    return [ctx.reply("\n".join(lines), rows)]
