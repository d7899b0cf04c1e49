"""Assembling a session's official documents from the repository: the conclusion notice and the minutes. They say
only what was recorded; until the clerk has entered the register's numbers (at publishing) they are drafts."""
from __future__ import annotations

from datetime import date
from typing import Any

from handlers.commune.kinds import UnitWords, unit_words
from handlers.commune.policy import policy_value
from handlers.commune.topics import topic_label
from handlers.commune.words import commune_translator
from handlers.conclusions import document_words as w
from handlers.conversation.events import Attachment
from handlers.conversation.i18n import VIETNAM
from handlers.invitations.views import attendance_lines
from handlers.meeting.rules import SpeakerStatus
from handlers.questions.rules import WRITTEN_ANSWER_STATES
from handlers.sessions.rules import SessionState

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
UNRECORDED = "(chưa ghi nhận)"


async def official_documents(repo: Any, session: Any, conclusion: Any, today: date, pdf: Any = None
                             ) -> list[Attachment]:
    """THÔNG BÁO and BIÊN BẢN .docx files (Vietnamese, Decree 30/2020), each followed by its PDF when a converter
    is given: final once published with the register's numbers, otherwise drafts marked DỰ THẢO."""
    from handlers.conclusions.official_docs import Heading, Section, minutes, notice  # python-docx when needed

    commune = await repo.get_commune(session.commune_id)
    words = unit_words(commune.kind)
    final = conclusion.published_at is not None
    day = conclusion.published_at.astimezone(VIETNAM).date() if final else today
    started = await started_at(repo, session)
    held_on = started or session.starts_at
    approver = await repo.get_person(conclusion.approved_by) if conclusion.approved_by else None
    drafter = await repo.get_person(conclusion.drafted_by) if conclusion.drafted_by else None
    chair = approver.full_name if approver else ""
    secretary = drafter.full_name if drafter else ""
    outcomes, departments = await _outcomes(repo, session)
    signer = await _signature(repo, session.commune_id, conclusion, chair, secretary)

    head = Heading(commune.name, words, "TB-UBND", conclusion.notice_no if final else None, day)
    opening = (f"Ngày {w.day_of(held_on)}{w.where_held(session)}, {words.committee} {commune.name} tổ chức "
               f"{w.session_name(session, words)}{w.co_organised(session, words)}. Sau khi nghe ý kiến, kiến nghị "
               f"của Nhân dân, {words.chair} kết luận như sau:")
    sections = [Section("1. Ý kiến kết luận chung", tuple(paragraphs(conclusion.text)))]
    if outcomes:
        sections.append(Section("2. Kết quả giải quyết các ý kiến, kiến nghị", tuple(outcomes)))
    closing = (f"{words.committee} {commune.name} thông báo để các cơ quan, đơn vị, {words.village} và Nhân dân "
               "biết, thực hiện./.")
    notice_file = notice(head, w.notice_summary(session, words, held_on), opening, sections, closing, signer,
                         w.notice_recipients(words, commune.province_name, departments))
    minutes_head = Heading(commune.name, words, "BB-UBND", conclusion.minutes_no if final else None, day)
    lines = await _minutes_lines(repo, session, words, started, chair, secretary, conclusion.text, outcomes)
    minutes_file = minutes(minutes_head, w.session_name(session, words), lines, secretary, chair)
    prefix = "" if final else "du-thao-"
    files = []
    for name, content in ((f"{prefix}thong-bao-ket-luan-{session.id}", notice_file),
                          (f"{prefix}bien-ban-{session.id}", minutes_file)):
        files.append(Attachment("document", "", f"{name}.docx", DOCX, content=content))
        converted = await pdf(content) if pdf is not None else None
        if converted:
            files.append(Attachment("document", "", f"{name}.pdf", "application/pdf", content=converted))
    return files


async def started_at(repo: Any, session: Any) -> Any:
    """When staff recorded the session's start: the start button's time, else the latest move into progress."""
    if session.started_at is not None:
        return session.started_at
    moves = [e.at for e in await repo.session_events(session.id) if e.to_state == SessionState.IN_PROGRESS]
    return moves[-1] if moves else None


