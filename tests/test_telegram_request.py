"""The aiohttp transport PTB uses: form calls, uploads and errors, against the local Bot API server."""
from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import BadRequest, NetworkError

from bot.telegram.request import AiohttpRequest
from fakes.telegram import FakeTelegram
from tests.telegram_harness import tiny_png

TOKEN = "700900:request-test"


async def test_messages_uploads_and_errors_travel_over_the_aiohttp_transport():
    async with FakeTelegram() as fake:
        fake.add_bot(TOKEN, "request_test_bot")
        fake.user(42, "Hà")
        fake.inject_message(TOKEN, 42, "/start")
        async with Bot(TOKEN, base_url=f"{fake.url}/bot", base_file_url=f"{fake.url}/file/bot",
                       request=AiohttpRequest()) as bot:
            assert bot.username == "request_test_bot"
            await bot.send_message(42, "Xin chào <b>&</b>")
            photo = await bot.send_photo(42, tiny_png(), caption="Ảnh")
            with pytest.raises(BadRequest, match="too long"):
                await bot.send_message(42, "x" * 4097)
        sent = fake.sent(TOKEN, 42)
        assert sent[0].raw_text == "Xin chào <b>&</b>" and sent[1].kind == "photo"
        assert sent[1].file_bytes == tiny_png() and photo.caption == "Ảnh"


async def test_a_server_that_is_not_there_raises_network_error():
    request = AiohttpRequest(connect_timeout=1)
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.do_request("http://127.0.0.1:9/bot1:x/getMe", "POST")
    finally:
        await request.shutdown()
