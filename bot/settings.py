"""Configuration from the environment (COMEBACK_*). Read once at start, passed down explicitly."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{Path('comeback.db').resolve()}"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    telegram_token: str | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_base_file_url: str = "https://api.telegram.org/file/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_listen: str = "0.0.0.0"
    telegram_webhook_port: int = 8443
    discord_token: str | None = None
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    discord_guild_id: int | None = None
    discord_shards: int | None = None
    discord_members_intent: bool = False  # privileged: a member leaving the server leaves teams
    nudge_after_hours: float = 3.0
    grace_hours: float = 2.0
    log_level: str = "INFO"
    # Scheduled prompts (bot/scheduling/). Each tick enqueues what came due since the last
    # one; the first tick after a start looks back catchup_hours: prompts inside grace_hours
    # still go out, older ones are recorded as skipped.
    schedule_tick_seconds: float = 60.0
    catchup_hours: float = 24.0
    weekly_weekday: int = 6  # Sunday (Monday is 0)
    weekly_time: str = "18:00"
    # The dispatcher: how often it looks for due rows, how long a claim holds, how many rows
    # one claim takes, how many sends may be in flight, how often a row is tried.
    dispatch_poll_seconds: float = 5.0
    lease_seconds: float = 60.0
    dispatch_batch: int = 200
    dispatch_concurrency: int = 64
    dispatch_max_attempts: int = 5
    outbox_keep_days: int = 30  # sent, skipped and failed prompts older than this are deleted
    # The bot's limits: on PostgreSQL every process sending as the bot shares them.
    telegram_rate: float = 30.0
    telegram_group_per_minute: float = 20.0
    # Above 0: scheduled sends use Telegram's paid broadcasts (allow_paid_broadcast, charged in
    # Stars) at this rate instead of telegram_rate; replies never do. Off by default.
    telegram_paid_broadcast_rate: float = 0.0
    discord_rate: float = 50.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(f"COMEBACK_{name}", "").strip()
            return value or None

        def number(name: str) -> int | None:
            value = get(name)
            return int(value) if value is not None else None

        defaults = cls()
        return cls(
            database_url=get("DATABASE_URL") or defaults.database_url,
            telegram_token=get("TELEGRAM_TOKEN"),
            telegram_base_url=get("TELEGRAM_BASE_URL") or defaults.telegram_base_url,
            telegram_base_file_url=get("TELEGRAM_BASE_FILE_URL") or defaults.telegram_base_file_url,
            telegram_webhook_url=get("TELEGRAM_WEBHOOK_URL"),
            telegram_webhook_listen=get("TELEGRAM_WEBHOOK_LISTEN")
            or defaults.telegram_webhook_listen,
            telegram_webhook_port=number("TELEGRAM_WEBHOOK_PORT") or defaults.telegram_webhook_port,
            discord_token=get("DISCORD_TOKEN"),
            discord_api_base=get("DISCORD_API_BASE"),
            discord_gateway_url=get("DISCORD_GATEWAY_URL"),
            discord_guild_id=number("DISCORD_GUILD_ID"),
            discord_shards=number("DISCORD_SHARDS"),
            discord_members_intent=(get("DISCORD_MEMBERS_INTENT") or "").lower()
            in ("1", "true", "yes", "on"),
            nudge_after_hours=float(get("NUDGE_AFTER_HOURS") or defaults.nudge_after_hours),
            grace_hours=float(get("GRACE_HOURS") or defaults.grace_hours),
            log_level=get("LOG_LEVEL") or defaults.log_level,
            **_scheduling_from(get, defaults),
        )


def _scheduling_from(get: Callable[[str], str | None], defaults: Settings) -> dict[str, Any]:
    """The scheduling fields: COMEBACK_<FIELD NAME>, parsed as the default's type."""
    out: dict[str, Any] = {}
    for name in _SCHEDULING:
        raw = get(name.upper())
        if raw is not None:
            out[name] = type(getattr(defaults, name))(raw)
    return out


_SCHEDULING = (
    "schedule_tick_seconds", "catchup_hours", "weekly_weekday",
    "weekly_time", "dispatch_poll_seconds", "lease_seconds", "dispatch_batch",
    "dispatch_concurrency", "dispatch_max_attempts", "outbox_keep_days", "telegram_rate",
    "telegram_group_per_minute", "discord_rate", "telegram_paid_broadcast_rate",
)  # fmt: skip
