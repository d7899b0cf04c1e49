"""/report <session>: a chart by topic and state, the .xlsx report and the official documents; /scorecard: the
commune's on-time rate per legal stage, satisfaction and volumes per topic."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from handlers.commune.deadlines import Rule, due_date
from handlers.commune.policy import load_deadlines
from handlers.commune.topics import topic_label
from handlers.commune.words import kind_of
from handlers.conclusions.documents import official_documents
from handlers.conclusions.session_report import Row, chart, on_time, workbook
from handlers.conversation.access import SUMMARIES, may_see_identity, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import InvalidInput, NotFound
from handlers.conversation.events import Attachment, Command
from handlers.conversation.i18n import VIETNAM, translator
from handlers.conversation.replies import Activity, Reply
from handlers.conversation.text import row_number
from handlers.questions.views import state_label
from handlers.sessions.views import title_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def report(event: Command, ctx: Context) -> list[Reply]:
    """/report 3 — staff of the session's commune; residents' names and phones only for the chair and secretary."""
    number = row_number(event.args)
    if number is None:
        raise InvalidInput(ctx.t("Please give the session number, for example: /report 3"))
    session = await ctx.repo.get_session(number)
    members = [m for m in ctx.staff if session is not None and m.commune_id == session.commune_id]
    if not members:
        raise NotFound(ctx.t("That session was not found."))
    personal = may_see_identity({m.role for m in members})
    await ctx.show_activity(Activity.UPLOAD_DOCUMENT)  # the first report of a process loads its libraries
    rows = await report_rows(ctx, session, personal)
    commune_kind = await kind_of(ctx.repo, session.commune_id)
    today, vi = ctx.now.astimezone(VIETNAM).date(), translator("vi", commune_kind)
    title = title_of(session, vi, commune_kind)
    replies = [Reply(ctx.t("Report of session #{id}: {n} questions.").format(id=session.id, n=len(rows)),
                     attachment=Attachment("photo", "", f"bieu-do-{session.id}.png", "image/png",
                                           content=chart(title, rows))),
               Reply(ctx.t("The report as a spreadsheet."), attachment=Attachment(
                   "document", "", f"bao-cao-{session.id}.xlsx", XLSX,
                   content=workbook(f"{title} ({session.starts_at.astimezone(VIETNAM):%d/%m/%Y})", rows, today,
                                    personal)))]
    conclusion = await ctx.repo.conclusion(session.id)
    if conclusion is not None and conclusion.published_at is not None:
        files = await official_documents(ctx.repo, session, conclusion, ctx.now.astimezone(VIETNAM).date(),
                                         ctx.deps.pdf)
        replies += [Reply(f.file_name, attachment=f) for f in files]
    return replies


async def report_rows(ctx: Context, session: Any, personal: bool) -> list[Row]:
    """One row per question of the session for the chart and the workbook (names and phones only if personal)."""
    vi, names = translator("vi", await kind_of(ctx.repo, session.commune_id)), \
        await ctx.repo.village_names(session.commune_id)
    questions = await ctx.repo.session_questions(session.id)
    askers = await ctx.repo.people([q.asker_id for q in questions]) if personal else {}
    rows = []
    for q in questions:
        asker = askers.get(q.asker_id)
        rows.append(Row(q.code, names.get(q.village_id, ""), topic_label(q.topic, vi), state_label(q.state, vi),
                        await ctx.repo.department_name(q.commune_id, q.department_code), q.due_on,
                        q.done_at.astimezone(VIETNAM).date() if q.done_at else None, q.satisfaction,
                        asker.full_name if asker else "", (asker.phone or "") if asker else ""))
    return rows


@dataclass(frozen=True)
class Figures:
    """A commune's scorecard: on-time flags per legal stage, satisfaction and fields — counts, never a person."""

    questions: int
    notices: list[bool]
    heads: list[bool]
    answers: list[bool]
    satisfaction: Counter
    topics: Counter
    overdue: int


async def figures(repo: Any, commune_id: int, today: Any, t: Any) -> Figures:
    policy, calendar = await load_deadlines(repo, commune_id)
    notices, heads = [], []
    for session in await repo.sessions_of(commune_id):
        conclusion = await repo.conclusion(session.id)
        if conclusion is None or conclusion.published_at is None:
            continue
        held, published = session.starts_at.astimezone(VIETNAM).date(), conclusion.published_at.astimezone(VIETNAM)
        notices.append(published.date() <= due_date(Rule.CONCLUSION_NOTICE, held, policy, calendar.is_working_day))
        heads.append(published.date() <= due_date(Rule.VILLAGE_HEADS, held, policy, calendar.is_working_day))
    questions = await repo.commune_questions(commune_id)
    answers = [flag for q in questions if (flag := on_time(q.due_on, q.done_at.astimezone(VIETNAM).date()
                                                           if q.done_at else None, today)) is not None]
    return Figures(len(questions), notices, heads, answers, Counter(q.satisfaction for q in questions
                                                                      if q.satisfaction),
                   Counter(topic_label(q.topic, t) for q in questions),
                   len(await repo.owed(commune_id, due_before=today)))


async def scorecard(event: Command, ctx: Context) -> list[Reply]:
    """/scorecard — counts and on-time rates only: managers, the Fatherland Front, the People's Council and the
    Party committee."""
    leader = membership(ctx, SUMMARIES)
    t, today = ctx.t, ctx.now.astimezone(VIETNAM).date()
    f = await figures(ctx.repo, leader.commune_id, today, t)
    lines = [t("Scorecard: {n} questions.").format(n=f.questions), "", t("On time, per legal stage:"),
             t("• Conclusion notices: {rate}").format(rate=rate(f.notices, t)),
             t("• Results to village heads: {rate}").format(rate=rate(f.heads, t)),
             t("• Written answers: {rate}").format(rate=rate(f.answers, t)), "",
             t("Satisfaction with answers: {yes} resolved, {partly} partly, {no} not resolved.").format(
                 yes=f.satisfaction["satisfied"], partly=f.satisfaction["partly"], no=f.satisfaction["not"]),
             "", t("Questions per field:")]
    lines += [f"• {topic}: {n}" for topic, n in f.topics.most_common()] or [t("none yet")]
    return [Reply("\n".join(lines))]


def rate(flags: list[bool], t: Any) -> str:
    if not flags:
        return t("nothing to measure yet")
    return t("{pct}% ({on} of {n})").format(pct=round(100 * sum(flags) / len(flags)), on=sum(flags), n=len(flags))
