"""The local Zalo servers are strict where ZALO.md is sure, and our clients cope with every unsure behaviour."""
from __future__ import annotations

import aiohttp
import pytest

from bot.outbox import RetryLater
from bot.zalo.bot_api import ZaloBotClient, ZaloBotError
from bot.zalo.bot_channel import ZaloBotSender
from bot.zalo.oa_api import ZaloOAClient, ZaloOAError, signature_ok
from fakes.zalo import FakeZaloBot, FakeZaloOA

TOKEN = "999:fake-zalo-test-token"


@pytest.fixture(params=[False, True], ids=["errors-as-4xx", "errors-as-200"])
async def served(request):
    fake = FakeZaloBot(errors_as_200=request.param, monthly_quota=3)
    await fake.start()
    fake.add_bot(TOKEN, "Xã Thiện Tân")
    client = ZaloBotClient(TOKEN, fake.url)
    yield fake, client
    await client.close()
    await fake.stop()


async def test_the_fake_sends_two_server_headers_and_the_client_still_reads_the_answer(served):
    fake, client = served
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{fake.url}/bot{TOKEN}/getMe") as response:
            assert len(response.headers.getall("Server")) >= 2
    assert (await client.get_me()).name == "Xã Thiện Tân"


async def test_an_idle_long_poll_ends_with_408_and_the_client_returns_nothing(served):
    fake, client = served
    assert await client.get_updates(timeout=0) is None
    fake.inject_text(TOKEN, "u1", "xin chào")
    update = await client.get_updates(timeout=1)
    assert update["message"]["text"] == "xin chào" and isinstance(update["message"]["chat"]["id"], str)
    assert await client.get_updates(timeout=0) is None  # one update per call, and taken means gone


async def test_webhook_and_polling_exclude_each_other_and_webhook_info_is_404_without_one(served):
    fake, client = served
    assert await client.get_webhook_info() is None
    with pytest.raises(ZaloBotError) as short_secret:
        await client.set_webhook("https://example.org/hook", "short")
    assert short_secret.value.error_code == 400
    await client.set_webhook("https://example.org/hook", "long-enough-secret")
    assert (await client.get_webhook_info())["url"] == "https://example.org/hook"
    with pytest.raises(ZaloBotError) as conflict:
        await client.get_updates(timeout=0)
    assert conflict.value.error_code == 409
    await client.delete_webhook()
    assert await client.get_webhook_info() is None


async def test_texts_over_2000_characters_and_unknown_chats_are_refused(served):
    fake, client = served
    fake.inject_text(TOKEN, "u2", "hi")
    with pytest.raises(ZaloBotError):
        await client.send_message("u2", "x" * 2001)
    with pytest.raises(ZaloBotError):
        await client.send_message("nobody", "hello")
    assert await client.send_message("u2", "x" * 2000)


async def test_a_spent_monthly_quota_means_retry_later_not_a_lost_message(served):
    fake, client = served
    fake.inject_text(TOKEN, "u3", "hi")

    async def nothing(*args):
        return "vi"

    sender = ZaloBotSender(client, lambda chat, choices: nothing(), nothing)
    for _ in range(3):
        await sender.send("u3", {"text": "Thông báo"})
    with pytest.raises(RetryLater):
        await sender.send("u3", {"text": "Thông báo"})


async def test_the_oa_refresh_token_is_single_use():
    fake = FakeZaloOA("123", "app-secret", "oa-secret")
    await fake.start()
    client = ZaloOAClient("123", "app-secret", oauth_url=fake.url, api_url=fake.url, zns_url=fake.url)
    try:
        first = fake.issue_refresh_token()
        pair = await client.refresh(first)
        assert pair.access_token and pair.refresh_token != first
        with pytest.raises(ZaloOAError) as reused:
            await client.refresh(first)
        assert reused.value.error == -14014
        with pytest.raises(ZaloOAError) as not_following:
            await client.send_text(pair.access_token, "stranger", "xin chào")
        assert not_following.value.error == -213
    finally:
        await client.close()
        await fake.stop()


def test_the_fake_and_the_bot_each_compute_zalos_signature_of_a_known_event():
    """A pinned vector (SHA-256 of app id + body + timestamp + OA secret key, worked out once by hand): the fake
    signs with its own code and the bot checks with its own, so a mistake on one side cannot be mirrored."""
    raw, stamp = b'{"event_name":"follow"}', "1767225600000"
    mac = "2e0cd2a9cb99426d06411a8653aa3dba884937e85d5259fb6548779927681256"
    fake = FakeZaloOA("4321", "app-secret", "oa-secret")
    assert fake.signed_raw(raw, stamp)["X-ZEvent-Signature"] == f"mac={mac}"
    assert signature_ok(f"mac={mac}", "4321", raw, stamp, "oa-secret")
    assert not signature_ok(f"mac={mac}", "4321", raw, stamp, "another-secret")
