"""The sandbox in-process on the test database, and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import shutil
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.config import Settings
from bot.sandbox.runner import running_sandbox

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 412, "height": 860}


@asynccontextmanager
async def sandbox_on(database):
    """The whole sandbox (local Bot API server, real bot, page) on this database; yields the page address."""
    settings = Settings(_env_file=None, database_url="unused-the-test-database-is-passed-in",
                        outbox_poll_seconds=0.2)
    async with running_sandbox(settings, database) as address:
        yield address


def chromium_or_skip() -> str:
    """Debian's Chromium; scripts/chromium installs it when root. Skip only where it truly is not there."""
    if CHROMIUM.exists():
        return str(CHROMIUM)
    found = shutil.which("chromium")
    if found:
        return found
    pytest.skip("Chromium is not installed and scripts/chromium could not install it "
                "(it needs root and apt-get: apt-get install -y chromium)")


@asynccontextmanager
async def phone_browser():
    """A headless Chromium page the size of a phone, never downloading Playwright's own browsers."""
    from playwright.async_api import async_playwright

    executable = chromium_or_skip()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            context = await browser.new_context(viewport=PHONE, device_scale_factor=1, locale="vi-VN")
            yield await context.new_page()
        finally:
            await browser.close()


class ChatPage:
    """What a person does on the sandbox page, in the words they see."""

    def __init__(self, page, shots: Path) -> None:
        self.page = page
        self.shots = shots

    async def be(self, name: str) -> None:
        await self.page.locator(".chip", has_text=name).click()
        await self.expect_title_has(name)

    async def expect_title_has(self, text: str) -> None:
        from playwright.async_api import expect

        await expect(self.page.locator("#chat-subtitle")).to_contain_text(text)

    async def start(self) -> None:
        await self.page.locator("#start-button").click()

    async def tap_key(self, label: str) -> None:
        await self.page.locator(".reply-keyboard button", has_text=label).click()

    async def press(self, label: str) -> None:
        await self.page.locator(".inline-buttons button", has_text=label).last.click()

    async def press_exactly(self, label: str) -> None:
        """A button whose whole label is this ("Đồng ý", not "Không đồng ý": has_text ignores case)."""
        import re

        await self.page.locator(".inline-buttons button", has_text=re.compile(f"^{re.escape(label)}$")).last.click()

    async def type(self, text: str) -> None:
        await self.page.locator("#text").fill(text)
        await self.page.locator("#text").press("Enter")

    async def expect_bot_says(self, text: str) -> None:
        from playwright.async_api import expect

        await expect(self.page.locator(".msg.bot", has_text=text).last).to_be_visible(timeout=10_000)

    async def shot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        await self.page.screenshot(path=str(path))
        return path
