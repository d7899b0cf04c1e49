"""The GIẤY MỜI of a session's invitation list (Decree 30/2020): the commune, a number left for the clerk (a draft,
DỰ THẢO), the session's time and place, the chair's signature block, and the delegates by category as its annex.
Reached by the invitations feature through the route table ("documents.invitation")."""
from __future__ import annotations

from typing import Any

from handlers.commune.kinds import unit_words
from handlers.conclusions import document_words as w
from handlers.conclusions.documents import DOCX
from handlers.conversation.context import Context
from handlers.conversation.events import Attachment
from handlers.conversation.i18n import VIETNAM
from handlers.conversation.replies import Reply
from handlers.invitations.views import annex_lines


async def letter(ctx: Context, session: Any) -> list[Reply]:
    from handlers.conclusions.official_docs import Heading, invitation, number_line  # python-docx when needed

    commune = await ctx.repo.get_commune(session.commune_id)
    words = unit_words(commune.kind)
    rows = await ctx.repo.invitations(session.id)
    people = await ctx.repo.people([r.person_id for r in rows if r.person_id])
    names = {pid: p.full_name for pid, p in people.items()}
    chairs = await ctx.repo.people(await ctx.repo.staff_with_roles(session.commune_id, ["chair"]))
    head = Heading(commune.name, words, "GM-UBND", None, ctx.now.astimezone(VIETNAM).date())
    name = w.session_name(session, words)
    when = f"{w.clock_of(session.starts_at)}, ngày {w.day_of(session.starts_at)}"
    invited = f"{words.committee} {commune.name} trân trọng kính mời"
    lines = [f"{invited}: các đại biểu có tên trong danh sách kèm theo Giấy mời này ({len(rows)} đại biểu)" if rows
             else f"{invited}:",
             f"Dự {name[:1].lower()}{name[1:]}{w.co_organised(session, words)}.",
             f"Thời gian: {when}.",
             "Hình thức: trực tuyến." if session.online else f"Địa điểm: {session.venue or '(chưa xác định)'}.",
             "Đề nghị đại biểu đến dự đúng thời gian; mang theo Giấy mời này hoặc mã QR điểm danh được gửi qua "
             "ứng dụng nhắn tin (nếu có) để điểm danh tại hội nghị./."]
    signer = w.signature("chair", next(iter(chairs.values())).full_name if chairs else "")
    annex_title = f"(Kèm theo Giấy mời {number_line(head).removeprefix('Số: ')} của {words.committee} {commune.name})"
    content = invitation(head, name, lines, signer, ["Như trên;"], annex_title,
                         annex_lines(rows, names, await ctx.repo.village_names(session.commune_id), words))
    attachment = Attachment("document", "", f"du-thao-giay-moi-{session.id}.docx", DOCX, content=content)
    return [Reply(ctx.t("The invitation (GIẤY MỜI, a draft: the clerk enters its number from the register), with the "
                        "list of delegates as its annex: {n} people.").format(n=len(rows)), attachment=attachment)]
