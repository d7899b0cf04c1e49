"""Acknowledgement pass cost: one `handlers.questions.acknowledgement.tick` over N new submissions nobody has
acted on yet.

Creates a throwaway database with one commune, one secretary, one chair and N new questions received over the last
20 days (their acknowledgement dates set as at intake), then times: the first pass (reminders and escalations),
a quiet pass after it, and a pass over N questions received before the clock existed (dates filled in). Goal: a
pass over 10,000 waiting submissions well under the 60 s reminder period.

    .venv/bin/python bench/acknowledgement.py [--questions 10000]
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import insert, update

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.admin import add_commune  # noqa: E402
from handlers.commune.deadlines import Rule, due_date  # noqa: E402
from handlers.commune.policy import deadline_policy  # noqa: E402
from handlers.commune.workdays import WorkCalendar  # noqa: E402
from handlers.conversation.i18n import VIETNAM  # noqa: E402
from handlers.questions.acknowledgement import tick  # noqa: E402
from bench.scratch import scratch_database  # noqa: E402
from storage.db import Database, make_engine  # noqa: E402
from storage.models import Bot, ChannelAccount, Person, Question, StaffMember  # noqa: E402

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)


async def seed(database: Database, n: int) -> None:
    calendar, policy = WorkCalendar(), deadline_policy({})
    async with database.unit_of_work() as uow:
        commune = await uow.repo.commune_by_code("25252")
        bot = (await uow.session.execute(insert(Bot).values(channel="telegram", external_id="1", username="b")
                                         .returning(Bot.id))).scalar_one()
        for role, user in (("secretary", "8"), ("chair", "9")):
            person = (await uow.session.execute(insert(Person).values(commune_id=commune.id, full_name=role)
                                                .returning(Person.id))).scalar_one()
            await uow.session.execute(insert(ChannelAccount).values(bot_id=bot, channel="telegram",
                                                                    external_user_id=user, chat_id=user,
                                                                    person_id=person, language="vi"))
            await uow.session.execute(insert(StaffMember).values(commune_id=commune.id, person_id=person, role=role))
        rows = []
        for i in range(n):
            received = NOW - timedelta(days=i % 20)
            rows.append(dict(commune_id=commune.id, code=f"TT-{i:05d}", asker_id=person, topic="land", text="…",
                             state="new", created_at=received,
                             ack_due_on=due_date(Rule.PETITION_ACK, received.astimezone(VIETNAM).date(), policy,
                                                 calendar.is_working_day)))
        for start in range(0, n, 2000):
            await uow.session.execute(insert(Question), rows[start:start + 2000])
        await uow.commit()


async def timed(label: str, database: Database, now: datetime) -> None:
    started = time.perf_counter()
    queued = await tick(database.unit_of_work, now)
    print(f"{label}: {time.perf_counter() - started:.2f} s, {queued} messages queued")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    args = parser.parse_args()
    async with scratch_database() as database_url:
        database = Database(make_engine(database_url))
        await add_commune(database, "25252", "Thiện Tân", ["Thôn Lân Luông"])
        await seed(database, args.questions)
        print(f"{args.questions} new submissions received over the last 20 days")
        await timed("first pass (reminders and escalations)", database, NOW)
        await timed("quiet pass after it", database, NOW + timedelta(minutes=1))
        async with database.unit_of_work() as uow:  # as migration 0011 leaves questions received before it
            await uow.session.execute(update(Question).values(ack_due_on=None, ack_reminded_at=None,
                                                              ack_escalated_at=None))
            await uow.commit()
        await timed("pass filling dates of older submissions", database, NOW + timedelta(minutes=2))
        await database.dispose()

if __name__ == "__main__":
    asyncio.run(main())
