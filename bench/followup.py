"""Follow-up pass cost: one `handlers.conclusions.followup.tick` over N questions waiting for written answers.

Creates a throwaway database with one commune, one officer and N assigned questions whose due dates spread over the
next 30 days, then times: a pass where nothing is due yet, the pass that sends the reminders, and a quiet pass after
it; and the raw working-day arithmetic. Goal: a pass over 10,000 open questions well under the 60 s reminder period.

    .venv/bin/python bench/followup.py [--questions 10000]
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.admin import add_commune  # noqa: E402
from handlers.commune.deadlines import add_working_days  # noqa: E402
from handlers.conclusions.followup import tick  # noqa: E402
from handlers.commune.workdays import WorkCalendar  # noqa: E402
from bench.scratch import scratch_database  # noqa: E402
from storage.db import Database, make_engine  # noqa: E402
from storage.models import Bot, ChannelAccount, Person, Question, StaffMember  # noqa: E402

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)


async def seed(database: Database, n: int) -> None:
    async with database.unit_of_work() as uow:
        commune = await uow.repo.commune_by_code("25252")
        bot = (await uow.session.execute(insert(Bot).values(channel="telegram", external_id="1", username="b")
                                         .returning(Bot.id))).scalar_one()
        officer = (await uow.session.execute(insert(Person).values(commune_id=commune.id, full_name="Cán bộ")
                                             .returning(Person.id))).scalar_one()
        await uow.session.execute(insert(ChannelAccount).values(bot_id=bot, channel="telegram", external_user_id="9",
                                                                chat_id="9", person_id=officer, language="vi"))
        await uow.session.execute(insert(StaffMember).values(commune_id=commune.id, person_id=officer,
                                                             role="officer", department_code="kinh-te"))
        today = NOW.date()
        rows = [dict(commune_id=commune.id, code=f"TT-{i:05d}", asker_id=officer, topic="land", text="…",
                     state="assigned", department_code="kinh-te", due_on=today + timedelta(days=3 + i % 30))
                for i in range(n)]
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
    calendar, started = WorkCalendar(), time.perf_counter()
    for k in range(10_000):
        add_working_days(date(2026, 1, 1) + timedelta(days=k % 365), 10, calendar.is_working_day)
    print(f"working-day arithmetic: {10_000 / (time.perf_counter() - started):,.0f} deadlines/s (10 working days)")
    async with scratch_database() as database_url:
        database = Database(make_engine(database_url))
        await add_commune(database, "25252", "Thiện Tân", ["Thôn Lân Luông"])
        await seed(database, args.questions)
        print(f"{args.questions} assigned questions, due over the next 30 days")
        await timed("pass with nothing due", database, NOW - timedelta(days=30))
        await timed("pass sending reminders", database, NOW)
        await timed("quiet pass after it", database, NOW + timedelta(minutes=1))
        await database.dispose()

if __name__ == "__main__":
    asyncio.run(main())
