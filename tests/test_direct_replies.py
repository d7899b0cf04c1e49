"""Direct replies under Telegram's limits: a 429 or an outage never loses a reply, and one noisy chat cannot
starve the others (a per-chat burst limit, kept in PostgreSQL)."""
from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from fakes.telegram import FakeTelegram
from storage.models import Delivery, ProcessedUpdate
from tests.fixtures import poll
from tests.telegram_harness import BOT_USERNAME, TOKEN, running_bot

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
SLOW_DOWN = "sending too quickly"


async def test_a_429_on_a_direct_reply_is_waited_out_and_the_reply_arrives(db):
    async with running_bot(db) as (phone, app):
        lan = phone.person(11, "Lan")
        phone.fake.refuse_sends(2, retry_after=1)
        reply = await phone.say(lan, "/help")
        assert "/ask" in reply and phone.fake.faults_injected == {"429": 2}


async def test_a_long_429_hands_the_reply_to_the_paced_sender_and_it_still_arrives(db):
    async with running_bot(db, direct_reply_max_wait_seconds=0.5) as (phone, app):
        lan = phone.person(12, "Lan")
        phone.fake.refuse_sends(1, retry_after=1)
        reply = await phone.say(lan, "/help")
        assert "/ask" in reply
    async with db.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(Delivery))).all()
    assert [(row.kind, row.status, row.chat_id) for row in rows] == [("reply", "sent", "12")]


async def test_a_5xx_storm_on_direct_replies_loses_no_reply(db):
    async with running_bot(db) as (phone, app):
        people = [phone.person(20 + i, f"Cư dân {i}") for i in range(4)]
        phone.fake.fail_sends(6, status=502)
        for person in people:
            phone.fake.inject_message(TOKEN, person, "/help")
        for person in people:
            sent = await phone.fake.wait_for_sent(TOKEN, person, 1, timeout=30)
            assert "/ask" in sent[0].text
        assert phone.fake.faults_injected == {"5xx": 6}


async def test_one_noisy_chat_gets_one_slow_down_and_the_others_still_get_their_replies(db):
    # Counted by when the resident sent them: answering 8 takes over 5 s at Telegram's 1 message a second per chat
    async with FakeTelegram(flood_control=True) as fake:
        fake.add_bot(TOKEN, BOT_USERNAME)
        async with running_bot(db, fake=fake, chat_burst_updates=8, chat_burst_seconds=5) as (phone, app):
            noisy, others = phone.person(30, "Ồn ào"), [phone.person(40 + i, f"Cư dân {i}") for i in range(8)]
            for i in range(1, 31):
                fake.inject_message(TOKEN, noisy, f"tin nhắn {i}")
            for person in others:
                fake.inject_message(TOKEN, person, "/mytickets")
            for person in others:
                assert "/start" in (await fake.wait_for_sent(TOKEN, person, 1, timeout=30))[0].text
            await poll(lambda: _processed(db, 38), what="every update recorded")
            await fake.wait_for_sent(TOKEN, noisy, 9, timeout=60)
            await poll(lambda: _held(app, db, 22), what="the noisy chat's extra updates kept")
        texts = [m.text for m in fake.sent(TOKEN, noisy)]  # the bot has stopped: nothing more is on its way
        assert len(texts) == 9 and sum(SLOW_DOWN in text for text in texts) == 1, texts
        assert SLOW_DOWN in texts[-1]
    async with db.unit_of_work() as uow:
        kept = await uow.repo.throttled_texts(_bot_row(app), "30")
    assert kept == [f"tin nhắn {i}" for i in range(9, 31)]  # recorded, in order, recoverable


async def _processed(db, count: int) -> bool:
    async with db.unit_of_work() as uow:
        return await uow.session.scalar(select(func.count()).select_from(ProcessedUpdate)) >= count


async def _held(app, db, count: int) -> bool:
    async with db.unit_of_work() as uow:
        return len(await uow.repo.throttled_texts(_bot_row(app), "30")) >= count


def _bot_row(app) -> int:
    return next(iter(app.workers)).bot_row_id


async def test_a_chat_waiting_for_its_turn_takes_no_slot_from_other_chats():
    from datetime import datetime, timezone

    from telegram import Chat, Message, Update

    from bot.telegram.channel import PerChatProcessor

    def update(number: int, chat_id: int) -> Update:
        return Update(number, message=Message(number, datetime.now(timezone.utc), Chat(chat_id, "private")))

    processor, gate, done = PerChatProcessor(max_concurrent_updates=2), asyncio.Event(), []

    async def work(name: str) -> None:
        if name.startswith("noisy"):
            await gate.wait()
        done.append(name)

    tasks = [asyncio.create_task(processor.process_update(update(n, 1), work(f"noisy {n}"))) for n in range(4)]
    await asyncio.sleep(0)  # the noisy chat's updates are all waiting before the other chat writes
    tasks.append(asyncio.create_task(processor.process_update(update(9, 2), work("other"))))
    try:
        await poll(lambda: _true_when("other" in done), timeout=10, what="the other chat's turn")
    finally:
        gate.set()
        await asyncio.gather(*tasks)
    assert done[0] == "other" and done[1:] == [f"noisy {n}" for n in range(4)]


async def _true_when(value: bool) -> bool:
    return value


async def test_a_reply_handed_to_the_outbox_keeps_its_file_buttons_and_keyboard(db):
    from bot.telegram.render import call_payload, render
    from handlers.conversation.events import Attachment
    from handlers.conversation.replies import Button, Keyboard, Reply
    from tests.delivery_harness import TOKEN as DELIVERY_TOKEN
    from tests.delivery_harness import setup

    replies = [Reply("Lịch hội nghị", attachment=Attachment("document", "", "hoi-nghi.ics", "text/calendar",
                                                             b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")),
               Reply("Chọn một việc", buttons=((Button("Xem", "mt:1"),),)),
               Reply("Menu", keyboard=Keyboard.MAIN_MENU, keyboard_labels=("❓ Gửi câu hỏi",))]
    async with FakeTelegram() as fake:
        bot_id, bot, sender = await setup(db, fake, range(7, 8))
        for reply in replies:
            for call in render(reply, "7", pressed_message_id="1"):
                await sender.send("7", call_payload(call))
        document, buttons, menu = fake.sent(DELIVERY_TOKEN, 7)
        await bot.shutdown()
    assert (document.kind, document.filename, document.text) == ("document", "hoi-nghi.ics", "Lịch hội nghị")
    assert document.file_bytes == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert buttons.reply_markup == {"inline_keyboard": [[{"text": "Xem", "callback_data": "mt:1"}]]}
    assert menu.reply_markup["keyboard"] == [[{"text": "❓ Gửi câu hỏi"}]]
