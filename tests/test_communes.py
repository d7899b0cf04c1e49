"""Communes by their official code (vietnam-provinces): one by code, a whole province at once, villages later."""
from __future__ import annotations

import uuid
from collections import Counter

import pytest
from sqlalchemy import select, text

from storage import migrate
from storage.models import Commune
from tests.cli_support import doithoai
from tests.conftest import _admin, with_database
from tests.fixtures import Chat, add_commune, agree_to_notice, make_deps

OFFICIAL_VERSION = "2025.10.1"


@pytest.fixture
def cli(db, database_url, capsys):
    """Runs `doithoai …` against the test database; returns (exit code, stdout, stderr)."""
    async def run(*argv: str) -> tuple[int, str, str]:
        return await doithoai(capsys, database_url, *argv)

    return run


async def communes(db) -> dict[str, Commune]:
    async with db.unit_of_work() as uow:
        return {c.code: c for c in (await uow.session.scalars(select(Commune))).all()}


async def village_names(db, code: str) -> list[str]:
    async with db.unit_of_work() as uow:
        commune = await uow.repo.commune_by_code(code)
        return [v.name for v in await uow.repo.villages(commune.id)]


def test_the_official_list_has_the_34_provinces_and_3321_communes_of_1_july_2025():
    import vietnam_provinces

    from bot import official_list

    assert vietnam_provinces.__version__ == OFFICIAL_VERSION
    everything = official_list.all_communes()
    assert len(official_list.provinces()) == 34 and len(everything) == 3321
    assert Counter(c.kind.value for c in everything) == {"xa": 2621, "phuong": 687, "dac_khu": 13}
    assert len({c.code for c in everything}) == 3321 and all(len(c.code) == 5 for c in everything)
    thien_tan = official_list.commune("6421")
    assert (thien_tan.code, thien_tan.name, thien_tan.kind, thien_tan.province_code, thien_tan.province_name) == \
        ("06421", "Thiện Tân", "xa", "20", "Lạng Sơn")


async def test_a_commune_added_by_its_code_gets_the_official_name_kind_and_province(db, cli):
    code, out, _ = await cli("commune", "add", "--code", "6421", "--village", "Thôn Lân Luông")
    assert code == 0 and "06421" in out and "Thiện Tân" in out
    async with db.unit_of_work() as uow:
        row = await uow.repo.commune_by_code("06421")  # the record handlers read carries kind and province
        assert (row.name, row.kind, row.province_code, row.province_name) == ("Thiện Tân", "xa", "20", "Lạng Sơn")
    assert await village_names(db, "06421") == ["Thôn Lân Luông"]
    code, _, err = await cli("commune", "add", "--code", "06421")
    assert code == 1 and "already exists" in err and "village add" in err


async def test_a_ward_and_a_special_zone_keep_their_kind_and_a_name_can_be_overridden(db, cli):
    from bot import official_list

    ward = next(c for c in official_list.all_communes() if c.kind == "phuong")
    zone = next(c for c in official_list.all_communes() if c.kind == "dac_khu")
    assert (await cli("commune", "add", "--code", ward.code))[0] == 0
    assert (await cli("commune", "add", "--code", zone.code, "--name", "  Đảo   thử  "))[0] == 0
    rows = await communes(db)
    assert (rows[ward.code].kind, rows[ward.code].name) == ("phuong", ward.name)
    assert (rows[zone.code].kind, rows[zone.code].name, rows[zone.code].province_name) == \
        ("dac_khu", "Đảo thử", zone.province_name)


async def test_an_unlisted_code_is_refused_without_a_name_and_accepted_with_a_warning_with_one(db, cli):
    code, _, err = await cli("commune", "add", "--code", "99999")
    assert code == 2 and "99999" in err and "official list" in err and "--name" in err
    assert await communes(db) == {}
    for bad in ("123456", "12a45", ""):
        assert (await cli("commune", "add", "--code", bad, "--name", "Thử"))[0] == 2
    assert await communes(db) == {}
    code, out, err = await cli("commune", "add", "--code", "99999", "--name", "Thí điểm", "--village", "Thôn Một")
    assert code == 0 and "Warning" in err and "not in the official list" in err
    row = (await communes(db))["99999"]
    assert (row.name, row.kind, row.province_code, row.province_name) == ("Thí điểm", "xa", None, "")


