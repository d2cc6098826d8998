"""The one logging setup, for every entry point (run, worker, migrate, chat, config).

One line per event, on stderr: text by default, JSON lines with COMEBACK_LOG_FORMAT=json (time,
level, logger, event, platform, runner). Never message text, answers or tokens: every secret in
the settings is redacted from every record of every logger (telegram_logging's record factory),
the libraries that log request URLs, payloads or statement parameters are kept quiet whatever
our level, and an exception that escapes to the top is logged (redacted), not printed raw.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from sqlalchemy.engine import make_url

from bot.adapters.telegram_logging import protect_secrets, quiet_telegram_library
from bot.log_context import PLATFORM, RUNNER
from bot.settings import Settings

# Never below WARNING: they log request URLs with the token (httpx), statement parameters
# (runners' answers: the drivers, sqlalchemy.engine), plugin and job chatter (alembic,
# apscheduler: a dozen lines per start, two per minute).
ALWAYS_QUIET = (
    "httpx",
    "httpcore",
    "aiosqlite",
    "asyncpg",
    "sqlalchemy.engine",
    "alembic",
    "apscheduler",
    "aiohttp.access",
)
# Quiet at INFO, heard at DEBUG (but never their payload loggers: discord_http keeps those at
# INFO, telegram_logging keeps PTB at INFO).
QUIET_AT_INFO = ("discord",)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per line. `event` is the message (already redacted: the filter ran when
    the record was made); an exception adds its class and the formatted traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        platform = getattr(record, "platform", None) or PLATFORM.get()
        runner = getattr(record, "runner", None) or RUNNER.get()
        if platform:
            line["platform"] = platform
        if runner:
            line["runner"] = runner
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["error"] = (
                record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else None
            )
            line["traceback"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


def setup_logging(settings: Settings, *, quiet: bool = False) -> None:
    """Configure the root logger once for this process. `quiet`: warnings and errors only (the
    console chat, whose screen is the conversation)."""
    protect_secrets(*_secrets(settings))
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    level = logging.WARNING if quiet else logging.getLevelName(settings.log_level)
    root.setLevel(level)
    for name in ALWAYS_QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in QUIET_AT_INFO:
        logging.getLogger(name).setLevel(logging.WARNING if level >= logging.INFO else level)
    quiet_telegram_library()
    _log_uncaught()


def _secrets(settings: Settings) -> list[str | None]:
    secrets = [settings.secret(name) for name in Settings.SECRETS]
    password = make_url(settings.database_url).password
    return [*secrets, str(password) if password else None]


def _log_uncaught() -> None:
    """An exception nobody caught goes through logging too, so the redaction applies (Python's
    own hook would print a rejected token's URL as it is)."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        logging.getLogger("comeback").critical(
            "stopped by %s", kind.__name__, exc_info=(kind, error, tb)
        )

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
