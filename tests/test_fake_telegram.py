"""FakeTelegram against unmodified python-telegram-bot, over real HTTP."""

from __future__ import annotations

import asyncio
import struct
import zlib

import aiohttp
import pytest
import telegram
from aiohttp import web
from telegram import BotCommandScopeAllGroupChats, BotCommandScopeChat, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter
from telegram.ext import Application, CommandHandler

from fakes.telegram import FakeTelegram

TOKEN = "123456:ABC-test-token"
LAN = 42
GROUP = -1001


@pytest.fixture
async def fake():
    async with FakeTelegram() as server:
        server.add_bot(TOKEN, "doithoai_bot", "Đối thoại")
        server.user(LAN, "Lan", "Nguyễn", "lan")
        yield server


@pytest.fixture
async def ptb(fake):
    async with ptb_bot(fake) as bot:
        yield bot


@pytest.fixture
async def chatting(fake, ptb):
    """Lan has pressed Start; the /start update is already taken."""
    fake.inject_message(TOKEN, LAN, "/start")
    updates = await ptb.get_updates()
    await ptb.get_updates(offset=updates[-1].update_id + 1)
    return ptb


def ptb_bot(fake: FakeTelegram, token: str = TOKEN) -> telegram.Bot:
    return telegram.Bot(token, base_url=f"{fake.url}/bot", base_file_url=f"{fake.url}/file/bot")


async def raw_call(fake: FakeTelegram, path: str, **kwargs) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{fake.url}{path}", **kwargs) as response:
            return response.status, await response.json()


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def yes_no(data: str = "yes") -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("Có", callback_data=data)]])


# --- identity and routing --------------------------------------------------------------------


async def test_get_me_returns_the_registered_bot(ptb):
    me = await ptb.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "doithoai_bot", True)


async def test_an_unknown_method_answers_404_method_not_found(fake):
    status, body = await raw_call(fake, f"/bot{TOKEN}/sendTelepathy")
    assert status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}


async def test_an_unregistered_token_answers_401(fake):
    status, body = await raw_call(fake, "/bot999:nobody/getMe")
    assert (status, body["description"]) == (401, "Unauthorized")


async def test_method_names_match_case_insensitively_like_telegram(fake):
    status, body = await raw_call(fake, f"/bot{TOKEN}/GETME")
    assert status == 200 and body["result"]["username"] == "doithoai_bot"


async def test_a_missing_required_parameter_answers_400_naming_it(fake, chatting):
    status, body = await raw_call(fake, f"/bot{TOKEN}/sendMessage", json={"chat_id": LAN})
    assert status == 400
    assert body["description"] == 'Bad Request: parameter "text" is required'


async def test_json_query_string_and_form_bodies_are_all_accepted(fake, chatting):
    path = f"/bot{TOKEN}/sendMessage"
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    await raw_call(fake, path, json={"chat_id": LAN, "text": "json", "reply_markup": markup})
    await raw_call(fake, path, params={"chat_id": str(LAN), "text": "query"})
    status, _ = await raw_call(fake, path, data={"chat_id": str(LAN), "text": "form", "unknown": "x"})
    assert status == 200
    assert [m.text for m in fake.sent(TOKEN, LAN)] == ["json", "query", "form"]
    assert fake.sent(TOKEN, LAN)[0].reply_markup == markup


async def test_a_reply_markup_that_is_not_json_is_refused(fake, chatting):
    status, body = await raw_call(fake, f"/bot{TOKEN}/sendMessage",
                                  data={"chat_id": str(LAN), "text": "x", "reply_markup": "{oops"})
    assert (status, body["description"]) == (400, "Bad Request: can't parse reply keyboard markup JSON object")


# --- sending and editing ----------------------------------------------------------------------


async def test_a_sent_message_is_stored_as_rendered_text_and_raw_html(fake, chatting):
    message = await chatting.send_message(LAN, "<b>Xin chào</b> &amp; hẹn gặp", parse_mode="HTML",
                                          reply_markup=yes_no())
    sent = fake.last_sent(TOKEN, LAN)
    assert (sent.message_id, sent.text, sent.raw_text) == (message.message_id, "Xin chào & hẹn gặp",
                                                           "<b>Xin chào</b> &amp; hẹn gặp")
    assert message.entities[0].type == "bold" and message.from_user.username == "doithoai_bot"
    assert sent.reply_markup == yes_no().to_dict()


