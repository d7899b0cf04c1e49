""""Me too": similar questions are suggested, supporters are counted, told every outcome, and follow merges."""
from __future__ import annotations

import pytest

from handlers.questions.similarity import similar
from tests.fixtures import ask_in_session, commune_with_session, join_staff, residents, texts_to

pytestmark = pytest.mark.usefixtures("channel")

ROAD = "Đường thôn Lân Luông bị hỏng nặng, khi nào xã sửa?"


def test_the_same_question_typed_without_accents_or_in_another_order_is_found():
    earlier = [(1, ROAD), (2, "Tiền hỗ trợ lũ lụt bao giờ được nhận?")]
    assert similar("khi nao xa sua duong thon Lan Luong bi hong nang", earlier, 80) == [1]
    assert similar("Học phí năm nay có tăng không?", earlier, 80) == []


async def test_a_resident_is_offered_me_too_and_supports_instead_of_sending_a_new_ticket(db):
    _, _, deps = await commune_with_session(db)
    an, binh = await residents(deps, "Nguyễn Văn An", "Trần Thị Bình")
    await ask_in_session(an, ROAD)
    assert "TT-0001" in await an.press("Send")
    review = await ask_in_session(binh, "Khi nào xã sửa đường thôn Lân Luông bị hỏng nặng ạ?")
    assert "may say the same" in review and "TT-0001" in review
    done = await binh.press("Me too: TT-0001")
    assert "You now support TT-0001: 2 people" in done
    await ask_in_session(binh, "Khi nào xã sửa đường thôn Lân Luông bị hỏng nặng ạ?")
    assert "already support" in await binh.press("Me too: TT-0001")
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    await secretary.send("/queue")
    assert "TT-0001 (+1)" in secretary.outcomes[-1].replies[0].buttons[0][0].label
    assert "open: 1" in secretary.shown  # no second ticket was made


async def test_me_too_on_ones_own_question_is_refused_politely(db):
    _, _, deps = await commune_with_session(db)
    (an,) = await residents(deps, "Nguyễn Văn An")
    await ask_in_session(an, ROAD)
    await an.press("Send")
    review = await ask_in_session(an, ROAD)
    assert "TT-0001" in review
    assert "your own question" in await an.press("Me too: TT-0001")


async def test_supporters_hear_the_outcome_in_general_words_never_the_text_written_to_the_asker(db):
    _, _, deps = await commune_with_session(db)
    an, binh = await residents(deps, "Nguyễn Văn An", "Trần Thị Bình")
    await ask_in_session(an, ROAD)
    await an.press("Send")
    await ask_in_session(binh, ROAD)
    await binh.press("Me too: TT-0001")
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    await secretary.send("/q TT-0001")
    await secretary.press("Assign")
    await secretary.press("Phòng Kinh tế")
    await secretary.press("Answer")
    await secretary.send("Ông An chờ đến tháng 12, xã sẽ sửa đường.")
    told = await texts_to(db, binh.user_id)
    assert any("passed to Phòng Kinh tế" in t and "08/12/2026" in t for t in told)  # the kind of outcome and the date
    assert any("has been answered" in t and "sent to the person who asked" in t for t in told)
    assert not any("Ông An chờ" in t for t in told)
    mine = await binh.send("/mytickets")
    assert "you also asked" in mine and "TT-0001" in mine and "Ông An chờ" not in mine
    assert any("Ông An chờ" in t for t in await texts_to(db, an.user_id))


async def test_a_forged_me_too_for_a_question_never_offered_subscribes_nobody(db):
    _, _, deps = await commune_with_session(db)
    an, binh = await residents(deps, "Nguyễn Văn An", "Trần Thị Bình")
    await ask_in_session(an, ROAD)
    await an.press("Send")
    assert "no longer active" in await binh.press_data("sup:1")  # idle: nothing was offered
    review = await ask_in_session(binh, "Học phí năm nay có tăng không?")
    assert "TT-0001" not in review
    assert "no longer active" in await binh.press_data("sup:1")  # at a review that offered other questions
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    await secretary.send("/q TT-0001")
    await secretary.press("Answer")
    await secretary.send("Xã sẽ sửa đường trong tháng 12.")
    assert not any("TT-0001" in t for t in await texts_to(db, binh.user_id))
    assert "TT-0001" not in await binh.send("/mytickets")


async def test_a_merge_cascades_the_asker_and_supporters_to_the_target_and_tells_them(db):
    _, _, deps = await commune_with_session(db)
    an, binh, chi, dung = await residents(deps, "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Chí", "Phạm Dung")
    await ask_in_session(an, ROAD)
    await an.press("Send")  # TT-0001
    await ask_in_session(binh, "Cống thoát nước ở thôn bị tắc, ngập đường mỗi khi mưa.")
    await binh.press("Send")  # TT-0002, a different question that staff judge the same
    await ask_in_session(chi, "Cống thoát nước ở thôn bị tắc, ngập đường mỗi khi mưa.")
    await chi.press("Me too: TT-0002")
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    await secretary.send("/q TT-0002")
    await secretary.press("Merge")
    await secretary.send("TT-0001")
    for person in (binh, chi):
        assert any("joined" in t and "TT-0001" in t for t in await texts_to(db, person.user_id))
    await secretary.send("/q TT-0001")
    assert "questions joined into it receive it too (1)" in await secretary.press("Answer")
    await secretary.send("Xã sẽ sửa đường và nạo vét cống trong tháng 12.")
    for person in (an, binh):  # binh asked the joined question: the staff prompt said the answer reaches her
        assert any("nạo vét cống" in t for t in await texts_to(db, person.user_id)), person.user_id
    for person in (chi, dung):  # chi only said "me too": general words, never the text written to the askers
        assert not any("nạo vét cống" in t for t in await texts_to(db, person.user_id)), person.user_id
    assert any("TT-0001" in t and "has been answered" in t for t in await texts_to(db, chi.user_id))


async def test_the_staff_queue_can_be_ordered_by_support(db):
    _, _, deps = await commune_with_session(db)
    an, binh, chi, dung = await residents(deps, "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Chí", "Phạm Dung")
    await ask_in_session(an, ROAD)
    await an.press("Send")
    await ask_in_session(binh, "Học phí năm nay có tăng không?")
    await binh.press("Send")
    for person in (chi, dung):
        await ask_in_session(person, "Học phí năm nay có tăng không ạ?")
        await person.press("Me too: TT-0002")
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    await secretary.send("/queue")
    assert secretary.buttons()[:2] == ["qd:1", "qd:2"]
    await secretary.press("most supported first")
    assert secretary.buttons()[:2] == ["qd:2", "qd:1"]
    assert "TT-0002 (+2)" in secretary.outcomes[-1].replies[0].buttons[0][0].label
