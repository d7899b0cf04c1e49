"""The delivery engine against the local Bot API server: limits, 429s, blocked users, migrations, crashes."""
from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from bot.outbox import OutboxWorker, utcnow
from bot.pacing import ChannelLimits
from fakes.telegram import FakeTelegram
from fakes.telegram.flood import Limits
from storage.models import ChannelAccount, Delivery, VillageGroup
from tests.delivery_harness import TOKEN, queue, setup, statuses
from tests.fixtures import add_commune


async def test_two_workers_on_one_database_never_send_the_same_row(db):
    async with FakeTelegram(flood_control=True, flood_limits=Limits(overall_per_second=1000)) as fake:
        bot_id, bot, sender = await setup(db, fake, range(1, 61))
        await queue(db, bot_id, range(1, 61))
        first, second = OutboxWorker(db, bot_id, sender), OutboxWorker(db, bot_id, sender)
        await asyncio.gather(first.run_until_idle(), second.run_until_idle())
        assert [len(fake.sent(TOKEN, user)) for user in range(1, 61)] == [1] * 60
        assert await statuses(db) == {"sent": 60}
        await bot.shutdown()


async def test_rows_leased_by_a_worker_that_died_are_sent_once_by_the_next(db):
    async with FakeTelegram() as fake:
        bot_id, bot, sender = await setup(db, fake, range(1, 11))
        await queue(db, bot_id, range(1, 11))
        async with db.unit_of_work() as uow:  # a worker leases everything, commits, and is killed before sending
            leased = await uow.repo.claim(bot_id, utcnow(), 100, timedelta(seconds=30))
            await uow.commit()
        assert len(leased) == 10
        later = OutboxWorker(db, bot_id, sender, clock=lambda: utcnow() + timedelta(seconds=31))
        await later.run_until_idle()
        assert [len(fake.sent(TOKEN, user)) for user in range(1, 11)] == [1] * 10
        await bot.shutdown()


async def test_a_live_lease_keeps_another_worker_away(db):
    async with FakeTelegram() as fake:
        bot_id, bot, sender = await setup(db, fake, range(1, 4))
        await queue(db, bot_id, range(1, 4))
        async with db.unit_of_work() as uow:
            await uow.repo.claim(bot_id, utcnow(), 100, timedelta(seconds=30))
            await uow.commit()
        await OutboxWorker(db, bot_id, sender).run_until_idle(timeout=0.5)
        assert all(fake.sent(TOKEN, user) == [] for user in range(1, 4))
        await bot.shutdown()


async def test_a_429_pauses_only_that_chat_and_every_message_still_arrives_in_order(db):
    strict_chat = Limits(overall_per_second=1000, chat_per_second=1, chat_burst=1)
    async with FakeTelegram(flood_control=True, flood_limits=strict_chat) as fake:
        eager = ChannelLimits(per_second=500, chat_interval=0.0, group_interval=0.0, in_flight=1)
        bot_id, bot, sender = await setup(db, fake, range(1, 6), eager)
        await queue(db, bot_id, [1, 1, 1, 2, 3, 4, 5])
        worker = OutboxWorker(db, bot_id, sender)
        for _ in range(3):  # on a loaded machine a paused row may fall due after one idle window ends
            await worker.run_until_idle(timeout=15)
            if await statuses(db) == {"sent": 7}:
                break
        assert fake.refusals > 0
        assert [m.text for m in fake.sent(TOKEN, 1)] == ["Xin chào 1 #0", "Xin chào 1 #1", "Xin chào 1 #2"]
        assert [len(fake.sent(TOKEN, user)) for user in range(2, 6)] == [1, 1, 1, 1]
        assert await statuses(db) == {"sent": 7}
        await bot.shutdown()


async def test_paced_sending_stays_under_the_servers_limits(db):
    async with FakeTelegram(flood_control=True) as fake:
        bot_id, bot, sender = await setup(db, fake, range(1, 4), ChannelLimits(per_second=29, chat_interval=1.0))
        await queue(db, bot_id, [1, 1, 1, 1, 2, 3])
        await OutboxWorker(db, bot_id, sender).run_until_idle(timeout=15)
        assert fake.refusals == 0 and [len(fake.sent(TOKEN, u)) for u in (1, 2, 3)] == [4, 1, 1]
        await bot.shutdown()


async def test_a_user_who_blocked_the_bot_is_unreachable_until_they_write_again(db):
    async with FakeTelegram() as fake:
        bot_id, bot, sender = await setup(db, fake, range(1, 3))
        async with db.unit_of_work() as uow:
            await uow.repo.touch_account(bot_id, "telegram", "1", "1", "vi")
            await uow.commit()
        fake.block(TOKEN, 1)
        await queue(db, bot_id, [1, 1, 2])
        await OutboxWorker(db, bot_id, sender).run_until_idle()
        assert await statuses(db) == {"unreachable": 2, "sent": 1}
        async with db.unit_of_work() as uow:
            account = await uow.session.scalar(select(ChannelAccount))
            assert account.unreachable_at is not None
            await uow.repo.touch_account(bot_id, "telegram", "1", "1", "vi")  # they write to the bot again
            await uow.commit()
        async with db.unit_of_work() as uow:
            assert (await uow.session.scalar(select(ChannelAccount))).unreachable_at is None
        await bot.shutdown()


async def test_a_group_upgraded_to_a_supergroup_gets_the_message_at_its_new_id(db):
    commune_id = await add_commune(db)
    async with FakeTelegram() as fake:
        bot_id, bot, sender = await setup(db, fake, range(1, 2))
        fake.group(-500, "Thôn Lân Luông", members=[1])
        async with db.unit_of_work() as uow:
            village = (await uow.repo.villages(commune_id))[0]
            await uow.repo.link_group(bot_id=bot_id, channel="telegram", chat_id="-500", title="", linked_by=None,
                                      commune_id=commune_id, village_id=village.id)
            await uow.commit()
        await queue(db, bot_id, [-500], text="Thông báo")
        fake.migrate_group(-500, -1000500)
        await OutboxWorker(db, bot_id, sender).run_until_idle()
        assert [m.text for m in fake.sent(TOKEN, -1000500)] == ["Thông báo -500 #0"]
        async with db.unit_of_work() as uow:
            assert await uow.session.scalar(select(VillageGroup.chat_id)) == "-1000500"
            row = await uow.session.scalar(select(Delivery))
            assert (row.status, row.chat_id, row.platform_message_id) == ("sent", "-1000500", "1")
        await bot.shutdown()


async def test_an_unreachable_server_is_retried_later_not_given_up(db):
    async with FakeTelegram() as fake:
        bot_id, bot, sender = await setup(db, fake, range(1, 2))
    await queue(db, bot_id, [1])
    await OutboxWorker(db, bot_id, sender).run_until_idle(timeout=1)
    async with db.unit_of_work() as uow:
        row = await uow.session.scalar(select(Delivery))
        assert (row.status, row.attempts) == ("pending", 1) and row.not_before > utcnow()
    await bot.shutdown()