async def test_message_ids_increase_per_chat_counting_the_users_messages(fake, chatting):
    first = await chatting.send_message(LAN, "one")
    fake.inject_message(TOKEN, LAN, "hello")
    second = await chatting.send_message(LAN, "two")
    assert second.message_id == first.message_id + 2


async def test_editing_text_updates_the_stored_message_and_counts_the_edit(fake, chatting):
    message = await chatting.send_message(LAN, "Câu hỏi?", reply_markup=yes_no())
    edited = await chatting.edit_message_text("Đã trả lời", chat_id=LAN, message_id=message.message_id)
    sent = fake.last_sent(TOKEN, LAN)
    assert (sent.text, sent.edited, sent.reply_markup) == ("Đã trả lời", 1, None)
    assert edited.edit_date is not None


async def test_editing_with_the_same_text_and_markup_is_not_modified(fake, chatting):
    message = await chatting.send_message(LAN, "Câu hỏi?", reply_markup=yes_no())
    with pytest.raises(BadRequest, match="Message is not modified"):
        await message.edit_text("Câu hỏi?", reply_markup=yes_no())


async def test_editing_a_message_that_does_not_exist_is_refused(chatting):
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await chatting.edit_message_text("x", chat_id=LAN, message_id=999)


async def test_text_over_4096_characters_makes_ptb_raise_message_is_too_long(chatting):
    await chatting.send_message(LAN, "x" * 4096)
    with pytest.raises(BadRequest, match="^Message is too long$"):
        await chatting.send_message(LAN, "x" * 4097)


async def test_blank_text_is_refused_as_empty(chatting):
    with pytest.raises(BadRequest, match="Message text is empty"):
        await chatting.send_message(LAN, "  \n ")


async def test_a_caption_over_1024_characters_is_refused(chatting):
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await chatting.send_photo(LAN, png(2, 2), caption="x" * 1025)


@pytest.mark.parametrize("html, reason", [
    ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b>bold</i>", 'Unmatched end tag at byte offset 7, expected "</b>", found "</i>"'),
    ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
    ("<blink>x</blink>", 'Unsupported start tag "blink" at byte offset 0'),
    ("text</b>", "Unexpected end tag at byte offset 4"),
])
async def test_malformed_html_is_refused_with_telegrams_reason(fake, chatting, html, reason):
    status, body = await raw_call(fake, f"/bot{TOKEN}/sendMessage",
                                  json={"chat_id": LAN, "text": html, "parse_mode": "HTML"})
    assert (status, body["description"]) == (400, f"Bad Request: can't parse entities: {reason}")


async def test_html_entities_decode_and_a_lone_ampersand_stays_as_telegram_keeps_it(fake, chatting):
    await chatting.send_message(LAN, "<i>a &lt; b</i> &quot;c&quot; R&D", parse_mode="HTML")
    assert fake.last_sent(TOKEN, LAN).text == 'a < b "c" R&D'


async def test_callback_data_over_64_bytes_is_refused(chatting):
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await chatting.send_message(LAN, "x", reply_markup=yes_no("đ" * 33))


# --- who may be written to ------------------------------------------------------------------


async def test_a_user_who_never_started_the_bot_is_chat_not_found(fake, ptb):
    fake.user(7, "Minh")
    with pytest.raises(BadRequest, match="Chat not found"):
        await ptb.send_message(7, "hello")


async def test_a_user_who_blocked_the_bot_makes_ptb_raise_forbidden(fake, chatting):
    fake.block(TOKEN, LAN)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await chatting.send_message(LAN, "hello")
    fake.unblock(TOKEN, LAN)
    await chatting.send_message(LAN, "hello again")


async def test_pinning_in_a_group_needs_the_right_to_pin(fake, chatting):
    fake.group(GROUP, "Tổ dân phố 3", members=[LAN])
    message = await chatting.send_message(GROUP, "Thông báo")
    with pytest.raises(BadRequest, match="Not enough rights to manage pinned messages"):
        await chatting.pin_chat_message(GROUP, message.message_id)
    fake.group(GROUP, "Tổ dân phố 3", members=[LAN], bot_is_admin=True)
    assert await chatting.pin_chat_message(GROUP, message.message_id)
    assert fake.last_sent(TOKEN, GROUP).pinned


