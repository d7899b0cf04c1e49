"""Broadcast delivery against the flood-controlled local Bot API server: rate, 429s, lost and duplicated messages.

Runs (pick with --runs; figures are printed, nothing is asserted):
  one     — one bot through `doithoai run` (polling), N residents plus village heads who each get the session card
            then its QR photo; goal: ≥ 95 % of Telegram's 30 msg/s, 0 × 429, every card before its QR, ≥ 1 s apart
  one2    — the same with a `doithoai deliver` worker beside `doithoai run` (two workers share the rows)
  many    — 20 registered bots × --per-bot recipients at once through ONE `doithoai run` and one PostgreSQL;
            goal: 0 × 429, 0 lost, 0 duplicates, aggregate rate beside the 20 × 30 msg/s allowed (≥ 400 msg/s)
  webhook — the `many` load in webhook mode behind a round-robin balancer: one process, then two, side by side
  single, kill, two — `doithoai deliver` workers alone: one; one SIGKILLed and restarted; two on one database

    .venv/bin/python bench/broadcast.py [--runs one,one2,many,webhook] [--recipients 3000] [--per-bot 1000]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch_database  # noqa: E402
from bot.admin import add_commune  # noqa: E402
from bot.registry import add_bot  # noqa: E402
from fakes.balancer import Balancer  # noqa: E402
from fakes.telegram import FakeTelegram  # noqa: E402
from storage.db import Database, make_engine  # noqa: E402
from storage.secrets import new_key  # noqa: E402

TOKEN = "820001:bench-broadcast"
TELEGRAM_LIMIT = 30.0
FIRST_USER = 1_000_000
FIRST_HEAD = 9_000_000
HEADS = 40
BOTS = 20
KEY = new_key()
WEBHOOK_SECRET = "bench-webhook-secret"


def bot_token(i: int) -> str:
    return f"83{i:04d}:bench-many-{i}"


@dataclass
class Load:
    """Who gets what: per bot token, the recipient chat ids; heads get a card and a QR photo."""

    recipients: dict[str, list[int]]
    heads: list[int] = field(default_factory=list)

    @property
    def messages(self) -> int:
        return sum(len(chats) for chats in self.recipients.values()) + 2 * len(self.heads)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process(command: str, url: str, fake: FakeTelegram, token: str = "", **extra: str) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, TELEGRAM_API_BASE_URL=fake.url, LOG_LEVEL="WARNING",
               OUTBOX_POLL_SECONDS="0.2", DOITHOAI_SECRET_KEY=KEY, HOST="127.0.0.1", PORT=str(free_port()),
               REMINDER_SECONDS="3600")
    env.update(extra)
    env.pop("TELEGRAM_BOT_TOKEN", None)
    if token:
        env["TELEGRAM_BOT_TOKEN"] = token
    return subprocess.Popen([sys.executable, "-m", "bot.cli", command], cwd=ROOT, env=env)


async def queue(database: Database, bot_id: int, chats: list[int], heads: list[int] = ()) -> None:
    """Heads first (their card, then its QR code, as an announcement queues them), then the residents."""
    rows = []
    for head in heads:
        link = f"https://t.me/bench_broadcast_bot?start=ask-1-{head}"
        rows.append({"chat_id": str(head), "kind": "broadcast.head", "payload": {"text": f"Phiếu hội nghị {head}"}})
        rows.append({"chat_id": str(head), "kind": "broadcast.head", "payload": {"qr": link, "caption": link}})
    rows += [{"chat_id": str(chat), "kind": "bench", "payload": {"text": f"Thông báo hội nghị đối thoại {chat}"}}
             for chat in chats]
    async with database.unit_of_work() as uow:
        await uow.repo.enqueue_many(dict(row, bot_id=bot_id, channel="telegram") for row in rows)
        await uow.commit()


async def finished(database: Database) -> int:
    async with database.engine.connect() as connection:
        return int(await connection.scalar(text(
            "select count(*) from delivery where status in ('sent','unreachable','failed')")) or 0)


async def wait_done(database: Database, total: int, workers: list[subprocess.Popen], timeout: float) -> float:
    started = time.monotonic()
    while await finished(database) < total:
        if time.monotonic() - started > timeout or any(w.poll() is not None for w in workers):
            print(f"  stopped waiting: {await finished(database)}/{total} done", flush=True)
            break
        await asyncio.sleep(0.5)
    return time.monotonic() - started


def stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
    for worker in workers:
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()


@dataclass
class Figures:
    messages: int
    rate: float
    refusals: int
    lost: int
    duplicates: int
    wall: float
    order_errors: int = 0
    min_gap: float | None = None


def measure(fake: FakeTelegram, load: Load, wall: float) -> Figures:
    stamps, lost, duplicates = [], 0, 0
    for token, chats in load.recipients.items():
        for chat in chats:
            sent = fake.sent(token, chat)
            lost += not sent
            duplicates += max(len(sent) - 1, 0)
            stamps += [m.accepted_at for m in sent]
    order_errors, gaps = 0, []
    for head in load.heads:
        sent = fake.sent(TOKEN, head)
        stamps += [m.accepted_at for m in sent]
        if [m.kind for m in sent] != ["text", "photo"]:
            order_errors += 1
            lost += max(2 - len(sent), 0)
            duplicates += max(len(sent) - 2, 0)
        else:
            gaps.append(sent[1].accepted_at - sent[0].accepted_at)
    stamps.sort()
    rate = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 and stamps[-1] > stamps[0] else 0.0
    return Figures(load.messages, rate, fake.refusals, lost, duplicates, wall, order_errors,
                   min(gaps) if gaps else None)


def print_figures(name: str, figures: Figures, allowed: float) -> None:
    print(f"[{name}] messages={figures.messages} wall={figures.wall:.1f}s rate={figures.rate:.1f} msg/s "
          f"= {figures.rate / allowed:.1%} of the {allowed:.0f} msg/s allowed")
    print(f"[{name}] 429s={figures.refusals} lost={figures.lost} duplicates={figures.duplicates}"
          + (f" heads: card-before-QR errors={figures.order_errors} min card→QR gap={figures.min_gap:.2f}s"
             if figures.min_gap is not None else ""), flush=True)


async def fake_with(load: Load, usernames: dict[str, str]) -> FakeTelegram:
    fake = FakeTelegram(flood_control=True)
    await fake.start()
    for token, chats in load.recipients.items():
        fake.add_bot(token, usernames[token])
        for chat in chats:
            fake.user(chat, f"Cư dân {chat}")
            fake.open_chat(token, chat)
    for head in load.heads:
        fake.user(head, f"Trưởng thôn {head}")
        fake.open_chat(TOKEN, head)
    return fake


# --- one bot through `doithoai run` ------------------------------------------------------------------------------
async def one_bot(recipients: int, extra_worker: bool) -> Figures:
    load = Load({TOKEN: [FIRST_USER + i for i in range(recipients)]}, [FIRST_HEAD + i for i in range(HEADS)])
    fake = await fake_with(load, {TOKEN: "bench_broadcast_bot"})
    async with scratch_database() as url:
        database = Database(make_engine(url))
        try:
            async with database.unit_of_work() as uow:
                bot = await uow.repo.ensure_bot("telegram", TOKEN.split(":")[0], "bench_broadcast_bot")
                await uow.commit()
            workers = [process("run", url, fake, TOKEN)]  # the rows are queued while it starts, as an announcement's
            await queue(database, bot.id, load.recipients[TOKEN], load.heads)
            if extra_worker:
                workers.append(process("deliver", url, fake, TOKEN))
            wall = await wait_done(database, load.messages, workers, timeout=load.messages / 10 + 120)
            stop(workers)
            return measure(fake, load, wall)
        finally:
            await database.dispose()
            await fake.stop()


# --- many bots ----------------------------------------------------------------------------------------------------
async def many_bots(per_bot: int, processes: int, webhook: bool) -> Figures:
    tokens = [bot_token(i) for i in range(BOTS)]
    load = Load({token: [FIRST_USER + b * per_bot + i for i in range(per_bot)] for b, token in enumerate(tokens)})
    fake = await fake_with(load, {token: f"bench_commune_{i}_bot" for i, token in enumerate(tokens)})
    balancer, workers = None, []
    async with scratch_database() as url:
        database = Database(make_engine(url))
        try:
            rows = {}
            for i, token in enumerate(tokens):
                code = f"9{i:04d}"
                await add_commune(database, code, f"Xã {i}", ["Thôn 1"])
                await add_bot(database, KEY, "telegram", token, [code], "bench")
            async with database.unit_of_work() as uow:
                rows = {bot.external_id: bot.id for bot in await uow.repo.registered_bots()}
            extra = {}
            if webhook:
                ports = [free_port() for _ in range(processes)]
                balancer = Balancer([f"http://127.0.0.1:{port}" for port in ports])
                await balancer.start()
                extra = {"WEBHOOK_BASE_URL": balancer.url, "WEBHOOK_SECRET": WEBHOOK_SECRET}
            for n in range(processes):
                if webhook:
                    extra["PORT"] = balancer.backends[n].rsplit(":", 1)[1]
                workers.append(process("run", url, fake, **extra))
            await wait_running(database, workers)
            for token in tokens:  # every commune announces at once
                await queue(database, rows[token.split(":")[0]], load.recipients[token])
            wall = await wait_done(database, load.messages, workers, timeout=load.messages / 50 + 180)
            stop(workers)
            return measure(fake, load, wall)
        finally:
            stop(workers)
            await database.dispose()
            if balancer is not None:
                await balancer.stop()
            await fake.stop()


async def wait_running(database: Database, workers: list[subprocess.Popen], timeout: float = 120) -> None:
    """Until every registered bot has been started by a process (its username learnt from getMe)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout and all(w.poll() is None for w in workers):
        async with database.engine.connect() as connection:
            if not await connection.scalar(text("select count(*) from bot where username = ''")):
                return
        await asyncio.sleep(0.5)


