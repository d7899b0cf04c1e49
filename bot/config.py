"""Settings from the environment (and .env): pydantic-settings, secrets never logged."""
from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

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

    @property
    def webhook_mode(self) -> bool:
        return bool(self.webhook_base_url)

    def telegram_urls(self) -> tuple[str, str]:
        """PTB's base_url and base_file_url for whichever Bot API server we talk to."""
        base = self.telegram_api_base_url.rstrip("/")
        return f"{base}/bot", f"{base}/file/bot"
