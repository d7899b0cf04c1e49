"""Proxy intake by village heads: consent recorded, outcomes to the head, the village sheet, taking over later."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.admin import invite_staff
from storage.models import ProxyIntake
from tests.fixtures import Chat, agree_to_notice, commune_with_session, join_staff, residents, texts_to

pytestmark = pytest.mark.usefixtures("channel")


async def village_head(db, deps) -> Chat:
    link = await invite_staff(db, "25252", "village_head", None, "Thôn Lân Luông", "doithoai_test_bot")
    head = Chat(deps, "7001")
    await head.send(f"/start {link.rsplit('start=', 1)[1]}")
    await agree_to_notice(head)
    await head.send("Nông Văn Sơn")
    return head


async def enter_for(head: Chat, name: str, text: str) -> str:
    await head.send("/proxy")
    await head.send(name)
    await head.press("Yes, they agreed in person")
    await head.press("Infrastructure: roads, power, water")
    return await head.send(text)


async def test_a_head_enters_a_question_and_the_resident_who_registers_later_takes_it_over(db):
    _, session_id, deps = await commune_with_session(db)
    head = await village_head(db, deps)
    saved = await enter_for(head, "Nguyễn Thị Hoa", "Cầu tre ở xóm dưới sắp gãy, xin xã sửa.")
    assert "TT-0001 was recorded for Nguyễn Thị Hoa" in saved
    claim_code = saved.split("/claim ")[1].split(" ")[0]
    async with db.unit_of_work() as uow:
        proxy = await uow.session.scalar(select(ProxyIntake))
    assert proxy.resident_name == "Nguyễn Thị Hoa" and proxy.consent_taken_by is not None
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    await secretary.send("/q TT-0001")
    await secretary.press("Assign")
    await secretary.press("Phòng Kinh tế")
    assert any("TT-0001" in t and "Phòng Kinh tế" in t for t in await texts_to(db, head.user_id))  # head passes it on
    (hoa,) = await residents(deps, "Nguyễn Thị Hoa")
    assert "not valid" in await hoa.send("/claim WRONG123")
    assert "TT-0001 is now yours" in await hoa.send(f"/claim {claim_code.lower()}")
    assert "TT-0001" in await hoa.send("/mytickets")
    assert any("Nguyễn Thị Hoa has registered" in t for t in await texts_to(db, head.user_id))
    (other,) = await residents(deps, "Trần Văn Khác", first_id=5050)
    assert "already been used" in await other.send(f"/claim {claim_code}")
    await secretary.press("Answer")
    await secretary.send("Xã sẽ sửa cầu trong tuần tới.")
    assert any("sửa cầu" in t for t in await texts_to(db, hoa.user_id))
    assert session_id


async def test_no_consent_means_nothing_is_saved_and_only_heads_may_enter(db):
    _, _, deps = await commune_with_session(db)
    head = await village_head(db, deps)
    await head.send("/proxy")
    await head.send("Nguyễn Thị Hoa")
    assert "Nothing was saved" in await head.press("No")
    (an,) = await residents(deps, "Nguyễn Văn An")
    assert "only a village head" in await an.send("/proxy")
    assert "Thôn Lân Luông: 0 questions" in await head.send("/sheet")


async def test_the_village_sheet_lists_proxy_questions_with_outcomes(db):
    _, _, deps = await commune_with_session(db)
    head = await village_head(db, deps)
    await enter_for(head, "Nguyễn Thị Hoa", "Cầu tre ở xóm dưới sắp gãy, xin xã sửa.")
    await enter_for(head, "Lò Văn Páo", "Xin hỗ trợ giống lúa sau lũ.")
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    await secretary.send("/q TT-0002")
    await secretary.press("Decline")
    await secretary.send("Đã có chương trình hỗ trợ của huyện.")
    await head.send("/sheet")
    sheet = head.outcomes[-1].replies[-1].attachment
    text = sheet.content.decode("utf-8-sig")
    assert sheet.file_name.endswith(".txt") and "Lân Luông" in text
    assert "TT-0001 · Nguyễn Thị Hoa" in text and "Lò Văn Páo" in text and "Đã có chương trình hỗ trợ" in text


async def test_a_complaint_entered_by_a_head_goes_to_the_reception_desk_when_the_head_chooses_so(db):
    _, _, deps = await commune_with_session(db)
    head = await village_head(db, deps)
    saved = await enter_for(head, "Lò Văn Páo", "Ông Páo khiếu nại quyết định thu hồi đất.")
    assert "TT-0001 was recorded" in saved and "What Lò Văn Páo said may be a complaint" in saved
    secretary, _ = await join_staff(db, deps, "5100", "secretary")
    assert "open: 1" in await secretary.send("/queue")  # nothing moves until the head has asked and chosen
    told = await head.press("This is a complaint")
    assert "Please tell the resident" in told and "signature" in told
    assert "TT-0001 · complaint" in await secretary.send("/reception")
