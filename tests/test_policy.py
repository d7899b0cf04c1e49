"""Per-commune policy values: every one listed with its legal basis (law name and article), in the bot (/policy) and
on the command line (`doithoai policy list|set`); a change is checked against the law's bounds and audited; the
voter count can finally be recorded, so a request for an extraordinary session can start."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.commune import policy
from handlers.commune.policy_values import check, spec_of
from handlers.conversation.i18n import translator
from storage.models import CommunePolicy, PolicyAudit
from tests.cli_support import doithoai
from tests.fixtures import add_commune, community, join_staff, make_deps, residents

EN = translator("en")
pytestmark = pytest.mark.usefixtures("channel")


@pytest.fixture
def cli(db, database_url, capsys):
    async def run(*argv: str) -> tuple[int, str, str]:
        return await doithoai(capsys, database_url, *argv)

    return run


async def audit(db) -> list[tuple[str, str, str, str]]:
    async with db.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(PolicyAudit).order_by(PolicyAudit.id))).all()
        return [(row.actor.split(":")[0], row.key, row.old_value, row.new_value) for row in rows]


async def stored(db, key: str) -> str | None:
    async with db.unit_of_work() as uow:
        return await uow.session.scalar(select(CommunePolicy.value).where(CommunePolicy.key == key))


def test_every_default_is_allowed_by_its_own_check_and_its_basis_names_a_law_or_the_communes_choice():
    for key, (value, basis) in policy.DEFAULTS.items():
        assert check(key, value, EN) == (value, ""), key
        assert "Điều" in basis or "UBND xã" in basis or "cử tri" in basis, key
        for file_name in ("seed", "LEGAL", ".md", "Mặc định của sản phẩm"):
            assert file_name not in basis, (key, basis)


def test_the_reception_desks_limits_follow_the_laws_and_only_the_chair_or_secretary_may_hold_a_denouncers_name():
    assert check("complaint.limitation_days", "60", EN)[0] is None  # never shorter than the law gives residents
    assert check("complaint.resolve_complex_days", "60", EN)[0] is None
    assert check("denunciation.accept_wd", "5", EN) == ("5", "")
    assert check("denunciation.identity_role", "Secretary", EN) == ("secretary", "")
    assert check("denunciation.identity_role", "thu ky", translator("vi")) == ("secretary", "")  # typed in Vietnamese
    assert check("denunciation.identity_role", "Chủ tịch", translator("vi")) == ("chair", "")
    for role in ("admin", "officer", "village_head", "front"):
        value, why = check("denunciation.identity_role", role, EN)
        assert value is None and "chairperson, secretary" in why


def test_values_beyond_what_the_law_allows_are_refused_with_the_basis():
    value, why = check("deadline.petition_ack_wd", "15", EN)
    assert value is None and "1 to 10" in why and "Luật Tiếp công dân số 42/2013/QH13, Điều 28" in why
    assert check("session.lead_days_min", "5", EN)[0] is None  # the law: at least 7 days' notice
    assert check("petition.percent", "20", EN)[0] is None  # 10 % of voters is enough by law
    assert check("petition.voter_count", "12.345", EN) == ("12345", "")
    assert check("petition.voter_count", "10.5", EN)[0] is None
    assert check("reminder.residents_time", "7h30", EN) == ("07:30", "")
    assert check("reminder.residents_time", "25:00", EN)[0] is None


async def test_the_command_line_lists_every_value_with_its_basis_and_sets_the_voter_count_audited(db, cli):
    await add_commune(db)
    deps = await make_deps(db)
    (an,) = await residents(deps, "Nguyễn Văn An")
    await an.send("/petition")
    assert "number of voters" in await an.press("Start a new request")  # nobody could set it before

    code, out, _ = await cli("policy", "list", "--commune", "25252")
    assert code == 0
    for key in policy.DEFAULTS:
        assert f"{key} = " in out, key
    assert "Luật Tiếp công dân số 42/2013/QH13, Điều 28" in out and "seed" not in out

    code, out, _ = await cli("policy", "set", "--commune", "25252", "petition.voter_count", "1.200",
                             "--basis", "Danh sách cử tri xã Thiện Tân ngày 02/01/2027")
    assert code == 0 and "0 → 1200" in out
    assert await stored(db, "petition.voter_count") == "1200"
    assert ("cli", "petition.voter_count", "0", "1200") in await audit(db)
    await an.send("/petition")
    assert "theme" in await an.press("Start a new request")
    listed = (await cli("policy", "list", "--commune", "25252"))[1]
    assert "Danh sách cử tri xã Thiện Tân ngày 02/01/2027" in listed


async def test_the_command_line_refuses_bad_values_unknown_keys_and_communes_and_changes_nothing(db, cli):
    await add_commune(db)
    code, _, err = await cli("policy", "set", "--commune", "25252", "deadline.petition_ack_wd", "15")
    assert code == 1 and "Điều 28" in err
    code, _, err = await cli("policy", "set", "--commune", "25252", "deadline.nothing", "3")
    assert code == 1 and "no policy value" in err
    code, _, err = await cli("policy", "list", "--commune", "99999")
    assert code == 1 and "No commune" in err
    assert await stored(db, "deadline.petition_ack_wd") == "10" and await audit(db) == []


async def test_the_secretary_changes_a_value_in_the_bot_and_a_resident_can_then_start_a_request(db):
    deps, people = await community(db)
    secretary, an = people["secretary"], people["an"]
    shown = await secretary.send("/policy")
    assert "Number of voters in the commune" in shown and "Luật Tổ chức chính quyền địa phương" in shown
    asked = await secretary.press("Number of voters")
    assert "Now: 0 voters" in asked and "whole number from 0 to" in asked
    assert "whole number" in await secretary.send("about a thousand")  # refused; the prompt stays open
    assert await stored(db, "petition.voter_count") == "0"
    saved = await secretary.send("1200")
    assert "Saved" in saved and "0 voters → 1200 voters" in saved
    assert [("person", "petition.voter_count", "0", "1200")] == await audit(db)
    await an.send("/petition")
    assert "theme" in await an.press("Start a new request")


async def test_a_value_past_the_legal_bound_is_refused_in_the_bot_with_its_basis(db):
    deps, people = await community(db)
    chair = people["chair"]
    await chair.send("/policy")
    await chair.press("Tell the sender whether a submission is accepted")
    refused = await chair.send("20")
    assert "1 to 10" in refused and "Điều 28" in refused
    assert await stored(db, "deadline.petition_ack_wd") == "10" and await audit(db) == []


async def test_officers_and_residents_cannot_see_or_change_the_policy_and_the_admin_only_sees_it(db):
    deps, people = await community(db)
    assert "Sorry" in await people["officer"].send("/policy")
    assert "Sorry" in await people["an"].send("/policy")
    assert "Sorry" in await people["an"].press_data("pol:petition.voter_count")  # forged on purpose
    admin, _ = await join_staff(db, deps, "8009", "admin", name="Vũ Kỹ Thuật")
    shown = await admin.send("/policy")
    assert "Number of voters" in shown and not admin.labels()
    refused = await admin.press_data("pol:petition.voter_count")  # forged on purpose: no button was shown
    assert "only the chairperson or the secretary can change" in refused
    assert await audit(db) == []


async def test_a_key_another_feature_adds_is_listed_and_checked_without_more_code(db, cli, monkeypatch):
    monkeypatch.setitem(policy.DEFAULTS, "complaint.test_days", ("30", "Luật Khiếu nại số 02/2011/QH13, Điều 28"))
    assert spec_of("complaint.test_days").kind == "int"
    deps, people = await community(db)
    secretary = people["secretary"]
    assert "complaint.test_days: 30" in await secretary.send("/policy")
    await secretary.press("complaint.test_days")
    assert "Saved" in await secretary.send("45")
    out = (await cli("policy", "list", "--commune", "25252"))[1]
    assert "complaint.test_days = 45" in out and "Luật Khiếu nại số 02/2011/QH13, Điều 28" in out


async def test_the_migration_rewrites_the_old_default_bases_and_keeps_a_communes_own(server_url):
    import uuid

    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    from storage import migrate
    from tests.conftest import _admin, with_database

    name = f"doithoai_mig_{uuid.uuid4().hex[:8]}"
    await _admin(server_url, f'CREATE DATABASE "{name}"')
    url = with_database(server_url, name)
    old = "Seed 003: tổng hợp câu hỏi 5 ngày trước hội nghị (seed 001: 10 ngày)"
    try:
        await migrate.async_upgrade(url, "0010")
        engine = create_async_engine(url)
        async with engine.begin() as connection:
            await connection.execute(text("insert into commune (code, name) values ('25252', 'A'), ('25253', 'B')"))
            await connection.execute(text(
                "insert into commune_policy (commune_id, key, value, legal_basis) select id, "
                "'session.intake_close_days', '5', case when code = '25252' then :old else 'Kế hoạch số 7/KH-UBND' "
                "end from commune"), {"old": old})
        await migrate.async_upgrade(url)
        async with engine.connect() as connection:
            bases = dict((await connection.execute(text(
                "select c.code, p.legal_basis from commune_policy p join commune c on c.id = p.commune_id"))).all())
        await engine.dispose()
        assert bases == {"25252": policy.DEFAULTS["session.intake_close_days"][1], "25253": "Kế hoạch số 7/KH-UBND"}
    finally:
        await _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_the_warning_threshold_cannot_fall_under_the_minimum_notice(db, cli):
    await add_commune(db)
    code, _, err = await cli("policy", "set", "--commune", "25252", "session.lead_days_min", "12")
    assert code == 1 and "cannot be more than" in err and "(10)" in err
    code, _, err = await cli("policy", "set", "--commune", "25252", "session.lead_days_warn", "14")
    assert code == 0
    assert (await cli("policy", "set", "--commune", "25252", "session.lead_days_min", "12"))[0] == 0
    code, _, err = await cli("policy", "set", "--commune", "25252", "session.lead_days_warn", "8")
    assert code == 1 and "cannot be less than" in err
    assert await stored(db, "session.lead_days_warn") == "14"
