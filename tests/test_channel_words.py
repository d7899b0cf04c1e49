"""What the assistant says about the messenger names the one the person actually uses: where its servers are in
the data notice, and how to reach the assistant privately when asked in a group."""
from __future__ import annotations

import pytest

from tests.fixtures import GROUP_IDS, Chat, GroupChat, add_commune, make_deps


@pytest.mark.usefixtures("channel")
async def test_the_data_notice_names_the_messenger_in_use_and_where_its_servers_are(db, channel):
    await add_commune(db)
    chat = Chat(await make_deps(db), "5301")
    await chat.send("/start")
    notice = await chat.press("Details")
    if channel == "telegram":
        assert "Telegram" in notice and "outside Vietnam" in notice and "Zalo" not in notice
    else:
        assert "Zalo" in notice and "servers are in Vietnam" in notice
        assert "Telegram" not in notice and "outside Vietnam" not in notice


@pytest.mark.parametrize("channel", ["telegram", "zalo_bot"], indirect=True)
async def test_asked_in_a_group_the_assistant_points_to_a_private_chat_on_the_same_messenger(db, channel):
    await add_commune(db)
    reply = await GroupChat(await make_deps(db), "5302", group_id=GROUP_IDS[channel]).send("/help")
    assert "private chat" in reply
    assert ("https://t.me/doithoai_test_bot" in reply) == (channel == "telegram")
    if channel != "telegram":
        assert "Zalo" in reply and "doithoai_test_bot" in reply
