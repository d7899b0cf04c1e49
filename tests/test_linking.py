"""One person on Telegram and Zalo: a code from one account, typed on the other, shows the same questions."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from handlers.people.link_rules import LinkLimits
from storage.models import Consent, Delivery
from tests.fixtures import (Chat, Clock, add_commune, ask, code_in, confirmation, join_staff, link_with_confirmation,
                            register, two_channels)


async def test_a_code_from_telegram_typed_on_zalo_shows_the_same_questions(db):
    await add_commune(db)
    deps = await two_channels(db)
    telegram, zalo = Chat(deps, "5001", channel="telegram"), Chat(deps, "z-5001", channel="zalo_bot")
    await register(telegram)
    assert "TT-0001" in await ask(telegram)
    code = code_in(await telegram.send("/link"))
    assert "confirm" in await zalo.send(f"/link {code}")
    assert "/start" in await zalo.send("/mytickets")  # a correct code alone links nothing
    text, _, _ = await confirmation(db, telegram)
    assert "Zalo" in text
    assert "now linked" in await telegram.press("Confirm the link")
    assert "TT-0001" in await zalo.send("/mytickets")


async def test_a_resident_registered_on_both_keeps_every_question_after_linking(db):
    await add_commune(db)
    deps = await two_channels(db)
    telegram, zalo = Chat(deps, "5101", channel="telegram"), Chat(deps, "z-5101", channel="zalo_bot")
    await register(telegram)
    await ask(telegram, "Câu hỏi trên Telegram")
    await register(zalo)
    await ask(zalo, "Câu hỏi trên Zalo")
    await link_with_confirmation(db, zalo, telegram)
    for chat in (telegram, zalo):
        listing = await chat.send("/mytickets")
        assert "TT-0001" in listing and "TT-0002" in listing


async def test_a_linking_code_works_once_and_not_after_it_expires(db):
    await add_commune(db)
    clock = Clock()
    deps = await two_channels(db, clock)
    owner, first, second = (Chat(deps, "5201", channel="telegram"), Chat(deps, "z-5201", channel="zalo_bot"),
                            Chat(deps, "z-5202", channel="zalo_bot"))
    await register(owner)
    code = code_in(await owner.send("/link"))
    await first.send(f"/link {code}")
    assert "not valid or has expired" in await second.send(f"/link {code}")
    late = code_in(await owner.send("/link"))
    clock.now += timedelta(minutes=deps.link_code_minutes + 1)
    assert "not valid or has expired" in await second.send(f"/link {late}")
    assert "/start" in await second.send("/mytickets")


async def test_a_wrong_code_changes_nothing(db):
    await add_commune(db)
    deps = await two_channels(db)
    stranger = Chat(deps, "z-5301", channel="zalo_bot")
    assert "not valid or has expired" in await stranger.send("/link 12345678")
    assert "/start" in await stranger.send("/mytickets")


async def test_a_refused_or_late_confirmation_links_nothing_and_only_the_codes_owner_can_confirm(db):
    await add_commune(db)
    clock = Clock()
    deps = await two_channels(db, clock)
    owner, other = Chat(deps, "5401", channel="telegram"), Chat(deps, "z-5401", channel="zalo_bot")
    await register(owner)
    await ask(owner)
    await other.send(f"/link {code_in(await owner.send('/link'))}")
    _, confirm, _ = await confirmation(db, owner)
    # forged on purpose: the claimant cannot confirm for the owner
    assert "linked" not in (await other.press_data(confirm)).lower()
    assert "Nothing was linked" in await owner.press("Refuse")
    assert "no longer active" in await owner.press("Confirm the link")  # the same message's other button
    assert "/start" in await other.send("/mytickets")
    await other.send(f"/link {code_in(await owner.send('/link'))}")
    await confirmation(db, owner)
    clock.now += timedelta(minutes=deps.link_code_minutes + 1)
    assert "expired" in await owner.press("Confirm the link")  # the newest request's button
    assert "/start" in await other.send("/mytickets")


async def test_guessing_codes_is_stopped_per_account_and_overall_until_the_window_passes(db):
    await add_commune(db)
    clock = Clock()
    deps = await two_channels(db, clock)
    deps.link_limits = LinkLimits(per_account=5, per_bot=12)
    owner, guesser = Chat(deps, "5501", channel="telegram"), Chat(deps, "z-5501", channel="zalo_bot")
    await register(owner)
    code = code_in(await owner.send("/link"))
    wrong = f"{(int(code) + 1) % 10 ** 8:08d}"
    for _ in range(5):
        assert "not valid" in await guesser.send(f"/link {wrong}")
    refused = await guesser.send(f"/link {code}")  # even the right code, once locked out
    assert "Too many" in refused and "10:15" in refused  # 15 minutes after the first wrong code, Vietnam time
    others = [Chat(deps, f"z-56{n:02d}", channel="zalo_bot") for n in range(2)]
    for chat in others:
        for _ in range(4):
            await chat.send(f"/link {wrong}")
    assert "Too many" in await Chat(deps, "z-5700", channel="zalo_bot").send(f"/link {code}")  # the bot's cap
    clock.now += timedelta(minutes=16)
    assert "confirm" in await guesser.send(f"/link {code_in(await owner.send('/link'))}")


async def test_staff_roles_never_travel_through_a_link(db):
    await add_commune(db)
    deps = await two_channels(db)
    secretary, _ = await join_staff(db, deps, "5601", "secretary")
    assert "Staff accounts cannot be linked" in await secretary.send("/link")
    resident, zalo = Chat(deps, "5602", channel="telegram"), Chat(deps, "z-5602", channel="zalo_bot")
    await register(resident)
    code = code_in(await resident.send("/link"))
    assert "Staff accounts cannot be linked" in await secretary.send(f"/link {code}")
    assert "Questions" in await secretary.send("/queue")
    code = code_in(await resident.send("/link"))  # asked for before its owner became staff
    await join_staff(db, deps, "5602", "chair")  # the same Telegram account then accepts an invite
    assert "cannot be linked" in await zalo.send(f"/link {code}")
    assert "/start" in await zalo.send("/queue")  # the Zalo account got no person, let alone a role
    async with db.unit_of_work() as uow:
        kinds = (await uow.session.scalars(select(Delivery.kind).where(Delivery.chat_id == "5602"))).all()
    assert "link.confirm" not in kinds


async def test_anything_but_eight_digits_is_a_wrong_code_and_counts(db):
    await add_commune(db)
    deps = await two_channels(db)
    stranger = Chat(deps, "z-5801", channel="zalo_bot")
    for junk in ("abc\x00def", "1" * 5000, "１２３４５６７８"):
        assert "not valid" in await stranger.send(f"/link {junk}")
    for _ in range(2):
        await stranger.send("/link 00000000")
    assert "Too many" in await stranger.send("/link 00000001")


async def test_linking_is_agreed_to_and_a_telegram_account_joined_to_zalo_is_asked_for_the_transfer(db):
    await add_commune(db)
    deps = await two_channels(db)
    zalo, telegram = Chat(deps, "z-5201", channel="zalo_bot"), Chat(deps, "5201", channel="telegram")
    await register(zalo)
    code = code_in(await zalo.send("/link"))
    await telegram.send(f"/link {code}")
    text, _, _ = await confirmation(db, zalo)
    assert "Linking joins your Telegram and Zalo accounts" in text
    await zalo.press("Confirm the link")
    async with db.unit_of_work() as uow:
        purposes = (await uow.session.scalars(select(Consent.purpose).where(Consent.withdrawn_at.is_(None)))).all()
        done = await uow.session.scalar(select(Delivery).where(Delivery.kind == "link.done"))
    assert sorted(purposes) == ["announcements", "dialogue", "link"]  # no transfer abroad agreed on Zalo
    assert "transferred abroad" in done.payload["text"]
    assert "Thank you" in await telegram.press("Agree")
    async with db.unit_of_work() as uow:
        transfer = await uow.session.scalar(select(Consent).where(Consent.purpose == "transfer"))
    assert (transfer.channel, transfer.evidence.split(":")[:2]) == ("telegram", ["telegram", "5201"])