# --- updates: polling, offsets, webhooks ------------------------------------------------------


async def test_a_long_poll_wakes_as_soon_as_an_update_is_injected(fake, ptb):
    loop = asyncio.get_running_loop()
    started = loop.time()
    poll = asyncio.create_task(ptb.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    fake.inject_message(TOKEN, LAN, "xin chào")
    updates = await poll
    assert [u.message.text for u in updates] == ["xin chào"]
    assert loop.time() - started < 1


async def test_an_offset_confirms_and_forgets_earlier_updates(fake, ptb):
    for text in ("one", "two", "three"):
        fake.inject_message(TOKEN, LAN, text)
    first = await ptb.get_updates(limit=2)
    assert [u.message.text for u in first] == ["one", "two"]
    assert [u.message.text for u in await ptb.get_updates()] == ["one", "two", "three"]
    rest = await ptb.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest] == ["three"]
    await ptb.get_updates(offset=rest[-1].update_id + 1)
    assert await ptb.get_updates() == ()


async def test_a_replayed_update_id_is_delivered_again(fake, ptb):
    update = fake.inject_message(TOKEN, LAN, "once")
    delivered = await ptb.get_updates()
    await ptb.get_updates(offset=delivered[-1].update_id + 1)
    fake.inject_raw(TOKEN, update)
    again = await ptb.get_updates(offset=delivered[-1].update_id + 1)
    assert [u.update_id for u in again] == [update["update_id"]]


async def test_commands_in_user_text_get_bot_command_entities(fake, ptb):
    fake.inject_message(TOKEN, LAN, "/start@doithoai_bot abc")
    (update,) = await ptb.get_updates()
    assert update.message.parse_entities(["bot_command"]).popitem()[1] == "/start@doithoai_bot"


async def test_get_updates_while_a_webhook_is_set_is_a_conflict(ptb):
    await ptb.set_webhook("http://127.0.0.1:9/hook")
    with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
        await ptb.get_updates()
    await ptb.delete_webhook()
    assert await ptb.get_updates() == ()


async def test_a_second_poller_ends_the_first_with_a_conflict(fake):
    async def poll(session: aiohttp.ClientSession) -> tuple[int, dict]:
        async with session.post(f"{fake.url}/bot{TOKEN}/getUpdates", json={"timeout": 3}) as response:
            return response.status, await response.json()

    async with aiohttp.ClientSession() as first, aiohttp.ClientSession() as second:
        older = asyncio.create_task(poll(first))
        await asyncio.sleep(0.05)
        newer = asyncio.create_task(poll(second))
        status, body = await older
        fake.inject_message(TOKEN, LAN, "hi")
        assert (await newer)[0] == 200
    assert status == 409 and "terminated by other getUpdates request" in body["description"]