async def test_every_commune_of_a_province_is_added_in_one_step_and_only_once(db, cli):
    from bot import official_list

    listed = official_list.communes_of(official_list.province("20"))
    code, out, _ = await cli("commune", "add", "--province", "lang son", "--all")
    assert code == 0 and f"Added {len(listed)} communes of Lạng Sơn" in out
    rows = await communes(db)
    assert set(rows) == {c.code for c in listed} and "06421" in rows
    assert Counter(r.kind for r in rows.values()) == Counter(c.kind.value for c in listed)
    assert {r.province_name for r in rows.values()} == {"Lạng Sơn"}
    code, out, _ = await cli("commune", "add", "--province", "20", "--all")
    assert code == 0 and "Added 0 communes" in out and f"{len(listed)} were already there" in out
    assert len(await communes(db)) == len(listed)


async def test_province_mistakes_are_refused_with_the_list(db, cli):
    code, _, err = await cli("commune", "add", "--province", "Atlantis", "--all")
    assert code == 2 and "Lạng Sơn" in err and "34 provinces" in err
    assert (await cli("commune", "add", "--province", "20"))[0] == 2  # without --all
    assert (await cli("commune", "add", "--province", "20", "--all", "--village", "Thôn A"))[0] == 2
    assert await communes(db) == {}


async def test_villages_are_added_later_to_an_existing_commune(db, cli):
    await cli("commune", "add", "--code", "06421")
    assert await village_names(db, "06421") == []
    code, out, _ = await cli("village", "add", "--commune", "6421", "--name", "Thôn Lân Luông", "--name", "Thôn Bến Đá")
    assert code == 0 and "Added 2 villages" in out
    code, out, _ = await cli("village", "add", "--commune", "06421", "--name", "Thôn Bến Đá", "--name", "Thôn Đồng Mới")
    assert code == 0 and "Added 1 villages" in out and "already there: Thôn Bến Đá" in out
    assert await village_names(db, "06421") == ["Thôn Lân Luông", "Thôn Bến Đá", "Thôn Đồng Mới"]
    code, _, err = await cli("village", "add", "--commune", "11111", "--name", "Thôn A")
    assert code == 1 and "No commune with code 11111" in err


async def test_a_commune_without_villages_yet_is_not_offered_to_a_new_resident(db, cli):
    await add_commune(db)  # Thiện Tân with two villages
    await cli("commune", "add", "--code", "06040")  # a listed commune, villages not entered yet
    chat = Chat(await make_deps(db), "3001")
    await chat.send("/start")
    await agree_to_notice(chat)
    reply = await chat.send("Trần Thị Bình")
    assert "village" in reply and not any(b.startswith("commune:") for b in chat.buttons())


async def test_communes_added_before_the_kinds_were_stored_are_xa(server_url):
    name = f"doithoai_kind_{uuid.uuid4().hex[:8]}"
    await _admin(server_url, f'CREATE DATABASE "{name}"')
    url = with_database(server_url, name)
    try:
        await migrate.async_upgrade(url, "0005")
        await _admin(url, "INSERT INTO commune (code, name) VALUES ('25252', 'Thiện Tân')")
        await migrate.async_upgrade(url)
        from sqlalchemy.ext.asyncio import create_async_engine

        engine = create_async_engine(url)
        async with engine.connect() as connection:
            row = (await connection.execute(text("SELECT kind, province_code FROM commune"))).one()
        await engine.dispose()
        assert tuple(row) == ("xa", None)
    finally:
        await _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_bot_never_loads_the_official_list():
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, bot.app, bot.cli, handlers.dispatch\n"
            "sys.exit('vietnam_provinces' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent.parent).returncode == 0
