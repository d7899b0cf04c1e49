"""The sandbox's clock (issue 14): "+1 ngày" / "+1 tuần" move the bot's time forward and run the reminder pass, so a
newcomer sees the demo session's preparation come due — over real HTTP against the real bot and the local Bot API
server. A real deployment keeps the real clock: only the sandbox builds a clock that moves."""
from __future__ import annotations

import asyncio
import inspect

import aiohttp

from bot import app as bot_app
from bot.config import Settings
from bot.sandbox.clock import SandboxClock
from tests.sandbox_harness import ChatPage, phone_browser, sandbox_on

CHAIR = 910005


async def _get(session: aiohttp.ClientSession, url: str) -> tuple[int, dict]:
    async with session.get(url) as response:
        return response.status, await response.json()


async def _post(session: aiohttp.ClientSession, url: str, body: dict) -> tuple[int, dict]:
    async with session.post(url, json=body) as response:
        return response.status, await response.json()


async def _bot_texts(session: aiohttp.ClientSession, address: str, persona: int) -> list[str]:
    _, view = await _get(session, f"{address}api/chat?persona={persona}&chat={persona}")
    return [m["text"] for m in view.get("messages", []) if m["from"] == "bot"]


async def _wait_for(session, address: str, persona: int, needle: str) -> list[str]:
    texts: list[str] = []
    for _ in range(1500):  # up to ~30 s on a loaded machine; returns as soon as it arrives
        texts = await _bot_texts(session, address, persona)
        if any(needle in text for text in texts):
            return texts
        await asyncio.sleep(0.02)
    raise AssertionError(f"{needle!r} never reached {persona}: {texts}")


async def test_a_week_forward_brings_the_demo_sessions_overdue_preparation_to_the_chair(db):
    async with sandbox_on(db) as address, aiohttp.ClientSession() as session:
        status, before = await _get(session, address + "api/clock?lang=vi")
        assert status == 200 and before["days"] == 0
        assert await _bot_texts(session, address, CHAIR) == []

        status, moved = await _post(session, address + "api/clock?lang=vi", {"days": 3})  # only a day or a week
        assert status == 400
        assert (await _get(session, address + "api/clock?lang=vi"))[1]["days"] == 0

        status, moved = await _post(session, address + "api/clock?lang=vi", {"days": 7})
        assert status == 200 and moved["days"] == 7 and moved["queued"] > 0
        # the demo session is 14 days away: a week on, its questions should have been consolidated (10 days before)
        texts = await _wait_for(session, address, CHAIR, "❗")
        overdue = [t for t in texts if t.startswith("❗")]
        assert any("Tổng hợp" in t for t in overdue), overdue
        assert all("/prepare" in t for t in overdue)

        status, again = await _post(session, address + "api/clock?lang=vi", {"days": 1})
        assert status == 200 and again["days"] == 8


def test_only_the_sandbox_moves_the_clock():
    clock = SandboxClock()
    start = clock()
    clock.forward(7)
    assert (clock() - start).days == 7
    assert "clock" not in Settings.model_fields and "offset" not in " ".join(Settings.model_fields)
    assert bot_app.BotApp.__dataclass_fields__["clock"].default is bot_app.utcnow
    assert "SandboxClock" not in inspect.getsource(bot_app)


async def test_the_page_buttons_move_the_clock_and_the_chair_reads_what_came_due(db, tmp_path):
    from playwright.async_api import expect

    async with sandbox_on(db) as address, phone_browser() as page:
        chat = ChatPage(page, tmp_path)
        await page.goto(address)
        await expect(page.locator("#clock-now")).to_contain_text("Đồng hồ của Trợ lý")
        shown = await page.locator("#clock-now").text_content()
        await page.locator("#clock-week").click()
        await expect(page.locator("#clock-now")).not_to_have_text(shown)
        await chat.be("Hoàng Văn Minh")
        await chat.expect_bot_says("Quá hạn")
        await chat.shot("clock-a-week-on")
        await page.locator("#clock-day").click()
        await expect(page.locator("#clock-now")).not_to_have_text(shown)
