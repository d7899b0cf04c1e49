"""A small typed client for the Zalo OA Open API v3: OAuth refresh, consultation messages, ZNS templates."""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from bot.zalo.http import JsonClient

OAUTH_URL = "https://oauth.zaloapp.com"
API_URL = "https://openapi.zalo.me"
ZNS_URL = "https://business.openapi.zalo.me"
TOKEN_ERRORS = frozenset({-216, -220, -124})  # the access token is invalid or expired
WINDOW_CLOSED = -230  # the user has not interacted with the OA in the last 7 days
RATE_LIMITED = -32
NOT_FOLLOWING = -213


class ZaloOAError(Exception):
    def __init__(self, error: int, message: str) -> None:
        super().__init__(f"{error}: {message}")
        self.error, self.message = error, message


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


def signature(app_id: str, raw_body: bytes, timestamp: str, secret_key: str) -> str:
    """X-ZEvent-Signature's mac: plain SHA-256 (not HMAC) of app_id + body + timestamp + OA secret key."""
    return hashlib.sha256(app_id.encode() + raw_body + timestamp.encode() + secret_key.encode()).hexdigest()


def signature_ok(header: str, app_id: str, raw_body: bytes, timestamp: str, secret_key: str) -> bool:
    """In constant time; never true without a secret key (anyone can hash public data)."""
    if not secret_key:
        return False
    given = header.strip().removeprefix("mac=").strip().lower()
    expected = signature(app_id, raw_body, timestamp, secret_key)
    return hmac.compare_digest(given.encode(), expected.encode())


class ZaloOAClient(JsonClient):
    """app_secret_key is the application's secret key (OAuth); the OA secret key only checks webhooks."""

    def __init__(self, app_id: str, app_secret_key: str, *, oauth_url: str = OAUTH_URL, api_url: str = API_URL,
                 zns_url: str = ZNS_URL, timeout: float = 20.0) -> None:
        super().__init__(timeout)
        self.app_id, self._secret = app_id, app_secret_key
        self._oauth, self._api, self._zns = (u.rstrip("/") for u in (oauth_url, api_url, zns_url))

    async def _post(self, url: str, headers: dict[str, str], **kwargs: Any) -> dict[str, Any]:
        status, data = await self.post_json(url, headers=headers, **kwargs)
        if not isinstance(data, dict):
            raise ZaloOAError(-status, "answer is not a JSON object")
        if int(data.get("error") or 0) != 0:
            raise ZaloOAError(int(data["error"]), str(data.get("message") or data.get("error_name") or ""))
        return data

    async def refresh(self, refresh_token: str) -> TokenPair:
        """Trade the single-use refresh token for a new access token and a new refresh token."""
        data = await self._post(f"{self._oauth}/v4/oa/access_token", {"secret_key": self._secret},
                                data={"refresh_token": refresh_token, "app_id": self.app_id,
                                      "grant_type": "refresh_token"})
        if not data.get("access_token") or not data.get("refresh_token"):
            raise ZaloOAError(-1, "token answer without tokens")
        return TokenPair(data["access_token"], data["refresh_token"], int(data.get("expires_in") or 3600))

    async def send_text(self, access_token: str, user_id: str, text: str) -> str:
        """A consultation message ("cs"), allowed within 7 days of the user's last interaction."""
        body = {"recipient": {"user_id": user_id}, "message": {"text": text}}
        data = await self._post(f"{self._api}/v3.0/oa/message/cs", {"access_token": access_token}, json=body)
        return str((data.get("data") or {}).get("message_id", ""))

    async def send_zns(self, access_token: str, phone: str, template_id: str, template_data: dict[str, str],
                       tracking_id: str) -> str:
        """A pre-approved ZNS template message to a phone number (84xxxxxxxxx), paid per delivery."""
        body = {"phone": phone, "template_id": template_id, "template_data": template_data,
                "tracking_id": tracking_id}
        data = await self._post(f"{self._zns}/message/template", {"access_token": access_token}, json=body)
        return str((data.get("data") or {}).get("msg_id", ""))