# --- `doithoai deliver` workers alone (as before) -----------------------------------------------------------------
async def deliver_only(kind: str, recipients: int) -> Figures:
    load = Load({TOKEN: [FIRST_USER + i for i in range(recipients)]})
    fake = await fake_with(load, {TOKEN: "bench_broadcast_bot"})
    async with scratch_database() as url:
        database = Database(make_engine(url))
        try:
            async with database.unit_of_work() as uow:
                bot = await uow.repo.ensure_bot("telegram", TOKEN.split(":")[0], "bench_broadcast_bot")
                await uow.commit()
            await queue(database, bot.id, load.recipients[TOKEN])
            workers = [process("deliver", url, fake, TOKEN) for _ in range(2 if kind == "two" else 1)]
            started, killed = time.monotonic(), False
            kill_after = random.uniform(2, max(3.0, recipients / TELEGRAM_LIMIT * 0.8))
            while await finished(database) < recipients:
                await asyncio.sleep(0.5)
                if kind == "kill" and not killed and time.monotonic() - started > kill_after:
                    workers[0].send_signal(signal.SIGKILL)
                    workers[0].wait()
                    killed = True
                    print(f"[kill] worker killed at {time.monotonic() - started:.1f}s", flush=True)
                    workers[0] = process("deliver", url, fake, TOKEN)
            wall = time.monotonic() - started
            stop(workers)
            return measure(fake, load, wall)
        finally:
            await database.dispose()
            await fake.stop()


