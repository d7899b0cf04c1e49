"""A private update's opening statement reads the person and their roles in the round trip that locks the chat, and
still sees what the chat's previous update, in another process, committed while the statement waited for the lock
(a statement's snapshot is taken before it waits)."""
from __future__ import annotations

import asyncio

from sqlalchemy import delete, select, text

from storage.models import Person, StaffMember
from tests.fixtures import BOT_EXTERNAL_ID, community, make_deps


async def opening(db, bot_id: int, user_id: str, update_id: str):
    """A unit of work of its own (another process's, as far as PostgreSQL can tell): opened, then committed."""
    async with db.unit_of_work() as uow:
        opened = await uow.repo.open_private(bot_id, "telegram", user_id, user_id, "en", update_id)
        await uow.commit()
    return opened


async def waiting_for_a_lock(db) -> bool:
    async with db.engine.connect() as connection:
        return bool(await connection.scalar(text(
            "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")))


async def while_the_next_update_waits(db, bot_id: int, user_id: str, change):
    """The chat's update "a" makes a change and commits only once update "b" waits for the chat's lock; b's opening."""
    async with db.unit_of_work() as first:
        opened = await first.repo.open_private(bot_id, "telegram", user_id, user_id, "en", "a")
        await change(first, opened)
        waiting = asyncio.create_task(opening(db, bot_id, user_id, "b"))
        for _ in range(600):  # until PostgreSQL shows it waiting (or it finished: then the assertion says so)
            if await waiting_for_a_lock(db) or waiting.done():
                break
            await asyncio.sleep(0.05)
        assert not waiting.done(), "the second opening did not wait for the chat's lock"
        await first.commit()
    return opened, await waiting


async def an_and_their_bot(db) -> tuple[int, int]:
    deps, _ = await community(db)
    async with db.unit_of_work() as uow:
        an = await uow.session.scalar(select(Person.id).where(Person.full_name == "Nguyễn Văn An"))
    return deps.bots[("telegram", BOT_EXTERNAL_ID)].row_id, an


async def test_a_role_granted_by_the_chats_previous_update_is_seen_by_the_next(db):
    bot_id, an = await an_and_their_bot(db)

    async def grant(uow, opened):
        assert opened.staff == []
        uow.session.add(StaffMember(commune_id=opened.person.commune_id, person_id=an, role="officer",
                                    department_code="kinh-te"))
        await uow.session.flush()

    first, second = await while_the_next_update_waits(db, bot_id, "7001", grant)
    assert [member.role for member in second.staff] == ["officer"]
    assert second.state.burst_count == first.state.burst_count + 1  # counted once, though read twice


async def test_a_role_taken_away_by_the_chats_previous_update_is_gone_for_the_next(db):
    deps, people = await community(db)
    bot_id = deps.bots[("telegram", BOT_EXTERNAL_ID)].row_id

    async def remove(uow, opened):
        assert [member.role for member in opened.staff] == ["chair"]
        await uow.session.execute(delete(StaffMember).where(StaffMember.person_id == opened.person.id))

    _, second = await while_the_next_update_waits(db, bot_id, "8001", remove)
    assert second.staff == [] and second.person is not None


async def test_a_withdrawal_in_the_chats_previous_update_leaves_the_next_without_a_person(db):
    bot_id, an = await an_and_their_bot(db)

    async def withdraw(uow, opened):
        await uow.repo.forget_person(opened.person, opened.account, opened.state.burst_at)

    _, second = await while_the_next_update_waits(db, bot_id, "7001", withdraw)
    assert second.person is None and second.account.person_id is None and second.staff == []


async def test_consent_given_in_the_chats_previous_update_gives_the_next_its_person(db):
    deps = await make_deps(db)
    bot_id = deps.bots[("telegram", BOT_EXTERNAL_ID)].row_id
    await opening(db, bot_id, "9001", "hello")  # the account and the chat exist, with nobody behind them yet

    async def agree(uow, opened):
        assert opened.person is None
        await uow.repo.create_person(opened.account, "v1", "pressed Agree")

    first, second = await while_the_next_update_waits(db, bot_id, "9001", agree)
    assert second.person is not None and second.account.person_id == second.person.id


async def test_without_a_wait_the_opening_reads_the_person_and_roles_itself(db):
    deps, people = await community(db)
    bot_id = deps.bots[("telegram", BOT_EXTERNAL_ID)].row_id
    opened = await opening(db, bot_id, "8003", "x")
    assert opened.person.full_name == "Trần Địa Chính"
    assert [(m.role, m.department_code) for m in opened.staff] == [("officer", "kinh-te")]
    assert opened.kind == "xa" and opened.state.burst_count >= 1
    assert await opening(db, bot_id, "8003", "x") is None  # the same update again: a redelivery
