"""/notice <session> (the A4 notice, PDF) and /loa <session> (the loudspeaker text): for the announcement, or for
the results once the conclusion is published; the same from the buttons on the session card and the conclusion."""
from __future__ import annotations

from typing import Any

from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotFound
from handlers.conversation.events import Attachment, ButtonPressed, Command
from handlers.conversation.replies import Activity, Reply
from handlers.conversation.text import row_number
from handlers.publicity.buttons import PUBLICITY
from handlers.publicity.facts import result_facts, session_facts
from handlers.publicity.notice_pdf import notice_pdf
from handlers.publicity.words import announcement_notice, announcement_speech, results_notice, results_speech
from handlers.sessions.rules import SessionState


async def notice_command(event: Command, ctx: Context) -> list[Reply]:
    """/notice 3"""
    session = await _session(ctx, event.args, ctx.t("Please give the session number, for example: /notice 3"))
    return await _made(ctx, "pdf", await _stage(ctx, session), session)


async def loudspeaker_command(event: Command, ctx: Context) -> list[Reply]:
    """/loa 3"""
    session = await _session(ctx, event.args, ctx.t("Please give the session number, for example: /loa 3"))
    return await _made(ctx, "loa", await _stage(ctx, session), session)


async def publicity_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    """pb:<pdf|loa>:<ann|res>:<session id>"""
    pressed = PUBLICITY.of(event)
    session = await _own(ctx, pressed.id)
    return await _made(ctx, pressed.what, pressed.stage, session)


async def _made(ctx: Context, what: str, stage: str, session: Any) -> list[Reply]:
    if session.state == SessionState.DRAFT:
        raise InvalidInput(ctx.t("Session #{id} has not been announced yet, so there is nothing to post or read "
                                 "out.").format(id=session.id))
    facts = await session_facts(ctx, session)
    results = None
    if stage == "res":
        conclusion = await ctx.repo.conclusion(session.id)
        if conclusion is None or conclusion.published_at is None:
            raise InvalidInput(ctx.t("The conclusion of session #{id} is not published yet; its results can be "
                                     "posted once it is.").format(id=session.id))
        results = await result_facts(ctx, session, conclusion, ctx.deps.public_url)
    if what == "loa":
        text = announcement_speech(facts) if results is None else results_speech(facts, results)
        return [Reply(ctx.t("For the village loudspeaker: the text to read aloud.")), Reply(text)]
    await ctx.show_activity(Activity.UPLOAD_DOCUMENT)  # the first notice of a process loads fpdf2
    notice = announcement_notice(session.id, facts) if results is None else results_notice(session.id, facts, results)
    content = notice_pdf(notice, ctx.deps.qr)
    return [Reply(ctx.t("The A4 notice for the headquarters' and villages' notice boards."),
                  attachment=Attachment("document", "", notice.file_name, "application/pdf", content=content))]


async def _stage(ctx: Context, session: Any) -> str:
    conclusion = await ctx.repo.conclusion(session.id)
    return "res" if conclusion is not None and conclusion.published_at is not None else "ann"


async def _session(ctx: Context, args: str, example: str) -> Any:
    number = row_number(args)
    if number is None:
        raise InvalidInput(example)
    return await _own(ctx, number)


async def _own(ctx: Context, session_id: int) -> Any:
    session = await ctx.repo.get_session(session_id)
    if session is None or session.commune_id not in {m.commune_id for m in ctx.staff}:
        raise NotFound(ctx.t("That session was not found."))
    return session
