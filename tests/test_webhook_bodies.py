"""Junk webhook bodies answer 400 on every route; a captured OA event cannot be replayed later, or twice."""
from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest
from sqlalchemy import select

from fakes.zalo.oa import Follower
from storage.models import ProcessedUpdate
from tests.fixtures import add_commune
from tests.telegram_harness import TOKEN, WEBHOOK_SECRET, running_bot
from tests.zalo_harness import BOT_TOKEN, running_zalo
from tests.zalo_harness import WEBHOOK_SECRET as ZALO_SECRET

JUNK = [b"null", b"[]", b'"x"', b"1", b"{}"]
TELEGRAM_JUNK = JUNK + [b'{"update_id": "x"}', b'{"update_id": true}', b'{"update_id": 1, "message": "x"}',
                        b'{"update_id": 1, "callback_query": []}']
ZALO_BOT_JUNK = JUNK + [b'{"message": "x"}', b'{"ok": true, "result": null}', b'{"ok": true, "result": []}',
                        b'{"event_name": "message.text.received", "message": {"from": "x", "chat": "y"}}']


async def post_raw(url: str, raw: bytes, headers: dict[str, str]) -> int:
    async with aiohttp.ClientSession() as http:
        async with http.post(url, data=raw, headers={"Content-Type": "application/json", **headers}) as response:
            return response.status


async def test_junk_bodies_on_the_telegram_webhook_answer_400(db):
    async with running_bot(db, webhook=True) as (phone, app):
        url = f"http://127.0.0.1:{app.web_port}/telegram/{TOKEN.split(':')[0]}"
        statuses = {raw: await post_raw(url, raw, {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET})
                    for raw in TELEGRAM_JUNK}
        assert statuses == {raw: 400 for raw in TELEGRAM_JUNK}
        resident = phone.person(5501, "An")
        assert "People's Committee" in await phone.say(resident, "/start", expect=2)  # still serving


async def test_junk_bodies_on_both_zalo_webhooks_answer_400(db):
    await add_commune(db)
    async with running_zalo(db, webhook=True) as (bot, oa, app):
        bot_url = f"http://127.0.0.1:{app.web_port}/zalo/bot/{bot.bots[BOT_TOKEN].id}"
        statuses = {raw: await post_raw(bot_url, raw, {"X-Bot-Api-Secret-Token": ZALO_SECRET})
                    for raw in ZALO_BOT_JUNK}
        assert statuses == {raw: 400 for raw in ZALO_BOT_JUNK}
        no_time = b'{"app_id": "%s", "timestamp": "soon"}' % oa.app_id.encode()
        oa_junk = [(raw, "") for raw in JUNK] + [(no_time, "soon")]
        oa_statuses = {raw: await oa.post_raw(raw, oa.signed_raw(raw, stamp)) for raw, stamp in oa_junk}
        assert set(oa_statuses.values()) == {400}, oa_statuses  # signed as Zalo would, and still junk


def oa_event(oa, user_id: str, msg_id: str, age_seconds: float) -> dict:
    stamp = str(int((time.time() - age_seconds) * 1000))
    return {"app_id": oa.app_id, "event_name": "user_send_text", "timestamp": stamp, "sender": {"id": user_id},
            "recipient": {"id": oa.oa_id}, "message": {"text": "/help", "msg_id": msg_id}}


async def processed_ids(db) -> list[str]:
    async with db.unit_of_work() as uow:
        return list((await uow.session.scalars(select(ProcessedUpdate.update_id))).all())


@pytest.mark.parametrize("age_seconds", [600, -600], ids=["ten_minutes_old", "ten_minutes_ahead"])
async def test_a_signed_oa_event_outside_the_time_window_is_refused_and_changes_nothing(db, age_seconds):
    await add_commune(db)
    async with running_zalo(db) as (bot, oa, app):
        user = "1840000000000000701"
        oa.followers.setdefault(user, Follower(user))
        assert await oa.post_event(oa_event(oa, user, "captured-1", age_seconds)) == 403
        assert await oa.post_event(oa_event(oa, user, "fresh-1", 60)) == 200  # a minute of delay is fine
        await oa.wait_for_sent(user, 1)
        await app.zalo.oas[oa.app_id][0].drain()
        assert len(oa.sent(user)) == 1
    assert await processed_ids(db) == ["fresh-1"]


async def test_an_oa_event_replayed_inside_the_window_is_handled_once(db):
    await add_commune(db)
    async with running_zalo(db) as (bot, oa, app):
        user = "1840000000000000702"
        oa.followers.setdefault(user, Follower(user))
        event = oa_event(oa, user, "replayed-1", 0)
        assert await asyncio.gather(*(oa.post_event(event) for _ in range(3))) == [200, 200, 200]
        await oa.wait_for_sent(user, 1)
        await app.zalo.oas[oa.app_id][0].drain()
        assert await oa.post_event(event) == 200
        await app.zalo.oas[oa.app_id][0].drain()
        assert len(oa.sent(user)) == 1
    assert await processed_ids(db) == ["replayed-1"]
