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


def protect_token(token: str) -> None:
    """Redact `token` from all log records from now on (idempotent; safe to call per run)."""
    global _installed
    if token:
        TOKEN_FILTER.secrets.add(token)
        TOKEN_FILTER.secrets.add(token.split(":", 1)[-1])  # the secret half on its own
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # PTB's DEBUG lines print whole updates and call parameters: runners' words and answers.
    ptb = logging.getLogger("telegram")
    if ptb.getEffectiveLevel() < logging.INFO:
        ptb.setLevel(logging.INFO)
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
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
