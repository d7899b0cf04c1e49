"""End-to-end harness: the real bot with only Zalo configured, against the local Zalo servers over HTTP."""
from __future__ import annotations

import re
from contextlib import asynccontextmanager

from cryptography.fernet import Fernet

from bot.app import BotApp
from bot.config import SecretStr, Settings
from fakes.zalo import FakeZaloBot, FakeZaloOA
from tests.telegram_harness import free_port

BOT_TOKEN = "1234567890:e2e-zalo-bot-secret"
WEBHOOK_SECRET = "zalo-webhook-secret-123"
APP_ID = "2717493526131234567"
APP_SECRET = "app-secret-key-xyz"  # the application's: OAuth token refreshes
OA_SECRET = "oa-secret-key-abc"  # the OA's: webhook signatures
SECRET_KEY = Fernet.generate_key().decode()  # DOITHOAI_SECRET_KEY: the OA's tokens are stored encrypted


def settings_for(bot: FakeZaloBot, oa: FakeZaloOA, *, webhook: bool, zns: dict[str, str] | None = None) -> Settings:
    port = free_port()
    return Settings(_env_file=None, database_url="unused", host="127.0.0.1", port=port,
                    webhook_base_url=f"http://127.0.0.1:{port}" if webhook else "",
                    zalo_bot_token=SecretStr(BOT_TOKEN), zalo_api_base_url=bot.url,
                    zalo_webhook_secret=SecretStr(WEBHOOK_SECRET) if webhook else None,
                    zalo_oa_app_id=APP_ID, zalo_app_secret_key=SecretStr(APP_SECRET),
                    zalo_oa_secret_key=SecretStr(OA_SECRET),
                    zalo_oa_refresh_token=SecretStr(oa.issue_refresh_token()), zalo_oa_oauth_url=oa.url,
                    zalo_oa_api_url=oa.url, zalo_zns_api_url=oa.url, zalo_zns_templates=zns or {},
                    doithoai_secret_key=SecretStr(SECRET_KEY), outbox_poll_seconds=0.1)


@asynccontextmanager
async def running_zalo(database, *, webhook: bool = False, zns: dict[str, str] | None = None,
                       settings_update: dict | None = None, **switches):
    """Both Zalo channels and nothing else; yields (bot server, OA server, app)."""
    bot, oa = FakeZaloBot(**switches), FakeZaloOA(APP_ID, APP_SECRET, OA_SECRET)
    await bot.start()
    await oa.start()
    bot.add_bot(BOT_TOKEN, "Đối thoại xã")
    settings = settings_for(bot, oa, webhook=webhook, zns=zns).model_copy(update=settings_update or {})
    app = BotApp(settings, database)
    try:
        await app.start()
        oa.webhook_url = f"http://127.0.0.1:{app.web_port}/zalo/oa/{APP_ID}"
        yield bot, oa, app
    finally:
        await app.stop()
        await bot.stop()
        await oa.stop()


def number_of(text: str, label_part: str) -> str:
    """The number a person types for the numbered line that contains label_part."""
    for match in re.finditer(r"^(\d+)\. (.*)$", text, re.MULTILINE):
        if label_part in match.group(2):
            return match.group(1)
    raise AssertionError(f"no numbered option with {label_part!r} in {text!r}")


class BotUser:
    """A person on the Zalo Bot Platform: types, and reads what the bot sent."""

    def __init__(self, fake: FakeZaloBot, user_id: str) -> None:
        self.fake, self.user_id = fake, user_id

    async def say(self, text: str, expect: int = 1) -> str:
        before = len(self.fake.sent(BOT_TOKEN, self.user_id)) if BOT_TOKEN in self.fake.bots else 0
        self.fake.inject_text(BOT_TOKEN, self.user_id, text)
        sent = await self.fake.wait_for_sent(BOT_TOKEN, self.user_id, before + expect)
        return "\n".join(s.text for s in sent[before:])


class OAUser:
    """A person following the commune's OA."""

    def __init__(self, fake: FakeZaloOA, user_id: str) -> None:
        self.fake, self.user_id = fake, user_id

    async def say(self, text: str, expect: int = 1) -> str:
        before = len(self.fake.sent(self.user_id))
        assert await self.fake.send_text(self.user_id, text) == 200
        sent = await self.fake.wait_for_sent(self.user_id, before + expect)
        return "\n".join(s.text for s in sent[before:])

    async def follow(self, expect: int = 2) -> str:
        assert await self.fake.follow(self.user_id) == 200
        sent = await self.fake.wait_for_sent(self.user_id, expect)
        return "\n".join(s.text for s in sent)


async def register(user, *, village: str = "Lân Luông", phone: str = "0912 345 678", start: bool = True) -> str:
    """Consent, name, village and phone by typing numbers, as a Zalo user does, then announcements chosen; returns
    the reply that confirms the registration."""
    consent = await (user.say("/start", expect=2) if start else user.follow())
    name_prompt = await user.say(number_of(consent, "Đồng ý"), expect=2)
    assert "họ và tên" in name_prompt
    villages = await user.say("Nguyễn Văn An")
    phone_prompt = await user.say(number_of(villages, village), expect=2)
    assert "số điện thoại" in phone_prompt
    registered = await user.say(phone, expect=2)  # registered, then the optional announcements question
    assert "được nhắc" in await user.say(number_of(registered, "Đồng ý"))
    return registered
