"""Broadcast delivery against the flood-controlled local Bot API server: rate, 429s, lost and duplicated messages.

Three runs, each sending one message to each of N residents through `doithoai deliver` worker processes:
  single  — one worker;                    goal: ≥ 95 % of Telegram's 30 msg/s, 0 × 429, 0 lost, 0 duplicates
  kill    — one worker SIGKILLed at a random moment and restarted;  goal: 0 lost, duplicates reported
  two     — two workers on one database;   goal: 0 duplicates, combined rate

    .venv/bin/python bench/broadcast.py [--recipients 10000] [--runs single,kill,two]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch_database  # noqa: E402
from fakes.telegram import FakeTelegram  # noqa: E402
from storage.db import Database, make_engine  # noqa: E402

TOKEN = "820001:bench-broadcast"
TELEGRAM_LIMIT = 30.0
FIRST_USER = 1_000_000


async def queue_broadcast(database: Database, recipients: int) -> None:
    async with database.unit_of_work() as uow:
        bot = await uow.repo.ensure_bot("telegram", TOKEN.split(":")[0], "bench_broadcast_bot")
        rows = ({"bot_id": bot.id, "channel": "telegram", "chat_id": str(FIRST_USER + i), "kind": "bench",
                 "payload": {"text": f"Thông báo hội nghị đối thoại — người nhận {i}"}} for i in range(recipients))
        await uow.repo.enqueue_many(rows)
        await uow.commit()


def start_worker(fake: FakeTelegram, url: str) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.url,
               LOG_LEVEL="WARNING", OUTBOX_POLL_SECONDS="0.2")
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "deliver"], cwd=ROOT, env=env)


async def finished(database: Database) -> tuple[int, float, float]:
    """(rows with a final outcome, first sent_at, last sent_at as epoch seconds)."""
    async with database.engine.connect() as connection:
        row = (await connection.execute(text(
            "select count(*) filter (where status in ('sent','unreachable','failed')), "
            "extract(epoch from min(sent_at)), extract(epoch from max(sent_at)) from delivery"))).one()
    return int(row[0]), float(row[1] or 0), float(row[2] or 0)


async def run(kind: str, recipients: int) -> None:
    async with scratch_database() as url:
        await _run(kind, recipients, url)


async def _run(kind: str, recipients: int, url: str) -> None:
    fake = FakeTelegram(flood_control=True)
    await fake.start()
    fake.add_bot(TOKEN, "bench_broadcast_bot")
    for i in range(recipients):
        fake.user(FIRST_USER + i, f"Cư dân {i}")
        fake.open_chat(TOKEN, FIRST_USER + i)
    database = Database(make_engine(url))
    try:
        await queue_broadcast(database, recipients)
        workers = [start_worker(fake, url) for _ in range(2 if kind == "two" else 1)]
        started, killed_at = time.monotonic(), None
        kill_after = random.uniform(2, max(3.0, recipients / TELEGRAM_LIMIT * 0.8)) if kind == "kill" else None
        while (await finished(database))[0] < recipients:
            await asyncio.sleep(0.5)
            if kill_after and killed_at is None and time.monotonic() - started > kill_after:
                workers[0].send_signal(signal.SIGKILL)
                workers[0].wait()
                killed_at = time.monotonic() - started
                workers[0] = start_worker(fake, url)
        wall = time.monotonic() - started
        for worker in workers:
            worker.terminate()
            worker.wait(10)
        report(kind, fake, recipients, await finished(database), wall, killed_at)
    finally:
        await database.dispose()
        await fake.stop()


def report(kind, fake, recipients, outcome, wall, killed_at) -> None:
    done, first, last = outcome
    received = [len(fake.sent(TOKEN, FIRST_USER + i)) for i in range(recipients)]
    lost = sum(1 for n in received if n == 0)
    duplicates = sum(n - 1 for n in received if n > 1)
    rate = (recipients - 1) / (last - first) if last > first else 0.0
    print(f"[{kind}] recipients={recipients} done={done} wall={wall:.1f}s"
          + (f" killed_at={killed_at:.1f}s" if killed_at is not None else ""))
    print(f"[{kind}] rate={rate:.2f} msg/s = {rate / TELEGRAM_LIMIT:.1%} of {TELEGRAM_LIMIT:.0f}/s "
          f"(first to last send; wall-clock rate {recipients / wall:.2f}/s)")
    print(f"[{kind}] 429s={fake.refusals} lost={lost} duplicates={duplicates}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--runs", default="single,kill,two")
    args = parser.parse_args()
    for kind in args.runs.split(","):
        asyncio.run(run(kind, args.recipients))


if __name__ == "__main__":
    main()
