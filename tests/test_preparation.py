"""Preparing a session (issue 14): each step's last day from the commune's policy, reminders to whoever owns it and
one word to the chair when it is overdue, the chair's checklist, a department's questions and its prepared answers,
the review of open submissions, and the pre-session report to the People's Council and the Party committee."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from bot.progress import reminders_once
from storage.models import PreparedAnswer
from tests.fixtures import (Clock, ask_in, community, converse, label, open_session, outbox, staff,
                            texts_to)

SESSION_AT = datetime(2026, 12, 14, 1, 0, tzinfo=timezone.utc)  # Monday 14/12/2026 08:00 in Vietnam


def at(day: int, month: int = 12) -> datetime:
    """10:00 in Vietnam on that day of 2026."""
    return datetime(2026, month, day, 3, 0, tzinfo=timezone.utc)


async def prepared_session(db, clock: Clock):
    """The community, a session on 14/12/2026 with two questions: the road one assigned to Phòng Kinh tế (the
    officer's), the land one to Phòng Văn hóa - Xã hội."""
    deps, people = await community(db, clock)
    session_id = await open_session(db, SESSION_AT)
    await ask_in(people["an"], session_id, "Đường thôn Lân Luông bị hỏng, khi nào sửa?")
    await ask_in(people["bình"], session_id, "Hồ sơ cấp sổ đỏ của tôi nộp 3 tháng chưa có kết quả.", topic="land")
    await converse(people["secretary"], [("/q TT-0001", "TT-0001"), ("[Assign]", "which department"),
                                         ("[Phòng Kinh tế]", ""),
                                         ("/q TT-0002", "TT-0002"), ("[Assign]", "which department"),
                                         ("[Phòng Văn hóa - Xã hội]", "")])
    return deps, people, session_id


async def test_the_checklist_shows_each_step_its_last_day_owner_and_status_from_the_policy(db):
    clock = Clock(at(23, 11))
    deps, people, session_id = await prepared_session(db, clock)
    chair = people["chair"]
    checklist = await chair.send(f"/prepare {session_id}")
    assert "1. Consolidate the residents' questions — secretary or support team; no later than 04/12/2026: ⏳ to do" \
        in checklist  # 10 days before (Friday 04/12)
    assert "Review petitions and complaints unresolved since 1 January — secretary; no later than 04/12/2026" \
        in checklist
    assert "Departments prepare their answers — department officers; no later than 03/12/2026" in checklist
    assert "(0 of 2 questions assigned to departments have an answer ready)" in checklist  # 7 working days before
    assert "Report to the Party committee and People's Council — chairperson; no later than 09/12/2026" in checklist

    async with deps.unit_of_work() as uow:  # the commune's own plan: 12 days; 02/12 is a Wednesday
        commune_id = (await uow.repo.get_session(session_id)).commune_id
        await uow.repo.set_policy(commune_id, "prepare.consolidate_days", "12", "Kế hoạch số 52/KH-UBND")
        await uow.repo.set_policy(commune_id, "prepare.answers_wd", "5", "Kế hoạch số 52/KH-UBND")
        await uow.commit()
    checklist = await chair.send("/prepare")  # the next session being prepared
    assert "questions — secretary or support team; no later than 02/12/2026" in checklist
    assert "answers — department officers; no later than 07/12/2026" in checklist  # 5 working days before

    # the secretary marks the consolidation done; on 05/12 the review is overdue, the report still to do
    secretary = people["secretary"]
    await secretary.send(f"/prepare {session_id}")
    assert "✅ Done: Open petitions reviewed" in secretary.labels()
    assert not any("Report" in b for b in secretary.labels() if b.startswith("✅"))  # not the secretary's step
    await secretary.press("✅ Done: Questions consolidated")
    assert "✅ Done: Questions consolidated" not in secretary.labels()
    assert "✅ Done: Open petitions reviewed" in secretary.labels()
    clock.now = at(5)
    checklist = await chair.send(f"/prepare {session_id}")
    assert "questions — secretary or support team; no later than 02/12/2026: ✅ done" in checklist
    assert "since 1 January — secretary; no later than 04/12/2026: ❗ overdue" in checklist
    assert "People's Council — chairperson; no later than 09/12/2026: ⏳ to do" in checklist


async def test_owners_are_reminded_before_and_on_the_day_and_the_chair_once_when_overdue(db):
    clock = Clock(at(23, 11))
    deps, people, session_id = await prepared_session(db, clock)
    support = await staff(db, deps, "8103", "support", "Mai Tổ Giúp Việc")
    db_reminders = lambda: reminders_once(db, clock)  # noqa: E731

    await db_reminders()
    assert await outbox(db, "prepare.") == []  # three weeks ahead: nothing yet

    clock.now = at(1)  # Tuesday: answers due Thursday 03/12 (2 working days), the rest Friday 04/12
    await db_reminders()
    to_officer = await texts_to(db, people["officer"].user_id)
    assert any("Reminder: “Departments prepare their answers” for session" in t and "no later than 03/12/2026" in t
               for t in to_officer)
    assert [k for c, k, _ in await outbox(db, "prepare.") if c == people["secretary"].user_id] == []
    await people["secretary"].send(f"/prepare {session_id}")
    await people["secretary"].press("✅ Done: Open petitions reviewed")

    clock.now = at(2)
    await db_reminders()
    to_secretary = [t for c, k, t in await outbox(db, "prepare.reminder") if c == people["secretary"].user_id]
    assert len(to_secretary) == 1 and "“Consolidate the residents' questions”" in to_secretary[0]
    assert "no later than 04/12/2026" in to_secretary[0]  # the review is done: not reminded
    to_support = [t for c, k, t in await outbox(db, "prepare.reminder") if c == support.user_id]
    assert to_support == to_secretary  # the support team consolidates too; the review is not theirs

    clock.now = at(4)
    await db_reminders()
    due = [(c, t) for c, _, t in await outbox(db, "prepare.due")]
    assert sorted(c for c, _ in due) == sorted([people["secretary"].user_id, support.user_id])
    assert "Today is the last day: “Consolidate the residents' questions”" in due[0][1]

    clock.now = at(5)
    await db_reminders()
    await db_reminders()  # a second pass the same day tells nobody again
    clock.now = at(6)
    await db_reminders()
    overdue = await outbox(db, "prepare.overdue")
    assert {c for c, _, _ in overdue} == {people["chair"].user_id}
    steps = sorted(t.split("“")[1].split("”")[0] for _, _, t in overdue)
    assert steps == ["Consolidate the residents' questions", "Departments prepare their answers"]
    assert all("Send /prepare" in t for _, _, t in overdue)


async def test_an_officer_sees_only_their_departments_questions_and_prepares_an_answer_for_the_chair(db):
    clock = Clock(at(23, 11))
    deps, people, session_id = await prepared_session(db, clock)
    officer, an = people["officer"], people["an"]
    view = await officer.send("/prepare")
    assert "Questions assigned to Phòng Kinh tế: 1. Prepared answers no later than 03/12/2026." in view
    assert "TT-0001" in view and "Đường thôn Lân Luông" in view
    assert "TT-0002" not in view and "sổ đỏ" not in view
    assert "Prepared answer: not yet" in view
    assert "Checklist" not in view and "Consolidate" not in view  # the chair's checklist is not theirs

    before = await texts_to(db, an.user_id)
    await converse(officer, [("[✍️ Prepare the answer to TT-0001]", "not sent to the resident"),
                             ("x" * 2001, "at most 2000 characters"),  # refused, still waiting for the answer
                             ("Xã đã bố trí vốn, sửa đường trong quý I/2027.",
                              "Saved: the prepared answer to TT-0001, for the chairperson.")])
    assert "Prepared answer: Xã đã bố trí vốn" in officer.shown
    assert await texts_to(db, an.user_id) == before  # the resident is told nothing yet

    async with deps.unit_of_work() as uow:  # the other department's question, pressed with forged data
        other = (await uow.repo.question_by_code((await uow.repo.get_session(session_id)).commune_id,
                                                 "TT-0002")).id
    refused = await officer.press_data(f"pr:a:{other}")
    assert "not found" in refused
    async with deps.unit_of_work() as uow:
        stored = (await uow.session.scalars(select(PreparedAnswer))).all()
    assert [(row.question_id, row.text) for row in stored] != [] and all(r.question_id != other for r in stored)

    chair = people["chair"]
    await chair.send(f"/prepare {session_id}")
    assert "(1 of 2 questions assigned to departments have an answer ready)" in chair.shown
    read = await chair.press("📖 Prepared answers")
    assert "TT-0001 · Phòng Kinh tế" in read and "Prepared answer: Xã đã bố trí vốn" in read
    assert "TT-0002 · Phòng Văn hóa - Xã hội" in read and "Prepared answer: not yet" in read

    resident = await an.send("/prepare")
    assert "only the staff who prepare a session" in resident
    assert "Please give the session's number" in await chair.send("/prepare abc")
    assert "That session was not found." in await chair.send(f"/prepare {session_id + 1000}")


async def test_the_review_lists_open_submissions_since_1_january_for_chair_and_secretary(db):
    clock = Clock(at(23, 11))
    deps, people, session_id = await prepared_session(db, clock)
    await ask_in(people["cường"], session_id, "Xin hỏi chế độ hỗ trợ học phí năm nay thế nào?")  # TT-0003, new
    secretary = people["secretary"]
    await secretary.send(f"/prepare {session_id}")
    review = await secretary.press("📂 Open petitions and complaints")
    assert "Still open since 01/01/2026: 3." in review
    assert "• petitions and questions: 3" in review
    assert "Tickets: TT-0001, TT-0002, TT-0003" in review
    assert "Nguyễn Văn An" not in review

    await converse(secretary, [("/q TT-0003", "TT-0003"), ("[Answer]", "Type the answer"),
                               ("Học phí được hỗ trợ theo Nghị định 238/2025/NĐ-CP.", "Saved")])
    await secretary.send(f"/prepare {session_id}")
    review = await secretary.press("📂 Open petitions and complaints")
    assert "Still open since 01/01/2026: 2." in review and "TT-0003" not in review
    assert "📂 Open petitions and complaints" not in await people["officer"].send(f"/prepare {session_id}")


async def test_the_pre_session_report_reaches_council_and_party_with_counts_only(db):
    clock = Clock(at(23, 11))
    deps, people, session_id = await prepared_session(db, clock)
    chair = people["chair"]
    await chair.send(f"/prepare {session_id}")
    refused = await chair.press("📨 Send the pre-session report")
    assert "Nobody holds the People's Council or Party committee role" in refused
    assert await outbox(db, "prepare.report") == []

    council = await staff(db, deps, "8101", "council", "Đinh Hội Đồng")
    party = await staff(db, deps, "8102", "party", "Vũ Đảng Ủy")
    await chair.send(f"/prepare {session_id}")
    sent = await chair.press("📨 Send the pre-session report")
    assert "The pre-session report was sent to 2 people" in sent
    assert "People's Council — chairperson; no later than 09/12/2026: ✅ done" in sent
    assert "📨 Send the pre-session report" not in chair.labels()
    reports = await outbox(db, "prepare.report")
    assert sorted(c for c, _, _ in reports) == sorted([council.user_id, party.user_id])
    text = reports[0][2]
    assert "Questions from residents so far: 2." in text
    assert "• Thôn Lân Luông: 1" in text and "• Thôn Bến Đá: 1" in text
    for private in ("Nguyễn Văn An", "Trần Thị Bình", "Đường thôn", "sổ đỏ", "TT-0001"):
        assert private not in text

    again = await chair.press("📨 Send the pre-session report")  # the button of an earlier checklist
    assert "already sent" in again
    assert len(await outbox(db, "prepare.report")) == 2


async def test_the_session_card_opens_the_checklist(db):
    clock = Clock(at(23, 11))
    deps, people, session_id = await prepared_session(db, clock)
    chair = people["chair"]
    await chair.send("/sessions")
    await chair.press(f"#{session_id} ")
    checklist = await chair.press(label(chair, "📋 Preparation"))
    assert f"Preparation of session #{session_id}" in checklist
    assert "Consolidate the residents' questions" in checklist and "04/12/2026: ⏳ to do" in checklist
