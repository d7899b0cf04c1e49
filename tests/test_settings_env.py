"""Settings come from the environment and .env as documented in .env.example: typed, secrets hidden, and a value
that does not parse stops the start with a sentence naming the variable."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import SecretStr, Settings, SettingsError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def clean_env(monkeypatch):
    """No setting from the machine running the tests leaks in."""
    import os

    for name in Settings.model_fields:
        for key in (name.upper(), name):
            monkeypatch.delenv(key, raising=False)
    assert not {key.lower() for key in os.environ} & set(Settings.model_fields)
    return monkeypatch


def test_the_example_env_file_names_every_setting_it_sets_and_they_parse(clean_env, tmp_path):
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    names = {line.split("=")[0] for line in example.splitlines() if "=" in line and not line.startswith("#")}
    assert {name.lower() for name in names} <= set(Settings.model_fields)
    env = tmp_path / ".env"
    env.write_text(example, encoding="utf-8")
    settings = Settings(_env_file=env)
    assert settings.metrics_port is None and settings.backup_dir is None  # empty means unset, as documented
    assert settings.port == 8080 and settings.data_dir == Path(".doithoai") and settings.telegram_bot_token is None
    assert settings.telegram_api_base_url == "https://api.telegram.org"


def test_the_environment_wins_over_the_env_file_and_values_take_their_types(clean_env, tmp_path):
    env = tmp_path / ".env"
    env.write_text('PORT=9000\nexport LOG_LEVEL="DEBUG"\nZALO_ZNS_TEMPLATES={"ticket.answer": "301"}\n'
                   "TELEGRAM_BOT_TOKEN=123:from-file\n", encoding="utf-8")
    clean_env.setenv("PORT", "9100")
    clean_env.setenv("backup_dir", "/srv/backups")  # names match in any case, as before
    settings = Settings(_env_file=env)
    assert settings.port == 9100 and settings.log_level == "DEBUG" and settings.backup_dir == Path("/srv/backups")
    assert settings.zalo_zns_templates == {"ticket.answer": "301"}
    assert settings.secrets() == ["123:from-file"]
    assert Settings(_env_file=env, port=7000).port == 7000  # given in code: wins over both


def test_a_secret_never_shows_when_settings_are_printed(clean_env):
    settings = Settings(_env_file=None, telegram_bot_token=SecretStr("123:very-secret"), webhook_secret="s3cret")
    assert "very-secret" not in repr(settings) and "s3cret" not in f"{settings} {settings.webhook_secret}"
    assert settings.webhook_secret.get_secret_value() == "s3cret"


def test_a_value_that_does_not_parse_is_named_with_what_it_should_be(clean_env):
    clean_env.setenv("PORT", "80a")
    clean_env.setenv("OUTBOX_POLL_SECONDS", "soon")
    clean_env.setenv("ZALO_ZNS_TEMPLATES", "ticket.answer=301")
    with pytest.raises(SettingsError) as raised:
        Settings(_env_file=None)
    assert str(raised.value).splitlines() == [
        "PORT must be a whole number, not '80a'.", "OUTBOX_POLL_SECONDS must be a number, not 'soon'.",
        'ZALO_ZNS_TEMPLATES must be a JSON object of strings, e.g. {"key": "value"}, not \'ticket.answer=301\'.']


def test_a_copy_with_changes_leaves_the_original_as_it_was(clean_env):
    settings = Settings(_env_file=None, host="127.0.0.1")
    changed = settings.model_copy(update={"host": "10.0.0.5", "webhook_base_url": "https://bot.example.org"})
    assert (changed.bind_host, changed.webhook_mode) == ("10.0.0.5", True)
    assert (settings.bind_host, settings.webhook_mode) == ("127.0.0.1", False)


def test_a_setting_added_later_as_a_flag_or_a_list_reads_the_usual_words_and_json(clean_env):
    from bot.env import EnvSettings

    class Later(EnvSettings):
        env_file = None
        quiet: bool = False
        villages: list[str] = []

    clean_env.setenv("QUIET", "Yes")
    clean_env.setenv("VILLAGES", '["Thôn Lân Luông", "Thôn Bến Đá"]')
    assert (Later().quiet, Later().villages) == (True, ["Thôn Lân Luông", "Thôn Bến Đá"])
    clean_env.setenv("QUIET", "sometimes")
    with pytest.raises(SettingsError, match="QUIET must be true or false"):
        Later()
    with pytest.raises(TypeError, match="cannot read tags"):
        class Unreadable(EnvSettings):
            tags: set[str] = set()
