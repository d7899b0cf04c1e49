"""Every submission is acknowledged within the commune's deadline (Law on Citizen Reception 2013, Art. 28): the
sender is told the date at once, staff are reminded before it and the chair is told once it has passed."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from handlers.questions.acknowledgement import tick
from storage.models import ChannelAccount
from tests.fixtures import NOW, Clock, ask, ask_in, community, later, open_session, outbox, texts_to

DAY = timedelta(days=1)


async def test_the_sender_is_told_the_acknowledgement_date_and_staff_are_reminded_then_the_chair_told(db):
    deps, people = await community(db, Clock(NOW))
    sent = await ask(people["an"])
    # received Monday 23/11/2026; Tuesday 24/11 is a holiday: 10 working days end Tuesday 08/12/2026
    assert "No later than 08/12/2026 the commune will tell you how it is handled" in sent
    assert "told how it is handled no later than 08/12/2026" in await people["secretary"].send("/q TT-0001")
    assert await tick(db.unit_of_work, NOW) == 0
    assert await tick(db.unit_of_work, NOW + 8 * DAY) == 0  # Tue 01/12: 5 working days left
    assert await tick(db.unit_of_work, NOW + 11 * DAY) == 1  # Fri 04/12: Mon 07 and Tue 08 left
    assert await tick(db.unit_of_work, NOW + 15 * DAY) == 0  # the last day: reminded once only
    assert await tick(db.unit_of_work, NOW + 16 * DAY) == 1  # Wed 09/12: overdue → the chair
    assert await tick(db.unit_of_work, NOW + 17 * DAY) == 0
    messages = await outbox(db, "ack.")
    assert [(chat, kind) for chat, kind, _ in messages] == [(people["secretary"].user_id, "ack.reminder"),
                                                            (people["chair"].user_id, "ack.escalation")]
    assert "TT-0001" in messages[0][2] and "no later than 08/12/2026" in messages[0][2]
    assert "Overdue" in messages[1][2] and "08/12/2026" in messages[1][2]


async def test_a_staff_outcome_is_the_acknowledgement_and_stops_the_clock(db):
    deps, people = await community(db, Clock(NOW))
    await ask(people["an"])
    await people["secretary"].send("/q TT-0001")
    await people["secretary"].press("Forward")
    await people["secretary"].send("Sở Nông nghiệp và Môi trường tỉnh Đồng Nai")
    assert any("Sở Nông nghiệp và Môi trường" in text for text in await texts_to(db, people["an"].user_id))
    assert await tick(db.unit_of_work, NOW + 11 * DAY) == 0
    assert await tick(db.unit_of_work, NOW + 16 * DAY) == 0
    assert "told how it is handled" not in await people["secretary"].send("/q TT-0001")


async def test_a_question_for_a_session_is_accepted_for_it_and_the_sender_told(db):
    deps, people = await community(db, Clock(NOW))
    session_id = await open_session(db, NOW + 20 * DAY)
    await ask_in(people["an"], session_id, "Đường thôn Lân Luông bị hỏng, khi nào sửa?")
    assert "Accept for the session" not in await people["officer"].send("/q TT-0001")
    await people["secretary"].send("/q TT-0001")
    assert "accepted for the session" in await people["secretary"].press("✅ Accept for the session")
    told = (await texts_to(db, people["an"].user_id))[-1]
    assert "TT-0001 is accepted and will be brought to the" in told and "13/12/2026" in told
    assert "Accept for the session" not in await people["secretary"].send("/q TT-0001")
    assert await tick(db.unit_of_work, NOW + 16 * DAY) == 0


async def test_a_question_received_before_the_clock_existed_gets_its_deadline_from_receipt(db):
    from sqlalchemy import update

    from storage.models import Question

    deps, people = await community(db, Clock(NOW))
    await ask(people["an"])
    async with db.unit_of_work() as uow:  # as migration 0011 leaves a question still new
        await uow.session.execute(update(Question).values(ack_due_on=None, created_at=NOW))
        await uow.commit()
    assert await tick(db.unit_of_work, NOW) == 0
    async with db.unit_of_work() as uow:
        assert (await uow.session.get(Question, 1)).ack_due_on.isoformat() == "2026-12-08"
    assert await tick(db.unit_of_work, NOW + 16 * DAY) == 1  # Wed 09/12: overdue → the chair


async def test_my_tickets_shows_the_acknowledgement_deadline_until_the_sender_is_told(db):
    clock = Clock(NOW)
    deps, people = await community(db, clock)
    await ask(people["an"])
    await ask(people["an"], "Xin hỏi thủ tục cấp sổ đỏ cho đất thừa kế?")
    # received Monday 23/11/2026; 10 working days (Tuesday 24/11 a holiday) end Tuesday 08/12/2026
    told = "The commune will tell you how it is handled no later than 08/12/2026."
    listing = await people["an"].send("/mytickets")
    assert listing.count(told) == 2
    assert told in await people["an"].press("Open TT-0001")
    await people["secretary"].send("/q TT-0001")
    await people["secretary"].press("Forward")
    await people["secretary"].send("Sở Nông nghiệp và Môi trường tỉnh Đồng Nai")
    assert (await people["an"].send("/mytickets")).count(told) == 1  # TT-0001 has its answer: forwarded
    later(16, clock)  # Wednesday 09/12: the deadline of TT-0002 has passed
    listing = await people["an"].send("/mytickets")
    assert "no later than" not in listing and "overdue (the deadline was 08/12/2026)" in listing
    people["an"].language = "vi"
    async with db.unit_of_work() as uow:
        await uow.session.execute(update(ChannelAccount).where(ChannelAccount.external_user_id == "7001")
                                  .values(language="vi"))
        await uow.commit()
    later(-16, clock)
    assert "UBND xã sẽ báo Ông/Bà cách giải quyết chậm nhất ngày 08/12/2026." in \
        await people["an"].send("/mytickets")
