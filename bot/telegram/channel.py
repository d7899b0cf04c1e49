"""The thin async shell around python-telegram-bot: updates in through handlers, replies and menus out."""
from __future__ import annotations

import asyncio
import logging
import warnings
from contextvars import ContextVar
from dataclasses import replace
from functools import partial
from typing import Any, Awaitable, Callable

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import BadRequest, TelegramError
from telegram.warnings import PTBUserWarning
from telegram.ext import Application, ApplicationBuilder, BaseUpdateProcessor, TypeHandler

from bot.direct import DirectReplies, Send
from bot.dispatching import ChatLocks, dispatch_safely
from bot.telegram.parse import CHANNEL, parse_update
from bot.telegram.render import Call, call_payload, render
from bot.telegram.request import AiohttpRequest
from bot.telegram.sender import mapped_errors
from handlers.conversation.events import ButtonPressed, Event
from handlers.conversation.i18n import LANGUAGES, translator
from handlers.conversation.replies import CommandMenu, Outcome
from handlers.dispatch import command_menu

log = logging.getLogger(__name__)
ACTIVITY_SECONDS = 2.0  # a chat action is a courtesy: never hold the reply up longer than this for it
ANSWER_IN_REPLY_SECONDS = 1.0  # a press's replies slower than this: its callback answered at once, not in the reply
Dispatch = Callable[[Event], Awaitable[Outcome]]
RAW_RESULT = {"send_message", "edit_message_text"}  # what run() sends without parsing Telegram's answer
# do_api_request warns "use Bot.send_message instead": run() does mean those methods, with their result unparsed.
warnings.filterwarnings("ignore", r"Please use 'Bot\.(send_message|edit_message_text)'", PTBUserWarning)
# Set while a webhook request is handled: the Bot API call its response carries (Telegram runs it), if any.
WEBHOOK_REPLY: ContextVar[list[dict[str, Any]] | None] = ContextVar("webhook_reply", default=None)


class PerChatProcessor(BaseUpdateProcessor):
    """Many chats at once, but each chat's updates one at a time and in order.

    The slot among `max_concurrent_updates` is taken once the chat's turn has come: PTB's own semaphore is taken
    before, so a chat with a backlog would hold every slot waiting for itself and starve the other chats."""

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(2 ** 30)  # PTB's semaphore, never the limit
        self._running = asyncio.Semaphore(max_concurrent_updates)
        self._chats = ChatLocks()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else 0
        async with self._chats.hold(chat), self._running:
            await coroutine

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def build_application(token: str, base_url: str, base_file_url: str, *, polling: bool) -> Application:
    builder = (ApplicationBuilder().token(token).base_url(base_url).base_file_url(base_file_url)
               .concurrent_updates(PerChatProcessor())
               .request(AiohttpRequest()).get_updates_request(AiohttpRequest(pool_size=1)))
    if not polling:
        builder = builder.updater(None)
    return builder.build()


