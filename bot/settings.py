"""Configuration from the environment (COMEBACK_*) and a `.env` file, validated at start and passed
down explicitly.

`Settings.from_env()` reads the environment and `.env`; building `Settings(...)` directly (tests,
benches) reads nothing but its arguments, so a developer's `.env` never leaks into a test. Every
field is checked (types, ranges, URLs): a bad value stops the start with one line naming the
variable and what it expects (`SettingsError`), instead of a tick that fails every minute.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{Path('comeback.db').resolve()}"
PREFIX = "COMEBACK_"
DRIVERS = {"sqlite": "aiosqlite", "postgresql": "asyncpg"}
_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_HTTP_URL = re.compile(r"https?://[^\s/:]+(:\d{1,5})?(/\S*)?")

# What each setting expects, in the words of the one-line error (and `comeback config`).
EXPECTED: dict[str, str] = {
    "database_url": "sqlite+aiosqlite:///PATH or postgresql+asyncpg://USER:PASSWORD@HOST/DB",
    "telegram_base_url": "an http(s) URL",
    "telegram_base_file_url": "an http(s) URL",
    "telegram_webhook_url": "an http(s) URL (Telegram wants https)",
    "telegram_webhook_port": "a TCP port, 1 to 65535",
    "http_port": "a TCP port, 0 to 65535 (0: any free port)",
    "discord_api_base": "an http(s) URL",
    "discord_gateway_url": "a ws(s):// URL",
    "discord_guild_id": "a Discord guild id (a positive integer)",
    "discord_shards": "a shard count of 1 or more",
    "discord_members_intent": "true or false",
    "weekly_weekday": "a weekday number, 0 (Monday) to 6 (Sunday)",
    "weekly_time": "a time HH:MM, 00:00 to 23:59",
    "log_level": "DEBUG, INFO, WARNING, ERROR or CRITICAL",
    "log_format": "text or json",
    "telegram_rate": "a number of sends per second above 0",
    "telegram_group_per_minute": "a number of group sends per minute above 0",
    "discord_rate": "a number of sends per second above 0",
    "telegram_connections": "a whole number from 1 to 256",
}


class SettingsError(ValueError):
    """One line per bad setting: which variable, what it expects, what it got (never a secret)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=PREFIX,
        env_file=".env",
        env_ignore_empty=True,  # COMEBACK_X= (empty) means unset, as before
        extra="ignore",
        frozen=True,
        validate_default=True,
    )
    SECRETS: ClassVar[tuple[str, ...]] = ("telegram_token", "discord_token")

    database_url: str = DEFAULT_DATABASE_URL
    telegram_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_base_file_url: str = "https://api.telegram.org/file/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_listen: str = "0.0.0.0"
    telegram_webhook_port: int = Field(8443, ge=1, le=65535)
    discord_token: SecretStr | None = None
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    discord_guild_id: int | None = Field(None, gt=0)
    discord_shards: int | None = Field(None, ge=1)
    discord_members_intent: bool = False  # privileged: a member leaving the server leaves teams
    nudge_after_hours: float = Field(3.0, gt=0, le=24)
    grace_hours: float = Field(2.0, ge=0, le=48)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    # The HTTP server (bot/http.py): /healthz and /metrics. Unset: no server.
    http_host: str = "0.0.0.0"
    http_port: int | None = Field(None, ge=0, le=65535)
    # /healthz says the scheduler is down when its last tick is older than this (unset: three
    # ticks and a minute).
    health_tick_lag_seconds: float | None = Field(None, gt=0)
    # Scheduled prompts (bot/scheduling/). Each tick enqueues what came due since the last
    # one; the first tick after a start looks back catchup_hours: prompts inside grace_hours
    # still go out, older ones are recorded as skipped.
    schedule_tick_seconds: float = Field(60.0, gt=0)
    catchup_hours: float = Field(24.0, ge=0)
    weekly_weekday: int = Field(6, ge=0, le=6)  # Sunday (Monday is 0)
    weekly_time: str = "18:00"
    # The dispatcher: how often it looks for due rows, how long a claim holds, how many rows
    # one claim takes, how many sends may be in flight, how often a row is tried.
    dispatch_poll_seconds: float = Field(5.0, gt=0)
    lease_seconds: float = Field(60.0, gt=0)
    dispatch_batch: int = Field(200, ge=1)
    dispatch_concurrency: int = Field(64, ge=1)
    dispatch_max_attempts: int = Field(5, ge=1)
    outbox_keep_days: int = Field(30, ge=1)  # finished prompts older than this are deleted
    # The bot's limits: on PostgreSQL every process sending as the bot shares them.
    telegram_rate: float = Field(30.0, gt=0)
    telegram_group_per_minute: float = Field(20.0, gt=0)
    # Above 0: scheduled sends use Telegram's paid broadcasts (allow_paid_broadcast, charged in
    # Stars) at this rate instead of telegram_rate; replies never do. Off by default.
    telegram_paid_broadcast_rate: float = Field(0.0, ge=0)
    discord_rate: float = Field(50.0, gt=0)
    # Bot API calls in flight at once from `run` (bot/adapters/telegram_request.py); the
    # dispatcher of `worker` uses dispatch_concurrency.
    telegram_connections: int = Field(64, ge=1, le=256)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)  # built by hand: only what it is given (see from_env)

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, env_file: Path | str | None = ".env"
    ) -> Settings:
        """The environment (or `env`, for tests), then `.env`. Raises SettingsError."""
        try:
            if env is not None:
                return cls.model_validate(_from_mapping(env))
            return _Environment(_env_file=env_file)  # type: ignore[call-arg]
        except ValidationError as error:
            raise SettingsError(describe(error)) from None

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with some fields changed, validated again."""
        try:
            return Settings(**{**self.values(), **changes})
        except ValidationError as error:
            raise SettingsError(describe(error)) from None

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in type(self).model_fields}

    def secret(self, name: str) -> str | None:
        """A token's value, for the one call that needs it (a client's login)."""
        value = getattr(self, name)
        return value.get_secret_value() if isinstance(value, SecretStr) else None

    def redacted(self) -> dict[str, str]:
        """`COMEBACK_NAME: value` for every setting, tokens and the database password hidden."""
        shown: dict[str, str] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                text = "<set, hidden>"
            elif name == "database_url":
                text = make_url(value).render_as_string(hide_password=True)
            else:
                text = "<unset>" if value is None else str(value)
            shown[env_name(name)] = text
        return shown

    @field_validator("log_level", "log_format", mode="before")
    @classmethod
    def _case(cls, value: Any, info: Any) -> Any:
        if not isinstance(value, str):
            return value
        return value.strip().upper() if info.field_name == "log_level" else value.strip().lower()

    @field_validator("weekly_time")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not _HHMM.fullmatch(value.strip()):
            raise ValueError("not a time HH:MM")
        return value.strip()

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        try:
            url = make_url(value.strip())
        except ArgumentError:
            raise ValueError("not a database URL") from None
        backend, _, driver = url.drivername.partition("+")
        if DRIVERS.get(backend) != driver:
            raise ValueError("not an async SQLite or PostgreSQL URL")
        if backend == "sqlite" and not url.database:
            raise ValueError("a SQLite URL needs a file path")
        if backend == "postgresql" and not (url.host and url.database):
            raise ValueError("a PostgreSQL URL needs a host and a database")
        return value.strip()

    @field_validator(
        "telegram_base_url", "telegram_base_file_url", "telegram_webhook_url", "discord_api_base"
    )
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        if value is not None and not _HTTP_URL.fullmatch(value.strip()):
            raise ValueError("not an http(s) URL")
        return value.strip() if value is not None else None

    @field_validator("discord_gateway_url")
    @classmethod
    def _ws(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"wss?://\S+", value.strip()):
            raise ValueError("not a ws(s) URL")
        return value.strip() if value is not None else None


class _Environment(Settings):
    """Settings read from the environment, then `.env` (the environment wins)."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, dotenv_settings)


