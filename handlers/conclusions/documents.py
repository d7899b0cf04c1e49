"""Assembling a session's official documents from the repository: the conclusion notice and the minutes."""
from __future__ import annotations

from typing import Any

from handlers.commune.topics import topic_label
from handlers.conclusions.views import notice_number
from handlers.conversation.events import Attachment
from handlers.conversation.i18n import VIETNAM, translator
from handlers.questions.views import outcome_lines, state_label
from handlers.sessions.views import co_organiser_names, place_of, title_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RECIPIENTS = ["Thường trực Đảng ủy xã;", "Thường trực HĐND xã;", "Ủy ban MTTQ Việt Nam xã;",
              "Các bộ phận chuyên môn;", "Trưởng các thôn;"]


async def official_documents(repo: Any, session: Any, conclusion: Any, pdf: Any = None) -> list[Attachment]:
    """The published conclusion as THÔNG BÁO and BIÊN BẢN .docx files (Vietnamese, Decree 30/2020), each followed
    by its PDF when a converter is given."""
    from handlers.conclusions.official_docs import (  # python-docx only when documents are made
        Heading,
        Meeting,
        minutes,
        notice,
    )

    vi = translator("vi")
    commune = (await repo.get_commune(session.commune_id)).name
    chair = await repo.get_person(conclusion.approved_by)
    secretary = await repo.get_person(conclusion.drafted_by)
    starts = session.starts_at.astimezone(VIETNAM)
    published = conclusion.published_at.astimezone(VIETNAM)
    co = co_organiser_names(session.co_organisers, vi) if session.co_organisers else ""
    meeting = Meeting(title_of(session, vi), starts, place_of(session, vi), chair.full_name if chair else "",
                      secretary.full_name if secretary else "",
                      "Lãnh đạo Ủy ban nhân dân xã, trưởng các thôn và Nhân dân" + (f"; {co}" if co else ""))
    outcomes = await _outcomes(repo, session)
    head = Heading(commune, notice_number(conclusion.notice_no), published.date())
    notice_file = notice(head, meeting, conclusion.text, outcomes, meeting.chair, RECIPIENTS)
    minutes_head = Heading(commune, f"{conclusion.minutes_no:02d}/BB-UBND", published.date())
    proceedings = [f"Chủ tịch Ủy ban nhân dân xã kết luận: {conclusion.text}"] + outcomes
    minutes_file = minutes(minutes_head, meeting, proceedings, published if published.date() == starts.date()
                           else starts.replace(hour=min(starts.hour + 3, 23)))
    files = []
    for name, content in ((f"thong-bao-ket-luan-{session.id}", notice_file), (f"bien-ban-{session.id}", minutes_file)):
        files.append(Attachment("document", "", f"{name}.docx", DOCX, content=content))
        converted = await pdf(content) if pdf is not None else None
        if converted:
            files.append(Attachment("document", "", f"{name}.pdf", "application/pdf", content=converted))
    return files


async def _outcomes(repo: Any, session: Any) -> list[str]:
    """One line per question, without the asker's identity."""
    vi, names = translator("vi"), await repo.village_names(session.commune_id)
    lines = []
    for q in await repo.session_questions(session.id):
        department = await repo.department_name(q.commune_id, q.department_code)
        merged = await repo.get_question(q.merged_into_id) if q.merged_into_id else None
        where = ", ".join(x for x in (topic_label(q.topic, vi), names.get(q.village_id, "")) if x)
        detail = "; ".join(outcome_lines(q, vi, department, merged.code if merged else "", brief=True))
        lines.append(f"{q.code} ({where}): {state_label(q.state, vi)}" + (f". {detail}" if detail else ""))
    return lines
