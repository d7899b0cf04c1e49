"""Complaints and denunciations: what may be one is offered as a choice to the asker (never sorted silently), the
messages are right in law with the commune's policy values, the reception desk corrects the kind in Vietnamese or
by buttons, a denouncer's identity is seen by one role, a denunciation of the chair goes to the higher level, and
the desk's deadlines are reminded and escalated."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from handlers.questions import reception_clock
from handlers.questions.buttons import KIND_CHOSEN
from handlers.questions.complaint_rules import classify, typed_kind
from storage.models import Question
from tests.fixtures import NOW, Chat, ask_in, ask_in_session, commune_with_session, community, join_staff, \
    open_session, outbox, register, residents, texts_to

pytestmark = pytest.mark.usefixtures("channel")
DAY = timedelta(days=1)


def test_the_heuristic_reads_negation_and_disagreement_with_a_numbered_decision():
    assert classify("Tôi không khiếu nại, chỉ đề nghị xã làm lại đường.") == "question"
    assert classify("Tôi không đồng ý với quyết định thu hồi đất số 12/QĐ-UBND") == "complaint"
    assert classify("Tôi khiếu nại quyết định thu hồi đất số 12") == "complaint"
    assert classify("toi to cao can bo dia chinh nhan tien") == "denunciation"
    assert classify("Tôi không tố cáo ai, chỉ hỏi bao giờ sửa cầu.") == "question"
    assert classify("Quyết định số 12 về làm đường khi nào thực hiện?") == "question"
    assert classify("Đường thôn bị hỏng, khi nào sửa?") == "question"
    assert (typed_kind("Khiếu nại"), typed_kind("to  cao"), typed_kind("kiến nghị")) == \
        ("complaint", "denunciation", "question")
    assert typed_kind("complaint") is None


async def kind_of(db, code: str = "TT-0001") -> tuple[str, int | None, bool]:
    async with db.unit_of_work() as uow:
        q = await uow.session.scalar(select(Question).where(Question.code == code))
        return q.kind, q.session_id, q.against_chair


async def test_what_may_be_a_complaint_stays_on_the_session_until_the_resident_chooses(db):
    _, session_id, deps = await commune_with_session(db)
    (an,) = await residents(deps, "Nguyễn Văn An")
    await ask_in_session(an, "Tôi không đồng ý với quyết định thu hồi đất số 12/QĐ-UBND của UBND xã.")
    sent = await an.press("Send")
    assert "TT-0001" in sent and "may be a complaint or a denunciation" in sent
    assert {"Bring it to the session", "This is a complaint", "This is a denunciation"} <= set(an.labels())
    assert await kind_of(db) == ("question", session_id, False)  # nothing moved without the resident's say
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    assert "open: 1" in await secretary.send("/queue")
    (binh,) = await residents(deps, "Trần Thị Bình", first_id=5002)
    # forged on purpose: An's button pressed by Bình, whose it is not: nothing moves
    assert "not found" in await binh.press_data(an.button("This is a complaint"))
    assert await kind_of(db) == ("question", session_id, False)
    kept = await an.press("Bring it to the session")
    assert "on the session's list" in kept and await kind_of(db) == ("question", session_id, False)


async def test_a_general_question_that_may_be_a_complaint_is_offered_the_choice_too(db):
    _, _, deps = await commune_with_session(db)
    (an,) = await residents(deps, "Nguyễn Văn An")
    await an.send("/ask")
    await an.press("Not about this session")
    await an.press("Security")
    await an.send("Tôi đề nghị hủy quyết định xử phạt số 7/QĐ-XPHC vì trái pháp luật.")
    sent = await an.press("Send")
    assert "may be a complaint" in sent and "TT-0001 stays a petition to the commune" in sent
    assert "This is a complaint" in an.labels()


async def test_a_negated_mention_is_not_offered_as_a_complaint(db):
    _, _, deps = await commune_with_session(db)
    (an,) = await residents(deps, "Nguyễn Văn An")
    await ask_in_session(an, "Tôi không khiếu nại, chỉ đề nghị xã sớm làm lại đường thôn.")
    sent = await an.press("Send")
    assert "TT-0001" in sent and "complaint" not in sent and "This is a complaint" not in an.labels()


async def test_a_complaint_chosen_by_the_resident_is_told_the_law_with_the_communes_values(db):
    _, _, deps = await commune_with_session(db)
    (an,) = await residents(deps, "Nguyễn Văn An")
    await ask_in_session(an, "Tôi khiếu nại quyết định thu hồi đất của UBND xã.")
    await an.press("Send")
    told = await an.press("This is a complaint")
    assert "not yet a complaint" in told and "signature" in told and "in person" in told
    assert "90 days" in told and "Luật Khiếu nại số 02/2011/QH13, Điều 9" in told
    assert "Chairman of the People's Committee of the xã Thiện Tân accepts it" in told
    assert "within 30 days of acceptance, 45 days if it is complex (Luật Khiếu nại số 02/2011/QH13, Điều 28)" in told
    assert "by 03/12/2026 at the latest" in told  # 10 days from Monday 23/11
    assert await kind_of(db) == ("complaint", None, False)
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    assert "open: 0" in await secretary.send("/queue")
    assert "TT-0001 · complaint · by 03/12/2026 at the latest" in await secretary.send("/reception")


async def test_a_remote_commune_tells_its_longer_time_limits(db):
    commune_id, _, deps = await commune_with_session(db)
    async with db.unit_of_work() as uow:
        await uow.repo.set_policy(commune_id, "complaint.remote_area", "1", "Luật Khiếu nại số 02/2011/QH13, Điều 28")
        await uow.commit()
    (an,) = await residents(deps, "Nguyễn Văn An")
    await ask_in_session(an, "Tôi khiếu nại quyết định thu hồi đất của UBND xã.")
    await an.press("Send")
    assert "within 45 days of acceptance, 60 days if it is complex" in await an.press("This is a complaint")


async def test_a_denunciation_names_who_sees_the_sender_and_that_anonymous_evidence_may_be_looked_into(db):
    deps, people = await community(db)
    session_id = await open_session(db, NOW + 10 * DAY)
    denouncer = Chat(deps, "7102")
    await register(denouncer, "Lý Văn Tố", "Lân Luông", phone="0987654321")
    await ask_in(denouncer, session_id, "Tôi tố cáo cán bộ địa chính nhận tiền của dân.")
    assert "Is the person you denounce the Chairman" in await denouncer.press("This is a denunciation")
    told = await denouncer.press("No, someone else")
    assert "not yet a denunciation" in told and "only the Chairperson sees it" in told
    assert "Luật Tố cáo số 25/2018/QH14, Điều 47, Điều 48" in told and "may still be looked into" in told
    assert "within 30 days of acceptance (Luật Tố cáo số 25/2018/QH14, Điều 30)" in told
    assert "by 03/12/2026 at the latest" in told  # 7 working days; Tuesday 24/11 is a holiday
    assert "Lý Văn Tố" in await people["chair"].send("/q TT-0001")
    assert "Lý Văn Tố" not in await people["secretary"].send("/q TT-0001")


async def test_the_policy_may_name_another_role_for_the_denouncers_identity_but_never_the_administrator(db):
    deps, people = await community(db)
    session_id = await open_session(db, NOW + 10 * DAY)
    await ask_in(people["an"], session_id, "Tôi tố cáo cán bộ địa chính nhận tiền của dân.")
    await people["an"].press("This is a denunciation")
    await people["an"].press("No, someone else")
    admin, _ = await join_staff(db, deps, "8005", "admin", name="Vũ Kỹ Thuật")
    for role, sees, blind in (("secretary", "secretary", "chair"), ("admin", "chair", "secretary")):
        async with db.unit_of_work() as uow:
            commune = await uow.repo.commune_by_code("25252")
            await uow.repo.set_policy(commune.id, "denunciation.identity_role", role, "Luật Tố cáo số 25/2018/QH14, Điều 47")
            await uow.commit()
        assert "Nguyễn Văn An" in await people[sees].send("/q TT-0001"), role
        assert "Nguyễn Văn An" not in await people[blind].send("/q TT-0001"), role
        assert "Nguyễn Văn An" not in await admin.send("/q TT-0001"), role


async def test_a_denunciation_of_the_chair_goes_to_the_higher_level_and_the_chair_never_sees_it(db):
    deps, people = await community(db)
    session_id = await open_session(db, NOW + 10 * DAY)
    an, chair, secretary = people["an"], people["chair"], people["secretary"]
    await ask_in(an, session_id, "Tôi tố cáo Chủ tịch xã nhận tiền để cấp đất.")
    await an.press("This is a denunciation")
    told = await an.press("Yes, the Chairman")
    assert "settled by the Chủ tịch UBND cấp tỉnh (Luật Tố cáo số 25/2018/QH14, Điều 13)" in told
    assert "nobody at the People's Committee sees who sent it" in told and "by 01/12/2026 at the latest" in told
    assert await kind_of(db) == ("denunciation", None, True)
    assert "TT-0001" not in await chair.send("/reception")
    assert "nhận tiền để cấp đất" not in await chair.send("/q TT-0001")
    desk = await secretary.send("/q TT-0001")
    assert "nhận tiền để cấp đất" in desk and "higher level" in desk and "Nguyễn Văn An" not in desk
    assert "TT-0001 · denunciation · of the Chairman" in await secretary.send("/reception")


async def test_the_reception_desk_changes_the_kind_by_buttons_or_vietnamese_words_and_the_asker_is_told(db):
    _, session_id, deps = await commune_with_session(db)
    (an,) = await residents(deps, "Nguyễn Văn An")
    await ask_in_session(an, "Cán bộ thôn thu tiền làm đường nhưng không làm.")
    await an.press("Send")
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    assert "khiếu nại, tố cáo or kiến nghị" in await secretary.send("/reclassify TT-0001 complaint")
    assert await kind_of(db) == ("question", session_id, False)  # refused: nothing changed
    await secretary.send("/reclassify TT-0001")
    assert "Make it a denunciation" in " ".join(secretary.labels())
    assert "now handled as: denunciation" in await secretary.press("Make it a denunciation")
    assert await kind_of(db) == ("denunciation", None, False)
    told = (await texts_to(db, an.user_id))[-1]
    assert "as a denunciation, not at the dialogue session" in told and "not yet a denunciation" in told
    await an.press("Yes, the Chairman")  # the asker still says whether the chair is the one denounced
    assert await kind_of(db) == ("denunciation", None, True)
    async with db.unit_of_work() as uow:
        question_id = await uow.session.scalar(select(Question.id).where(Question.code == "TT-0001"))
    stale = KIND_CHOSEN.build(to="question", id=question_id)  # forged on purpose: an offer from before the desk decided
    assert "already decided" in await an.press_data(stale)  # the desk has the last word
    assert await kind_of(db) == ("denunciation", None, True)
    assert "now handled as: complaint" in await secretary.send("/reclassify TT-0001 khiếu nại")
    await secretary.send("/q TT-0001")
    await secretary.press("Make it a question for the session")
    assert await kind_of(db) == ("question", session_id, False)  # back on the session it was sent for
    assert "on the session's list" in (await texts_to(db, an.user_id))[-1]
    assert "only the chairperson or the secretary" in await an.send("/reclassify TT-0001 kiến nghị")


async def test_the_reception_desk_is_reminded_before_its_deadline_and_the_chair_told_once_it_has_passed(db):
    deps, people = await community(db)
    session_id = await open_session(db, NOW + 10 * DAY)
    await ask_in(people["an"], session_id, "Tôi khiếu nại quyết định xử phạt số 5/QĐ-XPHC.")
    await people["an"].press("This is a complaint")  # due Thursday 03/12
    await ask_in(people["bình"], session_id, "Tôi tố cáo Chủ tịch xã nhận tiền.")
    await people["bình"].press("This is a denunciation")
    await people["bình"].press("Yes, the Chairman")  # forward by Tuesday 01/12
    assert await reception_clock.tick(db.unit_of_work, NOW) == 0
    assert await reception_clock.tick(db.unit_of_work, NOW + 7 * DAY) == 1  # Mon 30/11: 1/12 is 1 working day off
    assert await reception_clock.tick(db.unit_of_work, NOW + 8 * DAY) == 1  # Tue 01/12: 03/12 is 2 working days off
    assert await reception_clock.tick(db.unit_of_work, NOW + 8 * DAY) == 0  # once only
    assert await reception_clock.tick(db.unit_of_work, NOW + 9 * DAY) == 1  # Wed 02/12: the forward is overdue
    assert await reception_clock.tick(db.unit_of_work, NOW + 11 * DAY) == 1  # Fri 04/12: the complaint too
    assert await reception_clock.tick(db.unit_of_work, NOW + 12 * DAY) == 0
    sent = await outbox(db, "reception.")
    secretary, chair = people["secretary"].user_id, people["chair"].user_id
    assert [(chat, kind) for chat, kind, _ in sent] == [
        (secretary, "reception.reminder"), (secretary, "reception.reminder"), (secretary, "reception.escalation"),
        (chair, "reception.escalation")]
    assert "TT-0002" in sent[2][2] and "TT-0001" in sent[3][2] and "by 03/12/2026 at the latest" in sent[3][2]


async def test_an_accepted_complaint_is_due_within_the_laws_calendar_days_and_may_be_marked_complex(db):
    deps, people = await community(db)
    session_id = await open_session(db, NOW + 10 * DAY)
    await ask_in(people["an"], session_id, "Tôi khiếu nại quyết định xử phạt số 5/QĐ-XPHC.")
    await people["an"].press("This is a complaint")
    secretary = people["secretary"]
    await secretary.send("/q TT-0001")
    await secretary.press("Assign")
    assert "due 23/12/2026" in await secretary.press("Phòng Kinh tế")  # 30 days from Monday 23/11
    assert "07/01/2027" in await secretary.press("Complex matter")  # 45 days
