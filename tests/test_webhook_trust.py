"""Updates arrive only through the authenticated path: no webhook route in polling mode, never an empty secret."""
from __future__ import annotations

import time

import aiohttp
import pytest
from sqlalchemy import select

from bot.admin import add_commune
from bot.app import BotApp
from bot.config import SecretStr, Settings, SettingsError
from bot.web import build_web_app
from bot.zalo.oa_api import signature, signature_ok
from fakes.telegram import FakeTelegram
from storage.models import ProcessedUpdate
from tests.telegram_harness import TOKEN, ask_as_resident, running_bot, settings_for, staff_joins

BOT_ID = TOKEN.split(":")[0]
FORGED_UPDATE_ID = 777001


def forged_staff_command(staffer: int, resident: int) -> dict:
    """What an outsider can type: the secretary as sender, a resident's chat as the place the answer goes."""
    return {"update_id": FORGED_UPDATE_ID,
            "message": {"message_id": 9001, "date": int(time.time()), "text": "/q TT-0001",
                        "chat": {"id": resident, "type": "private", "first_name": "An"},
                        "from": {"id": staffer, "is_bot": False, "first_name": "Thư"},
                        "entities": [{"type": "bot_command", "offset": 0, "length": 2}]}}


async def post(url: str, body: dict, headers: dict[str, str]) -> int:
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json=body, headers=headers) as response:
            return response.status


async def test_a_forged_update_to_a_polling_bot_is_refused_and_changes_nothing(db):
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    async with running_bot(db) as (phone, app):
        resident, secretary = phone.person(5301, "An"), phone.person(5302, "Thư")
        await ask_as_resident(phone, resident)
        await staff_joins(phone, db, secretary)
        seen_by_resident = len(phone.fake.sent(TOKEN, resident))
        url = f"http://127.0.0.1:{app.web_port}/telegram/{BOT_ID}"
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": ""}):
            assert await post(url, forged_staff_command(secretary, resident), headers) in (403, 404)
        assert "Assign" not in await phone.say(resident, "/help")  # the chat still works, and shows no staff view
        new = phone.texts(resident)[seen_by_resident:]
        assert len(new) == 1 and not any("0912" in text or "Nguyễn Văn An" in text for text in new)
    async with db.unit_of_work() as uow:
        processed = (await uow.session.scalars(select(ProcessedUpdate.update_id))).all()
    assert str(FORGED_UPDATE_ID) not in processed


def webhook_settings(fake: FakeTelegram, secret: SecretStr | None) -> Settings:
    return Settings(_env_file=None, database_url="unused", telegram_bot_token=SecretStr(TOKEN),
                    telegram_api_base_url=fake.url, port=0, webhook_base_url="https://bot.example.org",
                    webhook_secret=secret)


@pytest.mark.parametrize("secret", [None, SecretStr(""), SecretStr("bad secret!")], ids=["unset", "empty", "invalid"])
async def test_webhook_mode_without_a_usable_secret_refuses_to_start(db, secret):
    fake = FakeTelegram()
    await fake.start()
    fake.add_bot(TOKEN, "doithoai_e2e_bot")
    try:
        with pytest.raises(SettingsError, match="WEBHOOK_SECRET"):
            await BotApp(webhook_settings(fake, secret), db).start()
        assert fake.calls["setWebhook"] == 0 and fake.calls["getMe"] == 0  # nothing started
    finally:
        await fake.stop()


async def test_the_web_server_listens_only_locally_unless_in_webhook_mode(db):
    polling = Settings(_env_file=None, telegram_bot_token=SecretStr(TOKEN))
    webhook = polling.model_copy(update={"webhook_base_url": "https://bot.example.org"})
    chosen = webhook.model_copy(update={"host": "10.0.0.5"})
    assert (polling.bind_host, webhook.bind_host, chosen.bind_host) == ("127.0.0.1", "0.0.0.0", "10.0.0.5")
    fake = FakeTelegram()
    await fake.start()
    fake.add_bot(TOKEN, "doithoai_e2e_bot")
    app = BotApp(settings_for(fake, webhook=False).model_copy(update={"host": "", "port": 0}), db)
    try:
        await app.start()
        assert app.web_host == "127.0.0.1"
    finally:
        await app.stop()
        await fake.stop()


async def test_an_empty_secret_never_matches(db):
    with pytest.raises(ValueError):
        build_web_app(db, {BOT_ID: (object(), "")})
    assert not signature_ok("mac=" + signature("123", b"{}", "1", ""), "123", b"{}", "1", "")
    async with running_bot(db, webhook=True) as (phone, app):
        url = f"http://127.0.0.1:{app.web_port}/telegram/{BOT_ID}"
        body = forged_staff_command(5401, 5402)
        assert await post(url, body, {"X-Telegram-Bot-Api-Secret-Token": ""}) == 403
        assert await post(url, body, {}) == 403
        assert phone.fake.sent(TOKEN, 5402) == []


def test_a_zalo_bot_in_webhook_mode_without_its_secret_refuses_to_start():
    settings = Settings(_env_file=None, webhook_base_url="https://bot.example.org",
                        zalo_bot_token=SecretStr("1234567890:zalo"), zalo_webhook_secret=SecretStr("short"))
    with pytest.raises(SettingsError, match="ZALO_WEBHOOK_SECRET"):
        settings.check()
    polling = settings.model_copy(update={"webhook_base_url": ""})
    assert polling.problems() == []  # polling needs no secret: there is no route to guard
