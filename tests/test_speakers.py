"""The speaker queue and the live queue: registering to speak, /next, absences and skips, questions mid-session."""
from __future__ import annotations

from types import SimpleNamespace as Slot

import pytest

from handlers.meeting.rules import next_in_line, status_after_absence
from tests.fixtures import (ask_in_session, commune_with_session, join_staff, residents, start_on_the_card,
                            texts_to)

pytestmark = pytest.mark.usefixtures("channel")
NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Chí", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Gấm")


def test_waiting_speakers_go_first_and_the_absent_are_recalled_in_order():
    slots = [Slot(number=1, status="absent"), Slot(number=3, status="waiting"), Slot(number=2, status="spoke")]
    assert next_in_line(slots).number == 3
    slots[1].status = "spoke"
    assert next_in_line(slots).number == 1
    assert status_after_absence(1, recalls=1) == "absent" and status_after_absence(2, recalls=1) == "dropped"


async def register_speakers(deps, count: int):
    chats = await residents(deps, *NAMES[:count])
    for number, chat in enumerate(chats, start=1):
        assert "written in the minutes" in await chat.send("/speak")
        await chat.press("Agree")
        assert f"No. {number}" in await chat.send(f"Câu hỏi số {number} về đường thôn.")
    return chats


async def test_residents_register_to_speak_once_each_and_get_numbers(db):
    _, _, deps = await commune_with_session(db)
    an, binh = await register_speakers(deps, 2)
    assert "already No. 1" in await an.send("/speak")
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    assert "No session is in progress" in await secretary.send("/next")
    assert "only the chairperson, the secretary or the support team" in await binh.send("/next")


async def test_refusing_to_have_ones_name_called_takes_no_slot(db):
    _, session_id, deps = await commune_with_session(db)
    (an,) = await residents(deps, "Nguyễn Văn An")
    await an.send("/speak")
    assert "not on the speaker list" in await an.press("Do not agree")
    async with db.unit_of_work() as uow:
        assert await uow.repo.speaker_of(session_id, 1) is None
    await an.send("/speak")
    await an.press("Agree")
    assert "No. 1" in await an.send("Câu hỏi về đường thôn.")


async def test_a_long_queue_with_absent_speakers_is_called_in_order_and_the_absent_are_recalled_or_dropped(db):
    _, session_id, deps = await commune_with_session(db)
    chats = await register_speakers(deps, 6)
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    await start_on_the_card(secretary, session_id)
    called = []

    async def now_speaking(reply: str) -> int:
        number = int(reply.split("Now speaking: No. ")[1].split(",")[0])
        called.append(number)
        return number

    await now_speaking(await secretary.send("/next"))            # 1 speaks
    await now_speaking(await secretary.send("/next"))            # 2 is absent
    await now_speaking(await secretary.press("Absent"))  # 3 is skipped
    await now_speaking(await secretary.press("Skip"))    # 4 is absent
    await now_speaking(await secretary.press("Absent"))  # 5 speaks
    await now_speaking(await secretary.send("/next"))            # 6 speaks
    await now_speaking(await secretary.send("/next"))            # 2 recalled, absent again: dropped
    reply = await secretary.press("Absent")
    assert "dropped" in reply
    await now_speaking(reply)                                    # 4 recalled, speaks
    assert "finished" in await secretary.send("/next")
    assert called == [1, 2, 3, 4, 5, 6, 2, 4]
    listing = await secretary.send("/speakers")
    for line in ("1. spoke", "2. dropped", "3. skipped", "4. spoke", "6. spoke"):
        assert line in listing
    told = await texts_to(db, chats[3].user_id)
    assert len([t for t in told if "your turn to speak" in t]) == 2  # called, then recalled
    assert not any("your turn" in t for t in await texts_to(db, "no such chat"))


async def test_the_called_resident_is_told_in_vietnamese(db):
    _, session_id, deps = await commune_with_session(db)
    (an,) = await residents(deps, "Nguyễn Văn An", language="vi")
    await an.send("/speak")
    await an.press("Đồng ý")
    await an.send("Đề nghị xã lắp đèn đường.")
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    await start_on_the_card(secretary, session_id)
    await secretary.send("/next")
    assert any("Đến lượt Ông/Bà" in t for t in await texts_to(db, an.user_id))


async def test_questions_sent_during_the_session_land_in_the_live_queue(db):
    _, session_id, deps = await commune_with_session(db)
    an, binh = await residents(deps, "Nguyễn Văn An", "Trần Thị Bình")
    await ask_in_session(an, "Câu hỏi gửi trước hội nghị về học phí.")
    await an.press("Send")
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    await start_on_the_card(secretary, session_id)
    assert "No questions have come in" in await secretary.send("/live")
    await ask_in_session(binh, "Xin hỏi chủ tịch: khi nào có nước sạch?")
    assert "TT-0002" in await binh.press("Send")
    live = await secretary.send("/live")
    assert "TT-0002" in live and "nước sạch" in live and "TT-0001" not in live
