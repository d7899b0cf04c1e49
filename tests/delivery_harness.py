"""The delivery engine's test bench: a bot on the local Bot API server with its chats open, its sender, rows queued
straight into the outbox, and the count of rows per status."""
from __future__ import annotations

from sqlalchemy import select
from telegram import Bot

from bot.pacing import ChannelLimits
from bot.telegram.sender import TelegramSender
from fakes.telegram import FakeTelegram
from storage.models import Delivery

TOKEN = "730001:delivery-test"
FAST = ChannelLimits(per_second=500, chat_interval=0.05, group_interval=0.05, in_flight=8)


async def setup(db, fake: FakeTelegram, users: range, limits: ChannelLimits = FAST):
    fake.add_bot(TOKEN, "delivery_test_bot")
    for user_id in users:
        fake.user(user_id, f"U{user_id}")
        fake.open_chat(TOKEN, user_id)
    async with db.unit_of_work() as uow:
        row = await uow.repo.ensure_bot("telegram", TOKEN.split(":")[0], "delivery_test_bot")
        await uow.commit()
    bot = Bot(TOKEN, base_url=f"{fake.url}/bot", base_file_url=f"{fake.url}/file/bot")
    await bot.initialize()
    return row.id, bot, TelegramSender(bot, limits)


async def queue(db, bot_id: int, chats, text: str = "Xin chào") -> None:
    async with db.unit_of_work() as uow:
        await uow.repo.enqueue_many({"bot_id": bot_id, "channel": "telegram", "chat_id": str(chat), "kind": "test",
                                     "payload": {"text": f"{text} {chat} #{n}"}} for n, chat in enumerate(chats))
        await uow.commit()


async def statuses(db) -> dict[str, int]:
    async with db.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(Delivery.status))).all()
    return {s: rows.count(s) for s in set(rows)}
