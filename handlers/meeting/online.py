"""Online sessions (Law 72/2025 Art. 43): while an online session is in progress, each answer the chair gives in
chat is public: it goes to its asker and to the session's followers, supporters included (questions/notifications);
/minutes keeps the record."""
from __future__ import annotations

from typing import Any

from handlers.conversation.access import MANAGERS, membership
from handlers.conversation.context import Context
from handlers.conversation.events import Event
from handlers.conversation.replies import Attachment, Reply
from handlers.sessions.rules import SessionState

MINUTES_STATES = (SessionState.IN_PROGRESS.value, SessionState.CONCLUDED.value, SessionState.CLOSED.value)


async def started_at(ctx: Context, session: Any) -> Any:
    """When the session went into progress (the last such move), else its planned start."""
    moves = [e.at for e in await ctx.repo.session_events(session.id) if e.to_state == SessionState.IN_PROGRESS]
    return moves[-1] if moves else session.starts_at


async def minutes(event: Event, ctx: Context) -> list[Reply]:
    """/minutes: the questions answered during the latest session in progress or concluded, as a text file."""
    manager = membership(ctx, MANAGERS)
    sessions = await ctx.repo.sessions_of(manager.commune_id, MINUTES_STATES)
    if not sessions:
        return [Reply(ctx.t("No session has been held yet, so there are no minutes."))]
    session, t = sessions[0], ctx.t
    answers = await ctx.repo.session_answers(session.id, await started_at(ctx, session))
    lines = [t("Record of answers — {title} — {date}").format(title=session.title, date=t.date(session.starts_at)),
             ""]
    for question, answer in answers:
        lines += [f"{question.code} · {t.datetime(answer.at)}", t("Question: {text}").format(text=question.text),
                  t("Answer: {text}").format(text=answer.note), ""]
    content = "\r\n".join(lines).encode("utf-8-sig")
    record = Attachment("document", "", f"bien-ban-doi-thoai-{session.id}.txt", "text/plain", content=content)
    return [Reply(t("Answers recorded during “{title}”: {n}.").format(title=session.title, n=len(answers)),
                  attachment=record)]
