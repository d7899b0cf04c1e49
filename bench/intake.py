"""Intake throughput: simulated residents complete the ask-a-question flow against the local Bot API server.

Runs the real bot (`doithoai run`, real PostgreSQL) and a bare PTB echo bot as subprocesses against one local Bot API
server in this process, both started before anything is measured, and prints for both:
- capacity: N residents acting all at once, each step sent as soon as the last was answered (updates/s), in
  --rounds rounds that alternate between the bots (bot, echo, bot, echo, ...) with new residents each round, so
  whatever else the machine does meets both alike; the goal is judged on each bot's best round (as timeit advises:
  slower rounds measure the other processes on the machine), every round is printed;
- latency: M residents pausing 0.5-1.5 s between steps like people typing (p50/p99 from update to answer);
- CPU: seconds each bot's own process spent per update (psutil), a figure the machine's other load barely moves.
Before measuring, WARM_UP residents go through each flow (see warm_up). Goal: the bot reaches at least 0.8x the echo
bot's capacity, with p99 under 50 ms at the paced load.

    .venv/bin/python bench/intake.py [--residents 100] [--paced 100] [--rounds 3]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch_database  # noqa: E402
from bot.admin import add_commune  # noqa: E402
from fakes.telegram import FakeTelegram  # noqa: E402
from storage.db import Database, make_engine  # noqa: E402
from sqlalchemy import text  # noqa: E402

BOT_TOKEN, ECHO_TOKEN = "810001:bench-bot", "810002:bench-echo"
BOT_FIRST, ECHO_FIRST = 10000, 20000  # the residents' user ids: warm-up, the capacity rounds, then the paced ones
WARM_UP = 5  # residents through the flow before measuring, for both bots (see warm_up)


class Resident:
    """One simulated person: acts, then waits until the bot has answered (new messages and/or edits)."""

    def __init__(self, fake: FakeTelegram, token: str, user_id: int, latencies: list[float],
                 pause: tuple[float, float] = (0.0, 0.0)) -> None:
        self.fake, self.token, self.user_id, self.latencies = fake, token, user_id, latencies
        self.pause = pause

    def _seen(self) -> tuple[int, int]:
        sent = self.fake.sent(self.token, self.user_id)
        return len(sent), sum(m.edited for m in sent)

    async def _step(self, act, new: int, edits: int, timed: bool) -> None:
        if timed and self.pause[1]:
            await asyncio.sleep(random.uniform(*self.pause))
        count, edited = self._seen()
        started = time.perf_counter()
        act()
        while True:
            now_count, now_edited = self._seen()
            if now_count >= count + new and now_edited >= edited + edits:
                break
            await self.fake.world.sent_changed.wait(10)
        if timed:
            self.latencies.append(time.perf_counter() - started)

    async def say(self, text_: str, new: int = 1, edits: int = 0, timed: bool = True) -> None:
        await self._step(lambda: self.fake.inject_message(self.token, self.user_id, text_), new, edits, timed)

    async def press(self, label: str, new: int = 0, edits: int = 1, timed: bool = True) -> None:
        for message in reversed(self.fake.sent(self.token, self.user_id)):
            for row in (message.reply_markup or {}).get("inline_keyboard", []):
                for button in row:
                    if label in button["text"]:
                        data, message_id = button["callback_data"], message.message_id
                        await self._step(lambda: self.fake.press_button(self.token, self.user_id, message_id, data),
                                         new, edits, timed)
                        return
        texts = [m.text[:80] for m in self.fake.sent(self.token, self.user_id)]
        raise RuntimeError(f"no button {label!r} for {self.user_id}; the chat shows {texts}")

    async def register(self) -> None:
        await self.say("/start", new=2, timed=False)
        await self.press("Agree", new=1, timed=False)  # handling my questions → the transfer abroad (Telegram)
        await self.press("Agree", new=1, timed=False)  # the transfer abroad → the name
        await self.say(f"Cư dân số {self.user_id}", timed=False)
        await self.press("Lân Luông", new=1, timed=False)
        await self.say("Skip", new=2, timed=False)  # registered, and the announcements question (left unanswered)

    async def ask(self) -> None:
        await self.say("/ask")
        await self.press("General questions")
        await self.press("Land")
        await self.say(f"Câu hỏi của cư dân {self.user_id} về đất đai?")
        await self.press("Send")

    async def echo(self) -> None:
        for i in range(5):
            await self.say(f"tin nhắn {i}")


def spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    """The bot's log goes to a file read at the end: a pipe nobody reads fills up (64 KB of warnings, e.g. callback
    answers too late on a loaded machine) and then blocks the bot's every write, which hung the run."""
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(args, env={**os.environ, **env}, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
    process.log = log  # type: ignore[attr-defined]
    return process


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, and a minute for the clean stop (a busy shared machine can take more than 10 s)."""
    process.terminate()
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def log_of(process: subprocess.Popen) -> str:
    process.log.seek(0)  # type: ignore[attr-defined]
    return process.log.read().decode(errors="replace")  # type: ignore[attr-defined]


async def wait_until_polling(fake: FakeTelegram, token: str, process: subprocess.Popen) -> None:
    for _ in range(600):
        if fake.calls.get("getUpdates", 0) and fake.commands(token, {"type": "default"}, "vi"):
            return
        if process.poll() is not None:
            raise RuntimeError(log_of(process)[-2000:])
        await asyncio.sleep(0.05)
    raise RuntimeError("the bot never started polling")


def summary(name: str, updates: int, seconds: float, latencies: list[float], cpu: float) -> tuple[float, float]:
    cuts = statistics.quantiles(latencies, n=100)
    rate = updates / seconds
    print(f"  {name:<25} {updates:>6} updates in {seconds:6.2f} s = {rate:7.1f} updates/s   "
          f"p50 {cuts[49] * 1000:7.1f} ms   p99 {cuts[98] * 1000:7.1f} ms   CPU {cpu * 1000:5.2f} ms/update")
    return rate, cuts[98]


async def sessions_opened(database_url: str) -> int:
    """Connections ever opened to the scratch database (pg_stat_database.sessions, PostgreSQL 14+)."""
    engine = make_engine(database_url, pool_size=1)
    async with engine.connect() as connection:
        count = await connection.scalar(text("select sessions from pg_stat_database where datname = current_database()"))
    await engine.dispose()
    return int(count or 0)


def cpu_seconds(process: subprocess.Popen) -> float:
    times = psutil.Process(process.pid).cpu_times()
    return times.user + times.system


async def measure(fake: FakeTelegram, token: str, first_id: int, count: int, pause: tuple[float, float],
                  flow: str, label: str, process: subprocess.Popen) -> tuple[float, float, float]:
    """(updates/s, p99 latency, CPU seconds the bot's process spent per update)."""
    latencies: list[float] = []
    people = [Resident(fake, token, first_id + i, latencies, pause) for i in range(count)]
    started, cpu = time.perf_counter(), cpu_seconds(process)
    await asyncio.gather(*(getattr(p, flow)() for p in people))
    cpu = (cpu_seconds(process) - cpu) / len(latencies)
    phase = "paced" if pause[1] else "capacity"
    return (*summary(f"{label}, {phase}", len(latencies), time.perf_counter() - started, latencies, cpu), cpu)


async def registered(fake: FakeTelegram, token: str, first_id: int, count: int, register: bool) -> None:
    people = [Resident(fake, token, first_id + i, []) for i in range(count)]
    for person in people:
        fake.user(person.user_id, "Cư dân", language_code="en")
    if register:  # 25 at a time: not measured, and all at once only made the machine's load spike
        for start in range(0, len(people), 25):
            await asyncio.gather(*(p.register() for p in people[start:start + 25]))


async def warm_up(fake: FakeTelegram, token: str, first_id: int, flow: str) -> None:
    """WARM_UP residents go through the flow, one after the other, before anything is measured: what a process does
    once (a handler module or library loaded on first use, a statement compiled and cached) is not throughput."""
    for person in [Resident(fake, token, first_id + i, []) for i in range(WARM_UP)]:
        await getattr(person, flow)()


@asynccontextmanager
async def echo_bot(fake: FakeTelegram, people: int) -> AsyncIterator[subprocess.Popen]:
    fake.add_bot(ECHO_TOKEN, "bench_echo_bot")
    process = spawn([sys.executable, "bench/echo_bot.py"],
                    {"TELEGRAM_BOT_TOKEN": ECHO_TOKEN, "TELEGRAM_API_BASE_URL": fake.url})
    try:
        for _ in range(200):
            if fake.calls.get("getUpdates", 0) >= 2:
                break
            await asyncio.sleep(0.05)
        await registered(fake, ECHO_TOKEN, ECHO_FIRST, people, register=False)
        yield process
    finally:
        stop(process)


@asynccontextmanager
async def dialogue_bot(fake: FakeTelegram, people: int, database_url: str) -> AsyncIterator[subprocess.Popen]:
    fake.add_bot(BOT_TOKEN, "bench_doithoai_bot")
    process = spawn([sys.executable, "-m", "bot.cli", "run"],
                    {"TELEGRAM_BOT_TOKEN": BOT_TOKEN, "TELEGRAM_API_BASE_URL": fake.url, "DATABASE_URL": database_url,
                     "PORT": "0", "HOST": "127.0.0.1", "LOG_LEVEL": "WARNING"})
    try:
        await wait_until_polling(fake, BOT_TOKEN, process)
        await registered(fake, BOT_TOKEN, BOT_FIRST, people, register=True)
        yield process
    finally:
        stop(process)
        errors = log_of(process)
        failures = [line for line in errors.splitlines() if " ERROR " in line
                    and "one more time to mark all fetched updates" not in line]  # PTB's last poll, cut by SIGTERM
        if failures:
            print(f"the bot logged {len(failures)} errors:", *failures[:3], sep="\n  ")
            print("the last lines it wrote:", *errors.splitlines()[-12:], sep="\n")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=100, help="residents acting all at once (capacity)")
    parser.add_argument("--paced", type=int, default=100, help="residents pausing between steps (latency)")
    parser.add_argument("--rounds", type=int, default=3, help="capacity rounds per bot, alternating")
    args = parser.parse_args()
    people = WARM_UP + args.residents * args.rounds + args.paced
    bot_label, echo_label = "Đối thoại bot", "echo bot"
    async with scratch_database() as database_url:
        database = Database(make_engine(database_url))
        await add_commune(database, "25252", "Thiện Tân", ["Thôn Lân Luông", "Thôn Bến Đá"])
        await database.dispose()
        async with FakeTelegram() as fake:
            print(f"ask flow: 5 updates per resident; capacity with {args.residents} residents at once, "
                  f"{args.rounds} rounds per bot alternating; latency with {args.paced} residents pausing 0.5-1.5 s; "
                  "local Bot API server in this process")
            async with dialogue_bot(fake, people, database_url) as bot, echo_bot(fake, people) as echo:
                await warm_up(fake, BOT_TOKEN, BOT_FIRST, "ask")
                await warm_up(fake, ECHO_TOKEN, ECHO_FIRST, "echo")
                opened = await sessions_opened(database_url)
                if os.environ.get("BENCH_PROFILE"):  # py-spy (pip install py-spy) samples the bot for 12 s
                    subprocess.Popen([str(ROOT / ".venv/bin/py-spy"), "record", "-o", os.environ["BENCH_PROFILE"],
                                      "-f", "raw", "-p", str(bot.pid), "-d", "12"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                rounds: dict[str, list[tuple[float, float, float]]] = {bot_label: [], echo_label: []}
                for number in range(args.rounds):
                    first = WARM_UP + number * args.residents
                    rounds[bot_label].append(await measure(fake, BOT_TOKEN, BOT_FIRST + first, args.residents,
                                                           (0, 0), "ask", bot_label, bot))
                    rounds[echo_label].append(await measure(fake, ECHO_TOKEN, ECHO_FIRST + first, args.residents,
                                                            (0, 0), "echo", echo_label, echo))
                paced_first = WARM_UP + args.rounds * args.residents
                bot_paced = await measure(fake, BOT_TOKEN, BOT_FIRST + paced_first, args.paced, (0.5, 1.5), "ask",
                                          bot_label, bot)
                echo_paced = await measure(fake, ECHO_TOKEN, ECHO_FIRST + paced_first, args.paced, (0.5, 1.5),
                                           "echo", echo_label, echo)
                print(f"  database connections the bot opened while measured: "
                      f"{await sessions_opened(database_url) - opened}")
    best_bot, best_echo = max(rounds[bot_label]), max(rounds[echo_label])
    ratio = best_bot[0] / best_echo[0]
    print(f"capacity, best round of {args.rounds}: bot {best_bot[0]:.1f} updates/s, echo bot {best_echo[0]:.1f} "
          f"updates/s, ratio {ratio:.2f}x (goal >= 0.80x): {'met' if ratio >= 0.8 else 'NOT met'}; round by round "
          + ", ".join(f"{b[0] / e[0]:.2f}x" for b, e in zip(rounds[bot_label], rounds[echo_label])))
    cpu_bot = statistics.median(r[2] for r in rounds[bot_label])
    cpu_echo = statistics.median(r[2] for r in rounds[echo_label])
    print(f"CPU per update in each bot's own process (capacity, median round; PostgreSQL's share not counted): bot "
          f"{cpu_bot * 1000:.2f} ms, echo bot {cpu_echo * 1000:.2f} ms: the echo bot's cost is "
          f"{cpu_echo / cpu_bot:.2f}x the bot's (what the capacity ratio tends to on an idle machine)")
    print(f"paced p99: bot {bot_paced[1] * 1000:.0f} ms (goal < 50 ms): {'met' if bot_paced[1] < 0.05 else 'NOT met'}; "
          f"echo bot p99 {echo_paced[1] * 1000:.0f} ms; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    asyncio.run(main())
