"""The fault suite at scale, against the local Bot API server (and, for `restart`, a PostgreSQL of its own):

  restart — residents ask questions through the real bot while PostgreSQL is restarted (immediate mode, i.e. every
            backend killed and crash recovery) K times; acknowledged questions lost (goal 0), apologies, restarts
  direct  — residents send /help while sends answer 429 (a share) and 5xx (a share); replies lost (goal 0), how
            many waited in the outbox
  outbox  — a broadcast of several messages per chat through one worker in a 429/5xx storm; lost, duplicated,
            out of order (goals 0), failed rows
  order   — the same broadcast through two `doithoai deliver` processes on flood control; lost, duplicated, out of
            order (goals 0), rate against Telegram's 30 msg/s
  burst   — one chat floods while others each send /mytickets, with the per-chat burst limit and without; the
            others' reply latency, the noisy chat's slow-downs (goal 1) and held updates
  kill    — bench/broadcast.py's SIGKILL run (lost 0, duplicates at most the sends in flight)

    .venv/bin/python bench/faults.py [--runs restart,direct,outbox,order,burst,kill] [--scale 1.0]
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from bench.broadcast import run as broadcast_run  # noqa: E402
from bench.scratch import scratch_database  # noqa: E402
from bot.outbox import OutboxWorker  # noqa: E402
from bot.pacing import ChannelLimits  # noqa: E402
from bot.telegram.sender import TelegramSender  # noqa: E402
from fakes.telegram import FakeTelegram  # noqa: E402
from storage.db import Database, make_engine  # noqa: E402
from storage.models import Delivery, ProcessedUpdate, ThrottledUpdate  # noqa: E402
from tests.residents import ask_through_restarts  # noqa: E402
from tests.telegram_harness import BOT_USERNAME, TOKEN, running_bot  # noqa: E402

FIRST = 3_000_000


async def count(database: Database, stmt) -> int:
    async with database.unit_of_work() as uow:
        return int(await uow.session.scalar(stmt) or 0)


async def wait_until(check, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await check():
            return True
        await asyncio.sleep(0.1)
    return False


async def restart(residents: int, questions: int, restarts: int) -> None:
    run = await ask_through_restarts(residents, questions, restarts, FIRST)
    people, total = run.residents, residents * questions
    acknowledged = {code: (str(p.user_id), text) for p in people for code, text in p.acknowledged.items()}
    lost = [code for code, asked in acknowledged.items() if run.stored.get(code) != asked]
    print(f"[restart] residents={residents} questions={total} (5 updates each) restarts={len(run.took)} "
          f"taking {', '.join(f'{t:.1f}s' for t in run.took)}; wall={run.wall:.1f}s = {total * 5 / run.wall:.0f} "
          "updates/s")
    print(f"[restart] acknowledged={len(acknowledged)} stored={len(run.stored)} lost={len(lost)} "
          f"apologies={sum(p.apologies for p in people)} (a resident does the step again after one)", flush=True)


async def direct(people: int, messages: int, refuse: float, fail: float) -> None:
    async with scratch_database() as url, FakeTelegram(flood_control=True) as fake:
        fake.add_bot(TOKEN, BOT_USERNAME)
        database = Database(make_engine(url))
        async with running_bot(database, fake=fake) as (phone, app):
            users = [phone.person(FIRST + i, f"Cư dân {i}") for i in range(people)]
            fake.refuse_sends(ratio=refuse, retry_after=2)
            fake.fail_sends(ratio=fail, status=502)
            started = time.monotonic()

            async def one(user: int) -> None:
                for n in range(messages):
                    fake.inject_message(TOKEN, user, "/help")
                    await fake.wait_for_sent(TOKEN, user, n + 1, timeout=120)

            results = await asyncio.gather(*(one(user) for user in users), return_exceptions=True)
            wall = time.monotonic() - started
            received = sum(len(fake.sent(TOKEN, user)) for user in users)
            handed = await count(database, select(func.count()).select_from(Delivery).where(Delivery.kind == "reply"))
        await database.dispose()
    print(f"[direct] residents={people} replies={people * messages} wall={wall:.1f}s storm: 429 share={refuse} "
          f"(retry_after 2 s), 5xx share={fail}; injected {fake.faults_injected}, flood-control 429s={fake.refusals}")
    print(f"[direct] received={received} lost={people * messages - received} via outbox={handed} "
          f"residents who gave up waiting={sum(isinstance(r, Exception) for r in results)}", flush=True)


def out_of_order(fake: FakeTelegram, chats, per_chat: int) -> tuple[int, int, int]:
    """(lost, duplicates, chats out of order) of a broadcast whose texts are "#0".."#n" per chat."""
    lost = duplicates = disordered = 0
    for chat in chats:
        texts = [m.text for m in fake.sent(TOKEN, chat)]
        numbers = [int(t.split("#")[1]) for t in texts]
        lost += len(set(range(per_chat)) - set(numbers))
        duplicates += len(numbers) - len(set(numbers))
        disordered += numbers != sorted(numbers)
    return lost, duplicates, disordered


async def queue(database: Database, chats, per_chat: int) -> int:
    async with database.unit_of_work() as uow:
        bot = await uow.repo.ensure_bot("telegram", TOKEN.split(":")[0], BOT_USERNAME)
        await uow.repo.enqueue_many({"bot_id": bot.id, "channel": "telegram", "chat_id": str(chat), "kind": "bench",
                                     "payload": {"text": f"Thông báo #{n}"}} for n in range(per_chat) for chat in chats)
        await uow.commit()
    return bot.id


def open_chats(fake: FakeTelegram, chats) -> None:
    fake.add_bot(TOKEN, BOT_USERNAME)
    for chat in chats:
        fake.user(chat, f"Cư dân {chat}")
        fake.open_chat(TOKEN, chat)


async def outbox(chats: int, per_chat: int, refuse: float, fail: float) -> None:
    from telegram import Bot

    ids = range(FIRST, FIRST + chats)
    async with scratch_database() as url, FakeTelegram() as fake:
        open_chats(fake, ids)
        database = Database(make_engine(url))
        bot_id = await queue(database, ids, per_chat)
        fake.refuse_sends(ratio=refuse, retry_after=1)
        fake.fail_sends(ratio=fail, status=502)
        async with Bot(TOKEN, base_url=f"{fake.url}/bot") as bot:
            limits = ChannelLimits(per_second=200, chat_interval=0.05, group_interval=0.05, in_flight=16)
            worker = OutboxWorker(database, bot_id, TelegramSender(bot, limits), poll_seconds=0.1)
            started = time.monotonic()
            await worker.run_until_idle(timeout=600)
            wall = time.monotonic() - started
        done = await count(database, select(func.count()).select_from(Delivery).where(Delivery.status == "sent"))
        failed = await count(database, select(func.count()).select_from(Delivery).where(Delivery.status == "failed"))
        await database.dispose()
    lost, duplicates, disordered = out_of_order(fake, ids, per_chat)
    print(f"[outbox] chats={chats} messages={chats * per_chat} wall={wall:.1f}s storm: 429 share={refuse}, "
          f"5xx share={fail}; injected {fake.faults_injected}")
    print(f"[outbox] sent={done} failed={failed} lost={lost} duplicates={duplicates} chats out of order={disordered}",
          flush=True)


async def order(chats: int, per_chat: int) -> None:
    ids = range(FIRST, FIRST + chats)
    async with scratch_database() as url:
        fake = FakeTelegram(flood_control=True)
        await fake.start()
        open_chats(fake, ids)
        database = Database(make_engine(url))
        try:
            await queue(database, ids, per_chat)
            total = chats * per_chat
            workers = [start_worker(fake, url) for _ in range(2)]
            started = time.monotonic()
            sent = select(func.count()).select_from(Delivery).where(Delivery.status == "sent")
            await wait_until(lambda: _at_least(database, sent, total), 900)
            wall = time.monotonic() - started
            for worker in workers:
                worker.terminate()
                worker.wait(10)
        finally:
            await database.dispose()
            await fake.stop()
    lost, duplicates, disordered = out_of_order(fake, ids, per_chat)
    print(f"[order] two workers, chats={chats} messages={total} wall={wall:.1f}s = {total / wall:.1f} msg/s "
          f"({total / wall / 30:.0%} of 30/s; a chat takes one a second) 429s={fake.refusals}")
    print(f"[order] lost={lost} duplicates={duplicates} chats out of order={disordered}", flush=True)


def start_worker(fake: FakeTelegram, url: str) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.url,
               LOG_LEVEL="WARNING", OUTBOX_POLL_SECONDS="0.2")
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "deliver"], cwd=ROOT, env=env)


async def _at_least(database: Database, stmt, wanted: int) -> bool:
    return await count(database, stmt) >= wanted


async def burst(noise: int, others: int, limit: int) -> None:
    async with scratch_database() as url, FakeTelegram(flood_control=True) as fake:
        fake.add_bot(TOKEN, BOT_USERNAME)
        database = Database(make_engine(url))
        async with running_bot(database, fake=fake, chat_burst_updates=limit) as (phone, app):
            noisy = phone.person(FIRST, "Ồn ào")
            people = [phone.person(FIRST + 1 + i, f"Cư dân {i}") for i in range(others)]
            for i in range(noise):
                fake.inject_message(TOKEN, noisy, f"tin nhắn {i}")
            started = time.monotonic()
            for person in people:
                fake.inject_message(TOKEN, person, "/mytickets")

            async def answered(person: int) -> float:
                await fake.wait_for_sent(TOKEN, person, 1, timeout=300)
                return time.monotonic() - started

            latencies = sorted(await asyncio.gather(*(answered(p) for p in people)))
            processed = select(func.count()).select_from(ProcessedUpdate)
            if limit:  # without a limit the noisy chat's answers trickle out at Telegram's 1 a second for minutes
                await wait_until(lambda: _at_least(database, processed, noise + others), 600)
            done = await count(database, processed) - others
            held = await count(database, select(func.count()).select_from(ThrottledUpdate))
            wall = time.monotonic() - started
            got = [m.text for m in fake.sent(TOKEN, noisy)]
        await database.dispose()
    slow = sum("too quickly" in text for text in got)
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    label = f"limit {limit} in 10 s" if limit else "no limit"
    print(f"[burst] {label}: one chat sends {noise} at once, {others} others /mytickets; others answered "
          f"p50={cuts[49]:.2f}s p99={cuts[98]:.2f}s max={latencies[-1]:.2f}s")
    print(f"[burst] {label}: after {wall:.1f}s {done} of the noisy chat's {noise} updates were taken ({held} of them "
          f"held unprocessed), and it had got {len(got)} messages ({slow} slow-down)", flush=True)


def main() -> None:
    logging.basicConfig(level=logging.ERROR, format="  log: %(levelname)s %(name)s %(message)s")
    logging.getLogger("telegram").setLevel(logging.CRITICAL)  # PTB logs every 502 page it cannot parse as JSON
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", default="restart,direct,outbox,order,burst,kill")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every size")
    args = parser.parse_args()
    n = lambda size: max(1, int(size * args.scale))  # noqa: E731
    runs = {"restart": lambda: restart(n(100), 3, 3),
            "direct": lambda: direct(n(50), 4, 0.3, 0.1),
            "outbox": lambda: outbox(n(500), 4, 0.2, 0.1),
            "order": lambda: order(n(300), 3),
            "burst": lambda: _bursts(n(300), n(50)),
            "kill": lambda: broadcast_run("kill", n(2000))}
    for name in args.runs.split(","):
        asyncio.run(runs[name]())


async def _bursts(noise: int, others: int) -> None:
    await burst(noise, others, 20)
    await burst(noise, others, 0)


if __name__ == "__main__":
    main()
