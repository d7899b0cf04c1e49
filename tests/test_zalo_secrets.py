"""The OA's two secrets: the application's secret key refreshes tokens, the OA secret key signs webhooks."""
from __future__ import annotations

import pytest

from bot.config import SecretStr, Settings
from fakes.zalo.server import wait_until
from tests.fixtures import add_commune
from tests.zalo_harness import APP_SECRET, OA_SECRET, OAUser, running_zalo


async def test_the_refresh_uses_the_app_secret_and_webhooks_are_checked_with_the_oa_secret(db):
    await add_commune(db)
    async with running_zalo(db) as (bot, oa, app):
        assert "Ông/Bà" in await OAUser(oa, "1840000000000000801").follow()
        assert (oa.refreshes, oa.refused_refreshes) == (1, 0)


async def test_the_oa_secret_in_place_of_the_app_secret_cannot_refresh(db):
    await add_commune(db)
    async with running_zalo(db, settings_update={"zalo_app_secret_key": SecretStr(OA_SECRET)}) as (bot, oa, app):
        user = "1840000000000000802"
        assert await oa.follow(user) == 200  # the webhook itself is fine
        await wait_until(lambda: oa.refused_refreshes >= 1, 10.0, "the refresh was never tried")
        await app.zalo.oas[oa.app_id][0].drain()
        assert oa.refreshes == 0 and oa.sent(user) == []


async def test_the_app_secret_in_place_of_the_oa_secret_refuses_genuine_events(db):
    await add_commune(db)
    async with running_zalo(db, settings_update={"zalo_oa_secret_key": SecretStr(APP_SECRET)}) as (bot, oa, app):
        assert await oa.follow("1840000000000000803") == 403


def test_an_oa_without_the_app_secret_key_refuses_to_start_and_says_why():
    settings = Settings(_env_file=None, zalo_oa_app_id="2717493526131234567",
                        zalo_oa_secret_key=SecretStr(OA_SECRET), zalo_oa_refresh_token=SecretStr("rt-1"))
    assert settings.zalo_oa_enabled
    problems = " ".join(settings.problems())
    assert "ZALO_APP_SECRET_KEY" in problems and "ZALO_OA_SECRET_KEY" in problems


@pytest.mark.parametrize("missing", ["zalo_oa_secret_key", "zalo_oa_refresh_token"])
def test_an_oa_missing_any_setting_refuses_to_start(missing):
    complete = {"zalo_oa_app_id": "2717493526131234567", "zalo_app_secret_key": SecretStr(APP_SECRET),
                "zalo_oa_secret_key": SecretStr(OA_SECRET), "zalo_oa_refresh_token": SecretStr("rt-1")}
    settings = Settings(_env_file=None, **{**complete, missing: None})
    assert missing.upper() in " ".join(settings.problems())