async def _signature(repo: Any, commune_id: int, conclusion: Any, chair: str, secretary: str) -> w.Signature:
    """TL. when the commune has its office sign the notice; KT. when a vice-chair approved it; else TM."""
    if await policy_value(repo, commune_id, "document.notice_signature") == "tl":
        return w.signature("office", secretary)
    return w.signature("vice_chair" if conclusion.approved_as == "vice_chair" else "chair", chair)


async def _minutes_lines(repo: Any, session: Any, words: UnitWords, started: Any, chair: str, secretary: str,
                         conclusion: str, outcomes: list[str]) -> list[str]:
    """Time, place, participants, proceedings and closing: each only as recorded, else marked as not recorded."""
    begin = f"{w.clock_of(started)}, ngày {w.day_of(started)}" if started else UNRECORDED
    lines = [f"Thời gian bắt đầu: {begin}.",
             "Hình thức: trực tuyến." if session.online else f"Địa điểm: {session.venue or UNRECORDED}.",
             f"Chủ trì: {chair or UNRECORDED}. Thư ký: {secretary or UNRECORDED}.",
             f"Số người tham dự: {session.attendance if session.attendance is not None else UNRECORDED}."]
    lines += await _attendees(repo, session, words)
    co = w.co_organised(session, words)
    if co:
        lines.append(f"Đơn vị phối hợp tổ chức: {co.removeprefix(', phối hợp với ')}.")
    lines.append("Ý kiến phát biểu (theo thứ tự đăng ký):")
    lines += await _speakers(repo, session) or ["Không có người đăng ký phát biểu nào được ghi nhận đã phát biểu."]
    lines.append("Ý kiến, kiến nghị và kết quả trả lời:")
    lines += outcomes or ["Không có ý kiến, kiến nghị nào được gửi đến Hội nghị."]
    lines.append("Kết luận của chủ trì:")
    lines += paragraphs(conclusion)
    if session.ended_at is None:
        lines.append(f"Thời gian kết thúc: {UNRECORDED}.")
    else:
        same_day = started is not None and w.day_of(started) == w.day_of(session.ended_at)
        lines.append(f"Hội nghị kết thúc lúc {w.clock_of(session.ended_at)}"
                     + (" cùng ngày." if same_day else f", ngày {w.day_of(session.ended_at)}."))
    if session.minutes_read_at is not None:
        lines.append("Biên bản đã được đọc lại cho những người tham dự cùng nghe và thống nhất./.")
    return lines


async def _attendees(repo: Any, session: Any, words: UnitWords) -> list[str]:
    """Who came, by category, as the invitation list's check-ins record it; nothing when no one was checked in."""
    rows = await repo.invitations(session.id)
    people = await repo.people([r.person_id for r in rows if r.person_id and r.checked_in_at])
    walk_ins = await repo.walk_ins(session.id)
    return attendance_lines(rows, {pid: p.full_name for pid, p in people.items()},
                            await repo.village_names(session.commune_id), words, walk_ins)


async def _speakers(repo: Any, session: Any) -> list[str]:
    """Those the speaker queue records as having spoken, in their registered order, with what they raised."""
    names = await repo.village_names(session.commune_id)
    lines = []
    for slot in await repo.speakers(session.id, [SpeakerStatus.SPOKE]):
        person = await repo.get_person(slot.person_id)
        who = person.full_name if person else ""
        village = names.get(person.village_id, "") if person else ""
        lines.append(f"{slot.number}. {who}" + (f" ({village})" if village else "") + f": {slot.question}")
    return sorted(lines, key=lambda line: int(line.split(".", 1)[0]))


async def _outcomes(repo: Any, session: Any) -> tuple[list[str], list[str]]:
    """One line per question, without the asker's identity; the departments given written answers to make."""
    vi = await commune_translator(repo, session.commune_id, "vi")
    names = await repo.village_names(session.commune_id)
    lines, departments = [], []
    for q in await repo.session_questions(session.id):
        department = await repo.department_name(q.commune_id, q.department_code)
        merged = await repo.get_question(q.merged_into_id) if q.merged_into_id else None
        where = ", ".join(x for x in (topic_label(q.topic, vi), names.get(q.village_id, "")) if x)
        lines.append(w.outcome_line(q, where, department, merged.code if merged else ""))
        if department and q.state in WRITTEN_ANSWER_STATES and department not in departments:
            departments.append(department)
    return lines, departments


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
