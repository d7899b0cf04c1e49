"""The embedded PostgreSQL: restarted when it dies under the bot (/healthz says so meanwhile), stopped on exit.

Every server here is our own pgserver in a temporary folder; the shared server on 127.0.0.1:5432 is never touched.
"""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
import psutil

from bot.admin import add_commune
from bot.app import open_database
from bot.config import Settings
from fakes.telegram import FakeTelegram
from tests.telegram_harness import TOKEN, ask_as_resident, free_port, running_bot

DEADLINE = 120.0  # seconds; generous: a loaded machine starts PostgreSQL slowly


def postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "pgdata" / "postmaster.pid").read_text().splitlines()[0])


def running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


async def until(check, what: str, deadline: float = DEADLINE):
    """Poll an async or plain check until it returns something truthy."""
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline
    while loop.time() < end:
        result = check()
        result = await result if asyncio.iscoroutine(result) else result
        if result:
            return result
        await asyncio.sleep(0.02)
    raise TimeoutError(what)


async def health(port: int) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
            return response.status, await response.json()


async def healthy(port: int) -> bool:
    status, body = await health(port)
    return status == 200 and body["ok"] is True and body["database"] == "ok"


def postmaster_pid_or_zero(data_dir: Path) -> int:
    try:
        return postmaster_pid(data_dir)
    except FileNotFoundError:
        return 0


async def test_a_killed_embedded_server_is_restarted_and_healthz_says_so_meanwhile(embedded_dir):
    opened = await open_database(Settings(_env_file=None, database_url="", data_dir=embedded_dir))
    try:
        await add_commune(opened.database, "25252", "Thiện Tân", ["Thôn Lân Luông"])
        async with running_bot(opened.database, embedded=opened.embedded, database_watch_seconds=0.2) as (phone, app):
            assert await healthy(app.web_port)
            first = postmaster_pid(embedded_dir)
            os.kill(first, signal.SIGKILL)

            async def unhealthy():
                status, body = await health(app.web_port)
                return status == 503 and body

            body = await until(unhealthy, "healthz never reported the dead database")
            assert body["ok"] is False and body["database"] in ("restarting", "unreachable")
            await until(lambda: healthy(app.web_port), "healthz never became healthy again")
            now = postmaster_pid(embedded_dir)
            assert app.health.restarts == 1 and running(now) and now != first
            await ask_as_resident(phone, phone.person(5601, "An"))  # the bot works on the restarted server
    finally:
        await opened.close()
    assert not running(postmaster_pid_or_zero(embedded_dir)) and not running(first)


async def test_stopping_the_app_stops_the_embedded_server(embedded_dir):
    opened = await open_database(Settings(_env_file=None, database_url="", data_dir=embedded_dir))
    pid = postmaster_pid(embedded_dir)
    async with running_bot(opened.database, embedded=opened.embedded) as (phone, app):
        assert running(pid)
    await opened.close()
    assert not running(pid)


def bot_environment(data_dir: Path, fake: FakeTelegram) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_URL", "DOITHOAI"))}
    return {**environment, "DATABASE_URL": "", "DATA_DIR": str(data_dir), "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": fake.url, "PORT": str(free_port()), "WEBHOOK_BASE_URL": "", "HOST": ""}


async def test_sigterm_stops_the_bot_and_its_embedded_server(embedded_dir):
    async with FakeTelegram() as fake:
        fake.add_bot(TOKEN, "doithoai_e2e_bot")
        environment = bot_environment(embedded_dir / "data", fake)  # the bot runs in its own process
        log = (embedded_dir / "bot.log").open("w")
        process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env=environment, cwd=embedded_dir,
                                   stdout=log, stderr=log)
        try:
            port = int(environment["PORT"])
            await until(lambda: _answers(port), "the bot never answered /healthz")
            pid = postmaster_pid(embedded_dir / "data")
            process.send_signal(signal.SIGTERM)
            await until(lambda: process.poll() is not None, "the bot did not exit on SIGTERM")
        finally:
            if process.poll() is None:
                process.kill()
            log.close()
        assert process.returncode == 0, (embedded_dir / "bot.log").read_text()[-2000:]
    assert not running(pid)


async def _answers(port: int) -> bool:
    try:
        return await healthy(port)
    except aiohttp.ClientError:
        return False


def test_the_embedded_server_stops_at_interpreter_exit_without_a_clean_close(embedded_dir):
    script = ("import asyncio, sys\n"
              "from bot.app import open_database\n"
              "from bot.config import Settings\n"
              "settings = Settings(_env_file=None, database_url='', data_dir=sys.argv[1])\n"
              "opened = asyncio.run(open_database(settings, run_migrations=False))\n"
              "print(open(sys.argv[1] + '/pgdata/postmaster.pid').read().split()[0])\n")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", script, str(embedded_dir)], cwd=root, capture_output=True, text=True,
                          timeout=DEADLINE)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not running(int(done.stdout.split()[-1]))
