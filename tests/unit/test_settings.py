"""Settings: every value checked at start, one line naming the variable and what it expects;
tokens hidden wherever the settings are shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError

TOKEN = "424242:settings-token-never-shown"


def error_for(**env: str) -> str:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({f"COMEBACK_{name}": value for name, value in env.items()})
    return str(caught.value)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("WEEKLY_TIME", "25:99", "HH:MM"),
        ("TELEGRAM_RATE", "0", "above 0"),
        ("WEEKLY_WEEKDAY", "9", "0 (Monday) to 6 (Sunday)"),
        ("TELEGRAM_WEBHOOK_PORT", "abc", "a TCP port"),
        ("DATABASE_URL", "postgres://nope", "postgresql+asyncpg://"),
        ("DATABASE_URL", "sqlite:///no-async-driver.db", "sqlite+aiosqlite:///"),
        ("LOG_LEVEL", "loud", "DEBUG, INFO"),
        ("LOG_FORMAT", "xml", "text or json"),
        ("LEASE_SECONDS", "-5", "above 0"),
        ("HTTP_PORT", "70000", "a TCP port"),
        ("TELEGRAM_BASE_URL", "api.telegram.org", "http(s) URL"),
        ("DISCORD_GATEWAY_URL", "http://gateway", "ws(s)://"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it_and_what_it_expects(
    name: str, value: str, expected: str
) -> None:
    message = error_for(**{name: value})
    assert message.count("\n") == 0
    assert message.startswith(f"COMEBACK_{name}=")
    assert expected in message


def test_the_database_url_is_never_echoed() -> None:
    message = error_for(DATABASE_URL="mysql://admin:hunter2@db/comeback")
    assert "hunter2" not in message


def test_two_bad_settings_are_two_lines() -> None:
    assert len(error_for(WEEKLY_TIME="7", WEEKLY_WEEKDAY="-1").splitlines()) == 2


def test_good_values_are_parsed_and_empty_ones_mean_unset() -> None:
    settings = Settings.from_env(
        {
            "COMEBACK_WEEKLY_TIME": "07:30",
            "COMEBACK_TELEGRAM_WEBHOOK_PORT": "8080",
            "COMEBACK_LOG_LEVEL": "debug",
            "COMEBACK_DISCORD_TOKEN": "",
            "COMEBACK_TELEGRAM_TOKEN": TOKEN,
        }
    )
    assert (settings.weekly_time, settings.telegram_webhook_port) == ("07:30", 8080)
    assert settings.log_level == "DEBUG"
    assert settings.discord_token is None
    assert settings.secret("telegram_token") == TOKEN
    assert TOKEN not in repr(settings)


def test_config_hides_the_tokens_and_the_database_password() -> None:
    settings = Settings(
        telegram_token=TOKEN,
        database_url="postgresql+asyncpg://comeback:hunter2@db/comeback",
    )
    shown = "\n".join(f"{k}={v}" for k, v in settings.redacted().items())
    assert TOKEN not in shown and TOKEN.split(":")[1] not in shown
    assert "hunter2" not in shown
    assert "COMEBACK_DATABASE_URL=postgresql+asyncpg://comeback:***@db/comeback" in shown
    assert "COMEBACK_TELEGRAM_TOKEN=<set, hidden>" in shown
    assert "COMEBACK_DISCORD_TOKEN=<unset>" in shown


def test_dotenv_is_read_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text(
        f"COMEBACK_TELEGRAM_TOKEN={TOKEN}\nCOMEBACK_WEEKLY_TIME=06:00\nOTHER=ignored\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COMEBACK_WEEKLY_TIME", "08:15")
    settings = Settings.from_env()
    assert settings.secret("telegram_token") == TOKEN
    assert settings.weekly_time == "08:15"


def test_settings_built_in_code_read_no_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("COMEBACK_DISCORD_TOKEN=from-a-developers-env-file\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COMEBACK_TELEGRAM_TOKEN", TOKEN)
    settings = Settings(weekly_time="09:00")
    assert settings.telegram_token is None and settings.discord_token is None


def test_with_changes_validates_again() -> None:
    with pytest.raises(SettingsError, match="COMEBACK_WEEKLY_TIME"):
        Settings().with_changes(weekly_time="24:00")
