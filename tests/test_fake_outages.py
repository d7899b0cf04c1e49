"""The local Bot API server's outage switches: 429 and 5xx on demand, as unmodified PTB sees them."""
from __future__ import annotations

import aiohttp
import pytest
from telegram import Bot
from telegram.error import NetworkError, RetryAfter

from fakes.telegram import FakeTelegram

TOKEN = "123457:outage-test"
LAN = 42


pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
async def fake():
    async with FakeTelegram() as server:
        server.add_bot(TOKEN, "doithoai_bot")
        server.user(LAN, "Lan")
        server.inject_message(TOKEN, LAN, "/start")
        yield server


@pytest.fixture
async def ptb(fake):
    async with Bot(TOKEN, base_url=f"{fake.url}/bot", base_file_url=f"{fake.url}/file/bot") as bot:
        yield bot


async def test_refused_sends_raise_retry_after_and_deliver_nothing(fake, ptb):
    fake.refuse_sends(2, retry_after=7)
    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await ptb.send_message(LAN, "refused")
        assert 'Retry in 7 seconds' in str(caught.value)
    await ptb.send_message(LAN, "through")
    assert [m.text for m in fake.sent(TOKEN, LAN)] == ["through"]
    assert fake.faults_injected == {"429": 2}


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_a_server_error_is_a_network_error_to_ptb_and_delivers_nothing(fake, ptb, status):
    fake.fail_sends(1, status=status)
    with pytest.raises(NetworkError) as caught:
        await ptb.send_message(LAN, "lost in the outage")
    assert f"({status})" in str(caught.value) or "Internal Server Error" in str(caught.value)
    assert fake.sent(TOKEN, LAN) == []
    await ptb.send_message(LAN, "after")
    assert len(fake.sent(TOKEN, LAN)) == 1


async def test_a_gateway_error_answers_the_proxys_html_page(fake):
    fake.fail_sends(1, status=502)
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{fake.url}/bot{TOKEN}/sendMessage", json={"chat_id": LAN, "text": "x"}) as response:
            assert response.status == 502 and response.content_type == "text/html"
            assert "502 Bad Gateway" in await response.text()


async def test_edits_fail_in_an_outage_too(fake, ptb):
    message = await ptb.send_message(LAN, "first")
    fake.fail_sends(1)
    with pytest.raises(NetworkError):
        await ptb.edit_message_text("second", chat_id=LAN, message_id=message.message_id)
    assert fake.sent(TOKEN, LAN)[0].text == "first"


async def test_a_ratio_storm_refuses_about_that_share_and_calm_ends_it(fake, ptb):
    fake.refuse_sends(ratio=0.5)
    refused = 0
    for _ in range(40):
        try:
            await ptb.send_message(LAN, "maybe")
        except RetryAfter:
            refused += 1
    assert 8 <= refused <= 32 and len(fake.sent(TOKEN, LAN)) == 40 - refused
    fake.calm()
    await ptb.send_message(LAN, "calm")
    assert fake.sent(TOKEN, LAN)[-1].text == "calm"


async def test_switches_refuse_nonsense(fake):
    with pytest.raises(ValueError):
        fake.fail_sends(1, status=404)
    with pytest.raises(ValueError):
        fake.refuse_sends(1, retry_after=0)


async def test_the_control_api_switches_outages_over_http(fake, ptb):
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{fake.url}/_control/fail_sends", json={"count": 1, "status": 503}) as response:
            assert response.status == 200
    with pytest.raises(NetworkError):
        await ptb.send_message(LAN, "down")
    assert fake.faults_injected == {"5xx": 1}