class TelegramChannel:
    """Connects one PTB Application to the neutral dispatcher."""

    def __init__(self, application: Application, dispatch: Dispatch, on_queued: Callable[[], None],
                 replies: DirectReplies) -> None:
        self.application = application
        self._dispatch = dispatch
        self._on_queued = on_queued
        self.replies = replies
        application.add_handler(TypeHandler(Update, self._on_update))
        application.add_error_handler(self._on_error)

    @property
    def bot_id(self) -> str:
        return str(self.application.bot.id)

    async def process(self, update: Update) -> dict[str, Any] | None:
        """Run one update through the same per-chat ordering as polling (used by the webhook route); the Bot API
        call the webhook's response should carry (a press's callback answer: one HTTP request fewer), if any."""
        app, reply = self.application, []
        token = WEBHOOK_REPLY.set(reply)
        try:
            await app.update_processor.process_update(update, app.process_update(update))
        finally:
            WEBHOOK_REPLY.reset(token)
        return reply[0] if reply else None

    async def _on_update(self, update: Update, context: Any) -> None:
        event = parse_update(update, self.bot_id, self.application.bot.username or "")
        if update.callback_query is not None and event is None:
            reply = WEBHOOK_REPLY.get()
            if reply is not None:
                _in_reply(reply, update.callback_query.id, None)
            else:
                await update.callback_query.answer()
        if event is None:
            return
        if update.message is not None:  # when it was sent (a button press has no time of its own)
            event = replace(event, sent_at=update.message.date)
        outcome = await dispatch_safely(self._dispatch, event)
        if outcome.queued:
            self._on_queued()
        await self._deliver(update, event, outcome)

    async def _deliver(self, update: Update, event: Event, outcome: Outcome) -> None:
        query, response, notice = update.callback_query, WEBHOOK_REPLY.get(), outcome.notice[:200] or None
        answering = None
        if query is not None and response is None:  # polling: in parallel with the replies (it stops the spinner)
            answering = asyncio.create_task(_quietly(query.answer(notice)))
        if outcome.menu is not None:  # before the replies, so the menu is there when the welcome arrives
            await self.set_chat_menu(event.ref.chat_id, outcome.menu)
        pressed = event.message_id if isinstance(event, ButtonPressed) else ""
        calls = [call for reply in outcome.replies for call in render(reply, event.ref.chat_id, pressed)]
        delivering = self.replies.deliver(event.ref.chat_id, [Send(partial(self._send, call),
                                                                   partial(call_payload, call)) for call in calls])
        if query is not None and response is not None:
            await self._answer_in_response(response, query, notice, asyncio.ensure_future(delivering))
            return
        await delivering
        if answering is not None:
            await answering

    async def _answer_in_response(self, response: list[dict[str, Any]], query: Any, notice: str | None,
                                  delivering: asyncio.Future) -> None:
        """A press's callback answer goes in the webhook's response, after its replies; when they are slow (a
        429 waited out), it goes at once by a request of its own, so the button does not spin for long."""
        done, _ = await asyncio.wait({delivering}, timeout=ANSWER_IN_REPLY_SECONDS)
        if not done:
            await _quietly(query.answer(notice))
            await delivering
            return
        _in_reply(response, query.id, notice)
        delivering.result()  # what went wrong sending the replies is raised as it was without the webhook

    async def _send(self, call: Call) -> None:
        with mapped_errors():
            await self.run(call)

    async def run(self, call: Call) -> Any:
        """Run a reply's call; a text sent or edited gives Telegram's raw result (nobody reads the message back,
        and building PTB's Message from it cost more CPU than the rest of sending it)."""
        try:
            return await self._call(call.method, call.kwargs)
        except BadRequest as error:
            if call.method == "edit_message_text" and "not modified" in str(error).lower():
                return None
            if call.method == "edit_message_text":  # the message is gone or too old: send a new one
                kwargs = {k: v for k, v in call.kwargs.items() if k != "message_id"}
                return await self._call("send_message", kwargs)
            raise

    async def _call(self, method: str, kwargs: dict[str, Any]) -> Any:
        bot = self.application.bot
        if method not in RAW_RESULT:
            return await getattr(bot, method)(**kwargs)
        return await bot.do_api_request(method, {k: v for k, v in kwargs.items() if v is not None})

    async def show_activity(self, chat_id: str, activity: str) -> None:
        """A chat action ("sending a file…") before a slow reply; best effort."""
        try:
            await asyncio.wait_for(self.application.bot.send_chat_action(chat_id, activity), ACTIVITY_SECONDS)
        except (TelegramError, TimeoutError) as error:
            log.warning("chat action failed channel=%s chat=%s: %s", CHANNEL, chat_id, type(error).__name__)

    async def set_chat_menu(self, chat_id: str, menu: CommandMenu) -> None:
        commands = [BotCommand(name, description) for name, description in menu.commands]
        await _quietly(self.application.bot.set_my_commands(commands, scope=BotCommandScopeChat(int(chat_id))))

    async def set_default_menus(self) -> None:
        """Residents' commands for everyone, per language; staff get theirs per chat when they join."""
        bot = self.application.bot
        for language in LANGUAGES:
            commands = [BotCommand(n, d) for n, d in command_menu(set(), translator(language)).commands]
            await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=language)
        vietnamese = [BotCommand(n, d) for n, d in command_menu(set(), translator("vi")).commands]
        await bot.set_my_commands(vietnamese, scope=BotCommandScopeDefault())

    async def _on_error(self, update: object, context: Any) -> None:
        log.error("telegram error: %s", context.error, exc_info=context.error)


def _in_reply(reply: list[dict[str, Any]], query_id: str, notice: str | None) -> None:
    reply.append({"method": "answerCallbackQuery", "callback_query_id": query_id,
                  **({"text": notice} if notice else {})})


async def _quietly(awaitable: Awaitable[Any]) -> None:
    try:
        await awaitable
    except TelegramError as error:
        log.warning("telegram call failed: %s", error)
