"""Settings from the environment (and .env), read by bot/env.py; secrets never logged."""
from __future__ import annotations

import re
from pathlib import Path

from bot.env import EnvSettings, SecretStr, SettingsError  # noqa: F401 (SecretStr, SettingsError: re-exported)
from bot.pacing import ChannelLimits
from storage.secrets import SecretBox, SecretKeyError

TELEGRAM_API = "https://api.telegram.org"
TELEGRAM_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as a webhook secret_token
NEW_SECRET = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'


def secret_value(secret: SecretStr | None) -> str:
    return secret.get_secret_value() if secret else ""


class Settings(EnvSettings):
    """Each setting is read from the environment variable of its name in upper case, or .env (see .env.example)."""

    database_url: str = ""
    database_pool_size: int = 10  # connections a process keeps open to PostgreSQL (no overflow: a burst waits)
    doithoai_secret_key: SecretStr | None = None  # Fernet key(s), comma-separated: secrets at rest (storage/secrets)
    data_dir: Path = Path(".doithoai")
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = TELEGRAM_API
    webhook_base_url: str = ""
    webhook_secret: SecretStr | None = None
    public_base_url: str = ""  # the public address of the results pages (/ket-qua/<code>); WEBHOOK_BASE_URL if empty
    host: str = ""  # empty: 127.0.0.1, or every interface in webhook mode (see bind_host)
    port: int = 8080
    log_level: str = "INFO"
    log_format: str = "text"  # "json": one JSON object per line, with the update's trace id (bot/logs.py)
    metrics_port: int | None = None  # /metrics (Prometheus) on this port when set; 0 picks a free one
    metrics_host: str = "127.0.0.1"  # 0.0.0.0 inside a container network for Prometheus to reach it
    health_max_outbox_lag_seconds: float = 300.0  # /healthz reports the worker as lagging past this
    outbox_poll_seconds: float = 1.0
    backup_dir: Path | None = None  # `doithoai backup` writes here; DATA_DIR/backups when unset
    backup_keep: int = 14
    # Zalo Bot Platform (channel "zalo_bot")
    zalo_bot_token: SecretStr | None = None
    zalo_api_base_url: str = "https://bot-api.zaloplatforms.com"
    zalo_webhook_secret: SecretStr | None = None
    # Zalo Official Account, Open API v3 (channel "zalo_oa")
    zalo_oa_app_id: str = ""
    zalo_app_secret_key: SecretStr | None = None  # the application's secret key: OAuth token refreshes
    zalo_oa_secret_key: SecretStr | None = None  # the OA secret key: webhook signatures (a different value)
    zalo_oa_refresh_token: SecretStr | None = None
    zalo_oa_oauth_url: str = "https://oauth.zaloapp.com"
    zalo_oa_api_url: str = "https://openapi.zalo.me"
    zalo_zns_api_url: str = "https://business.openapi.zalo.me"
    zalo_oa_event_window_seconds: float = 300.0  # OA events stamped further from now are refused (replays)
    zalo_zns_templates: dict[str, str] = {}  # message kind (e.g. "ticket.answer") → approved ZNS template id

    @property
    def zalo_oa_enabled(self) -> bool:
        """ZALO_OA_APP_ID turns the OA on; problems() then names any other OA setting missing."""
        return bool(self.zalo_oa_app_id)

    def secrets(self) -> list[str]:
        """Every secret value set, so logging can scrub them."""
        fields = (self.telegram_bot_token, self.webhook_secret, self.zalo_bot_token, self.zalo_webhook_secret,
                  self.zalo_app_secret_key, self.zalo_oa_secret_key, self.zalo_oa_refresh_token)
        keys = secret_value(self.doithoai_secret_key).split(",")
        return [field.get_secret_value() for field in fields if field] + [key.strip() for key in keys if key.strip()]
    progress_seconds: float = 2.0
    reminder_seconds: float = 60.0
    processed_update_days: int = 30  # seen update ids are kept this long to drop redeliveries, then pruned
    database_watch_seconds: float = 2.0  # how often the embedded PostgreSQL is checked (restarted if it died)
    telegram_messages_per_second: float = 29.0
    telegram_chat_interval_seconds: float = 1.0
    telegram_group_messages_per_minute: float = 20.0
    telegram_sends_in_flight: int = 16
    outbox_lease_seconds: float = 30.0
    bot_registry_seconds: float = 30.0  # how often a process checks the bot registry for added/removed/re-keyed bots
    # Direct replies (bot/direct.py) and the per-chat burst limit (handlers/flood.py)
    direct_reply_max_wait_seconds: float = 5.0
    chat_burst_updates: int = 20
    chat_burst_seconds: float = 10.0
    # Voice questions (bot/speech.py): a faster-whisper model folder; empty: no transcripts, staff listen
    speech_model_dir: str = ""
    voice_seconds: float = 5.0  # how often recordings waiting to be kept or transcribed are looked for
    voice_keep_max_bytes: int = 10 * 1024 * 1024  # a Zalo recording (an address that may expire) is kept up to this

    @property
    def webhook_mode(self) -> bool:
        return bool(self.webhook_base_url)

    @property
    def bind_host(self) -> str:
        """HOST if set; otherwise only this machine listens, unless webhooks must reach us from outside."""
        return self.host or ("0.0.0.0" if self.webhook_mode else "127.0.0.1")

    def problems(self) -> list[str]:
        """What keeps these settings from starting the bot safely, one sentence each."""
        found = []
        if self.webhook_mode and self.telegram_bot_token \
                and not TELEGRAM_SECRET.fullmatch(secret_value(self.webhook_secret)):
            found.append("WEBHOOK_BASE_URL is set (webhook mode), so WEBHOOK_SECRET must be 1-256 characters of "
                         f"A-Z a-z 0-9 _ - (make one with: {NEW_SECRET}).")
        if self.webhook_mode and self.zalo_bot_token and not 8 <= len(secret_value(self.zalo_webhook_secret)) <= 256:
            found.append("WEBHOOK_BASE_URL is set (webhook mode), so ZALO_WEBHOOK_SECRET must be 8-256 characters "
                         f"(make one with: {NEW_SECRET}).")
        if self.zalo_oa_enabled:
            found += self._oa_problems()
        return found

    def _oa_problems(self) -> list[str]:
        found = [f"ZALO_OA_APP_ID is set, so {name} must be too ({what})." for name, value, what in (
            ("ZALO_APP_SECRET_KEY", self.zalo_app_secret_key, "the application's secret key, for token refreshes"),
            ("ZALO_OA_SECRET_KEY", self.zalo_oa_secret_key, "the OA secret key, for webhook signatures"),
            ("ZALO_OA_REFRESH_TOKEN", self.zalo_oa_refresh_token, "the first refresh token")) if not value]
        if not self.zalo_app_secret_key and self.zalo_oa_secret_key:
            found.append("Zalo documents two different keys: ZALO_APP_SECRET_KEY (the application's, for OAuth) "
                         "and ZALO_OA_SECRET_KEY (the OA's, for webhook signatures); one value cannot serve both.")
        try:
            self.secret_box()
        except SecretKeyError as error:
            found.append(f"The OA's tokens are stored encrypted. {error}")
        return found

    def secret_box(self) -> SecretBox:
        """What seals secrets at rest; SecretKeyError (saying how to make a key) if DOITHOAI_SECRET_KEY is unusable."""
        return SecretBox(secret_value(self.doithoai_secret_key))

    def check(self) -> None:
        """Raise SettingsError naming every problem, before anything starts."""
        found = self.problems()
        if found:
            raise SettingsError("\n".join(found))

    def telegram_limits(self) -> ChannelLimits:
        return ChannelLimits(per_second=self.telegram_messages_per_second,
                             chat_interval=self.telegram_chat_interval_seconds,
                             group_interval=60.0 / self.telegram_group_messages_per_minute,
                             in_flight=self.telegram_sends_in_flight)

    def telegram_urls(self) -> tuple[str, str]:
        """PTB's base_url and base_file_url for whichever Bot API server we talk to."""
        base = self.telegram_api_base_url.rstrip("/")
        return f"{base}/bot", f"{base}/file/bot"
