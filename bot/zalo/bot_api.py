"""A small typed client for the Zalo Bot Platform (bot-api.zaloplatforms.com/bot<TOKEN>/<method>)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.zalo.http import JsonClient

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"


class ZaloBotError(Exception):
    """The API answered ok=false (whatever the HTTP status), or not with its envelope at all."""

    def __init__(self, error_code: int, description: str) -> None:
        super().__init__(f"{error_code}: {description}")
        self.error_code, self.description = error_code, description


@dataclass(frozen=True)
class BotAccount:
    id: str
    name: str


class ZaloBotClient(JsonClient):
    def __init__(self, token: str, base_url: str = DEFAULT_BASE_URL, timeout: float = 40.0) -> None:
        super().__init__(timeout)
        self._url = f"{base_url.rstrip('/')}/bot{token}/"

    async def call(self, method: str, **params: Any) -> Any:
        """POST JSON; the envelope's ok/error_code decide, since errors may come as HTTP 200 or 4xx."""
        body = {key: value for key, value in params.items() if value is not None}
        status, data = await self.post_json(self._url + method, json=body)
        if not isinstance(data, dict) or "ok" not in data:
            raise ZaloBotError(status, "answer without the API envelope")
        if not data["ok"]:
            raise ZaloBotError(int(data.get("error_code") or status), str(data.get("description", "")))
        return data.get("result")

    async def get_me(self) -> BotAccount:
        me = await self.call("getMe")
        return BotAccount(id=str(me["id"]), name=str(me.get("account_name") or me.get("display_name") or ""))

    async def get_updates(self, timeout: int = 30) -> dict[str, Any] | None:
        """One update, or None when the long poll ended idle (error 408)."""
        try:
            return await self.call("getUpdates", timeout=timeout)
        except ZaloBotError as error:
            if error.error_code == 408:
                return None
            raise

    async def set_webhook(self, url: str, secret_token: str) -> None:
        await self.call("setWebhook", url=url, secret_token=secret_token)

    async def delete_webhook(self) -> None:
        await self.call("deleteWebhook")

    async def get_webhook_info(self) -> dict[str, Any] | None:
        """The webhook's settings, or None when none is set (error 404)."""
        try:
            return await self.call("getWebhookInfo")
        except ZaloBotError as error:
            if error.error_code == 404:
                return None
            raise

    async def send_message(self, chat_id: str, text: str, parse_mode: str | None = None) -> str:
        result = await self.call("sendMessage", chat_id=chat_id, text=text, parse_mode=parse_mode)
        return str((result or {}).get("message_id", ""))

    async def send_photo(self, chat_id: str, photo: str, caption: str | None = None) -> str:
        result = await self.call("sendPhoto", chat_id=chat_id, photo=photo, caption=caption)
        return str((result or {}).get("message_id", ""))

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        await self.call("sendChatAction", chat_id=chat_id, action=action)
