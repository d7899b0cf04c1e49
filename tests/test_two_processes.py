"""Several processes on one database, as a province runs it: two `doithoai run` processes in webhook mode behind a
round-robin load balancer that also redelivers some updates to the other process, and two `doithoai deliver`
workers. Nothing is handled twice, nothing is sent twice, and every chat reads its messages in order."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
from sqlalchemy import func, select

from bot.admin import add_commune
from fakes.balancer import Balancer
from fakes.telegram import FakeTelegram
from storage.models import ChannelAccount, ProcessedUpdate
from tests.telegram_harness import BOT_USERNAME, TOKEN, WEBHOOK_SECRET, Phone, free_port, resident_registers

ROOT = Path(__file__).resolve().parent.parent
RESIDENTS = [6501 + i for i in range(6)]
NOTICES = 5  # numbered messages queued per resident, sent by whichever worker takes them
DEADLINE = 120.0


def start(command: str, database_url: str, fake: FakeTelegram, log: Path, **extra: str) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TELEGRAM_", "ZALO_", "WEBHOOK"))}
    env.update(DATABASE_URL=database_url, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.url,
               LOG_LEVEL="WARNING", OUTBOX_POLL_SECONDS="0.2", REMINDER_SECONDS="3600", HOST="127.0.0.1", **extra)
    return subprocess.Popen([sys.executable, "-m", "bot.cli", command], cwd=ROOT, env=env,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)


async def healthy(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + DEADLINE
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise TimeoutError(f"the bot on port {port} never answered /healthz")


async def until(condition, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not await condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.1)


async def test_two_bot_processes_and_two_workers_handle_each_update_once_and_keep_each_chats_order(
        db, database_url, tmp_path):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    fake = FakeTelegram()
    await fake.start()
    fake.add_bot(TOKEN, BOT_USERNAME)
    ports = [free_port(), free_port()]
    balancer = Balancer([f"http://127.0.0.1:{port}" for port in ports], duplicate_every=3)
    await balancer.start()
    processes: list[subprocess.Popen] = []
    try:
        for n, port in enumerate(ports):
            log = tmp_path / f"run-{n}.log"
            processes.append(start("run", database_url, fake, log, PORT=str(port), WEBHOOK_BASE_URL=balancer.url,
                                   WEBHOOK_SECRET=WEBHOOK_SECRET))
            await healthy(port, processes[-1], log)
        for n in range(2):
            processes.append(start("deliver", database_url, fake, tmp_path / f"deliver-{n}.log"))

        phone = Phone(fake)
        for resident in RESIDENTS:
            phone.person(resident, f"Cư dân {resident}")
        # residents register at the same time; updates reach either process, some of them both
        await asyncio.gather(*(resident_registers(phone, resident) for resident in RESIDENTS))
        replies = {resident: [m.text for m in fake.sent(TOKEN, resident)] for resident in RESIDENTS}
        for texts in replies.values():  # exactly one answer per step, in the order the steps were taken
            assert len(texts) == 8 and "People's Committee" in texts[0] and "registered" in "\n".join(texts[-2:])
        assert balancer.duplicated > 0 and all(balancer.forwarded.values())

        async with db.unit_of_work() as uow:
            accounts = (await uow.session.scalars(select(ChannelAccount))).all()
            for account in accounts:
                for number in range(1, NOTICES + 1):
                    await uow.repo.enqueue(bot_id=account.bot_id, channel="telegram", chat_id=account.chat_id,
                                           kind="test", payload={"text": f"Thông báo số {number}"})
            await uow.commit()

        async def delivered() -> bool:
            return all(len(fake.sent(TOKEN, resident)) >= 8 + NOTICES for resident in RESIDENTS)

        await until(delivered, "the notices were not all delivered")
        for resident in RESIDENTS:
            notices = [m.text for m in fake.sent(TOKEN, resident)][8:]
            assert notices == [f"Thông báo số {n}" for n in range(1, NOTICES + 1)]  # once each, in order
        async with db.unit_of_work() as uow:
            seen = await uow.session.scalar(select(func.count()).select_from(ProcessedUpdate))
            distinct = await uow.session.scalar(select(func.count(func.distinct(ProcessedUpdate.update_id))))
        assert seen == distinct == 7 * len(RESIDENTS)  # /start, Agree ×2, name, village, Skip, Agree: each once
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        await balancer.stop()
        await fake.stop()
