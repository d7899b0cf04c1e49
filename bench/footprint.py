"""Footprint: how fast `doithoai run` and `doithoai deliver` import, and how much memory they hold on an idle commune.

Prints, for each process:
- import time of its start-up path in a fresh interpreter, --repeat runs interleaved with a baseline of PTB + aiohttp +
  SQLAlchemy asyncio measured the same way; the goal is judged on the fastest run of each (as timeit advises: slower
  runs measure the other processes on the machine), the median is printed beside it;
- start-up time (spawned → serving) and resident memory (VmRSS from /proc) once started and idle;
- resident memory after the chair made one /report (chart, spreadsheet and the two official documents), and how
  long the first and a second /report took: the report libraries' cost moves to the first report, it does not vanish.
The bot's own modules and catalogs are compiled first, as the image ships them (see compile_sources).
Both processes are real subprocesses against the local Bot API server (in this process) and a scratch database
with the demo commune, one question under follow-up and a published conclusion.
Goals: import within 1.6x the baseline; at most 100 MB resident when idle, for each process.

    .venv/bin/python bench/footprint.py [--repeat 7]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.scratch import scratch_database  # noqa: E402
from bot.sandbox.demo import PEOPLE, SANDBOX_BOT_USERNAME, SANDBOX_TOKEN, load_demo_data  # noqa: E402
from fakes.telegram import FakeTelegram  # noqa: E402
from storage.db import Database, make_engine  # noqa: E402
from storage.models import DialogueSession, Question, StaffMember  # noqa: E402

BASELINE = "import telegram, telegram.ext, aiohttp, sqlalchemy.ext.asyncio"
# What each command imports before it serves: bot.cli, then inside main the same function as here
# (bot/cli.py load_start_up): `run` the whole bot (bot.app), `deliver` only the outbox workers (bot.deliver).
START_UP = {name: f"import bot.cli; bot.cli.load_start_up({name!r})" for name in ("run", "deliver")}
CHAIR = next(p.user_id for p in PEOPLE if p.role == "chair")
GOAL_RATIO, GOAL_MB = 1.6, 100.0


def timed_import(code: str) -> tuple[float, float]:
    """(seconds, MB resident) for `code` in a fresh interpreter, timed inside it (interpreter start excluded)."""
    probe = (f"import time\nstarted = time.perf_counter()\n{code}\nseconds = time.perf_counter() - started\n"
             "rss = open('/proc/self/status').read().split('VmRSS:')[1].split()[0]\nprint(seconds, rss)")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    seconds, rss_kb = out.stdout.split()
    return float(seconds), int(rss_kb) / 1024


def compile_sources() -> None:
    """Byte-compile the bot's own modules and catalogs, as the image does (Dockerfile) and pip does for every
    library: without it a process that may not write __pycache__ (or PYTHONDONTWRITEBYTECODE=1) compiles them at
    every start."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "bot", "handlers", "storage", "fakes"], cwd=ROOT,
                   check=True)
    subprocess.run([sys.executable, "-c", "from handlers.conversation.i18n import write_compiled; write_compiled()"],
                   cwd=ROOT, check=True)  # the catalogs' .mo files, as the image has them


def import_times(repeat: int) -> dict[str, tuple[float, float, float]]:
    """(fastest s, median s, median MB) per start-up path; runs interleaved so machine load hits all alike."""
    codes = {"baseline": BASELINE, **START_UP}
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in codes}
    for _ in range(repeat):
        for name, code in codes.items():
            runs[name].append(timed_import(code))
    return {name: (min(s for s, _ in r), statistics.median(s for s, _ in r), statistics.median(m for _, m in r))
            for name, r in runs.items()}


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) / 1024


async def settled_rss(process: subprocess.Popen, deadline: float = 20.0) -> float:
    """Resident memory once it stops moving (within 0.5 MB over a second), or at the deadline."""
    samples: list[float] = []
    for _ in range(int(deadline / 0.25)):
        _alive(process)
        samples.append(rss_mb(process.pid))
        if len(samples) >= 5 and max(samples[-5:]) - min(samples[-5:]) < 0.5:
            break
        await asyncio.sleep(0.25)
    return samples[-1]


