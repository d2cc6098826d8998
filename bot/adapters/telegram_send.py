"""Neutral replies -> Bot API calls, and the Sender the scheduler uses for prompts."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.constants import MessageLimit
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.core.types import ConversationKey, Reply
from bot.delivery import RetryLater, Unreachable
from messages.replies import button_label, reply_text

log = logging.getLogger("bot.adapters.telegram")
T = TypeVar("T")

NETWORK_ATTEMPTS = 3
NETWORK_BACKOFF = 0.5  # seconds, doubled per attempt
RETRY_LATER_AFTER_NETWORK = 30.0
# Harmless BadRequests: the edit already happened, or the message is gone.
BENIGN_BAD_REQUESTS = (
    "message is not modified",
    "message to edit not found",
    "message can't be edited",
    "query is too old",
    "query id is invalid",
)


def retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns about the int -> timedelta migration
        warnings.simplefilter("ignore")
        after = exc.retry_after
    return after.total_seconds() if isinstance(after, timedelta) else float(after)


def is_benign(error: BadRequest) -> bool:
    return any(fragment in error.message.lower() for fragment in BENIGN_BAD_REQUESTS)


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(button_label(b), callback_data=b.payload) for b in row]
            for row in reply.buttons
        ]
    )


def destination(key: ConversationKey, reply: Reply) -> str:
    """Where a reply goes: `to` wins; a private reply in a group goes to the user's own chat
    (on Telegram a user's private chat id is their user id; group ids are negative)."""
    if reply.to is not None:
        return reply.to.chat
    if reply.private and key.chat != key.user:
        return key.user
    return key.chat


def chunks(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Split a long text at paragraph (else line, else hard) boundaries."""
    out: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n\n", 0, limit)
        if cut <= 0:
            cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = limit
        out.append(text[:cut].rstrip())
        text = text[cut:].lstrip("\n")
    if text:
        out.append(text)
    return out


async def with_network_retry(call: Callable[[], Awaitable[T]]) -> T:
    """Retry a call on network errors with exponential backoff. A timed-out send is not
    retried (Telegram may have delivered it; a duplicate is worse than a gap)."""
    delay = NETWORK_BACKOFF
    for attempt in range(1, NETWORK_ATTEMPTS + 1):
        try:
            return await call()
        except (TimedOut, RetryAfter, Forbidden, BadRequest):
            raise
        except NetworkError as exc:
            if attempt == NETWORK_ATTEMPTS:
                raise
            log.warning(
                "telegram network error (%s), attempt %d, retrying in %.1fs",
                type(exc).__name__,
                attempt,
                delay,
            )
            await asyncio.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


async def send_reply(bot: Bot, chat_id: str, reply: Reply) -> list[Message]:
    """Send one reply; returns the messages sent, in order (none for an empty reply).
    Buttons always go on a text message, so a press can edit that text."""
    text = reply_text(reply)
    markup = keyboard(reply)
    file = reply.attachment
    if file and markup is None and len(text) <= MessageLimit.CAPTION_LENGTH:
        return [await _send_file(bot, chat_id, reply, caption=text or None)]
    sent: list[Message] = []
    parts = chunks(text)
    for i, part in enumerate(parts):
        last_part = i == len(parts) - 1
        sent.append(
            await with_network_retry(
                lambda part=part, last_part=last_part: bot.send_message(  # type: ignore[misc]
                    chat_id, part, reply_markup=markup if last_part else None
                )
            )
        )
    if file:
        sent.append(await _send_file(bot, chat_id, reply, caption=None))
    return sent


async def _send_file(bot: Bot, chat_id: str, reply: Reply, caption: str | None) -> Message:
    file = reply.attachment
    assert file is not None
    upload = InputFile(file.content, filename=file.filename)
    if file.kind == "image":
        return await with_network_retry(lambda: bot.send_photo(chat_id, upload, caption=caption))
    return await with_network_retry(lambda: bot.send_document(chat_id, upload, caption=caption))


class TelegramSender:
    """bot.delivery.Sender for Telegram: scheduled prompts and announcements."""

    platform = "telegram"

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, key: ConversationKey, replies: Sequence[Reply]) -> str:
        last = ""
        for reply in replies:
            try:
                sent = await send_reply(self.bot, destination(key, reply), reply)
            except Forbidden as exc:
                raise Unreachable(type(exc).__name__) from exc
            except RetryAfter as exc:
                raise RetryLater(retry_seconds(exc)) from exc
            except NetworkError as exc:  # after our own retries (BadRequest is a bug: raise)
                if isinstance(exc, BadRequest):
                    raise
                raise RetryLater(RETRY_LATER_AFTER_NETWORK) from exc
            if sent:
                last = str(sent[-1].message_id)
        return last
