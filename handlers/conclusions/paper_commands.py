"""/results <session>, /plan <year> and /letter <code>: the card of a session's BÁO CÁO kết quả, of the year's
KẾ HOẠCH and of a question's written answer letter (papers.py runs them)."""
from __future__ import annotations

from handlers.conclusions import paper_words as pw
from handlers.conclusions.documents import started_at
from handlers.conclusions.papers import card, open_paper
from handlers.conversation.access import MANAGERS, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotFound
from handlers.conversation.events import Command
from handlers.conversation.i18n import VIETNAM
from handlers.conversation.replies import Reply
from handlers.conversation.text import normalise, row_number
from handlers.questions.rules import parse_code

FIRST_YEAR, YEARS_AHEAD = 2025, 5  # the two-level local government began on 1/7/2025


async def results(event: Command, ctx: Context) -> list[Reply]:
    """/results 3 — the report on a session that has been held."""
    number = row_number(event.args)
    if number is None:
        raise InvalidInput(ctx.t("Please give the session number, for example: /results 3"))
    session = await ctx.repo.get_session(number)
    if session is None or not ctx.staff_in(session.commune_id):
        raise NotFound(ctx.t("That session was not found."))
    if await started_at(ctx.repo, session) is None:
        raise InvalidInput(ctx.t("Session #{id} has not been held yet; its report is made after it.").format(
            id=session.id))
    return await open_paper(ctx, session.commune_id, pw.REPORT, session.id)


async def plan(event: Command, ctx: Context) -> list[Reply]:
    """/plan 2027 — the year's plan (this year's without a year)."""
    manager = membership(ctx, MANAGERS)
    this_year = ctx.now.astimezone(VIETNAM).year
    typed = normalise(event.args)
    year = int(typed) if typed.isascii() and typed.isdigit() and len(typed) == 4 else None
    if not typed:
        year = this_year
    if year is None or not FIRST_YEAR <= year <= this_year + YEARS_AHEAD:
        raise InvalidInput(ctx.t("Please give a year from {first} to {last}, for example: /plan {next}").format(
            first=FIRST_YEAR, last=this_year + YEARS_AHEAD, next=this_year + 1))
    return await open_paper(ctx, manager.commune_id, pw.PLAN, year)


async def letter(event: Command, ctx: Context) -> list[Reply]:
    """/letter TT-0042 — the written answer letter of a question of the staffer's commune."""
    code = parse_code(event.args)
    if not code:
        raise InvalidInput(ctx.t("Please give a question code, for example: /letter TT-0042"))
    for member in ctx.staff:
        question = await ctx.repo.question_by_code(member.commune_id, code)
        if question is None:
            continue
        doc = await ctx.repo.official_document(question.commune_id, pw.LETTER, question.id)
        if doc is None:
            raise NotFound(ctx.t("{code} has no written answer letter. One is drafted when its answer is typed and "
                                 "the commune's policy asks for letters.").format(code=question.code))
        return [await card(ctx, doc)]
    raise NotFound(ctx.t("That question was not found."))
