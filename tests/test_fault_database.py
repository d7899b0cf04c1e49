"""PostgreSQL restarted under load (a server of the test's own, never the shared one): every question the bot
acknowledged with a ticket code is in the database afterwards, and the bot serves on without a restart of its own."""
from __future__ import annotations

import asyncio

import pytest

from storage.db import Database, make_engine
from tests.private_postgres import private_postgres
from tests.residents import APOLOGY, ask_all, registered_residents, restart_at, stored_questions
from tests.test_direct_replies import poll
from tests.support import add_commune
from tests.telegram_harness import BOT_USERNAME, TOKEN, running_bot

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
RESIDENTS, QUESTIONS_EACH = 16, 3


async def test_a_database_restarted_under_load_keeps_every_acknowledged_question():
    async with private_postgres() as (pg, url):
        database = Database(make_engine(url))
        try:
            commune_id = await add_commune(database)
            async with running_bot(database) as (phone, app):
                residents = await registered_residents(database, phone.fake, TOKEN, BOT_USERNAME, commune_id,
                                                       range(500, 500 + RESIDENTS))
                total = RESIDENTS * QUESTIONS_EACH
                restarting = asyncio.create_task(restart_at(pg, residents, [total // 3]))
                await asyncio.gather(ask_all(residents, QUESTIONS_EACH), restarting)
            stored = await stored_questions(database)
        finally:
            await database.dispose()
    assert pg.restarts == 1
    acknowledged = {code: (str(r.user_id), text) for r in residents for code, text in r.acknowledged.items()}
    assert len(acknowledged) == total  # every resident got every question through, the restart notwithstanding
    assert {code: stored.get(code) for code in acknowledged} == acknowledged


async def test_an_update_that_meets_the_database_down_is_answered_once_it_is_back_not_with_an_apology(caplog):
    async with private_postgres() as (pg, url):
        database = Database(make_engine(url))
        try:
            async with running_bot(database) as (phone, app):
                lan = phone.person(600, "Lan")
                assert "/ask" in await phone.say(lan, "/help")
                await pg.stop_now()
                phone.fake.inject_message(TOKEN, lan, "/help")
                await poll(lambda: _tried(caplog), what="the bot meeting the database down")
                await pg.start()
                await phone.fake.wait_for_sent(TOKEN, lan, 2, timeout=60)
                texts = phone.texts(lan)
        finally:
            await database.dispose()
    assert len(texts) == 2 and "/ask" in texts[1] and APOLOGY not in texts[1], texts


async def _tried(caplog) -> bool:
    return any(record.levelname in ("WARNING", "ERROR") and "chat=600" in record.getMessage()
               for record in caplog.records)
