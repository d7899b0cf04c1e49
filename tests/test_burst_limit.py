"""The per-chat burst limit through the real dispatcher on every channel: counted in PostgreSQL (so it holds across
bot processes), by when the updates were sent, refused inputs included; what is held back is kept."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from handlers.conversation.events import TextMessage
from handlers.dispatch import handle
from storage.models import ChannelAccount
from tests.fixtures import BOT_EXTERNAL_ID, Chat, make_deps

SLOW_DOWN = "sending too quickly"


async def two_processes(db, limit: int = 3):
    """Two bot processes on one database: each its own Deps, as `doithoai run` twice would build them."""
    first, second = await make_deps(db), await make_deps(db)
    for deps in (first, second):
        deps.burst_limit, deps.burst_seconds = limit, 60
    return first, second


@pytest.mark.usefixtures("channel")
async def test_the_limit_holds_across_processes_and_answers_once(db):
    first, second = await two_processes(db)
    on_first, on_second = Chat(first, "4101"), Chat(second, "4101")
    replies = [await (on_first if n % 2 else on_second).send(f"/help {n}") for n in range(6)]
    assert all("/ask" in reply for reply in replies[:3])
    assert SLOW_DOWN in replies[3] and replies[4:] == ["", ""]
    async with first.unit_of_work() as uow:
        kept = await uow.repo.throttled_texts(first.bots[(on_first.channel, BOT_EXTERNAL_ID)].row_id, "4101")
    assert kept == ["/help 3", "/help 4", "/help 5"]


async def test_a_refused_input_counts_and_a_held_button_press_changes_nothing(db):
    deps, _ = await two_processes(db, limit=2)
    chat = Chat(deps, "4102")
    assert "not valid" in await chat.send("/link 12345678")  # refused (rolled back), and still counted
    await chat.send("/help")
    assert SLOW_DOWN in await chat.press_data("consent:yes")  # forged on purpose: any press, held
    assert chat.outcomes[-1].notice  # a pressed button's toast says it too
    assert "/start" in await Chat(deps, "4103").send("hello")  # another chat is not affected
    async with deps.unit_of_work() as uow:
        account = await uow.session.scalar(select(ChannelAccount).where(ChannelAccount.chat_id == "4102"))
        kept = await uow.repo.throttled_texts(deps.bots[("telegram", BOT_EXTERNAL_ID)].row_id, "4102")
    assert account.person_id is None and kept == ["consent:yes"]  # the consent was kept, not acted on


async def test_updates_sent_apart_start_a_new_window_however_late_they_are_handled(db):
    deps, _ = await two_processes(db, limit=2)
    chat = Chat(deps, "4104")
    long_ago = datetime.now(timezone.utc) - timedelta(minutes=5)
    for n in range(2):  # sent five minutes ago (a backlog after an outage), handled now
        await handle(replace(TextMessage(text=f"cũ {n}", **chat._common()), sent_at=long_ago), deps)
    outcome = await handle(TextMessage(text="mới", **chat._common()), deps)  # sent now: a new window
    assert SLOW_DOWN not in outcome.replies[0].text
