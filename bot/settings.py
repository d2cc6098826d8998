"""Configuration from the environment (COMEBACK_*). Read once at start, passed down explicitly."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

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
    nudge_after_hours: float = 3.0
    grace_hours: float = 2.0
    log_level: str = "INFO"

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
            nudge_after_hours=float(get("NUDGE_AFTER_HOURS") or defaults.nudge_after_hours),
            grace_hours=float(get("GRACE_HOURS") or defaults.grace_hours),
            log_level=get("LOG_LEVEL") or defaults.log_level,
        )
