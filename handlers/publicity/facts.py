"""The facts a notice or a loudspeaker text states, read from the repository in the commune's words."""
from __future__ import annotations

from collections import Counter
from typing import Any

from handlers.commune.kinds import kind_word
from handlers.commune.words import kind_of
from handlers.conclusions.views import notice_number
from handlers.conversation.channels import telegram_link
from handlers.conversation.context import Context
from handlers.conversation.i18n import VIETNAM, translator
from handlers.publicity.words import ResultFacts, SessionFacts
from handlers.questions.rules import TicketState
from handlers.sessions.rules import ask_payload, chaired_by
from handlers.sessions.views import chair_name as leader_name
from handlers.sessions.views import co_organiser_names, committee, intake_until, title_of, villages_line


def telegram_username(ctx: Context) -> str:
    """The Telegram bot residents reach (links and QR codes are t.me links): this one, else the first served."""
    if ctx.bot.channel == "telegram":
        return ctx.bot.username
    names = [bot.username for bot in ctx.deps.bots.values() if bot.channel == "telegram"]
    return names[0] if names else ctx.bot.username


def results_page(public_url: str, commune_code: str) -> str:
    """The commune's public results page, when the deployment's public address is known ("" otherwise)."""
    return f"{public_url.rstrip('/')}/ket-qua/{commune_code}" if public_url else ""


async def session_facts(ctx: Context, session: Any) -> SessionFacts:
    kind = await kind_of(ctx.repo, session.commune_id)
    vi, commune = translator("vi", kind), await ctx.repo.get_commune(session.commune_id)
    names = await ctx.repo.village_names(session.commune_id)
    covered = [names[v] for v in await ctx.repo.session_village_ids(session) if v in names]
    username = telegram_username(ctx)
    if chaired_by(session) == "chair":
        chair_name = await ctx.repo.chair_name(session.commune_id)
        office = f"Chủ tịch UBND {kind_word(kind)} {commune.name}"
        chair = f"Đồng chí {chair_name}, {office}" if chair_name else office
    else:  # the Party secretary (seed 001) or a vice-chair: the office, as the session records no name for them
        chair = f"{leader_name(chaired_by(session), vi, kind_word(kind))} {commune.name}"
    co = co_organiser_names(session.co_organisers, vi) if session.co_organisers else ""
    closes = session.intake_closes_at  # none recorded: questions are taken until the session starts
    until = intake_until(closes, vi) if closes else vi.moment(session.starts_at)
    place = f"trực tuyến, qua Trợ lý đối thoại @{username}" if session.online else session.venue
    return SessionFacts(
        committee=committee(commune, vi), title=title_of(session, vi, kind), starts_at=session.starts_at,
        when=vi.moment(session.starts_at), place=place, villages=f"Nhân dân {villages_line(session, covered, vi)}",
        chair=chair, co_organisers=co, until=until, bot=f"@{username}",
        bot_link=telegram_link(username), ask_link=telegram_link(username, ask_payload(session.id, None)),
        today=ctx.now.astimezone(VIETNAM).date(), kind=kind)


async def result_facts(ctx: Context, session: Any, conclusion: Any, public_url: str) -> ResultFacts:
    questions = [q for q in await ctx.repo.session_questions(session.id) if q.kind == "question"]
    counts = Counter(TicketState(q.state) for q in questions)
    commune = await ctx.repo.get_commune(session.commune_id)
    return ResultFacts(
        notice_no=notice_number(conclusion.notice_no), published_on=conclusion.published_at.astimezone(VIETNAM).date(),
        conclusion=conclusion.text, page_link=results_page(public_url, commune.code),
        counts={"total": len(questions), "answered": counts[TicketState.ANSWERED],
                "written": counts[TicketState.ASSIGNED] + counts[TicketState.REOPENED],
                "forwarded": counts[TicketState.FORWARDED], "declined": counts[TicketState.DECLINED],
                "merged": counts[TicketState.MERGED]})
