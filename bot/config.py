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
    progress_seconds: float = 2.0
    reminder_seconds: float = 60.0
    telegram_messages_per_second: float = 29.0
    telegram_chat_interval_seconds: float = 1.0
    telegram_group_messages_per_minute: float = 20.0
    telegram_sends_in_flight: int = 16

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
