"""Zalo direct replies refused for quota (Bot Platform 429) or rate (OA −32) wait in the outbox, never lost."""
from __future__ import annotations

from sqlalchemy import select, update

from fakes.zalo.oa import Follower
from storage.models import Delivery
from tests.fixtures import add_commune, poll
from tests.zalo_harness import BOT_TOKEN, BotUser, OAUser, running_zalo


async def _pending_reply(db, chat_id: str):
    async with db.unit_of_work() as uow:
        return await uow.session.scalar(select(Delivery).where(Delivery.chat_id == chat_id, Delivery.kind == "reply",
                                                               Delivery.status == "pending"))


async def _make_due(db, app, chat_id: str) -> None:
    """The quota or rate window has passed (what the worker would see a minute later)."""
    async with db.unit_of_work() as uow:
        await uow.session.execute(update(Delivery).where(Delivery.chat_id == chat_id)
                                  .values(not_before=Delivery.created_at))
        await uow.commit()
    for worker in app.workers:
        worker.wake()


async def test_a_zalo_bot_reply_over_the_monthly_quota_waits_in_the_outbox_and_goes_out_later(db):
    await add_commune(db)
    async with running_zalo(db) as (bot, oa, app):
        user = BotUser(bot, "q1")
        await user.say("/start", expect=2)
        bot.monthly_quota = len(bot.bots[BOT_TOKEN].sent)
        bot.inject_text(BOT_TOKEN, "q1", "/help")
        row = await poll(lambda: _pending_reply(db, "q1"), what="the refused reply in the outbox")
        assert "/ask" in row.payload["text"]
        bot.monthly_quota = None
        await _make_due(db, app, "q1")
        sent = await bot.wait_for_sent(BOT_TOKEN, "q1", 3, timeout=30)
        assert sent[-1].text == row.payload["text"]


async def test_an_oa_reply_refused_by_the_rate_limit_waits_in_the_outbox_and_goes_out_later(db):
    await add_commune(db)
    async with running_zalo(db) as (bot, oa, app):
        user = OAUser(oa, "1840000000000000077")
        oa.followers.setdefault(user.user_id, Follower(user.user_id))
        await user.say("/help")
        oa.rate_limited = True
        assert await oa.send_text(user.user_id, "/help") == 200
        row = await poll(lambda: _pending_reply(db, user.user_id), what="the refused reply in the outbox")
        oa.rate_limited = False
        await _make_due(db, app, user.user_id)
        sent = await oa.wait_for_sent(user.user_id, 2, timeout=30)
        assert sent[-1].text == row.payload["text"] and "/ask" in sent[-1].text
