"""The whole path over HTTP: PTB Application ↔ local Bot API server, adapter, handlers, PostgreSQL."""
from __future__ import annotations

import aiohttp
import pytest

from bot.admin import add_commune
from tests.fixtures import poll
from tests.telegram_harness import TOKEN, WEBHOOK_SECRET, resident_registers, running_bot, staff_joins, tiny_png


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
async def test_a_question_goes_from_resident_to_answer_and_back(db, webhook):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông", "Thôn Bến Đá"])
    async with running_bot(db, webhook=webhook) as (phone, app):
        resident = phone.person(5001, "An")
        await resident_registers(phone, resident)
        await phone.say(resident, "/ask")
        await phone.press(resident, "General questions", expect=0)
        await phone.press(resident, "Land", expect=0)
        review = await phone.say(resident, "Bao giờ được cấp sổ đỏ <b>& *nhanh*</b>?")
        assert "Bao giờ được cấp sổ đỏ <b>& *nhanh*</b>?" in review
        assert "TT-0001" in await phone.press(resident, "Send", expect=0)

        secretary = phone.person(5002, "Thư")
        await staff_joins(phone, db, secretary)
        staff_menu = phone.fake.commands(TOKEN, {"type": "chat", "chat_id": secretary})
        assert "queue" in [c["command"] for c in staff_menu]
        assert "open: 1" in await phone.say(secretary, "/queue")
        assert "Nguyễn Văn An" in await phone.press(secretary, "TT-0001")
        await phone.press(secretary, "Assign")
        await phone.press(secretary, "Phòng Kinh tế", expect=1)
        assert "Expected answer by" in await phone.wait_for_text(resident, "passed to Phòng Kinh tế")
        await phone.press(secretary, "Answer")
        await phone.say(secretary, "Hồ sơ của ông đã được duyệt.", expect=2)
        await phone.wait_for_text(resident, "Hồ sơ của ông đã được duyệt.")
        listing = await phone.say(resident, "/mytickets")
        assert "TT-0001 · Answered" in listing
        assert "Answer: Hồ sơ của ông đã được duyệt." in await phone.press(resident, "Open TT-0001")
        sent_raw = [m for m in phone.fake.sent(TOKEN, resident) if "<b>&" in (m.raw_text or "")]
        assert sent_raw and all(m.parse_mode is None for m in sent_raw)


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
async def test_each_press_is_answered_once_in_the_webhooks_response_or_by_a_request_when_polling(db, webhook):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    async with running_bot(db, webhook=webhook) as (phone, app):
        resident = phone.person(5001, "An")
        await resident_registers(phone, resident)
        fake, answered = phone.fake, len(phone.fake.answered_callbacks)
        requests, replies = fake.calls["answerCallbackQuery"], fake.webhook_replies["answerCallbackQuery"]
        await phone.say(resident, "/ask")
        await phone.press(resident, "General questions", expect=0)
        assert "Please type your question" in await phone.press(resident, "Land", expect=0)
        await poll(lambda: _true(len(fake.answered_callbacks) >= answered + 2), what="both answers")
        assert len(fake.answered_callbacks) == answered + 2 and not fake.world.errors
        by_reply = fake.webhook_replies["answerCallbackQuery"] - replies
        assert (by_reply, fake.calls["answerCallbackQuery"] - requests) == ((2, 0) if webhook else (0, 2))


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # retry_after as int
async def test_a_press_whose_replies_wait_out_a_429_is_answered_by_a_request_not_left_spinning(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    async with running_bot(db, webhook=True) as (phone, app):
        resident = phone.person(5001, "An")
        await resident_registers(phone, resident)
        fake, answered = phone.fake, len(phone.fake.answered_callbacks)
        requests, replies = fake.calls["answerCallbackQuery"], fake.webhook_replies["answerCallbackQuery"]
        await phone.say(resident, "/ask")
        fake.refuse_sends(1, retry_after=2)  # the edit waits 2 s: longer than a callback answer should
        assert "Which field" in await phone.press(resident, "General questions", expect=0)
        await poll(lambda: _true(len(fake.answered_callbacks) > answered), what="the answer")
        assert fake.calls["answerCallbackQuery"] - requests == 1
        assert fake.webhook_replies["answerCallbackQuery"] == replies


async def test_a_press_on_a_message_that_is_gone_gets_its_answer_as_a_new_message(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    async with running_bot(db) as (phone, app):
        resident = phone.person(5001, "An")
        await resident_registers(phone, resident)
        await phone.say(resident, "/ask")
        message, data = phone.find_button(resident, "General questions")
        before = len(phone.fake.sent(TOKEN, resident))
        update = phone.fake.press_button(TOKEN, resident, message.message_id, data)
        update["callback_query"]["message"]["message_id"] = 999_999  # deleted meanwhile: the edit finds nothing
        assert "Which field" in await phone.read_new(resident, before)
        assert any("message to edit not found" in error for error in phone.fake.world.errors)


async def _true(value: bool) -> bool:
    return value


async def test_default_menus_are_set_per_language_and_hide_staff_commands(db):
    async with running_bot(db) as (phone, app):
        for language in ("vi", "en"):
            names = [c["command"] for c in phone.fake.commands(TOKEN, {"type": "default"}, language)]
            assert "ask" in names and "mytickets" in names and "queue" not in names
        vietnamese = phone.fake.commands(TOKEN, {"type": "default"}, "vi")
        assert any(c["description"].startswith("Gửi") or "câu hỏi" in c["description"] for c in vietnamese)


async def test_a_photo_travels_with_the_question_and_staff_can_open_it(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    async with running_bot(db) as (phone, app):
        resident = phone.person(5101, "Bình")
        await resident_registers(phone, resident)
        await phone.say(resident, "/ask")
        await phone.press(resident, "General questions", expect=0)
        await phone.press(resident, "Environment", expect=0)
        before = len(phone.fake.sent(TOKEN, resident))
        phone.fake.inject_message(TOKEN, resident, photo=tiny_png(), caption="Rác thải đổ trộm ở bờ sông")
        assert "Attached files: 1" in await phone.read_new(resident, before)
        await phone.press(resident, "Send", expect=0)
        secretary = phone.person(5102, "Thư")
        await staff_joins(phone, db, secretary)
        await phone.say(secretary, "/q TT-0001")
        await phone.press(secretary, "Show files")
        assert phone.fake.sent(TOKEN, secretary)[-1].kind == "photo"


async def test_the_webhook_refuses_a_wrong_secret_and_processes_nothing(db):
    async with running_bot(db, webhook=True) as (phone, app):
        url = f"http://127.0.0.1:{app.web_port}/telegram/{TOKEN.split(':')[0]}"
        update = {"update_id": 999, "message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"},
                                                "from": {"id": 1, "is_bot": False, "first_name": "X"},
                                                "text": "/start"}}
        async with aiohttp.ClientSession() as http:
            async with http.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}) as r:
                assert r.status == 403
            async with http.post(url, data="not json", headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}) as r:
                assert r.status == 400
            async with http.get(f"http://127.0.0.1:{app.web_port}/healthz") as r:
                assert r.status == 200 and (await r.json())["ok"] is True
        assert phone.fake.sent(TOKEN, 1) == []


async def test_a_redelivered_update_gets_no_second_reply(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    async with running_bot(db) as (phone, app):
        resident = phone.person(5201, "Cường")
        update = phone.fake.inject_message(TOKEN, resident, "/start")
        await phone.fake.wait_for_sent(TOKEN, resident, 2)
        phone.fake.inject_raw(TOKEN, update)
        await phone.say(resident, "/help")
        texts = phone.texts(resident)
        assert sum("Do you agree?" in t for t in texts) == 1 and "/ask" in texts[-1]
