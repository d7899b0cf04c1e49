"""PostgreSQL restarted under load (a server of the test's own, never the shared one): every question the bot
acknowledged with a ticket code is in the database afterwards, and the bot serves on without a restart of its own."""
from __future__ import annotations

import pytest

from storage.db import Database, make_engine
from tests.fixtures import poll
from tests.private_postgres import private_postgres
from tests.residents import APOLOGY, ask_through_restarts
from tests.telegram_harness import TOKEN, running_bot

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
RESIDENTS, QUESTIONS_EACH = 16, 3


async def test_a_database_restarted_under_load_keeps_every_acknowledged_question():
    run = await ask_through_restarts(RESIDENTS, QUESTIONS_EACH, restarts=1, first_id=500)
    assert run.restarts == 1
    acknowledged = {code: (str(r.user_id), text) for r in run.residents for code, text in r.acknowledged.items()}
    assert len(acknowledged) == RESIDENTS * QUESTIONS_EACH  # every question got through, the restart notwithstanding
    assert {code: run.stored.get(code) for code in acknowledged} == acknowledged


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
