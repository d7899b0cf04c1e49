"""The BÁO CÁO kết quả of a session to the province's Department of Home Affairs, the Party
committee and the People's Council — the session as recorded, the questions by topic and village and their outcomes,
the conclusions, the follow-up of written answers and the secretary's proposals. A draft (DỰ THẢO) until the chair
approves it and the clerk numbers it (papers.py; /results opens it)."""
from __future__ import annotations

from datetime import date
from typing import Any

from handlers.commune.topics import topic_label
from handlers.commune.words import commune_translator
from handlers.conclusions import document_words as w
from handlers.conclusions import paper_words as pw
from handlers.conclusions.documents import UNRECORDED, paragraphs, started_at
from handlers.conclusions.paper_frame import Frame, frame
from handlers.conclusions.session_report import on_time
from handlers.conclusions.views import notice_number
from handlers.conversation.i18n import VIETNAM


async def build(repo: Any, doc: Any, today: date) -> bytes:
    """The report as it stands: final once numbered, otherwise a draft."""
    from handlers.conclusions.official_docs import Section, titled  # python-docx when needed

    session = await repo.get_session(doc.subject_id)
    f: Frame = await frame(repo, doc, today)
    held_on = await started_at(repo, session) or session.starts_at
    name = w.session_name(session, f.words)
    sections = [Section("1. Tình hình tổ chức Hội nghị", tuple(await _held(repo, session, f))),
                Section("2. Ý kiến, kiến nghị của Nhân dân", tuple(await _counts(repo, session, f))),
                Section("3. Kết luận của chủ trì Hội nghị", tuple(await _conclusion(repo, session))),
                Section("4. Kết quả thực hiện kết luận, trả lời bằng văn bản", tuple(await _follow_up(repo, session,
                                                                                                    today))),
                Section("5. Đề xuất, kiến nghị", tuple(paragraphs(doc.text) or ["Không có."]))]
    opening = f"{f.words.committee} {f.commune.name} báo cáo kết quả {name[:1].lower()}{name[1:]} ngày " \
              f"{w.day_of(held_on)} như sau:"
    return titled(f.head, "BÁO CÁO", f"Kết quả {name[:1].lower()}{name[1:]} ngày {w.day_of(held_on)}",
                  [Section("", (opening,))] + sections,
                  f"Trên đây là báo cáo kết quả Hội nghị đối thoại của {f.words.committee} {f.commune.name}./.",
                  f.signature, pw.report_recipients(f.words),
                  pw.report_addressees(f.words, f.commune.name, f.commune.province_name or ""))


async def _held(repo: Any, session: Any, f: Frame) -> list[str]:
    """When, where, who chaired and who came: only as recorded."""
    started = await started_at(repo, session)
    conclusion = await repo.conclusion(session.id)
    chair = await repo.get_person(conclusion.approved_by) if conclusion and conclusion.approved_by else None
    secretary = await repo.get_person(conclusion.drafted_by) if conclusion and conclusion.drafted_by else None
    lines = [f"Thời gian: {w.clock_of(started)}, ngày {w.day_of(started)}." if started else
             f"Thời gian: {UNRECORDED}.",
             "Hình thức: trực tuyến." if session.online else f"Địa điểm: {session.venue or UNRECORDED}.",
             f"Chủ trì: {chair.full_name if chair else UNRECORDED}. "
             f"Thư ký: {secretary.full_name if secretary else UNRECORDED}.",
             f"Số người tham dự: {session.attendance if session.attendance is not None else UNRECORDED}."]
    co = w.co_organised(session, f.words)
    if co:
        lines.append(f"Đơn vị phối hợp tổ chức: {co.removeprefix(', phối hợp với ')}.")
    return lines


async def _counts(repo: Any, session: Any, f: Frame) -> list[str]:
    vi = await commune_translator(repo, session.commune_id, "vi")
    names = await repo.village_names(session.commune_id)
    questions = await repo.session_questions(session.id)
    counts = pw.tally(questions, lambda q: topic_label(q.topic, vi),
                      lambda q: names.get(q.village_id, "") or "Không rõ")
    return pw.tally_lines(counts, f.words)


async def _conclusion(repo: Any, session: Any) -> list[str]:
    conclusion = await repo.conclusion(session.id)
    if conclusion is None or conclusion.published_at is None:
        return ["Thông báo kết luận của Hội nghị chưa được ban hành."]
    issued = conclusion.published_at.astimezone(VIETNAM).date()
    return [f"Thông báo kết luận số {notice_number(conclusion.notice_no)} ngày {w.day_of(issued)}:"] + \
        paragraphs(conclusion.text)


async def _follow_up(repo: Any, session: Any, today: date) -> list[str]:
    """Each written answer: done (on time or late) or still owed (overdue or not), with the totals first."""
    vi = await commune_translator(repo, session.commune_id, "vi")
    lines, flags = [], []
    for q in await repo.session_questions(session.id):
        if not pw.in_writing(q):
            continue
        done = q.done_at.astimezone(VIETNAM).date() if q.done_at and q.state == "answered" else None
        flag = on_time(q.due_on, done, today)
        flags.append((done is not None, flag))
        department = await repo.department_name(q.commune_id, q.department_code)
        lines.append(pw.follow_up_line(q.code, topic_label(q.topic, vi), department, q.due_on, done, flag))
    if not flags:
        return ["Không có ý kiến, kiến nghị nào phải trả lời bằng văn bản."]
    return [pw.follow_up_totals(flags)] + lines
