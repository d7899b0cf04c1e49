"""Settings from the environment (and .env): pydantic-settings, secrets never logged."""
from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.pacing import ChannelLimits

TELEGRAM_API = "https://api.telegram.org"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = ""
    data_dir: Path = Path(".doithoai")
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = TELEGRAM_API
    webhook_base_url: str = ""
    webhook_secret: SecretStr | None = None
    host: str = "0.0.0.0"
    port: int = 8080
    log_level: str = "INFO"
    outbox_poll_seconds: float = 1.0
    # Zalo Bot Platform (channel "zalo_bot")
    zalo_bot_token: SecretStr | None = None
    zalo_api_base_url: str = "https://bot-api.zaloplatforms.com"
    zalo_webhook_secret: SecretStr | None = None
    # Zalo Official Account, Open API v3 (channel "zalo_oa")
    zalo_oa_app_id: str = ""
    zalo_oa_secret_key: SecretStr | None = None
    zalo_oa_refresh_token: SecretStr | None = None
    zalo_oa_oauth_url: str = "https://oauth.zaloapp.com"
    zalo_oa_api_url: str = "https://openapi.zalo.me"
    zalo_zns_api_url: str = "https://business.openapi.zalo.me"
    zalo_zns_templates: dict[str, str] = {}  # message kind (e.g. "ticket.answer") → approved ZNS template id

    @property
    def zalo_oa_enabled(self) -> bool:
        return bool(self.zalo_oa_app_id and self.zalo_oa_secret_key and self.zalo_oa_refresh_token)

    def secrets(self) -> list[str]:
        """Every secret value set, so logging can scrub them."""
        fields = (self.telegram_bot_token, self.webhook_secret, self.zalo_bot_token, self.zalo_webhook_secret,
                  self.zalo_oa_secret_key, self.zalo_oa_refresh_token)
        return [field.get_secret_value() for field in fields if field]
    progress_seconds: float = 2.0
    reminder_seconds: float = 60.0
    telegram_messages_per_second: float = 29.0
    telegram_chat_interval_seconds: float = 1.0
    telegram_group_messages_per_minute: float = 20.0
    telegram_sends_in_flight: int = 16
    outbox_lease_seconds: float = 30.0
    # Direct replies (bot/direct.py) and the per-chat burst limit (handlers/flood.py)
    direct_reply_max_wait_seconds: float = 5.0
    chat_burst_updates: int = 20
    chat_burst_seconds: float = 10.0

    @property
    def webhook_mode(self) -> bool:
        return bool(self.webhook_base_url)

    def telegram_limits(self) -> ChannelLimits:
        return ChannelLimits(per_second=self.telegram_messages_per_second,
                             chat_interval=self.telegram_chat_interval_seconds,
                             group_interval=60.0 / self.telegram_group_messages_per_minute,
                             in_flight=self.telegram_sends_in_flight)

    def telegram_urls(self) -> tuple[str, str]:
        """PTB's base_url and base_file_url for whichever Bot API server we talk to."""
        base = self.telegram_api_base_url.rstrip("/")
        return f"{base}/bot", f"{base}/file/bot"
