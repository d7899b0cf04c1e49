"""Resident conversations as tables: what they send, what the bot says, what is stored."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storage.models import Consent, Person, Question
from tests.fixtures import Chat, add_commune, agree_to_notice, converse, make_deps, register

pytestmark = pytest.mark.usefixtures("channel")  # every table on Telegram and both Zalo adapters


async def count(db, model) -> int:
    async with db.unit_of_work() as uow:
        return await uow.session.scalar(select(func.count()).select_from(model))


async def test_onboarding_asks_consent_before_keeping_anything(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "1001")
    reply = await chat.send("/start")
    assert "People's Committee" in reply and "agree" in reply.lower()
    assert set(chat.buttons()) == {"consent:yes", "consent:no", "consent:more"}
    assert await count(db, Person) == 0
    assert "Nothing about you has been kept" in await chat.press("Do not agree")
    assert await count(db, Person) == 0


async def test_onboarding_records_consent_name_village_and_phone(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "1002")
    await converse(chat, [
        ("/start", "to handle your questions."),
    ])
    assert "full name" in await agree_to_notice(chat)
    await converse(chat, [
        ("Trần Thị Bình", "village"),
        ("[Bến Đá]", "phone"),
    ])
    assert "registered, Trần Thị Bình" in await chat.share_contact("+84 912 345 678")
    async with db.unit_of_work() as uow:
        person = await uow.session.scalar(select(Person))
        consent = await uow.session.scalar(select(Consent).where(Consent.purpose == "dialogue"))
        assert (person.full_name, person.phone) == ("Trần Thị Bình", "+84912345678")
        assert consent.person_id == person.id and consent.text_version


async def test_asking_a_question_gives_a_ticket_code_and_status(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "1003")
    await register(chat)
    await converse(chat, [
        ("/ask", "send a general question"),
        ("[General questions (no session)]", "Which field"),
        ("[Land]", "type your question"),
        ("Khi nào đường thôn được sửa?", ["Please check your question", "Khi nào đường thôn được sửa?"]),
        ("[Send]", "TT-0001"),
        ("/mytickets", ["TT-0001", "Received"]),
    ])


async def test_a_vietnamese_resident_is_spoken_to_in_vietnamese(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "1004", language="vi")
    greeting = await chat.send("/start")
    assert "Ủy ban nhân dân" in greeting and "Đồng ý" in chat.labels() and "Không đồng ý" in chat.labels()
    assert "họ và tên" in await agree_to_notice(chat)
    await converse(chat, [
        ("Hoàng Văn Minh", "thôn"),
        ("[Lân Luông]", "điện thoại"),
        ("Bỏ qua", "Hoàng Văn Minh"),
        ("/ask", ""),
        ("[Câu hỏi chung (ngoài hội nghị)]", ""),
        ("[An ninh, trật tự]", ""),
        ("Tình hình trộm cắp ở thôn", "Tình hình trộm cắp ở thôn"),
        ("[Gửi]", "TT-0001"),
        ("📋 Câu hỏi của tôi", "Đã tiếp nhận"),
    ])


async def test_english_can_be_chosen_with_language(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "1005", language="vi")
    await chat.send("/language")
    assert set(chat.buttons()) == {"lang:vi", "lang:en"}
    assert "Language set to English." in await chat.press("English")
    assert "to handle your questions." in await chat.send("/start")


async def test_a_session_open_for_questions_is_offered_and_recorded(db):
    from datetime import datetime, timedelta, timezone

    commune_id = await add_commune(db)
    async with db.unit_of_work() as uow:
        session = await uow.repo.add_session(commune_id=commune_id, title="Đối thoại quý IV", state="announced",
                                             starts_at=datetime(2026, 12, 5, 1, 0, tzinfo=timezone.utc),
                                             intake_closes_at=datetime(2026, 12, 1, tzinfo=timezone.utc))
        await uow.repo.add_session(commune_id=commune_id, title="Đã đóng", state="announced",
                                   starts_at=datetime(2026, 11, 1, tzinfo=timezone.utc),
                                   intake_closes_at=datetime(2026, 11, 1, tzinfo=timezone.utc) - timedelta(days=1))
        await uow.commit()
    chat = Chat(await make_deps(db), "1006")
    await register(chat)
    reply = await chat.send("/ask")  # the only session of their village is preselected
    assert "05/12/2026" in reply and "Đối thoại quý IV" in reply
    assert chat.buttons()[-1] == "ask:s:0"
    await chat.press("Land")
    assert "Đối thoại quý IV" in await chat.send("Hỏi về quy hoạch")
    await chat.press("Send")
    async with db.unit_of_work() as uow:
        assert await uow.session.scalar(select(Question.session_id)) == session.id
