"""Many bots in one deployment: `doithoai bot add|list|remove|rotate-token` with tokens sealed at rest, and one
process serving every registered bot (polling and webhook), picking up changes without a restart."""
from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest
from sqlalchemy import select

from bot.admin import add_commune
from bot.registry import bot_webhook_secret
from storage.models import Bot, BotAudit, ChannelAccount
from storage.secrets import new_key
from tests.cli_support import doithoai
from tests.telegram_harness import TOKEN, WEBHOOK_SECRET, Phone, agree_on_telegram, running_bot

KEY = new_key()
SECOND = "700002:Second-commune-bot-token"
SECOND_ROTATED = "700002:Second-commune-bot-NEW-token"
THIRD = "700003:Third-commune-bot-token"
DEADLINE = 60.0  # a loaded CI machine; the registry is checked every 0.3 s in these tests


@pytest.fixture
def cli(db, database_url, capsys, monkeypatch):
    monkeypatch.setenv("DOITHOAI_SECRET_KEY", KEY)

    async def run(*argv: str) -> tuple[int, str, str]:
        return await doithoai(capsys, database_url, *argv)

    return run


async def two_communes(db) -> None:
    await add_commune(db, "25252", "Thiện Tân", ["Thôn Lân Luông"])
    await add_commune(db, "06421", "Bắc Sơn", ["Thôn Đồng Mới", "Thôn Bến Đá"])


async def bots(db) -> dict[str, Bot]:
    async with db.unit_of_work() as uow:
        return {b.external_id: b for b in (await uow.session.scalars(select(Bot))).all()}


async def until(condition, what: str, timeout: float = DEADLINE) -> None:
    deadline = time.monotonic() + timeout
    while not await condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.05)


async def test_a_bot_is_registered_with_its_token_sealed_listed_without_it_and_audited(db, cli):
    await two_communes(db)
    code, out, _ = await cli("bot", "add", "--channel", "telegram", "--token", SECOND, "--commune", "06421")
    assert code == 0 and "06421" in out and SECOND not in out
    stored = (await bots(db))["700002"]
    assert stored.token.startswith("fernet:") and SECOND not in stored.token and "Second" not in stored.token
    code, out, _ = await cli("bot", "list")
    assert code == 0 and "700002" in out and "06421" in out and "Second" not in out and "fernet" not in out

    code, _, err = await cli("bot", "rotate-token", "--bot", str(stored.id), "--token", THIRD)
    assert code == 1 and "700003" in err  # a new token keeps the bot's id
    code, out, _ = await cli("bot", "rotate-token", "--bot", str(stored.id), "--token", SECOND_ROTATED)
    assert code == 0 and SECOND_ROTATED not in out
    rotated = (await bots(db))["700002"]
    assert rotated.token != stored.token and rotated.token_generation > stored.token_generation

    code, out, _ = await cli("bot", "remove", "--bot", str(stored.id))
    assert code == 0
    removed = (await bots(db))["700002"]
    assert removed.token == "" and removed.removed_at is not None
    assert "No registered bots" in (await cli("bot", "list"))[1]
    async with db.unit_of_work() as uow:
        audit = (await uow.session.scalars(select(BotAudit).order_by(BotAudit.id))).all()
    assert [a.action for a in audit] == ["add", "rotate", "remove"]
    assert all(a.actor.startswith("cli") and "Second" not in a.detail for a in audit)


async def test_bad_registrations_are_refused_politely_and_change_nothing(db, cli, monkeypatch):
    await two_communes(db)
    code, _, err = await cli("bot", "add", "--channel", "telegram", "--token", SECOND, "--commune", "99999")
    assert code == 1 and "99999" in err and "Nothing was changed" in err
    code, _, err = await cli("bot", "add", "--channel", "telegram", "--token", "not a token", "--commune", "06421")
    assert code == 1 and "token" in err
    monkeypatch.delenv("DOITHOAI_SECRET_KEY")
    code, _, err = await cli("bot", "add", "--channel", "telegram", "--token", SECOND, "--commune", "06421")
    assert code == 1 and "DOITHOAI_SECRET_KEY" in err and SECOND not in err
    assert "700002" not in await bots(db)
    code, _, err = await cli("bot", "remove", "--bot", "42")
    assert code == 1 and "No registered bot 42" in err


async def test_one_process_serves_a_bot_added_while_it_runs_each_for_its_own_commune(db, cli):
    await two_communes(db)
    async with running_bot(db, doithoai_secret_key=KEY, bot_registry_seconds=0.3) as (phone, app):
        phone.fake.add_bot(SECOND, "bac_son_bot")
        assert (await cli("bot", "add", "--channel", "telegram", "--token", SECOND, "--commune", "06421"))[0] == 0
        second = Phone(phone.fake, token=SECOND)
        resident = second.person(6101, "Lan")
        second.fake.inject_message(SECOND, resident, "/start")  # answered once the process has picked the bot up
        await second.fake.wait_for_sent(SECOND, resident, 2, timeout=DEADLINE)
        assert "full name" in await agree_on_telegram(second, resident)
        assert "village" in await second.say(resident, "Trần Thị Lan")
        offered = str(second.fake.sent(SECOND, resident)[-1].reply_markup)
        assert "Đồng Mới" in offered and "Lân Luông" not in offered  # only the villages of the bot's commune
        # the account records the bot the person uses; messages queued for them go out on that bot
        registered = (await bots(db))["700002"]
        async with db.unit_of_work() as uow:
            account = await uow.session.scalar(select(ChannelAccount).where(
                ChannelAccount.external_user_id == str(resident)))
            assert account.bot_id == registered.id
            await uow.repo.enqueue(bot_id=account.bot_id, channel="telegram", chat_id=account.chat_id,
                                   kind="test", payload={"text": "Thông báo của xã Bắc Sơn"})
            await uow.commit()
        app.registered_workers[registered.id].wake()
        assert "Bắc Sơn" in await second.wait_for_text(resident, "Thông báo của xã Bắc Sơn", timeout=DEADLINE)
        assert not any("Thông báo" in m.text for m in phone.fake.sent(TOKEN, resident))


