"""Consent per purpose (Law 91/2025/QH15): handling questions is required, the transfer abroad is its own choice on
Telegram, announcements are off until chosen; the notice names the controller and its address; /mydata exports,
changes the phone and withdraws one purpose without the others."""
from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.communes import set_address
from storage import migrate
from storage.models import ChannelAccount, Consent, Delivery, Person
from tests.conftest import _admin, with_database
from tests.fixtures import (NOW, Chat, Clock, add_commune, add_session, agree_to_notice, ask, join_staff, make_deps,
                            register)

ADDRESS = "Thôn Bến Đá, xã Thiện Tân, tỉnh Lạng Sơn"


async def in_force(db, purpose: str | None = None) -> list[Consent]:
    async with db.unit_of_work() as uow:
        stmt = select(Consent).where(Consent.withdrawn_at.is_(None)).order_by(Consent.id)
        rows = (await uow.session.scalars(stmt)).all()
    return [c for c in rows if purpose in (None, c.purpose)]


async def people(db) -> int:
    async with db.unit_of_work() as uow:
        return await uow.session.scalar(select(func.count()).select_from(Person))


@pytest.mark.usefixtures("channel")
async def test_the_notice_is_three_lines_first_with_the_details_behind_a_button(db):
    await add_commune(db)
    await set_address(db, "25252", ADDRESS)
    chat = Chat(await make_deps(db), "3101")
    summary = await chat.send("/start")
    assert all(f"\n{n}. " in summary or summary.startswith(f"{n}. ") or f"{n}. " in summary for n in (1, 2, 3))
    assert "in person" in summary
    assert sorted(chat.labels()) == ["Agree", "Details", "Do not agree"]  # neutral: nothing looks ticked already
    details = await chat.press("Details")
    for fact in (ADDRESS, "People's Committee of xã Thiện Tân", "village head", "higher body", "support it",
                 "ID card", "Ministry of Public Security", "ask in person", "/mydata"):
        assert fact in details, fact
    assert ("outside Vietnam" in details) == (chat.channel == "telegram")
    assert ("servers are in Vietnam" in details) == (chat.channel != "telegram")
    assert await people(db) == 0  # reading the details keeps nothing
    assert "full name" in await agree_to_notice(chat)


async def test_on_telegram_the_transfer_abroad_is_a_choice_of_its_own(db):
    await add_commune(db)
    chat = Chat(await make_deps(db, channel="telegram"), "3102", channel="telegram")
    await chat.send("/start")
    question = await chat.press("Agree")
    assert "transferred abroad" in question and "full name" not in question
    assert "Nothing about you has been kept" in await chat.press("Do not agree")
    assert await people(db) == 0 and await in_force(db) == []
    await chat.send("/start")
    await chat.press("Agree")
    assert "full name" in await chat.press("Agree")
    consents = await in_force(db)
    assert [c.purpose for c in consents] == ["dialogue", "transfer"]
    for c in consents:  # the evidence: which text, in which language, on which messenger, which message
        assert (c.text_version, c.language, c.channel) == ("2026-12-v3", "en", "telegram")
        assert c.evidence.startswith("telegram:3102:")
    assert consents[0].evidence != consents[1].evidence


async def test_on_zalo_nothing_is_transferred_abroad_so_it_is_not_asked(db):
    await add_commune(db)
    chat = Chat(await make_deps(db, channel="zalo_bot"), "z-3103", language="vi", channel="zalo_bot")
    await chat.send("/start")
    assert "họ và tên" in await chat.press("Đồng ý")
    [consent] = await in_force(db)
    assert (consent.purpose, consent.language, consent.channel) == ("dialogue", "vi", "zalo_bot")


async def test_announcements_are_off_until_chosen_and_the_senders_honour_it(db):
    await add_commune(db)
    clock = Clock(NOW)
    deps = await make_deps(db, clock)
    secretary, _ = await join_staff(db, deps, "3100", "secretary")
    chose, declined = Chat(deps, "3104"), Chat(deps, "3105")
    assert "reminded" in await register(chose, announcements=True)
    assert "no announcements" in await register(declined, name="Trần Thị Bình", announcements=False)
    assert [c.person_id for c in await in_force(db, "announcements")] == [await person_of(db, "3104")]
    async with db.unit_of_work() as uow:
        commune = await uow.repo.commune_by_code("25252")
    session_id = await add_session(db, commune.id, state="draft", days=12)
    await secretary.send("/sessions")
    await secretary.press(f"#{session_id} ")
    await secretary.press("Announce")
    await secretary.press("Confirm and announce")
    async with db.unit_of_work() as uow:
        chats = (await uow.session.scalars(select(Delivery.chat_id).where(Delivery.kind == "session.announce"))).all()
    assert list(chats) == ["3104"]


async def person_of(db, user_id: str) -> int:
    async with db.unit_of_work() as uow:
        return await uow.session.scalar(select(ChannelAccount.person_id)
                                        .where(ChannelAccount.external_user_id == user_id))