def env_name(field: str) -> str:
    return f"{PREFIX}{field.upper()}"


def _from_mapping(env: Mapping[str, str]) -> dict[str, str]:
    fields = Settings.model_fields
    out: dict[str, str] = {}
    for key, value in env.items():
        name = key[len(PREFIX) :].lower() if key.startswith(PREFIX) else None
        if name in fields and value.strip():
            out[name] = value.strip()
    return out


def describe(error: ValidationError) -> str:
    """One line per bad setting: `COMEBACK_WEEKLY_TIME='25:99' is invalid: expected ...`."""
    lines: list[str] = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else "?"
        if any(line.startswith(env_name(field) + "=") for line in lines):
            continue  # a union reports each branch: one line is enough
        given = problem.get("input")
        secret = field in Settings.SECRETS or field == "database_url"
        shown = "(hidden)" if secret else repr(given)
        expected = EXPECTED.get(field) or _expected_from(problem)
        why = str(problem.get("msg", "")).removeprefix("Value error, ")
        reason = f" ({why})" if problem.get("type") == "value_error" else ""
        lines.append(f"{env_name(field)}={shown} is invalid{reason}: expected {expected}")
    return "\n".join(lines)


def _expected_from(problem: Mapping[str, Any]) -> str:
    kind = str(problem.get("type", ""))
    context = problem.get("ctx") or {}
    if kind == "greater_than":
        return f"a number above {context.get('gt')}"
    if kind == "greater_than_equal":
        return f"a number of {context.get('ge')} or more"
    if kind == "less_than_equal":
        return f"a number of at most {context.get('le')}"
    if kind.startswith("int"):
        return "a whole number"
    if kind.startswith("float"):
        return "a number"
    return str(problem.get("msg", "a valid value")).lower()
