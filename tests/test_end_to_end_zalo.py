"""The real bot with only Zalo configured, over HTTP against the local Zalo Bot Platform and OA servers."""
from __future__ import annotations

import asyncio
import json
import time

import aiohttp
from sqlalchemy import select

from fakes.zalo.oa import Follower
from storage.models import Delivery, Person, ProcessedUpdate, ZaloOAToken
from storage.secrets import SecretBox
from tests.fixtures import add_commune
from tests.zalo_harness import BOT_TOKEN, SECRET_KEY, WEBHOOK_SECRET, BotUser, OAUser, number_of, register, running_zalo


async def ask_a_question(user) -> str:
    sessions = await user.say("/ask")
    topics = await user.say(number_of(sessions, "Câu hỏi chung"))
    prompt = await user.say(number_of(topics, "Đất đai"))
    assert "câu hỏi" in prompt
    review = await user.say("Bao giờ được cấp sổ đỏ?")
    return await user.say(number_of(review, "Gửi"))


async def test_a_resident_registers_and_asks_on_the_zalo_bot_by_typing_numbers(db):
    await add_commune(db)
    async with running_zalo(db) as (bot, oa, app):
        user = BotUser(bot, "8a1b2c3d4e5f")
        assert "Nguyễn Văn An" in await register(user)
        assert "TT-0001" in await ask_a_question(user)
    async with db.unit_of_work() as uow:
        person = await uow.session.scalar(select(Person))
        assert (person.full_name, person.phone) == ("Nguyễn Văn An", "+84912345678")


async def test_zalo_bot_webhook_accepts_wrapped_bodies_and_refuses_a_wrong_secret(db):
    await add_commune(db)
    async with running_zalo(db, webhook=True, wrapped_webhooks=True, errors_as_200=True) as (bot, oa, app):
        user = BotUser(bot, "77aa")
        consent = await user.say("/start", expect=2)
        assert "1. " in consent
        url = f"http://127.0.0.1:{app.web_port}/zalo/bot/{bot.bots[BOT_TOKEN].id}"
        update = {"event_name": "message.text.received",
                  "message": {"from": {"id": "evil"}, "chat": {"id": "evil", "chat_type": "PRIVATE"},
                              "text": "/start", "message_id": "forged-1", "date": 1}}
        async with aiohttp.ClientSession() as http:
            async with http.post(url, json=update, headers={"X-Bot-Api-Secret-Token": "wrong-secret"}) as r:
                assert r.status == 403
            async with http.post(url, data=b"{not json", headers={"X-Bot-Api-Secret-Token": WEBHOOK_SECRET}) as r:
                assert r.status == 400
    async with db.unit_of_work() as uow:
        processed = (await uow.session.scalars(select(ProcessedUpdate.update_id))).all()
        assert "m:forged-1" not in processed and len(processed) == 1


async def test_a_replayed_zalo_bot_update_gets_no_second_reply(db):
    await add_commune(db)
    async with running_zalo(db) as (bot, oa, app):
        user = BotUser(bot, "55cc")
        await user.say("/start", expect=2)
        original = {"event_name": "message.text.received",
                    "message": {"from": {"id": "55cc", "display_name": "A", "is_bot": False},
                                "chat": {"id": "55cc", "chat_type": "PRIVATE"}, "text": "/help",
                                "message_id": "replayed-1", "date": 1}}
        bot.inject_update(BOT_TOKEN, original)
        await bot.wait_for_sent(BOT_TOKEN, "55cc", 3)
        bot.inject_update(BOT_TOKEN, json.loads(json.dumps(original)))
        await user.say("/help")  # a later message is answered, so the replay was read and skipped
        assert len(bot.sent(BOT_TOKEN, "55cc")) == 4


async def test_a_protected_users_withheld_message_gets_guidance(db):
    async with running_zalo(db) as (bot, oa, app):
        before = len(bot.sent(BOT_TOKEN, "9x"))
        bot.inject_unsupported(BOT_TOKEN, "9x")
        sent = await bot.wait_for_sent(BOT_TOKEN, "9x", before + 1)
        assert "Zalo không chuyển tin nhắn" in sent[-1].text


async def test_a_long_zalo_message_is_split_at_sentences_within_2000_characters(db):
    await add_commune(db)
    async with running_zalo(db) as (bot, oa, app):
        user = BotUser(bot, "66dd")
        await user.say("/start", expect=2)
        long_answer = " ".join(f"Câu trả lời số {i} về đất đai." for i in range(150))
        async with db.unit_of_work() as uow:
            row = await uow.repo.ensure_bot("zalo_bot", bot.bots[BOT_TOKEN].id, "")
            await uow.repo.enqueue(bot_id=row.id, channel="zalo_bot", chat_id="66dd", kind="ticket.answer",
                                   payload={"text": long_answer})
            await uow.commit()
        for worker in app.workers:
            worker.wake()
        await bot.wait_for_sent(BOT_TOKEN, "66dd", 4)
        for _ in range(1500):  # the parts go out one by one: wait for all of them
            parts = [s.text for s in bot.sent(BOT_TOKEN, "66dd")[2:]]
            if " ".join(parts) == long_answer:
                break
            await asyncio.sleep(0.02)
        assert len(long_answer) > 4000 and all(len(p) <= 2000 and p.endswith(".") for p in parts)
        assert " ".join(parts) == long_answer


