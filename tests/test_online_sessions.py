"""Online sessions: the chair's answers in chat reach the asker and every follower, and the record feeds the minutes."""
from __future__ import annotations

import pytest

from tests.fixtures import (ask_in_session, commune_with_session, join_staff, residents, start_on_the_card,
                            texts_to)

pytestmark = pytest.mark.usefixtures("channel")


async def answer(chair, code: str, text: str) -> None:
    await chair.send(f"/q {code}")
    await chair.press("Answer")
    await chair.send(text)


async def test_an_answer_in_an_online_session_goes_to_the_asker_and_the_followers_and_into_the_minutes(db):
    _, session_id, deps = await commune_with_session(db, online=True)
    an, binh, chi = await residents(deps, "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Chí")
    await ask_in_session(an, "Khi nào có nước sạch về thôn?")
    await an.press("Send")
    await binh.send("/speak")
    await binh.press("Agree")  # the name called out and minuted: consent asked when a slot is taken
    await binh.send("Tôi muốn hỏi về học phí.")
    chair, _ = await join_staff(db, deps, "5200", "chair", name="Phạm Chủ Tịch")
    assert "no minutes" in await chair.send("/minutes")
    await answer(chair, "TT-0001", "Trước mùa khô sẽ có nước.")  # before the window: no one else is told
    assert not any("Trước mùa khô" in t for t in await texts_to(db, binh.user_id))
    await ask_in_session(an, "Đèn đường thôn bao giờ lắp?")
    await an.press("Send")
    await start_on_the_card(chair, session_id)
    await chair.send("/q TT-0002")
    assert "answer is public" in await chair.press("Answer")  # the chair knows who reads it
    await chair.send("Tháng 12 xã lắp đèn đường.")
    assert any("Tháng 12 xã lắp đèn đường." in t for t in await texts_to(db, an.user_id))
    told = [t for t in await texts_to(db, binh.user_id) if "Online dialogue" in t]
    assert len(told) == 1 and "TT-0002" in told[0] and "Tháng 12 xã lắp đèn đường." in told[0]
    assert "Đèn đường thôn bao giờ lắp?" not in told[0]  # the asker's own words stay with the staff
    assert not await texts_to(db, chi.user_id)
    reply = await chair.send("/minutes")
    assert "Answers recorded during “Đối thoại quý IV”: 1." in reply
    record = chair.outcomes[-1].replies[-1].attachment.content.decode("utf-8-sig")
    assert "TT-0002" in record and "Tháng 12 xã lắp đèn đường." in record and "TT-0001" not in record


async def test_answers_in_a_session_held_in_the_hall_go_only_to_the_asker(db):
    _, session_id, deps = await commune_with_session(db, online=False)
    an, binh = await residents(deps, "Nguyễn Văn An", "Trần Thị Bình")
    await ask_in_session(an, "Khi nào có nước sạch về thôn?")
    await an.press("Send")
    await ask_in_session(binh, "Học phí năm nay thế nào?")
    await binh.press("Send")
    chair, _ = await join_staff(db, deps, "5200", "chair", name="Phạm Chủ Tịch")
    await start_on_the_card(chair, session_id)
    await answer(chair, "TT-0001", "Trước mùa khô sẽ có nước.")
    assert not any("Online dialogue" in t for t in await texts_to(db, binh.user_id))


async def test_a_supporter_of_a_question_answered_online_gets_the_public_answer_once(db):
    _, session_id, deps = await commune_with_session(db, online=True)
    an, binh = await residents(deps, "Nguyễn Văn An", "Trần Thị Bình")
    await ask_in_session(an, "Khi nào có nước sạch về thôn Lân Luông?")
    await an.press("Send")
    await ask_in_session(binh, "Khi nào có nước sạch về thôn Lân Luông ạ?")
    await binh.press("Me too: TT-0001")
    chair, _ = await join_staff(db, deps, "5200", "chair", name="Phạm Chủ Tịch")
    await start_on_the_card(chair, session_id)
    await answer(chair, "TT-0001", "Trước mùa khô sẽ có nước.")
    told = [t for t in await texts_to(db, binh.user_id) if "TT-0001" in t]
    assert len(told) == 1 and "Online dialogue" in told[0] and "Trước mùa khô sẽ có nước." in told[0]
