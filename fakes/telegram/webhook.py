"""Pushing updates to a bot's webhook: in order, one at a time, retried until accepted."""

from __future__ import annotations

import asyncio
import json
import logging
from http import HTTPStatus

import aiohttp

from .server import call_from_webhook_reply
from .state import BotState, Webhook
from .world import World

log = logging.getLogger(__name__)


class WebhookDelivery:
    """One delivery task per bot with a webhook; restarted whenever the webhook changes."""

    def __init__(self, world: World, retry_delay: float = 0.05, max_delay: float = 2.0,
                 timeout: float = 10.0):
        self.world = world
        self.retry_delay = retry_delay
        self.max_delay = max_delay
        self.timeout = timeout
        self.session: aiohttp.ClientSession | None = None
        self._tasks: dict[str, asyncio.Task] = {}

    async def open(self) -> None:
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        for bot in self.world.bots.values():
            self.restart(bot)

    async def close(self) -> None:
        tasks = list(self._tasks.values())
        self._tasks.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self.session is not None:
            await self.session.close()
            self.session = None

    def restart(self, bot: BotState) -> None:
        old = self._tasks.pop(bot.token, None)
        if old is not None:
            old.cancel()
        if bot.webhook is not None and self.session is not None:
            self._tasks[bot.token] = asyncio.get_running_loop().create_task(
                self._deliver(bot, bot.webhook), name=f"webhook-{bot.id}"
            )

    async def _deliver(self, bot: BotState, hook: Webhook) -> None:
        delay = self.retry_delay
        while bot.webhook is hook:
            pending = bot.updates.first()
            if pending is None:
                await bot.updates.changed.wait(None)
                continue
            error = await self._post(bot, hook, pending.update)
            if error is None:
                bot.updates.remove(pending)
                delay = self.retry_delay
                continue
            hook.last_error_date = self.world.now()
            hook.last_error_message = error
            log.info("webhook delivery for bot %s failed: %s", bot.id, error)
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.max_delay)

    async def _post(self, bot: BotState, hook: Webhook, update: dict) -> str | None:
        """None once the webhook took the update, else Telegram's last_error_message. A JSON response naming a
        `method` is a Bot API call the bot makes in its answer (a webhook reply): run as Telegram would."""
        headers = {"X-Telegram-Bot-Api-Secret-Token": hook.secret_token} if hook.secret_token else {}
        try:
            async with self.session.post(hook.url, json=update, headers=headers) as response:
                body = await response.read()
                if 200 <= response.status < 300:
                    reply = _method_call(body) if response.content_type == "application/json" else None
                    if reply is not None:
                        await call_from_webhook_reply(self.world, bot, reply)
                    return None
                return f"Wrong response from the webhook: {response.status} {_phrase(response.status)}"
        except asyncio.TimeoutError:
            return "Read timeout expired"
        except aiohttp.ClientConnectorError as error:
            refused = isinstance(error.os_error, ConnectionRefusedError)
            return "Connection refused" if refused else f"Failed to connect: {error.os_error}"
        except aiohttp.ClientError as error:
            return f"Connection failed: {error}"


def _method_call(body: bytes) -> dict | None:
    try:
        reply = json.loads(body)
    except ValueError:
        return None
    return reply if isinstance(reply, dict) and "method" in reply else None


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
