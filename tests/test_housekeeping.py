"""Nothing is kept longer than it is needed: seen update ids are pruned by age on the reminder clock, and a person
who withdraws consent leaves no drafts behind in any chat."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from bot.progress import reminders_once
from storage.models import ConversationState, LinkAttempt, LinkCode, OfferedChoice, ProcessedUpdate
from tests.fixtures import Chat, Clock, add_commune, code_in, link_with_confirmation, make_deps, register, two_channels


async def count(db, model, *where) -> int:
    async with db.unit_of_work() as uow:
        return await uow.session.scalar(select(func.count()).select_from(model).where(*where))


async def test_seen_update_ids_are_pruned_by_age_and_recent_ones_still_stop_redeliveries(db):
    await add_commune(db)
    clock = Clock()
    deps = await make_deps(db, clock)
    chat = Chat(deps, "6101")
    await register(chat)
    old = await count(db, ProcessedUpdate)
    async with db.unit_of_work() as uow:  # group chatter and updates from long ago, as a busy bot piles them up
        await uow.session.execute(text(
            "insert into processed_update (bot_id, update_id, processed_at) "
            "select (select id from bot limit 1), 'old-' || n, now() - interval '40 days' "
            "from generate_series(1, 500) n"))
        await uow.session.execute(text("update processed_update set processed_at = :at where update_id not like "
                                       "'old-%'"), {"at": clock.now - timedelta(days=1)})
        await uow.commit()
    clock.now += timedelta(days=1)
    await reminders_once(db, clock)
    assert await count(db, ProcessedUpdate) == old  # the 40-day-old ones went, yesterday's stay
    await reminders_once(db, clock, keep_updates_days=0)
    assert await count(db, ProcessedUpdate) == 0


async def test_link_attempts_and_spent_codes_are_pruned_after_a_day(db):
    await add_commune(db)
    clock = Clock()
    deps = await two_channels(db, clock)
    owner, guesser = Chat(deps, "6201", channel="telegram"), Chat(deps, "z-6201", channel="zalo_bot")
    await register(owner)
    await owner.send("/link")
    await guesser.send("/link 00000000")
    assert await count(db, LinkAttempt) == 1 and await count(db, LinkCode) == 1
    clock.now += timedelta(days=1, minutes=11)
    await reminders_once(db, clock)
    assert await count(db, LinkAttempt) == 0 and await count(db, LinkCode) == 0


@pytest.mark.parametrize("channel", ["zalo_bot"], indirect=True)
async def test_withdrawing_consent_erases_drafts_in_every_chat_of_the_person(db, channel):
    await add_commune(db)
    deps = await two_channels(db)
    telegram, zalo = Chat(deps, "6301", channel="telegram"), Chat(deps, "z-6301", channel="zalo_bot")
    await register(telegram)
    await link_with_confirmation(db, telegram, zalo)
    await zalo.send("/ask")
    await zalo.press("General questions (no session)")
    await zalo.press("Land")
    await zalo.send("Nhà tôi ở số 12, đất bị lấn chiếm, tôi tên Nguyễn Văn An, số 0912345678")  # a draft
    code_in(await telegram.send("/link"))
    assert await count(db, OfferedChoice, OfferedChoice.chat_id == "z-6301") == 1
    await telegram.send("/mydata")
    await telegram.press("Withdraw consent and delete")
    assert "deleted" in await telegram.press("Yes, delete my data")
    async with db.unit_of_work() as uow:
        states = (await uow.session.execute(select(ConversationState.chat_id, ConversationState.state,
                                                   ConversationState.data))).all()
    assert {(chat, state, str(data)) for chat, state, data in states} == {("6301", "idle", "{}"),
                                                                        ("z-6301", "idle", "{}")}
    assert await count(db, OfferedChoice, OfferedChoice.chat_id == "z-6301") == 0
    assert await count(db, LinkCode) == 0


async def held_back(db, chat_id: str, content: str, days_ago: int, clock: Clock) -> None:
    """An update the burst limit kept unprocessed, as storage/stores/core.record_throttled writes it."""
    async with db.unit_of_work() as uow:
        await uow.session.execute(text(
            "insert into throttled_update (bot_id, chat_id, user_id, update_id, kind, content, received_at) "
            "values ((select id from bot limit 1), :chat, :chat, :update, 'text', :content, :at)"),
            {"chat": chat_id, "update": f"u-{chat_id}-{days_ago}", "content": content,
             "at": clock.now - timedelta(days=days_ago)})
        await uow.commit()


async def test_updates_held_back_by_the_burst_limit_are_pruned_with_the_seen_update_ids(db):
    await add_commune(db)
    clock = Clock()
    await make_deps(db, clock)
    await held_back(db, "6401", "tin nhắn cũ", 40, clock)
    await held_back(db, "6401", "tin nhắn hôm qua", 1, clock)
    await reminders_once(db, clock)
    async with db.unit_of_work() as uow:
        kept = await uow.repo.throttled_texts((await uow.session.scalar(text("select id from bot limit 1"))), "6401")
    assert kept == ["tin nhắn hôm qua"]


async def test_withdrawing_consent_erases_the_updates_held_back_from_the_persons_chats(db):
    await add_commune(db)
    clock = Clock()
    chat = Chat(await make_deps(db, clock), "6501")
    await register(chat)
    other = Chat(chat.deps, "6502")
    await register(other, name="Trần Thị Hoa")
    await held_back(db, "6501", "Tôi tên An, số 0912345678", 0, clock)
    await held_back(db, "6502", "Câu hỏi của chị Hoa", 0, clock)
    await chat.send("/mydata")
    await chat.press("Withdraw consent and delete")
    assert "deleted" in await chat.press("Yes, delete my data")
    async with db.unit_of_work() as uow:
        contents = (await uow.session.scalars(text("select content from throttled_update"))).all()
    assert contents == ["Câu hỏi của chị Hoa"]  # only the other resident's stays
