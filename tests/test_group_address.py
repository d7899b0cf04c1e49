"""A person's address is their private chat: writing in a village group first never makes the group their address."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import ChannelAccount
from tests.fixtures import GROUP_IDS, Chat, GroupChat, add_commune, ask, deliveries, join_staff, make_deps, register


async def account_chat(db, user_id: str) -> str | None:
    async with db.unit_of_work() as uow:
        return await uow.session.scalar(select(ChannelAccount.chat_id)
                                        .where(ChannelAccount.external_user_id == user_id))


@pytest.mark.parametrize("channel", ["telegram", "zalo_bot"], indirect=True)  # an OA has no group chats
async def test_a_group_message_first_then_registering_in_private_sends_notifications_to_the_private_chat(
        db, channel):
    await add_commune(db)
    deps = await make_deps(db)
    in_group = GroupChat(deps, "5001", group_id=GROUP_IDS[channel])
    assert "private chat" in await in_group.send("/help")
    resident = Chat(deps, "5001")
    await register(resident)
    await ask(resident)
    await in_group.send("Chào cả thôn")  # chatter in the group later re-points nothing either
    secretary, _ = await join_staff(db, deps, "5900", "secretary")
    await secretary.send("/q TT-0001")
    await secretary.press("Answer")
    await secretary.send("Xã sẽ sửa đường trong tháng 12.")
    answers = [chat for chat, text in await deliveries(db) if "Xã sẽ sửa đường" in text]
    assert answers == ["5001"]
    assert await account_chat(db, "5001") == "5001"


async def test_a_staffer_known_from_private_chat_can_still_link_a_village_group(db):
    await add_commune(db)
    deps = await make_deps(db)
    secretary, _ = await join_staff(db, deps, "5902", "secretary")
    in_group = GroupChat(deps, "5902", group_id=GROUP_IDS["telegram"])
    assert "Which village" in await in_group.send("/linkvillage")
    assert "now linked" in await in_group.press("Lân Luông")
    assert await account_chat(db, "5902") == "5902"


async def test_an_account_whose_address_became_a_group_is_repointed_by_its_next_private_message(db):
    await add_commune(db)
    deps = await make_deps(db)
    resident = Chat(deps, "5003")
    await register(resident)
    async with db.unit_of_work() as uow:  # as rows written before the fix look
        account = await uow.session.scalar(select(ChannelAccount).where(ChannelAccount.external_user_id == "5003"))
        account.chat_id = "-1009999"
        await uow.commit()
    await resident.send("/mytickets")
    assert await account_chat(db, "5003") == "5003"
