"""FakeTelegram: a local Bot API server for tests, benchmarks and the offline sandbox."""

from __future__ import annotations

import asyncio
import socket
from collections import Counter
from pathlib import Path

from aiohttp import web

from . import inbound
from .configuration import command_key
from .control import add_control_routes
from .errors import ApiError
from .flood import FloodControl, Limits
from .server import build_app
from .spec import SPEC_PATH, Spec
from .state import SentMessage
from .webhook import WebhookDelivery
from .world import World


class FakeTelegram:
    """Telegram's Bot API over real HTTP, strict where Telegram is strict.

    Point python-telegram-bot at it with base_url=f"{server.url}/bot" and
    base_file_url=f"{server.url}/file/bot".
    """

    def __init__(self, *, flood_control: bool = False, callback_ttl: float = 15.0,
                 webhook_retry_delay: float = 0.05, spec_path: Path | str = SPEC_PATH,
                 flood_limits: Limits | None = None):
        flood = FloodControl(flood_limits or Limits()) if flood_control else None
        self.world = World(Spec(spec_path), flood=flood, callback_ttl=callback_ttl)
        self.webhooks = WebhookDelivery(self.world, retry_delay=webhook_retry_delay)
        self.world.on_webhook_change = self.webhooks.restart
        self.url: str | None = None
        self._runner: web.AppRunner | None = None

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on host:port (0 picks a free port); returns and sets `url`."""
        app = build_app(self.world)
        add_control_routes(app, self)
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()
        self.world.closing = False
        await self.webhooks.open()
        bound_host, bound_port = sock.getsockname()[:2]
        shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
        self.url = f"http://{shown_host}:{bound_port}"
        return self.url

    async def stop(self) -> None:
        """Ends long polls at once, stops webhook delivery and the server."""
        self.world.closing = True
        for bot in self.world.bots.values():
            bot.updates.changed.notify()
        await self.webhooks.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.stop()

    # --- the world ------------------------------------------------------------------------

    def add_bot(self, token: str, username: str, first_name: str = "Test Bot") -> dict:
        """Register a bot; its id is the number before ':' in the token. Returns its User."""
        return self.world.add_bot(token, username, first_name)

    def user(self, user_id: int, first_name: str, last_name: str | None = None,
             username: str | None = None, language_code: str | None = "vi") -> dict:
        """Register (or replace) a Telegram user. Returns its User object."""
        return self.world.add_user(user_id, first_name, last_name, username, language_code)

    def group(self, chat_id: int, title: str, members=(), bot_is_admin: bool = False,
              bots=None) -> dict:
        """Register a group (negative id) holding `members`; every bot is in it unless `bots` lists tokens."""
        return self.world.add_group(chat_id, title, members, bot_is_admin, bots)

    def migrate_group(self, chat_id: int, new_chat_id: int) -> dict:
        """Upgrade a group to a supergroup (new id starting -100), as Telegram does when a group grows."""
        return self.world.migrate_group(chat_id, new_chat_id)

    def open_chat(self, token: str, user_id: int) -> None:
        """The user has pressed Start in the bot's private chat (no update sent; for benchmarks)."""
        bot = self.world.bot(token)
        bot.started.add(user_id)
        bot.seen.add(user_id)

    @property
    def refusals(self) -> int:
        """How many sends flood control refused with 429."""
        return self.world.flood.refusals if self.world.flood else 0

    # --- outages (fakes/telegram/faults.py) ----------------------------------------------

    def refuse_sends(self, count: int = 0, retry_after: int = 1, ratio: float = 0.0) -> None:
        """The next `count` sends and edits (then a `ratio` share of them) answer 429 with retry_after."""
        self.world.faults.refuse(count, retry_after=retry_after, ratio=ratio)

    def fail_sends(self, count: int = 0, status: int = 502, ratio: float = 0.0) -> None:
        """The next `count` sends and edits (then a `ratio` share of them) answer this 5xx; nothing is delivered."""
        self.world.faults.fail(count, status=status, ratio=ratio)

    def calm(self) -> None:
        """Every outage switch off."""
        self.world.faults.calm()

    @property
    def faults_injected(self) -> dict[str, int]:
        """How many 429s and 5xx the outage switches gave: {"429": n, "5xx": m}."""
        return dict(self.world.faults.injected)

    # --- what users do --------------------------------------------------------------------

    def inject_message(self, token: str, user_id: int, text: str | None = None,
                       chat_id: int | None = None, photo: bytes | None = None,
                       document: tuple[str, bytes, str] | None = None,
                       caption: str | None = None, contact: dict | None = None,
                       voice: tuple[bytes, int] | None = None,
                       audio: tuple[str, bytes, int] | None = None) -> dict:
        """A user writes to the bot (private chat unless chat_id); returns the Update. `voice` is a voice note
        (bytes, seconds), `audio` a sound file (name, bytes, seconds)."""
        return inbound.inject_message(self.world, token, user_id, text, chat_id, photo,
                                      document, caption, contact, voice, audio)

    def press_button(self, token: str, user_id: int, message_id: int, data: str,
                     chat_id: int | None = None) -> dict:
        """A user presses an inline button on a bot message; returns the Update."""
        return inbound.press_button(self.world, token, user_id, message_id, data, chat_id)

    def share_contact(self, token: str, user_id: int, phone_number: str) -> dict:
        return inbound.share_contact(self.world, token, user_id, phone_number)

    def block(self, token: str, user_id: int) -> dict | None:
        return inbound.block(self.world, token, user_id)

    def unblock(self, token: str, user_id: int) -> dict | None:
        return inbound.unblock(self.world, token, user_id)

    def inject_raw(self, token: str, update: dict) -> dict:
        """Queue an arbitrary Update; an already used update_id is delivered again."""
        return inbound.inject_raw(self.world, token, update)

    # --- what the bot did -----------------------------------------------------------------

    def sent(self, token: str, chat_id: int) -> list[SentMessage]:
        """The bot's messages in a chat, oldest first (live objects: edits show up)."""
        log = self.world.bot(token).chats.get(chat_id)
        return list(log.sent.values()) if log else []

    def last_sent(self, token: str, chat_id: int) -> SentMessage | None:
        messages = self.sent(token, chat_id)
        return messages[-1] if messages else None

    async def wait_for_sent(self, token: str, chat_id: int, count: int,
                            timeout: float = 30.0) -> list[SentMessage]:
        """Wait until the bot has sent at least `count` messages to the chat."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(self.sent(token, chat_id)) < count:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._describe_shortfall(token, chat_id, count, timeout))
            await self.world.sent_changed.wait(remaining)
        return self.sent(token, chat_id)

    def _describe_shortfall(self, token: str, chat_id: int, count: int, timeout: float) -> str:
        messages = self.sent(token, chat_id)
        lines = [f"expected {count} message(s) in chat {chat_id} within {timeout}s, got {len(messages)}"]
        lines += [f"  #{m.message_id} [{m.kind}] {m.text!r}" for m in messages]
        if self.world.errors:
            lines.append("recent failed API calls:")
            lines += [f"  {error}" for error in list(self.world.errors)[-5:]]
        return "\n".join(lines)

    def commands(self, token: str, scope: dict | None = None, language_code: str = "") -> list[dict]:
        """Commands set for exactly this scope and language (no fallback, like getMyCommands)."""
        bot = self.world.bot(token)
        try:
            key = command_key(self.world, bot, scope, language_code)
        except ApiError as error:
            raise ValueError(error.description) from None
        return bot.commands.get(key, [])

    @property
    def calls(self) -> Counter[str]:
        """How often each Bot API method was called (spec spelling, failures included)."""
        return self.world.calls

    @property
    def webhook_replies(self) -> Counter[str]:
        """How often each Bot API method came in a webhook response instead of a request of its own."""
        return self.world.webhook_replies

    @property
    def chat_actions(self) -> list[dict]:
        """sendChatAction calls that succeeded: token, chat_id, action, and how many messages the bot had sent
        to that chat before it."""
        return self.world.chat_actions

    @property
    def answered_callbacks(self) -> list[dict]:
        """answerCallbackQuery calls that succeeded, with their parameters and the bot token."""
        return self.world.answered_callbacks
