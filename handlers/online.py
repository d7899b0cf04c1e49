"""Online sessions (Law 72/2025 Art. 43): while an online session is in progress, each answer the chair gives in
chat is public: it goes to its asker and to the session's followers (supporters included); /minutes keeps the
record."""
from __future__ import annotations

from typing import Any

from handlers.context import Context
from handlers.events import Event
from handlers.replies import Attachment, Reply
from handlers.session_rules import SessionState
from handlers.speakers import require_chair_or_secretary
from handlers.topics import topic_label

MINUTES_STATES = (SessionState.IN_PROGRESS.value, SessionState.CONCLUDED.value, SessionState.CLOSED.value)


async def public_session(ctx: Context, question: Any) -> Any | None:
    """The question's session when its answers are public: online and in progress; else None."""
    session = await ctx.repo.get_session(question.session_id)
    if session is None or not session.online or session.state != SessionState.IN_PROGRESS:
        return None
    return session


async def tell_followers(ctx: Context, question: Any) -> None:
    """After an answer in an online session in progress: the public answer to every follower not already told.

    The answer is public (the staff prompt says so); the asker's own words and name are not: followers get the
    question's field with the answer."""
    session = await public_session(ctx, question)
    if session is None:
        return
    already = {question.asker_id, *await ctx.repo.merged_askers(question.id)}

    def render(t: Any) -> str:
        return t("Online dialogue “{title}” — the chairperson answered {code} ({topic}):\n{answer}").format(
            title=session.title, code=question.code, topic=topic_label(question.topic, t), answer=question.answer)

    for person_id in await ctx.repo.session_followers(session.id):
        if person_id not in already:
            await ctx.notify(person_id, "session.answer", render, commune_id=session.commune_id)


async def started_at(ctx: Context, session: Any) -> Any:
    """When the session went into progress (the last such move), else its planned start."""
    moves = [e.at for e in await ctx.repo.session_events(session.id) if e.to_state == SessionState.IN_PROGRESS]
    return moves[-1] if moves else session.starts_at


async def minutes(event: Event, ctx: Context) -> list[Reply]:
    """/minutes: the questions answered during the latest session in progress or concluded, as a text file."""
    member = require_chair_or_secretary(ctx)
    sessions = await ctx.repo.sessions_of(member.commune_id, MINUTES_STATES)
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
