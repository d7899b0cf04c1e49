"""/province: a provincial officer sees every commune of their province (every commune of the deployment, when
invited for all of it) side by side — the scorecard's figures and the overdue written answers per commune, counts
only, never a question's text or a person — and exports them as .xlsx or .csv."""
from __future__ import annotations

import csv
import io
from typing import Any

from handlers.conclusions.buttons import PROVINCE_EXPORT
from handlers.conclusions.reports import XLSX, figures, rate
from handlers.commune.kinds import kind_word
from handlers.conversation.access import PROVINCIAL, membership
from handlers.conversation.context import Context
from handlers.conversation.errors import NotAllowed
from handlers.conversation.events import Attachment, ButtonPressed, Event
from handlers.conversation.i18n import VIETNAM, Translator
from handlers.conversation.replies import Activity, Button, Reply

MAX_LISTED = 40  # in the chat; the export has every commune


async def province_view(event: Event, ctx: Context) -> list[Reply]:
    t = ctx.t
    rows = await _rows(ctx)
    lines = [t("Communes you follow ({n}):").format(n=len(rows))]
    for commune, f in rows[:MAX_LISTED]:
        lines.append(t("• {code} {name}: {n} questions · written answers on time {answers} · overdue {overdue} · "
                       "conclusion notices on time {notices}").format(
            code=commune.code, name=_name(commune), n=f.questions, answers=rate(f.answers, t), overdue=f.overdue,
            notices=rate(f.notices, t)))
    if len(rows) > MAX_LISTED:
        lines.append(t("… and {n} more: every commune is in the export.").format(n=len(rows) - MAX_LISTED))
    buttons = [[Button(t("Export .xlsx"), PROVINCE_EXPORT.build(format="xlsx")),
                Button(t("Export .csv"), PROVINCE_EXPORT.build(format="csv"))]]
    return [ctx.reply("\n".join(lines), buttons)]


async def export_pressed(event: ButtonPressed, ctx: Context) -> list[Reply]:
    kind = PROVINCE_EXPORT.of(event).format
    await ctx.show_activity(Activity.UPLOAD_DOCUMENT)
    rows = await _rows(ctx)
    table = [_headers(ctx.t)] + [_line(commune, f) for commune, f in rows]
    day = ctx.now.astimezone(VIETNAM).strftime("%Y%m%d")
    if kind == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(table)
        file = Attachment("document", "", f"tinh-{day}.csv", "text/csv", content=buffer.getvalue().encode("utf-8-sig"))
    else:
        file = Attachment("document", "", f"tinh-{day}.xlsx", XLSX, content=_workbook(table))
    return [Reply(ctx.t("The communes' figures, {n} communes.").format(n=len(rows)), attachment=file)]


async def _rows(ctx: Context) -> list[tuple[Any, Any]]:
    officer = membership(ctx, PROVINCIAL)
    communes = await ctx.repo.province_communes(officer.province)
    if not communes:
        raise NotAllowed(ctx.t("Your provincial role names no province yet. Please ask for a new invitation that "
                               "names your province."))
    today = ctx.now.astimezone(VIETNAM).date()
    return [(c, await figures(ctx.repo, c.id, today, ctx.t)) for c in communes]


def _name(commune: Any) -> str:
    return f"{kind_word(commune.kind)} {commune.name}"


def _headers(t: Translator) -> list[str]:
    return [t("Code"), t("Commune"), t("Province"), t("Questions"), t("Written answers on time"),
            t("Written answers measured"), t("Overdue"), t("Conclusion notices on time"), t("Notices measured"),
            t("Resolved"), t("Partly resolved"), t("Not resolved")]


def _line(commune: Any, f: Any) -> list[Any]:
    return [commune.code, _name(commune), commune.province_name, f.questions, sum(f.answers), len(f.answers),
            f.overdue, sum(f.notices), len(f.notices), f.satisfaction["satisfied"], f.satisfaction["partly"],
            f.satisfaction["not"]]


def _workbook(table: list[list[Any]]) -> bytes:
    from openpyxl import Workbook  # here, not at import: openpyxl stays out of the start-up path
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Các xã"
    for row in table:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
