"""After the session: /due and /overdue, reminders and escalation on an injected clock, and the asker's verdict."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from handlers.conclusions.followup import tick
from storage.models import Question, QuestionEvent
from tests.fixtures import NOW, Clock, ask_in, community, open_question, open_session, outbox

DAY = timedelta(days=1)


async def an_assigned_question(db, clock: Clock):
    deps, people = await community(db, clock)
    session_id = await open_session(db, NOW + timedelta(days=3))
    question_id = await ask_in(people["an"], session_id, "Hồ sơ đất của tôi chưa được giải quyết.", topic="land")
    await open_question(people["secretary"], question_id)
    await people["secretary"].press("Assign")
    await people["secretary"].press("Phòng Kinh tế")  # Mon 23/11 → due Tue 08/12/2026
    return people, question_id


async def test_the_officer_is_reminded_two_working_days_before_and_the_chair_told_once_it_is_overdue(db):
    clock = Clock(NOW)
    people, _ = await an_assigned_question(db, clock)
    assert await tick(db.unit_of_work, NOW) == 0
    assert await tick(db.unit_of_work, NOW + 8 * DAY) == 0  # Tue 01/12: 5 working days left
    assert await tick(db.unit_of_work, NOW + 11 * DAY) == 1  # Fri 04/12: Mon 07 and Tue 08 left
    assert await tick(db.unit_of_work, NOW + 14 * DAY) == 0  # reminded once only
    assert await tick(db.unit_of_work, NOW + 15 * DAY) == 0  # Tue 08/12 is the due day itself
    assert await tick(db.unit_of_work, NOW + 16 * DAY) == 1  # Wed 09/12: overdue → the chair
    assert await tick(db.unit_of_work, NOW + 17 * DAY) == 0
    messages = await outbox(db, "followup.")
    assert [(chat, kind) for chat, kind, _ in messages] == [(people["officer"].user_id, "followup.reminder"),
                                                            (people["chair"].user_id, "followup.escalation")]
    assert "TT-0001" in messages[0][2] and "08/12/2026" in messages[0][2] and "2 working days" in messages[0][2]
    assert "Overdue" in messages[1][2] and "Phòng Kinh tế" in messages[1][2]


async def test_officers_see_what_they_owe_and_the_chair_what_is_overdue(db):
    clock = Clock(NOW)
    people, _ = await an_assigned_question(db, clock)
    owed = await people["officer"].send("/due")
    assert "TT-0001" in owed and "due 08/12/2026 (10 working days left)" in owed
    assert "Nothing is overdue" in await people["chair"].send("/overdue")
    clock.now = NOW + 16 * DAY
    overdue = await people["chair"].send("/overdue")
    assert "TT-0001" in overdue and "overdue (the deadline was 08/12/2026)" in overdue
    assert "only the chairperson or the secretary" in await people["officer"].send("/overdue")
    assert "only for commune staff" in await people["an"].send("/due")
    assert "only officers and managers" in await people["head"].send("/due")


async def test_an_answer_due_on_a_friday_is_overdue_on_saturday_not_zero_working_days_left(db):
    clock = Clock(NOW + 4 * DAY)  # assigned Friday 27/11 → due Friday 11/12/2026
    people, _ = await an_assigned_question(db, clock)
    clock.now = NOW + 17 * DAY  # Thursday 10/12
    assert "due 11/12/2026 (1 working days left)" in await people["officer"].send("/due")
    clock.now = NOW + 18 * DAY  # Friday 11/12, the last day
    assert "due today, 11/12/2026" in await people["officer"].send("/due")
    assert "Nothing is overdue" in await people["chair"].send("/overdue")
    clock.now = NOW + 19 * DAY  # Saturday 12/12: no working day has passed, but the deadline has
    owed = await people["officer"].send("/due")
    assert "overdue (the deadline was 11/12/2026)" in owed and "0 working days" not in owed
    assert "overdue (the deadline was 11/12/2026)" in await people["chair"].send("/overdue")
    await tick(db.unit_of_work, NOW + 18 * DAY)  # the reminder, already due
    assert await tick(db.unit_of_work, NOW + 19 * DAY) == 1  # Saturday: the chair is told at once
    assert [kind for _, kind, _ in await outbox(db, "followup.")][-1] == "followup.escalation"


async def test_a_written_answer_reaches_the_asker_who_may_say_it_did_not_resolve_it_and_reopen_it(db):
    clock = Clock(NOW)
    people, question_id = await an_assigned_question(db, clock)
    clock.now = NOW + 2 * DAY  # Wednesday 25/11
    await open_question(people["officer"], question_id)
    await people["officer"].press("Answer")
    await people["officer"].send("Hồ sơ đã chuyển Văn phòng đăng ký đất đai, dự kiến có kết quả ngày 10/12.")
    answer = (await outbox(db, "ticket.answer"))[-1]
    assert answer[0] == people["an"].user_id and "dự kiến có kết quả" in answer[2] and "resolve" in answer[2]

    assert "not found" in await people["bình"].press_data(f"fb:{question_id}:n")  # forged on purpose: not Bình's
    await people["an"].press("Not resolved")
    reopened = await people["an"].send("Tôi đã hỏi Văn phòng đăng ký nhưng họ nói chưa nhận được hồ sơ.")
    assert "reopened" in reopened and "09/12/2026" in reopened  # 10 working days from Wed 25/11
    async with db.unit_of_work() as uow:
        question = await uow.session.get(Question, question_id)
        event = (await uow.session.scalars(select(QuestionEvent).order_by(QuestionEvent.id.desc()))).first()
    assert (question.state, question.satisfaction, question.department_code) == ("reopened", "not", "kinh-te")
    assert (event.action, event.from_state, event.to_state) == ("reopen", "answered", "reopened")
    told = (await outbox(db, "ticket.reopen"))[-1]
    assert told[0] == people["officer"].user_id and "chưa nhận được hồ sơ" in told[2]
    # the answer's buttons are still on screen: pressing one now changes nothing
    assert "not waiting for your view" in await people["an"].press("👍 Resolved")
    assert "TT-0001" in await people["officer"].send("/due")


async def test_a_satisfied_asker_is_thanked_and_the_verdict_kept(db):
    clock = Clock(NOW)
    people, question_id = await an_assigned_question(db, clock)
    await open_question(people["officer"], question_id)
    await people["officer"].press("Answer")
    await people["officer"].send("Đã giải quyết xong.")
    assert "recorded" in await people["an"].press("Partly")
    async with db.unit_of_work() as uow:
        question = await uow.session.get(Question, question_id)
    assert (question.state, question.satisfaction) == ("answered", "partly")


async def test_a_complex_item_gets_the_thirty_working_day_deadline_and_the_asker_is_told_date_and_body(db):
    clock = Clock(NOW)
    people, question_id = await an_assigned_question(db, clock)
    await open_question(people["secretary"], question_id)
    assert f"qcx:{question_id}" in people["secretary"].buttons()
    # forged on purpose: the officer's card has no such button
    assert "only the chairperson or the secretary" in await people["officer"].press_data(f"qcx:{question_id}")
    # 30 working days from Monday 23/11/2026: 24/11 and 01/01/2027 are holidays
    assert "now due 06/01/2027" in await people["secretary"].press("Complex matter: longer deadline")
    told = (await outbox(db, "ticket.complex"))[-1]
    assert told[0] == people["an"].user_id and "Phòng Kinh tế" in told[2] and "06/01/2027" in told[2]
    assert "no longer active" in await people["secretary"].press("Complex matter: longer deadline")


async def test_a_complex_item_reopened_keeps_its_thirty_working_day_limit_counted_from_the_start(db):
    clock = Clock(NOW)
    people, question_id = await an_assigned_question(db, clock)  # assigned Monday 23/11/2026
    await open_question(people["secretary"], question_id)
    assert "now due 06/01/2027" in await people["secretary"].press("Complex matter: longer deadline")
    clock.now = NOW + 30 * DAY  # Wednesday 23/12: answered, then judged not resolved
    await open_question(people["officer"], question_id)
    await people["officer"].press("Answer")
    await people["officer"].send("Đã kiểm tra thực địa, đề nghị bà con chờ kết quả đo đạc.")
    await people["an"].press("Not resolved")
    reopened = await people["an"].send("Kết quả đo đạc vẫn chưa có, tôi chưa được trả lời.")
    assert "reopened" in reopened and "06/01/2027" in reopened  # not 30 working days from 23/12
    async with db.unit_of_work() as uow:
        assert (await uow.session.get(Question, question_id)).due_on.isoformat() == "2027-01-06"
    clock.now = NOW + 45 * DAY  # Thursday 07/01/2027: the limit has passed when the asker reopens again
    await open_question(people["officer"], question_id)
    await people["officer"].press("Answer")
    await people["officer"].send("Đã có kết quả đo đạc, gửi kèm văn bản.")
    await people["an"].press("Not resolved")
    late = await people["an"].send("Văn bản không trả lời đúng nội dung tôi hỏi.")
    assert "time limit for this matter ended on 06/01/2027" in late and "chairperson is told" in late
    assert await tick(db.unit_of_work, clock.now) == 1
    assert (await outbox(db, "followup."))[-1][1] == "followup.escalation"


async def test_a_commune_day_off_entered_by_the_secretary_moves_the_due_dates_set_afterwards(db):
    clock = Clock(NOW)
    deps, people = await community(db, clock)
    secretary = people["secretary"]
    assert "no exceptions" in await secretary.send("/dayoff")
    assert "dd/mm/yyyy" in await secretary.send("/dayoff 31/02/2026")
    assert "has passed" in await secretary.send("/dayoff 20/11/2026")
    assert "only the chairperson or the secretary" in await people["an"].send("/dayoff 25/11/2026")
    assert "25/11/2026 is a day off" in await secretary.send("/dayoff 25/11/2026 Lễ hội truyền thống")
    assert "12/12/2026 is a working day" in await secretary.send("/workday 12/12/2026 Làm bù")
    listing = await secretary.send("/dayoff")
    assert "25/11/2026: day off" in listing and "12/12/2026: working day" in listing
    session_id = await open_session(db, NOW + timedelta(days=3))
    question_id = await ask_in(people["an"], session_id, "Hồ sơ đất của tôi chưa được giải quyết.", topic="land")
    await open_question(secretary, question_id)
    await secretary.press("Assign")
    # from Mon 23/11: 24 (holiday) and 25 (the commune's day off) not counted; without it the due date is 08/12
    assert "due 09/12/2026" in await secretary.press("Phòng Kinh tế")


async def test_an_answer_given_at_the_session_and_judged_not_resolved_goes_back_to_the_secretary(db):
    clock = Clock(NOW)
    deps, people = await community(db, clock)
    session_id = await open_session(db, NOW + timedelta(days=3))
    question_id = await ask_in(people["an"], session_id, "Khi nào xã lắp đèn đường thôn Lân Luông?")
    await open_question(people["secretary"], question_id)
    await people["secretary"].press("Answer")
    await people["secretary"].send("Quý I/2027 xã sẽ lắp đèn đường.")
    await people["an"].press("Not resolved")
    await people["an"].send("Thôn đã chờ hai năm, xin xã cho lịch cụ thể.")
    assert [chat for chat, _, _ in await outbox(db, "ticket.reopen")] == [people["secretary"].user_id]