def _alive(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        raise RuntimeError(process.stderr.read().decode()[-2000:])


async def until(check, process: subprocess.Popen, what: str, timeout: float = 60.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if check():
            return
        _alive(process)
        await asyncio.sleep(0.02)
    raise RuntimeError(f"{what} never happened")


def spawn(command: str, fake: FakeTelegram, database_url: str) -> subprocess.Popen:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": SANDBOX_TOKEN, "TELEGRAM_API_BASE_URL": fake.url,
           "DATABASE_URL": database_url, "HOST": "127.0.0.1", "PORT": "0", "LOG_LEVEL": "WARNING"}
    return subprocess.Popen([sys.executable, "-m", "bot.cli", command], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def prepare(database_url: str) -> int:
    """The demo commune, with its session's conclusion published so /report makes the documents too, and one
    question assigned with a due date a month away: the follow-up pass reads the working-day calendar, as it does
    in any commune with work in progress, yet nothing falls due."""
    database = Database(make_engine(database_url))
    try:
        await load_demo_data(database)
        async with database.unit_of_work() as uow:
            session_id = await uow.session.scalar(select(DialogueSession.id))
            roles = {m.role: m.person_id for m in await uow.session.scalars(select(StaffMember))}
            now = datetime.now(timezone.utc)
            question = await uow.session.scalar(select(Question).order_by(Question.id))
            question.state, question.department_code = "assigned", "kinh-te"
            question.due_on = (now + timedelta(days=30)).date()
            await uow.repo.save_conclusion(session_id, text="UBND xã tiếp thu các ý kiến của Nhân dân.",
                                           drafted_by=roles["secretary"], drafted_at=now, approved_by=roles["chair"],
                                           approved_at=now, published_at=now, notice_no=1, minutes_no=1)
            await uow.commit()
        return session_id
    finally:
        await database.dispose()


async def report(fake: FakeTelegram, process: subprocess.Popen, session_id: int) -> float:
    """Seconds from the chair's /report to its last file (chart, spreadsheet, notice, minutes)."""
    before = len(fake.sent(SANDBOX_TOKEN, CHAIR))
    started = time.perf_counter()
    fake.inject_message(SANDBOX_TOKEN, CHAIR, f"/report {session_id}")
    await until(lambda: len(fake.sent(SANDBOX_TOKEN, CHAIR)) >= before + 4, process, "the report")
    return time.perf_counter() - started


async def measure_processes(repeat: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    async with scratch_database() as database_url:
        session_id = await prepare(database_url)
        async with FakeTelegram() as fake:
            fake.add_bot(SANDBOX_TOKEN, SANDBOX_BOT_USERNAME)
            fake.user(CHAIR, "Hoàng Văn Minh", language_code="vi")
            started = time.perf_counter()
            run = spawn("run", fake, database_url)
            deliver = None
            try:
                await until(lambda: fake.calls.get("getUpdates", 0), run, "polling")
                figures["run start"] = time.perf_counter() - started
                figures["run idle"] = await settled_rss(run)
                me_calls, started = fake.calls.get("getMe", 0), time.perf_counter()
                deliver = spawn("deliver", fake, database_url)
                await until(lambda: fake.calls.get("getMe", 0) > me_calls, deliver, "the worker's getMe")
                figures["deliver start"] = time.perf_counter() - started
                figures["deliver idle"] = await settled_rss(deliver)
                figures["first report"] = await report(fake, run, session_id)
                figures["second report"] = await report(fake, run, session_id)
                figures["run after"] = await settled_rss(run)
                figures["deliver after"] = await settled_rss(deliver)
            finally:
                for process in (run, deliver):
                    if process is not None:
                        process.terminate()
                        process.wait(10)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="fresh interpreters per import measurement")
    args = parser.parse_args()
    compile_sources()
    imports = import_times(args.repeat)
    base_s, base_median, base_mb = imports["baseline"]
    print(f"import in {args.repeat} fresh interpreters each (timed inside, interpreter start excluded): "
          "fastest / median, resident memory")
    print(f"  {'baseline PTB + aiohttp + SQLAlchemy asyncio':<69} {base_s:6.3f} / {base_median:6.3f} s  "
          f"{base_mb:6.1f} MB")
    for name in START_UP:
        seconds, median, mb = imports[name]
        print(f"  doithoai {name:<8} {START_UP[name]:<52} {seconds:6.3f} / {median:6.3f} s  {mb:6.1f} MB   "
              f"{seconds / base_s:4.2f}x / {median / base_median:4.2f}x baseline (goal <= {GOAL_RATIO}x: "
              f"{'met' if seconds / base_s <= GOAL_RATIO else 'NOT met'})")
    figures = asyncio.run(measure_processes(args.repeat))
    print("processes on the idle demo commune (resident memory, VmRSS):")
    for name in ("run", "deliver"):
        idle = figures[f"{name} idle"]
        print(f"  doithoai {name:<8} serving after {figures[f'{name} start']:5.2f} s   idle {idle:6.1f} MB "
              f"(goal <= {GOAL_MB:.0f} MB: {'met' if idle <= GOAL_MB else 'NOT met'})   "
              f"after one /report {figures[f'{name} after']:6.1f} MB")
    print(f"  /report (chart, .xlsx, 2 .docx): first {figures['first report']:.2f} s (loads the libraries), "
          f"second {figures['second report']:.2f} s")


if __name__ == "__main__":
    main()