async def test_a_rotated_token_is_used_and_a_removed_bot_stops_without_a_restart(db, cli):
    await two_communes(db)
    async with running_bot(db, doithoai_secret_key=KEY, bot_registry_seconds=0.3) as (phone, app):
        phone.fake.add_bot(SECOND, "bac_son_bot")
        phone.fake.add_bot(SECOND_ROTATED, "bac_son_bot")
        await cli("bot", "add", "--channel", "telegram", "--token", SECOND, "--commune", "06421")
        row = (await bots(db))["700002"].id
        await until(lambda: _running(app, row), "the registered bot never started")
        running = app.fleet.running[row]
        await app.fleet.sync()
        await app.fleet.sync()
        assert app.fleet.running[row] is running  # an unchanged registry leaves a running bot alone
        assert (await cli("bot", "rotate-token", "--bot", str(row), "--token", SECOND_ROTATED))[0] == 0
        rotated = Phone(phone.fake, token=SECOND_ROTATED)
        resident = rotated.person(6201, "Hoa")
        rotated.fake.inject_message(SECOND_ROTATED, resident, "/start")
        await rotated.fake.wait_for_sent(SECOND_ROTATED, resident, 2, timeout=DEADLINE)

        assert (await cli("bot", "remove", "--bot", str(row)))[0] == 0
        await until(lambda: _stopped(app, row), "the removed bot was still served")
        phone.fake.inject_message(SECOND_ROTATED, resident, "/help")
        assert phone.fake.world.bot(SECOND_ROTATED).updates.first() is not None  # nobody takes it any more
        assert "People's Committee" in await phone.say(phone.person(6202, "An"), "/start", expect=2)  # bot 1 goes on


async def _running(app, row: int) -> bool:
    return row in app.fleet.running


async def _stopped(app, row: int) -> bool:
    return row not in app.fleet.running and ("telegram", "700002") not in app.deps.bots


async def test_in_webhook_mode_each_registered_bot_has_its_own_path_and_secret(db, cli):
    await two_communes(db)
    async with running_bot(db, webhook=True, doithoai_secret_key=KEY, bot_registry_seconds=0.3) as (phone, app):
        phone.fake.add_bot(SECOND, "bac_son_bot")
        await cli("bot", "add", "--channel", "telegram", "--token", SECOND, "--commune", "06421")
        second = Phone(phone.fake, token=SECOND)
        resident = second.person(6301, "Lan")
        second.fake.inject_message(SECOND, resident, "/start")
        await second.fake.wait_for_sent(SECOND, resident, 2, timeout=DEADLINE)
        hook = phone.fake.world.bot(SECOND).webhook
        assert hook.url.endswith("/telegram/700002")
        assert hook.secret_token == bot_webhook_secret(WEBHOOK_SECRET, "700002") != WEBHOOK_SECRET
        url = f"http://127.0.0.1:{app.web_port}/telegram/700002"
        async with aiohttp.ClientSession() as http:  # the deployment's own secret does not open another bot
            async with http.post(url, json={"update_id": 1}, headers={
                    "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}) as response:
                assert response.status == 403


async def test_a_communes_staff_invite_points_to_the_communes_own_bot(db, cli):
    await two_communes(db)
    await cli("bot", "add", "--channel", "telegram", "--token", SECOND, "--commune", "06421")
    async with db.unit_of_work() as uow:  # what a process serving it learns from getMe
        await uow.repo.ensure_bot("telegram", "700002", "bac_son_bot")
        await uow.commit()
    code, out, _ = await cli("staff", "invite", "--commune", "06421", "--role", "secretary")
    assert code == 0 and "https://t.me/bac_son_bot?start=staff-" in out
    code, out, _ = await cli("staff", "invite", "--commune", "25252", "--role", "secretary",
                             "--bot-username", "thien_tan_bot")
    assert code == 0 and "bac_son_bot" not in out and "https://t.me/thien_tan_bot?start=staff-" in out


async def test_a_registered_zalo_bot_is_served_beside_the_telegram_bot(db, cli):
    from fakes.zalo import FakeZaloBot

    await two_communes(db)
    zalo = FakeZaloBot()
    await zalo.start()
    token = "4455667788:bac-son-zalo-secret"
    zalo.add_bot(token, "Xã Bắc Sơn")
    try:
        async with running_bot(db, doithoai_secret_key=KEY, bot_registry_seconds=0.3,
                               zalo_api_base_url=zalo.url) as (phone, app):
            assert (await cli("bot", "add", "--channel", "zalo_bot", "--token", token, "--commune", "06421"))[0] == 0
            zalo.inject_text(token, "zl-7001", "/start")
            sent = await zalo.wait_for_sent(token, "zl-7001", 2, timeout=DEADLINE)
            assert "Ủy ban nhân dân" in "\n".join(s.text for s in sent)
            row = (await bots(db))["4455667788"].id
            async with db.unit_of_work() as uow:
                account = await uow.session.scalar(select(ChannelAccount).where(
                    ChannelAccount.external_user_id == "zl-7001"))
            assert account.bot_id == row and account.channel == "zalo_bot"
    finally:
        await zalo.stop()
