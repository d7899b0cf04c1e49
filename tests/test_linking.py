"""One person on Telegram and Zalo: a code from one account, typed on the other, shows the same questions."""
from __future__ import annotations

import re
from datetime import timedelta

from tests.support import Chat, Clock, add_commune, make_deps, register
from tests.test_flows_staff import ask


async def two_channels(db, clock: Clock | None = None):
    deps = await make_deps(db, clock, channel="telegram")
    zalo = await make_deps(db, clock, channel="zalo_bot")
    deps.bots.update(zalo.bots)
    return deps


def code_in(text: str) -> str:
    return re.search(r"\b(\d{8})\b", text).group(1)


async def test_a_code_from_telegram_typed_on_zalo_shows_the_same_questions(db):
    await add_commune(db)
    deps = await two_channels(db)
    telegram, zalo = Chat(deps, "5001", channel="telegram"), Chat(deps, "z-5001", channel="zalo_bot")
    await register(telegram)
    assert "TT-0001" in await ask(telegram)
    code = code_in(await telegram.send("/link"))
    assert "Linked, Nguyễn Văn An" in await zalo.send(f"/link {code}")
    assert "TT-0001" in await zalo.send("/mytickets")


async def test_a_resident_registered_on_both_keeps_every_question_after_linking(db):
    await add_commune(db)
    deps = await two_channels(db)
    telegram, zalo = Chat(deps, "5101", channel="telegram"), Chat(deps, "z-5101", channel="zalo_bot")
    await register(telegram)
    await ask(telegram, "Câu hỏi trên Telegram")
    await register(zalo)
    await ask(zalo, "Câu hỏi trên Zalo")
    code = code_in(await zalo.send("/link"))
    await telegram.send(f"/link {code}")
    for chat in (telegram, zalo):
        listing = await chat.send("/mytickets")
        assert "TT-0001" in listing and "TT-0002" in listing


async def test_a_linking_code_works_once_and_not_after_it_expires(db):
    await add_commune(db)
    clock = Clock()
    deps = await two_channels(db, clock)
    owner, first, second = (Chat(deps, "5201", channel="telegram"), Chat(deps, "z-5201", channel="zalo_bot"),
                            Chat(deps, "z-5202", channel="zalo_bot"))
    await register(owner)
    code = code_in(await owner.send("/link"))
    await first.send(f"/link {code}")
    assert "not valid or has expired" in await second.send(f"/link {code}")
    late = code_in(await owner.send("/link"))
    clock.now += timedelta(minutes=deps.link_code_minutes + 1)
    assert "not valid or has expired" in await second.send(f"/link {late}")
    assert "/start" in await second.send("/mytickets")


async def test_a_wrong_code_changes_nothing(db):
    await add_commune(db)
    deps = await two_channels(db)
    stranger = Chat(deps, "z-5301", channel="zalo_bot")
    assert "not valid or has expired" in await stranger.send("/link 12345678")
    assert "/start" in await stranger.send("/mytickets")
