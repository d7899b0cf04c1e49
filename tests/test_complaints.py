"""Complaints and denunciations are flagged, told their procedure and routed to the reception desk, not the queue."""
from __future__ import annotations

import pytest

from handlers.questions.complaint_rules import classify
from tests.fixtures import ask_in_session, commune_with_session, join_staff, residents, texts_to

pytestmark = pytest.mark.usefixtures("channel")


def test_keywords_flag_complaints_and_denunciations_with_or_without_accents():
    assert classify("Tôi khiếu nại quyết định thu hồi đất số 12") == "complaint"
    assert classify("toi to cao can bo dia chinh nhan tien") == "denunciation"
    assert classify("Đường thôn bị hỏng, khi nào sửa?") == "question"


async def test_a_complaint_goes_to_the_reception_desk_with_its_procedure_not_to_the_queue(db):
    _, _, deps = await commune_with_session(db)
    (an,) = await residents(deps, "Nguyễn Văn An")
    await ask_in_session(an, "Tôi khiếu nại quyết định thu hồi đất của UBND xã.")
    sent = await an.press("Send")
    assert "TT-0001" in sent and "complaint (khiếu nại)" in sent and "within 10 days" in sent
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    assert "open: 0" in await secretary.send("/queue")
    assert "TT-0001 · complaint" in await secretary.send("/reception")


async def test_staff_reclassify_a_question_as_a_denunciation_and_back_and_the_resident_is_told(db):
    _, _, deps = await commune_with_session(db)
    (an,) = await residents(deps, "Nguyễn Văn An")
    await ask_in_session(an, "Cán bộ thôn thu tiền làm đường nhưng không làm.")
    await an.press("Send")
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    assert "Please write" in await secretary.send("/reclassify TT-0001 rumour")
    assert "now handled as: denunciation" in await secretary.send("/reclassify TT-0001 denunciation")
    assert "TT-0001" in await secretary.send("/reception") and "open: 0" in await secretary.send("/queue")
    assert any("denunciation (tố cáo)" in t for t in await texts_to(db, an.user_id))
    await secretary.send("/reclassify tt-1 question")
    assert "open: 1" in await secretary.send("/queue")
    assert any("handled as a question" in t for t in await texts_to(db, an.user_id))
    assert "only the chairperson or the secretary" in await an.send("/reclassify TT-0001 question")