async def test_a_resident_registers_and_asks_through_the_communes_oa(db):
    await add_commune(db)
    async with running_zalo(db) as (bot, oa, app):
        user = OAUser(oa, "1840000000000000001")
        await register(user, start=False)
        assert "TT-0001" in await ask_a_question(user)


async def test_oa_webhook_refuses_a_wrong_signature_and_malformed_json_and_ignores_replays(db):
    await add_commune(db)
    async with running_zalo(db) as (bot, oa, app):
        user = OAUser(oa, "1840000000000000002")
        oa.followers.setdefault(user.user_id, Follower(user.user_id))
        event = {"app_id": oa.app_id, "event_name": "user_send_text", "timestamp": str(int(time.time() * 1000)),
                 "sender": {"id": user.user_id}, "recipient": {"id": oa.oa_id},
                 "message": {"text": "/help", "msg_id": "replay-me"}}
        assert await oa.post_event(event, secret_key="not-the-secret") == 403
        raw, headers = oa.signed(event)
        assert await oa.post_raw(raw[:-3], headers) == 400
        assert await oa.post_event(event) == 200
        await oa.wait_for_sent(user.user_id, 1)
        assert await oa.post_event(event) == 200
        await user.say("/language")
        assert len(oa.sent(user.user_id)) == 2


async def test_a_message_outside_the_7_day_window_waits_until_the_resident_writes(db):
    await add_commune(db)
    async with running_zalo(db) as (bot, oa, app):
        user = OAUser(oa, "1840000000000000003")
        await register(user, start=False)
        oa.age_interaction(user.user_id, days=8)
        await enqueue_oa(db, user.user_id, "Câu hỏi TT-0001 của Ông/Bà đã được trả lời.")
        wake(app)
        await wait_for_status(db, "held")
        count = len(oa.sent(user.user_id))
        reply = await user.say("Xin chào", expect=3)
        assert reply.startswith("Ông/Bà có 1 thông báo mới.") and reply.endswith("đã được trả lời.")
        assert len(oa.sent(user.user_id)) == count + 3
        await wait_for_status(db, "sent")


async def test_outside_the_window_a_configured_zns_template_goes_to_the_residents_phone(db):
    await add_commune(db)
    async with running_zalo(db, zns={"ticket.answer": "tpl-answer"}) as (bot, oa, app):
        oa.add_zns_template("tpl-answer", {"content"})
        user = OAUser(oa, "1840000000000000004")
        await register(user, start=False)
        oa.age_interaction(user.user_id, days=8)
        await enqueue_oa(db, user.user_id, "Câu hỏi TT-0001 đã được trả lời.")
        wake(app)
        row = await wait_for_status(db, "sent")
        assert row.platform_message_id.startswith("zns:")
        assert [(z.phone, z.data["content"]) for z in oa.zns] == [("84912345678", "Câu hỏi TT-0001 đã được trả lời.")]


async def test_an_access_token_expiring_mid_broadcast_is_refreshed_and_nothing_is_lost(db):
    async with running_zalo(db) as (bot, oa, app):
        users = [f"18400000000000001{i:02d}" for i in range(12)]
        for user_id in users:
            oa.followers.setdefault(user_id, Follower(user_id))
        oa.expire_after_sends = 0
        await oa_send_once(oa, db, app, users[0])  # the first send takes a token
        oa.expire_after_sends = 5
        for user_id in users[1:]:
            await enqueue_oa(db, user_id, f"Thông báo cho {user_id}")
        wake(app)
        for user_id in users[1:]:
            await oa.wait_for_sent(user_id, 1)
        await wait_for_all(db, "sent", len(users))  # a message is recorded as sent just after it arrives
        async with db.unit_of_work() as uow:
            token = await uow.session.scalar(select(ZaloOAToken))
        newest = SecretBox(SECRET_KEY).open(token.refresh_token)  # stored encrypted
        assert oa.refreshes >= 2 and newest in oa.refresh_tokens  # the newest one was kept
        assert all(len(oa.sent(user_id)) == 1 for user_id in users)


async def wait_for_all(db, status: str, count: int) -> None:
    for _ in range(1500):
        async with db.unit_of_work() as uow:
            statuses = (await uow.session.scalars(select(Delivery.status))).all()
        if len(statuses) == count and set(statuses) == {status}:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"not every delivery became {status}: {statuses}")


async def oa_send_once(oa, db, app, user_id: str) -> None:
    await enqueue_oa(db, user_id, "Thông báo đầu tiên")
    wake(app)
    await oa.wait_for_sent(user_id, 1)


async def enqueue_oa(db, user_id: str, text: str) -> None:
    async with db.unit_of_work() as uow:
        row = await uow.repo.ensure_bot("zalo_oa", "2717493526131234567", "")
        await uow.repo.enqueue(bot_id=row.id, channel="zalo_oa", chat_id=user_id, kind="ticket.answer",
                               payload={"text": text})
        await uow.commit()


def wake(app) -> None:
    for worker in app.workers:
        worker.wake()


async def wait_for_status(db, status: str):
    for _ in range(1500):  # up to ~30 s on a loaded machine
        async with db.unit_of_work() as uow:
            row = await uow.session.scalar(select(Delivery).order_by(Delivery.id.desc()))
        if row is not None and row.status == status:
            return row
        await asyncio.sleep(0.02)
    raise AssertionError(f"delivery never became {status}: {row.status if row else None}")