async def main(runs: list[str], recipients: int, per_bot: int) -> None:
    for run in runs:
        if run in ("one", "one2"):
            print_figures(run, await one_bot(recipients, extra_worker=run == "one2"), TELEGRAM_LIMIT)
        elif run == "many":
            print_figures("many", await many_bots(per_bot, 1, webhook=False), BOTS * TELEGRAM_LIMIT)
        elif run == "webhook":
            single = await many_bots(per_bot, 1, webhook=True)
            double = await many_bots(per_bot, 2, webhook=True)
            print(f"[webhook] {BOTS} bots × {per_bot} recipients, webhook mode behind a round-robin balancer")
            print(f"[webhook] {'':14}{'one process':>14}{'two processes':>16}")
            for label, attr, form in (("rate msg/s", "rate", "{:.1f}"), ("wall s", "wall", "{:.1f}"),
                                      ("429s", "refusals", "{}"), ("lost", "lost", "{}"),
                                      ("duplicates", "duplicates", "{}")):
                print(f"[webhook] {label:<14}{form.format(getattr(single, attr)):>14}"
                      f"{form.format(getattr(double, attr)):>16}", flush=True)
        elif run in ("single", "kill", "two"):
            print_figures(run, await deliver_only(run, recipients), TELEGRAM_LIMIT)
        else:
            raise SystemExit(f"unknown run {run!r}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", default="one,one2,many,webhook")
    parser.add_argument("--recipients", type=int, default=3000, help="residents in the one-bot runs")
    parser.add_argument("--per-bot", type=int, default=1000, help="residents per bot in the many-bot runs")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.runs.split(","), arguments.recipients, arguments.per_bot))
