"""Extraordinary-session requests: one signature each, only within the commune, withdrawal, the 10 % threshold."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.admin import invite_staff
from handlers.sessions.petition_rules import reached, signatures_needed
from storage.models import Consent, DialogueSession
from tests.fixtures import Chat, add_commune, agree_to_notice, join_staff, make_deps, residents, texts_to

pytestmark = pytest.mark.usefixtures("channel")
THEME = "Ô nhiễm từ xưởng gỗ ở thôn Bến Đá"


def test_the_threshold_is_ten_percent_of_voters_rounded_up():
    assert signatures_needed(41, 10) == 5 and signatures_needed(40, 10) == 4
    assert signatures_needed(0, 10) == 0 and not reached(3, 0)
    assert reached(4, 4) and not reached(3, 4)


async def commune_with_voters(db, voters: int = 40) -> int:
    commune_id = await add_commune(db)
    async with db.unit_of_work() as uow:
        await uow.repo.set_policy(commune_id, "petition.voter_count", str(voters), "Danh sách cử tri 2026")
        await uow.commit()
    return commune_id


async def register_in(chat: Chat, name: str, commune: str, village: str) -> Chat:
    await chat.send("/start")
    await agree_to_notice(chat)
    await chat.send(name)
    await chat.press(commune)
    await chat.press(village)
    await chat.send("Skip")
    return chat


async def start_petition(chat: Chat) -> str:
    await chat.send("/petition")
    await chat.press("Start a new request")
    assert "full name and village" in await chat.send(THEME)  # the signer's consent, asked when it is used
    return await chat.press("Agree")


async def sign(chat: Chat) -> str:
    await chat.send("/petition")
    assert "Do you agree?" in await chat.press("Sign: ")
    return await chat.press("Agree")


async def test_a_resident_starts_a_request_and_signing_twice_is_refused(db):
    await commune_with_voters(db)
    deps = await make_deps(db)
    an, binh = await residents(deps, "Nguyễn Văn An", "Trần Thị Bình")
    started = await start_petition(an)
    assert "Signatures: 1 of 4 needed (10% of the commune's voters)" in started
    assert "already signed" in await an.press_data("pe:sign:1")  # forged on purpose: no Sign button for its starter
    assert "Signatures: 2 of 4" in await sign(binh)
    assert "already signed" in await binh.press("Sign: ")  # the Sign button of the list seen before signing
    assert "Signatures: 2 of 4" in await binh.send("/petition")


async def test_a_resident_of_another_commune_cannot_sign(db):
    await commune_with_voters(db)
    await add_commune(db, code="25253", name="Tân An", villages=("Thôn Một",))
    deps = await make_deps(db)
    an = await register_in(Chat(deps, "6000"), "Nguyễn Văn An", "Thiện Tân", "Lân Luông")
    await start_petition(an)
    outsider = await register_in(Chat(deps, "6001"), "Đỗ Văn Ngoại", "Tân An", "Thôn Một")
    # forged on purpose: another commune's request is never shown to them
    assert "Only residents of the commune concerned" in await outsider.press_data("pe:sign:1")
    assert "no request" in await outsider.send("/petition")
    assert "Signatures: 1 of 4" in await an.send("/petition")


async def test_a_signature_can_be_withdrawn_and_given_again(db):
    await commune_with_voters(db)
    deps = await make_deps(db)
    an, binh = await residents(deps, "Nguyễn Văn An", "Trần Thị Bình")
    await start_petition(an)
    await sign(binh)
    await binh.send("/petition")
    withdrawn = await binh.press("Withdraw my signature")
    assert "withdrawn" in withdrawn and "Signatures: 1 of 4" in withdrawn
    assert "have not signed" in await binh.press("Withdraw my signature")  # pressed again on the same list
    assert "Signatures: 2 of 4" in await sign(binh)


async def test_signing_asks_for_consent_and_refusing_signs_nothing(db):
    await commune_with_voters(db)
    deps = await make_deps(db)
    an, binh = await residents(deps, "Nguyễn Văn An", "Trần Thị Bình")
    await start_petition(an)
    await binh.send("/petition")
    await binh.press("Sign: ")
    assert "Nothing was signed" in await binh.press("Do not agree")
    assert "Signatures: 1 of 4" in await binh.send("/petition")
    await sign(binh)
    async with db.unit_of_work() as uow:
        evidence = (await uow.session.scalars(select(Consent.evidence).where(Consent.purpose == "petition")
                                              .order_by(Consent.id))).all()
    assert len(evidence) == 2 and all(e.endswith(":petition-1") for e in evidence)  # one per signature


async def test_a_request_without_a_recorded_voter_count_cannot_start(db):
    await add_commune(db)
    deps = await make_deps(db)
    (an,) = await residents(deps, "Nguyễn Văn An")
    await an.send("/petition")
    assert "number of voters" in await an.press("Start a new request")


async def test_reaching_the_threshold_tells_the_chair_and_the_front_and_drafts_a_session(db):
    commune_id = await commune_with_voters(db, voters=30)
    deps = await make_deps(db)
    chair, _ = await join_staff(db, deps, "5200", "chair", name="Phạm Chủ Tịch")
    front, _ = await join_staff(db, deps, "5201", "front", name="Lê Mặt Trận")
    secretary, _ = await join_staff(db, deps, "5202", "secretary")
    an, binh, chi = await residents(deps, "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Chí")
    await start_petition(an)
    assert "Signatures: 1 of 3" in await an.send("/petition")  # with a button to withdraw
    await sign(binh)
    assert not await texts_to(db, chair.user_id)
    done = await sign(chi)
    assert "threshold is reached" in done
    for staff in (chair, front):
        assert any(THEME in t and "3 signatures" in t for t in await texts_to(db, staff.user_id))
    assert not await texts_to(db, secretary.user_id)
    for signer in (an, binh):
        assert any("reached its threshold" in t for t in await texts_to(db, signer.user_id))
    async with db.unit_of_work() as uow:
        session = await uow.session.scalar(select(DialogueSession).where(DialogueSession.commune_id == commune_id))
    assert session.kind == "extraordinary" and session.state == "draft" and THEME in session.title
    assert "already reached" in await an.press("Withdraw my signature")  # the list An saw before


async def test_the_front_role_can_be_invited(db):
    await add_commune(db)
    link = await invite_staff(db, "25252", "front", None, None, "doithoai_test_bot")
    assert "start=" in link
