"""Keep the bot token out of every log line, and log update errors without user text.

The token is part of every Bot API URL: httpx logs request URLs at INFO, and python-telegram-bot
logs its base URL at DEBUG (and whole updates, with what runners wrote, so it stays at INFO).
We quieten httpx/httpcore and redact the token from every record of every logger: the filter runs
from the log record factory, so it covers handlers added later (pytest's caplog, a JSON handler in
production) and records from any library.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

REDACTED = "<telegram-token>"
log = logging.getLogger("bot.adapters.telegram")


class TokenFilter(logging.Filter):
    """Replaces the secrets in a record's message, arguments and traceback text."""

    def __init__(self) -> None:
        super().__init__("token")
        self.secrets: set[str] = set()

    def _clean(self, value: str) -> str:
        for secret in self.secrets:
            value = value.replace(secret, REDACTED)
        return value

    def _leaks(self, value: str) -> bool:
        return any(secret in value for secret in self.secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave the record to logging's own handling
            return True
        if self._leaks(message):
            record.msg, record.args = self._clean(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text and self._leaks(record.exc_text):
            record.exc_text = self._clean(record.exc_text)
        if record.stack_info and self._leaks(record.stack_info):
            record.stack_info = self._clean(record.stack_info)
        return True


TOKEN_FILTER = TokenFilter()
_installed = False


def protect_secrets(*secrets: str | None) -> None:
    """Redact each secret (a Discord token, a database password) from every log record from
    now on; a Telegram-style token's secret half is redacted on its own too."""
    for secret in secrets:
        if secret and len(secret) >= 4:  # a one-letter "secret" would blank the log
            TOKEN_FILTER.secrets.add(secret)
            half = secret.split(":", 1)[-1]
            if len(half) >= 4:
                TOKEN_FILTER.secrets.add(half)
    _install()


def protect_token(token: str) -> None:
    """Redact `token` from all log records from now on (idempotent; safe to call per run)."""
    protect_secrets(token)
    quiet_telegram_library()


def quiet_telegram_library() -> None:
    """httpx logs request URLs (with the token); PTB's DEBUG lines print whole updates and call
    parameters: runners' words and answers. Never below INFO, whatever our own level."""
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # PTB's DEBUG lines print whole updates and call parameters: runners' words and answers.
    ptb = logging.getLogger("telegram")
    if ptb.getEffectiveLevel() < logging.INFO:
        ptb.setLevel(logging.INFO)


def _install() -> None:
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if record.name.startswith("telegram"):
            only_ids_and_lengths(record)
        TOKEN_FILTER.filter(record)
        return record

    logging.setLogRecordFactory(factory)
    logging.getLogger().addFilter(TOKEN_FILTER)
    _installed = True


async def log_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """PTB's global error handler: the update id, chat id, error class and where it happened.
    Never the error's message (it may quote user text) nor the update itself."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    chat = update.effective_chat if isinstance(update, Update) else None
    where = "".join(traceback.format_tb(error.__traceback__)) if error else ""
    log.error(
        "telegram update %s in chat %s failed: %s\n%s",
        update_id,
        chat.id if chat else None,
        type(error).__name__,
        where.rstrip("\n"),
    )


# PTB's log lines that carry a response body or a whole update (what runners wrote, their
# answers) at ERROR and CRITICAL, and at DEBUG: rewritten to ids and lengths. Matched on the
# format string, the one stable part of a record.
_BODIES = (
    "Can not load invalid JSON data",
    "Error while parsing updates",
    "Something went wrong processing the data received from Telegram",
    "Webhook received data",
    "Processing update",
    "Dropping pending update",
    "Request had the wrong secret token",
)


def only_ids_and_lengths(record: logging.LogRecord) -> None:
    template = record.msg if isinstance(record.msg, str) else ""
    if not template.startswith(_BODIES):
        return
    summary = ", ".join(_summary(arg) for arg in record.args or ()) if record.args else ""
    what = template.split(":")[0].split("!")[0].split(".")[0].strip()
    error = record.exc_info[1] if record.exc_info else None
    # The exception's text may quote the body too: keep its class only.
    suffix = f" ({type(error).__name__})" if error is not None else ""
    record.msg, record.args = f"{what}: {summary}{suffix}".replace("%", "%%"), None
    record.exc_info, record.exc_text = None, None


def _summary(value: object) -> str:
    """Ids and lengths, never content: update ids of a list of updates, the length of a body."""
    if isinstance(value, Update):
        return f"update {value.update_id}"
    if isinstance(value, dict):
        return f"update {value.get('update_id')} ({len(value)} fields)"
    if isinstance(value, list | tuple):
        ids = [item.get("update_id") for item in value if isinstance(item, dict)]
        return f"{len(value)} items, update ids {ids[:20]}"
    if isinstance(value, str | bytes):
        return f"{len(value)} characters"
    return type(value).__name__


def redact(text: str) -> str:
    """`text` with every protected secret replaced (for lines printed outside logging)."""
    return TOKEN_FILTER._clean(text)
