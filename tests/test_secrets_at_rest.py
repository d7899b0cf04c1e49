"""The OA's tokens are stored encrypted with DOITHOAI_SECRET_KEY, and no token the bot learns reaches a log."""
from __future__ import annotations

import io
import logging

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from bot.cli import main
from bot.config import SecretStr, Settings
from bot.logs import setup_logging
from bot.zalo.oa_api import ZaloOAError
from storage.models import ZaloOAToken
from storage.secrets import SecretKeyError
from tests.fixtures import add_commune
from tests.zalo_harness import APP_ID, APP_SECRET, OA_SECRET, SECRET_KEY, OAUser, running_zalo


@pytest.fixture
def log_output():
    """The product's own logging set-up, writing into a buffer."""
    buffer, root = io.StringIO(), logging.getLogger()
    level = root.level
    handler = setup_logging("INFO", [], stream=buffer)
    yield buffer
    root.removeHandler(handler)
    root.setLevel(level)


async def stored_tokens(db) -> list[str]:
    async with db.unit_of_work() as uow:
        row = await uow.session.scalar(select(ZaloOAToken))
        return [row.access_token, row.refresh_token]


def leak_like_a_library(tokens: list[str]) -> None:
    """What a client library or an error message might log: headers, and an exception that quotes a token."""
    for token in tokens:
        logging.getLogger("aiohttp.client").info("POST https://openapi.zalo.me headers={'access_token': '%s'}", token)
        logging.getLogger("bot.zalo").error("send failed", exc_info=ZaloOAError(-216, f"bad token {token}"))


async def test_refreshed_tokens_are_stored_encrypted_and_never_logged(db, log_output):
    await add_commune(db)
    async with running_zalo(db) as (bot, oa, app):
        user = OAUser(oa, "1840000000000000901")
        await user.follow()
        oa.expire_access_tokens()  # the next send is refused (-216) and the bot refreshes again
        await user.say("/help")
        assert oa.refreshes == 2
        stored = await stored_tokens(db)
        leak_like_a_library(oa.issued)
    learned = oa.issued[1:]  # the first refresh token came from the settings; the rest the bot learned
    assert all(value.startswith("fernet:") for value in stored)
    assert not any(token in value for token in oa.issued for value in stored)
    text = log_output.getvalue()
    assert "send failed" in text and "***" in text
    assert [token for token in learned if token in text] == []


async def test_plain_tokens_left_by_an_older_version_are_encrypted_at_start(db):
    await add_commune(db)
    async with running_zalo(db) as (bot, oa, app):  # once, to create the bot row; then an old plain row
        bot_row = app.zalo.oas[APP_ID][0].tokens.bot_row_id
    plain = "rt-plain-from-an-older-version"
    async with db.unit_of_work() as uow:
        await uow.session.merge(ZaloOAToken(bot_id=bot_row, refresh_token=plain, access_token=""))
        await uow.commit()
    async with running_zalo(db) as (bot, oa, app):
        oa.refresh_tokens.add(plain)
        assert all(not value or value.startswith("fernet:") for value in await stored_tokens(db))
        assert "Ông/Bà" in await OAUser(oa, "1840000000000000902").follow()  # the old refresh token still works
    assert plain not in await stored_tokens(db)


async def test_a_key_that_cannot_open_the_stored_tokens_stops_the_start_and_a_rotated_key_reseals(db):
    await add_commune(db)
    async with running_zalo(db) as (bot, oa, app):
        await OAUser(oa, "1840000000000000903").follow()
    before = [opened(SECRET_KEY, value) for value in await stored_tokens(db)]
    other_key = Fernet.generate_key().decode()
    with pytest.raises(SecretKeyError, match="DOITHOAI_SECRET_KEY cannot open"):
        async with running_zalo(db, settings_update={"doithoai_secret_key": SecretStr(other_key)}):
            pass
    assert [opened(SECRET_KEY, value) for value in await stored_tokens(db)] == before  # nothing was touched
    rotated = SecretStr(f"{other_key},{SECRET_KEY}")  # the new key first, the old one after it, for one start
    async with running_zalo(db, settings_update={"doithoai_secret_key": rotated}):
        pass
    assert [opened(other_key, value) for value in await stored_tokens(db)] == before  # now under the new key


def opened(key: str, stored: str) -> str:
    return Fernet(key).decrypt(stored.removeprefix("fernet:").encode()).decode()


@pytest.mark.parametrize("key", [None, "not-a-fernet-key"], ids=["missing", "malformed"])
def test_an_oa_without_a_usable_secret_key_refuses_to_start_and_says_how_to_make_one(key):
    settings = Settings(_env_file=None, zalo_oa_app_id=APP_ID, zalo_app_secret_key=SecretStr(APP_SECRET),
                        zalo_oa_secret_key=SecretStr(OA_SECRET), zalo_oa_refresh_token=SecretStr("rt-1"),
                        doithoai_secret_key=SecretStr(key) if key else None)
    problems = " ".join(settings.problems())
    assert "DOITHOAI_SECRET_KEY" in problems and "Fernet.generate_key()" in problems
    assert "doithoai secret-key" in problems


def test_doithoai_secret_key_prints_a_new_key(capsys):
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        assert main(["secret-key"]) == 0  # main() sets up logging on the captured stderr: undone below
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    key = capsys.readouterr().out.strip()
    assert Fernet(key).decrypt(Fernet(key).encrypt(b"x")) == b"x"
