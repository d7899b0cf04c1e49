"""End-to-end harness: the real bot (PTB Application, adapter, handlers, PostgreSQL) against the local Bot API."""
from __future__ import annotations

import socket
import struct
import zlib
from contextlib import asynccontextmanager
from dataclasses import dataclass


from bot.admin import invite_staff
from bot.app import BotApp
from bot.config import SecretStr, Settings
from fakes.telegram import FakeTelegram

TOKEN = "700001:E2E-test-token-abcdef"
BOT_USERNAME = "doithoai_e2e_bot"
WEBHOOK_SECRET = "e2e-webhook-secret_123"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def settings_for(fake: FakeTelegram, *, webhook: bool, **overrides) -> Settings:
    port = free_port()
    values = dict(_env_file=None, database_url="unused-the-test-database-is-passed-in",
                  telegram_bot_token=SecretStr(TOKEN), telegram_api_base_url=fake.url, host="127.0.0.1",
                  port=port, webhook_base_url=f"http://127.0.0.1:{port}" if webhook else "",
                  webhook_secret=SecretStr(WEBHOOK_SECRET) if webhook else None, outbox_poll_seconds=0.2)
    return Settings(**{**values, **overrides})


@asynccontextmanager
async def running_bot(database, *, webhook: bool = False, fake: FakeTelegram | None = None, embedded=None,
                      **settings):
    """The real bot on this database (and its embedded server, if any); keyword settings override the defaults."""
    own = fake is None
    fake = fake or FakeTelegram()
    if own:
        await fake.start()
        fake.add_bot(TOKEN, BOT_USERNAME)
    app = BotApp(settings_for(fake, webhook=webhook, **settings), database, embedded=embedded)
    await app.start()
    try:
        yield Phone(fake), app
    finally:
        await app.stop()
        if own:
            await fake.stop()


@dataclass
class Phone:
    """People using Telegram: they type, press buttons and read what the bot sent them."""

    fake: FakeTelegram
    token: str = TOKEN  # which bot they talk to

    def person(self, user_id: int, name: str, language: str = "en") -> int:
        self.fake.user(user_id, name, language_code=language)
        return user_id

    async def say(self, user_id: int, text: str, expect: int = 1) -> str:
        before = len(self.fake.sent(self.token, user_id))
        self.fake.inject_message(self.token, user_id, text)
        return await self.read_new(user_id, before, expect)

    async def read_new(self, user_id: int, before: int, expect: int = 1) -> str:
        sent = await self.fake.wait_for_sent(self.token, user_id, before + expect)
        return "\n".join(m.text for m in sent[before:])

    async def press(self, user_id: int, label: str, expect: int = 1) -> str:
        message, data = self.find_button(user_id, label)
        before = len(self.fake.sent(self.token, user_id))
        edits_before = message.edited
        self.fake.press_button(self.token, user_id, message.message_id, data)
        if expect:
            return await self.read_new(user_id, before, expect)
        await self.wait_edit(user_id, message, edits_before)
        return message.text

    async def wait_edit(self, user_id: int, message, edits_before: int) -> None:
        import asyncio

        for _ in range(1500):  # up to ~30 s on a loaded machine
            if message.edited > edits_before:
                return
            await asyncio.sleep(0.02)
        raise TimeoutError(f"message {message.message_id} was not edited")

    def find_button(self, user_id: int, label: str):
        for message in reversed(self.fake.sent(self.token, user_id)):
            for row in (message.reply_markup or {}).get("inline_keyboard", []):
                for button in row:
                    if label in button["text"]:
                        return message, button["callback_data"]
        raise AssertionError(f"no button {label!r} in chat {user_id}")

    async def wait_for_text(self, user_id: int, needle: str, timeout: float = 30.0) -> str:
        """The first message to this user containing needle, waiting for the outbox to deliver it."""
        import asyncio

        for _ in range(int(timeout / 0.02)):
            found = [text for text in self.texts(user_id) if needle in text]
            if found:
                return found[0]
            await asyncio.sleep(0.02)
        raise TimeoutError(f"{needle!r} never reached chat {user_id}; it has: {self.texts(user_id)}")

    def texts(self, user_id: int) -> list[str]:
        return [m.text for m in self.fake.sent(self.token, user_id)]


def tiny_png() -> bytes:
    """A valid 1×1 PNG, so the strict server accepts it as a photo."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


# --- people on the phone -------------------------------------------------------------------------------------------
async def agree_on_telegram(phone, user_id: int) -> str:
    """The notice, then the transfer abroad (Telegram's servers are outside Vietnam): the name prompt."""
    assert "abroad" in await phone.press(user_id, "Agree")
    return await phone.press(user_id, "Agree")


async def resident_registers(phone, user_id: int) -> None:
    assert "People's Committee" in await phone.say(user_id, "/start", expect=2)
    assert "full name" in await agree_on_telegram(phone, user_id)
    assert "village" in await phone.say(user_id, "Nguyễn Văn An")
    assert "phone" in await phone.press(user_id, "Lân Luông")
    assert "registered" in await phone.say(user_id, "Skip", expect=2)
    assert "reminded" in await phone.press(user_id, "Agree", expect=0)  # announcements, chosen


async def staff_joins(phone, database, user_id: int, role: str = "secretary") -> None:
    link = await invite_staff(database, "25252", role, None, None, BOT_USERNAME)
    assert link.startswith(f"https://t.me/{BOT_USERNAME}?start=staff-")
    await phone.say(user_id, "/start " + link.split("start=")[1], expect=2)
    await agree_on_telegram(phone, user_id)
    assert "Secretary" in await phone.say(user_id, "Lê Thị Thư")


async def ask_as_resident(phone, resident: int) -> None:
    await resident_registers(phone, resident)
    await phone.say(resident, "/ask")
    await phone.press(resident, "General questions", expect=0)
    await phone.press(resident, "Land", expect=0)
    await phone.say(resident, "Bao giờ được cấp sổ đỏ?")
    assert "TT-0001" in await phone.press(resident, "Send", expect=0)