class Receiver:
    """A webhook endpoint that answers with the given statuses, then 200."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.requests: list[tuple[str | None, dict]] = []
        self.arrived = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json()))
        self.arrived.set()
        return web.Response(status=self.statuses.pop(0) if self.statuses else 200)

    async def wait_for(self, count: int) -> None:
        while len(self.requests) < count:
            self.arrived.clear()
            await asyncio.wait_for(self.arrived.wait(), 5)


@pytest.fixture
async def receiver_url():
    receivers = []

    async def serve(receiver: Receiver) -> str:
        app = web.Application()
        app.router.add_post("/hook", receiver.handle)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        receivers.append(runner)
        return f"http://127.0.0.1:{runner.addresses[0][1]}/hook"

    yield serve
    for runner in receivers:
        await runner.cleanup()


async def test_a_webhook_receives_updates_in_order_with_the_secret_header(fake, ptb, receiver_url):
    receiver = Receiver()
    await ptb.set_webhook(await receiver_url(receiver), secret_token="s3cret_-X")
    fake.inject_message(TOKEN, LAN, "one")
    fake.inject_message(TOKEN, LAN, "two")
    await receiver.wait_for(2)
    assert [secret for secret, _ in receiver.requests] == ["s3cret_-X", "s3cret_-X"]
    assert [body["message"]["text"] for _, body in receiver.requests] == ["one", "two"]


async def test_a_method_in_the_webhooks_response_is_run_like_a_request_of_its_own(fake, chatting, receiver_url):
    async def answer(request: web.Request) -> web.Response:
        update = await request.json()
        return web.json_response({"method": "answerCallbackQuery", "callback_query_id": update["callback_query"]["id"],
                                  "text": "Đã nhận"})

    message = await chatting.send_message(LAN, "Đồng ý?", reply_markup=yes_no())
    receiver = Receiver()
    receiver.handle = answer  # type: ignore[method-assign]
    await chatting.set_webhook(await receiver_url(receiver))
    fake.press_button(TOKEN, LAN, message.message_id, "yes")
    for _ in range(100):
        if fake.answered_callbacks:
            break
        await asyncio.sleep(0.05)
    assert fake.answered_callbacks[-1]["text"] == "Đã nhận"
    assert fake.webhook_replies["answerCallbackQuery"] == 1 and fake.calls["answerCallbackQuery"] == 0


async def test_a_failed_webhook_delivery_is_retried_and_reported(fake, ptb, receiver_url):
    receiver = Receiver(statuses=[500])
    await ptb.set_webhook(await receiver_url(receiver))
    update = fake.inject_message(TOKEN, LAN, "again")
    await receiver.wait_for(2)
    assert [body["update_id"] for _, body in receiver.requests] == [update["update_id"]] * 2
    info = await ptb.get_webhook_info()
    assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"
    assert info.pending_update_count == 0


async def test_a_secret_token_with_other_characters_is_refused(ptb):
    with pytest.raises(BadRequest, match="Secret token contains unallowed characters"):
        await ptb.set_webhook("http://127.0.0.1:9/hook", secret_token="no spaces")


# --- buttons ----------------------------------------------------------------------------------


async def test_a_pressed_button_arrives_as_a_callback_query_answerable_once(fake, chatting):
    message = await chatting.send_message(LAN, "Đồng ý?", reply_markup=yes_no())
    fake.press_button(TOKEN, LAN, message.message_id, "yes")
    (update,) = await chatting.get_updates()
    query = update.callback_query
    assert (query.data, query.message.message_id, query.from_user.id) == ("yes", message.message_id, LAN)
    assert await query.answer("Cảm ơn")
    assert fake.answered_callbacks[-1]["text"] == "Cảm ơn"
    with pytest.raises(BadRequest, match="Query is too old"):
        await query.answer()


async def test_pressing_a_button_that_is_not_on_the_message_is_a_test_error(fake, chatting):
    message = await chatting.send_message(LAN, "Đồng ý?", reply_markup=yes_no())
    with pytest.raises(ValueError, match="no button"):
        fake.press_button(TOKEN, LAN, message.message_id, "no")


async def test_a_shared_contact_carries_the_senders_user_id(fake, ptb):
    fake.share_contact(TOKEN, LAN, "+84901234567")
    (update,) = await ptb.get_updates()
    assert (update.message.contact.phone_number, update.message.contact.user_id) == ("+84901234567", LAN)


# --- files ------------------------------------------------------------------------------------


async def test_an_uploaded_photo_can_be_fetched_with_get_file_and_downloaded(fake, chatting):
    image = png(3, 2)
    message = await chatting.send_photo(LAN, image, caption="<i>ảnh</i>", parse_mode="HTML")
    photo = message.photo[-1]
    assert (photo.width, photo.height, message.caption) == (3, 2, "ảnh")
    file = await chatting.get_file(photo.file_id)
    assert bytes(await file.download_as_bytearray()) == image
    again = await chatting.send_photo(LAN, photo.file_id)
    assert again.photo[-1].file_id == photo.file_id
    assert fake.last_sent(TOKEN, LAN).file_bytes == image


async def test_bytes_that_are_not_an_image_are_refused_as_a_photo(chatting):
    with pytest.raises(BadRequest, match="(?i)image_process_failed"):
        await chatting.send_photo(LAN, b"not an image")


async def test_a_document_keeps_its_name_and_bytes(fake, chatting):
    await chatting.send_document(LAN, b"a,b\n1,2\n", filename="bao-cao.csv")
    sent = fake.last_sent(TOKEN, LAN)
    assert (sent.kind, sent.filename, sent.file_bytes) == ("document", "bao-cao.csv", b"a,b\n1,2\n")


async def test_a_photo_from_a_user_can_be_downloaded_by_the_bot(fake, ptb):
    fake.inject_message(TOKEN, LAN, photo=png(4, 4), caption="ổ gà")
    (update,) = await ptb.get_updates()
    file = await update.message.photo[-1].get_file()
    assert bytes(await file.download_as_bytearray()) == png(4, 4)


# --- commands ---------------------------------------------------------------------------------


async def test_commands_are_stored_per_scope_and_language(fake, chatting):
    await chatting.set_my_commands([("start", "Bắt đầu")], language_code="vi")
    await chatting.set_my_commands([("report", "Báo cáo")], scope=BotCommandScopeChat(LAN))
    await chatting.set_my_commands([("help", "Trợ giúp")], scope=BotCommandScopeAllGroupChats())
    assert fake.commands(TOKEN, None, "vi") == [{"command": "start", "description": "Bắt đầu"}]
    assert fake.commands(TOKEN, {"type": "chat", "chat_id": LAN}) == [{"command": "report", "description": "Báo cáo"}]
    assert [c.command for c in await chatting.get_my_commands(scope=BotCommandScopeAllGroupChats())] == ["help"]
    assert await chatting.get_my_commands() == ()
    await chatting.delete_my_commands(language_code="vi")
    assert fake.commands(TOKEN, None, "vi") == []


async def test_a_command_with_capital_letters_is_refused(chatting):
    with pytest.raises(BadRequest, match="(?i)bot_command_invalid"):
        await chatting.set_my_commands([("Start", "Bắt đầu")])


# --- flood control ----------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_flood_control_answers_429_that_ptb_raises_as_retry_after():
    async with FakeTelegram(flood_control=True) as fake:
        fake.add_bot(TOKEN, "doithoai_bot")
        fake.user(LAN, "Lan")
        fake.inject_message(TOKEN, LAN, "/start")
        async with ptb_bot(fake) as bot:
            for _ in range(3):
                await bot.send_message(LAN, "burst")
            with pytest.raises(RetryAfter) as caught:
                await bot.send_message(LAN, "one too many")
    assert "Retry in 1 second" in str(caught.value)
    assert len(fake.sent(TOKEN, LAN)) == 3


async def test_flood_control_is_off_by_default(fake, chatting):
    for _ in range(10):
        await chatting.send_message(LAN, "fast")


# --- the test-facing API ------------------------------------------------------------------------


async def test_wait_for_sent_times_out_saying_what_was_sent(fake, chatting):
    await chatting.send_message(LAN, "only one")
    with pytest.raises(TimeoutError, match="(?s)expected 2 message.*got 1.*only one"):
        await fake.wait_for_sent(TOKEN, LAN, 2, timeout=0.1)


async def test_a_ptb_application_answers_a_command_by_polling(fake):
    async def start(update, context):
        await update.message.reply_text(f"Chào {update.effective_user.first_name}")

    application = (Application.builder().token(TOKEN).base_url(f"{fake.url}/bot")
                   .base_file_url(f"{fake.url}/file/bot").build())
    application.add_handler(CommandHandler("start", start))
    async with application:
        await application.start()
        await application.updater.start_polling(poll_interval=0, timeout=1)
        fake.inject_message(TOKEN, LAN, "/start")
        (reply,) = await fake.wait_for_sent(TOKEN, LAN, 1)
        await application.updater.stop()
        await application.stop()
    assert reply.text == "Chào Lan"


async def test_the_control_api_over_http_injects_and_reads(fake, ptb):
    status, body = await raw_call(fake, "/_control/inject_message", json={"token": TOKEN, "user_id": LAN, "text": "hi"})
    assert status == 200 and body["result"]["message"]["text"] == "hi"
    await ptb.send_message(LAN, "chào")
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{fake.url}/_control/sent", params={"token": TOKEN, "chat_id": LAN}) as response:
            sent = (await response.json())["result"]
    assert [m["text"] for m in sent] == ["chào"]