async def test_mydata_exports_everything_held_about_the_person_and_nothing_of_others(db):
    await add_commune(db)
    deps = await make_deps(db)
    chat, other = Chat(deps, "3106"), Chat(deps, "3107")
    await register(chat, name="Phan Văn Đức", phone="0912345678")
    await register(other, name="Lò Thị Mây")
    await ask(chat, "Đường thôn bị hỏng, khi nào sửa?")
    await ask(other, "Câu hỏi của người khác")
    await chat.send("/mydata")
    await chat.press("Export my data")
    attachment = chat.outcomes[-1].replies[0].attachment
    assert attachment.file_name.endswith(".json") and attachment.mime_type == "application/json"
    data = json.loads(attachment.content.decode("utf-8"))
    assert data["person"][0]["full_name"] == "Phan Văn Đức" and data["person"][0]["phone"] == "0912345678"
    assert [q["text"] for q in data["question"]] == ["Đường thôn bị hỏng, khi nào sửa?"]
    assert {c["purpose"] for c in data["consent"]} >= {"dialogue", "announcements"}
    assert "Lò Thị Mây" not in json.dumps(data, ensure_ascii=False)
    assert "người khác" not in json.dumps(data, ensure_ascii=False)


async def test_mydata_changes_or_removes_the_phone(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "3108")
    await register(chat, phone="0912345678")
    await chat.send("/mydata")
    await chat.press("Change phone number")
    assert "does not look like a mobile number" in await chat.send("12345")
    assert "+84987654321" in await chat.send("0987 654 321")
    assert "+84987654321" in await chat.send("/mydata")
    assert "deleted" in await chat.press("Remove phone number")
    assert "Phone: not shared" in await chat.send("/mydata")
    assert "Remove phone number" not in chat.labels()


async def test_withdrawing_announcements_keeps_every_other_purpose(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "3109")
    await register(chat, name="Giữ Nguyên")
    await chat.send("/mydata")
    assert "other agreements are unchanged" in await chat.press("Stop announcements")
    assert [c.purpose for c in await in_force(db)] == ["dialogue", "transfer"]
    shown = await chat.send("/mydata")
    assert "Giữ Nguyên" in shown and "announcements and reminders: off" in shown
    assert "Receive announcements" in chat.labels()


async def test_withdrawing_the_transfer_abroad_unlinks_telegram_but_keeps_the_person(db):
    await add_commune(db)
    chat = Chat(await make_deps(db, channel="telegram"), "3110", channel="telegram")
    await register(chat, name="Ra Nước Ngoài")
    await chat.send("/mydata")
    assert "Continue?" in await chat.press("Withdraw the transfer abroad")
    assert "no longer linked" in await chat.press("Yes, withdraw")
    assert [c.purpose for c in await in_force(db)] == ["dialogue", "announcements"]
    async with db.unit_of_work() as uow:
        assert await uow.session.scalar(select(ChannelAccount.person_id)) is None
        assert await uow.session.scalar(select(Person.full_name)) == "Ra Nước Ngoài"
    assert "People's Committee" in await chat.send("/start")  # asked afresh, as anyone new


async def test_a_telegram_resident_who_agreed_before_the_transfer_was_asked_is_asked_at_the_next_start(db):
    await add_commune(db)
    chat = Chat(await make_deps(db, channel="telegram"), "3112", channel="telegram")
    await register(chat, name="Người Cũ")
    async with db.unit_of_work() as uow:  # as migration 0011 leaves a consent older than version 2026-12-v2
        await uow.session.execute(text("delete from consent where purpose = 'transfer'"))
        await uow.commit()
    assert "transferred abroad" in await chat.send("/start")
    assert "Thank you" in await chat.press("Agree")
    assert "Greetings, Người Cũ." in await chat.send("/start")
    assert "transfer" in [c.purpose for c in await in_force(db)]


async def test_a_returning_resident_is_greeted_plainly(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "3111", language="vi")
    await register(chat, name="Hoàng Văn Minh")
    greeting = await chat.send("/start")
    assert "Kính chào Ông/Bà Hoàng Văn Minh." in greeting and "quay lại" not in greeting


async def test_the_migration_keeps_consents_and_asks_for_what_was_never_chosen(server_url):
    name = f"doithoai_mig_{uuid.uuid4().hex[:8]}"
    await _admin(server_url, f'CREATE DATABASE "{name}"')
    url = with_database(server_url, name)
    engine = create_async_engine(url)
    try:
        await migrate.async_upgrade(url, "0010")
        async with engine.begin() as connection:
            await connection.execute(text("insert into bot (channel, external_id, username) values "
                                          "('telegram', '1', ''), ('zalo_bot', '2', '')"))
            for person, channel, version in ((1, "telegram", "2026-12-v2"), (2, "telegram", "2026-11-v1"),
                                             (3, "zalo_bot", "2026-12-v2")):
                await connection.execute(text("insert into person (id, full_name) values (:p, 'X')"), {"p": person})
                await connection.execute(text(
                    "insert into channel_account (bot_id, channel, external_user_id, chat_id, person_id, language) "
                    "select id, channel, :u, :u, :p, 'vi' from bot where channel = :c"),
                    {"u": str(person), "p": person, "c": channel})
                await connection.execute(text("insert into consent (person_id, purpose, text_version, evidence) "
                                              "values (:p, 'dialogue', :v, 'e')"), {"p": person, "v": version})
        await migrate.async_upgrade(url)
        async with engine.connect() as connection:
            rows = (await connection.execute(text(
                "select person_id, purpose, channel, language from consent order by person_id, purpose"))).all()
            on = (await connection.execute(text("select count(*) from person where announcements"))).scalar()
        assert [tuple(r) for r in rows] == [(1, "dialogue", "telegram", "vi"), (1, "transfer", "telegram", "vi"),
                                            (2, "dialogue", "telegram", "vi"), (3, "dialogue", "zalo_bot", "vi")]
        assert on == 0  # nobody chose announcements separately: silence is not consent
    finally:
        await engine.dispose()
        await _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
