"""Bad input gets a clear, polite reply and changes nothing."""
from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import func, select

from handlers.conversation.events import Command, ConversationRef
from handlers.dispatch import handle
from storage.models import Person, Question
from tests.fixtures import BOT_EXTERNAL_ID, Chat, add_commune, agree_to_notice, ask, make_deps, register

pytestmark = pytest.mark.usefixtures("channel")  # every table on Telegram and both Zalo adapters


async def questions(db) -> list[Question]:
    async with db.unit_of_work() as uow:
        return list((await uow.session.scalars(select(Question).order_by(Question.id))).all())


async def start_question(chat: Chat) -> None:
    await chat.send("/ask")
    await chat.press("General questions (no session)")
    await chat.press("Other")


async def test_an_empty_question_is_refused_and_the_flow_waits(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "4001")
    await register(chat)
    await start_question(chat)
    assert "empty" in await chat.send("   \n  ")
    assert "check your question" in await chat.send("Câu hỏi thật")
    assert await questions(db) == []


async def test_a_5000_character_question_is_refused_with_the_limit(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "4002")
    await register(chat)
    await start_question(chat)
    reply = await chat.send("a" * 5000)
    assert "5000 characters" in reply and "3000" in reply
    assert await questions(db) == []
    assert "check your question" in await chat.send("Ngắn gọn thôi")


async def test_decomposed_vietnamese_is_stored_composed(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "4003")
    await chat.send("/start")
    await agree_to_notice(chat)
    await chat.send(unicodedata.normalize("NFD", "Nguyễn Thị Hường"))
    await chat.press("Lân Luông")
    await chat.send("Skip")
    await start_question(chat)
    await chat.send(unicodedata.normalize("NFD", "Đường điện ở thôn bị hỏng"))
    await chat.press("Send")
    [question] = await questions(db)
    assert question.text == "Đường điện ở thôn bị hỏng" == unicodedata.normalize("NFC", question.text)
    async with db.unit_of_work() as uow:
        assert await uow.session.scalar(select(Person.full_name)) == "Nguyễn Thị Hường"


async def test_markup_characters_are_kept_literally(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "4004")
    await register(chat, name="<b>Lê</b> & *Văn* _Tám_")
    await start_question(chat)
    review = await chat.send("Giá <i>điện</i> & nước *tăng* [link](http://x)?")
    assert "Giá <i>điện</i> & nước *tăng* [link](http://x)?" in review
    await chat.press("Send")
    assert (await questions(db))[0].text == "Giá <i>điện</i> & nước *tăng* [link](http://x)?"


async def test_a_button_forged_for_another_residents_ticket_reveals_nothing(db):
    await add_commune(db)
    deps = await make_deps(db)
    owner, other = Chat(deps, "4005"), Chat(deps, "4006")
    await register(owner, name="Chủ Câu Hỏi")
    await register(other, name="Người Khác")
    await ask(owner, "Bí mật của tôi")
    reply = await other.press_data("mt:1")
    assert "not found" in reply and "Bí mật" not in reply and "Chủ Câu Hỏi" not in reply
    assert "only for commune staff" in await other.press_data("qa:answer:1")
    assert "only for commune staff" in await other.press_data("qd:1")


async def test_a_staff_command_from_a_resident_is_politely_refused(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "4007")
    await register(chat)
    await ask(chat)
    assert "only for commune staff" in await chat.send("/queue")
    assert "only for commune staff" in await chat.send("/q TT-0001")


async def test_the_same_update_delivered_twice_changes_nothing_the_second_time(db):
    await add_commune(db)
    deps = await make_deps(db)
    chat = Chat(deps, "4008")
    await register(chat)
    await start_question(chat)
    await chat.send("Câu hỏi gửi hai lần")
    ref = ConversationRef(chat.channel, BOT_EXTERNAL_ID, "4008", "4008")
    from handlers.conversation.events import ButtonPressed

    confirm = ButtonPressed(ref=ref, update_id="dup-1", data="ask:confirm", message_id="9")
    first = await handle(confirm, deps)
    second = await handle(confirm, deps)
    assert "TT-0001" in "\n".join(r.text for r in first.replies)
    assert second.replies == []
    assert len(await questions(db)) == 1


async def test_commands_before_registering_point_to_start(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "4009")
    assert "/start" in await chat.send("/ask")
    assert "/start" in await chat.press_data("mt:1")  # forged on purpose
    async with db.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Person)) == 0


async def test_a_name_that_is_not_a_name_is_asked_again(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "4010")
    await chat.send("/start")
    await agree_to_notice(chat)
    assert "does not look like a full name" in await chat.send("1")
    assert "village" in await chat.send("Đỗ Văn Hùng")


async def test_someone_elses_contact_is_not_taken_as_their_phone(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "4011")
    if chat.zalo:
        pytest.skip("Zalo has no contact button: typed numbers are checked by the next test")
    await chat.send("/start")
    await agree_to_notice(chat)
    await chat.send("Đỗ Văn Hùng")
    await chat.press("Lân Luông")
    assert "your own number" in await chat.share_contact("0900000000", own=False)
    async with db.unit_of_work() as uow:
        assert await uow.session.scalar(select(Person.phone)) is None


async def test_a_typed_phone_that_is_not_a_mobile_number_is_asked_again(db):
    await add_commune(db)
    chat = Chat(await make_deps(db), "4013")
    await chat.send("/start")
    await agree_to_notice(chat)
    await chat.send("Đỗ Văn Hùng")
    await chat.press("Lân Luông")
    assert "does not look like a mobile number" in await chat.send("12345")
    assert "registered, Đỗ Văn Hùng" in await chat.send("0912.345.678")
    async with db.unit_of_work() as uow:
        assert await uow.session.scalar(select(Person.phone)) == "+84912345678"


async def test_an_unknown_command_gets_help(db):
    chat = Chat(await make_deps(db), "4012")
    assert "/help" in await chat.send("/frobnicate")
    _ = Command  # the event type the table above builds
