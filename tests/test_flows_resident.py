"""Resident conversations as tables: what they send, what the bot says, what is stored."""
from __future__ import annotations

from sqlalchemy import func, select

from storage.models import ChannelAccount, Consent, Person, Question
from tests.support import Chat, add_commune, make_deps, register


async def count(db, model) -> int:
    async with db.unit_of_work() as uow:
        return await uow.session.scalar(select(func.count()).select_from(model))


async def test_onboarding_asks_consent_before_keeping_anything(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "1001")
    reply = await chat.send("/start")
    assert "People's Committee" in reply and "agree" in reply.lower()
    assert set(chat.buttons()) == {"consent:yes", "consent:no"}
    assert await count(db, Person) == 0
    assert "Nothing about you has been kept" in await chat.press("consent:no")
    assert await count(db, Person) == 0


async def test_onboarding_records_consent_name_village_and_phone(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "1002")
    await chat.send("/start")
    assert "full name" in await chat.press("consent:yes")
    assert "village" in await chat.send("Trần Thị Bình")
    assert "phone" in await chat.press(chat.button("Bến Đá"))
    assert "registered, Trần Thị Bình" in await chat.share_contact("+84 912 345 678")
    async with db.unit_of_work() as uow:
        person = await uow.session.scalar(select(Person))
        consent = await uow.session.scalar(select(Consent))
        assert (person.full_name, person.phone) == ("Trần Thị Bình", "+84912345678")
        assert consent.person_id == person.id and consent.text_version


async def test_asking_a_question_gives_a_ticket_code_and_status(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "1003")
    await register(chat)
    assert "general question" in (await chat.send("/ask")).lower()
    await chat.press("ask:s:0")
    await chat.press("ask:t:land")
    review = await chat.send("Khi nào đường thôn được sửa?")
    assert "Khi nào đường thôn được sửa?" in review
    done = await chat.press("ask:confirm")
    assert "TT-0001" in done
    listing = await chat.send("/mytickets")
    assert "TT-0001" in listing and "Received" in listing
