"""Nothing is kept longer than it is needed: seen update ids are pruned by age on the reminder clock, and a person
who withdraws consent leaves no drafts behind in any chat."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from bot.progress import reminders_once
from storage.models import ConversationState, OfferedChoice, ProcessedUpdate
from storage.trust_models import LinkAttempt, LinkCode
from tests.support import Chat, Clock, add_commune, make_deps, register
from tests.test_linking import code_in, link_with_confirmation, two_channels


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
    await zalo.press("ask:s:0")
    await zalo.press("ask:t:land")
    await zalo.send("Nhà tôi ở số 12, đất bị lấn chiếm, tôi tên Nguyễn Văn An, số 0912345678")  # a draft
    code_in(await telegram.send("/link"))
    assert await count(db, OfferedChoice, OfferedChoice.chat_id == "z-6301") == 1
    await telegram.send("/mydata")
    await telegram.press("me:forget")
    assert "deleted" in await telegram.press("me:forget-yes")
    async with db.unit_of_work() as uow:
        states = (await uow.session.execute(select(ConversationState.chat_id, ConversationState.state,
                                                   ConversationState.data))).all()
    assert {(chat, state, str(data)) for chat, state, data in states} == {("6301", "idle", "{}"),
                                                                        ("z-6301", "idle", "{}")}
    assert await count(db, OfferedChoice, OfferedChoice.chat_id == "z-6301") == 0
    assert await count(db, LinkCode) == 0
