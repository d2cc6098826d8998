"""Neutral replies -> Bot API calls: the Telegram side of the Platform contract (also the Sender
the scheduler uses for prompts)."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.constants import ChatMemberStatus, MessageLimit
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.adapters.platform import (
    CoachApp,
    Destination,
    Platform,
    Posted,
    SendLimits,
    split_text,
)
from bot.adapters.telegram_budget import already_counted
from bot.core.types import ConversationKey, Reply
from bot.delivery import NotAllowed, NotStarted, RetryLater, Unreachable
from bot.settings import Settings
from messages.replies import button_label, reply_text

log = logging.getLogger("bot.adapters.telegram")
T = TypeVar("T")

PLATFORM = "telegram"
MEMORY = 2048  # keyboards remembered (pressed, or owned in a group) against double taps

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


async def send_reply(bot: Bot, chat_id: str, reply: Reply, *, paid: bool = False) -> list[Message]:
    """Send one reply; returns the messages sent, in order (none for an empty reply).
    Buttons always go on a text message, so a press can edit that text. `paid`: as a paid
    broadcast (scheduled sends only, when the deployment pays for them)."""
    text = reply_text(reply)
    markup = keyboard(reply)
    file = reply.attachment
    # None: the parameter is left out of the call (PTB sends only what is set).
    apb: bool | None = True if paid else None
    if file and markup is None and len(text) <= MessageLimit.CAPTION_LENGTH:
        return [await _send_file(bot, chat_id, reply, caption=text or None, apb=apb)]
    sent: list[Message] = []
    parts = split_text(text, MessageLimit.MAX_TEXT_LENGTH)
    for i, part in enumerate(parts):
        last_part = i == len(parts) - 1
        sent.append(
            await with_network_retry(
                lambda part=part, last_part=last_part: bot.send_message(  # type: ignore[misc]
                    chat_id,
                    part,
                    reply_markup=markup if last_part else None,
                    allow_paid_broadcast=apb,
                )
            )
        )
    if file:
        sent.append(await _send_file(bot, chat_id, reply, caption=None, apb=apb))
    return sent


async def _send_file(
    bot: Bot, chat_id: str, reply: Reply, caption: str | None, apb: bool | None
) -> Message:
    file = reply.attachment
    assert file is not None
    upload = InputFile(file.content, filename=file.filename)
    if file.kind == "image":
        return await with_network_retry(
            lambda: bot.send_photo(chat_id, upload, caption=caption, allow_paid_broadcast=apb)
        )
    return await with_network_retry(
        lambda: bot.send_document(chat_id, upload, caption=caption, allow_paid_broadcast=apb)
    )


def remember(memory: OrderedDict[tuple[str, str], str], where: tuple[str, str], user: str) -> None:
    """Remember a message's runner, forgetting the oldest past MEMORY messages."""
    memory[where] = user
    while len(memory) > MEMORY:
        memory.popitem(last=False)


# The bot is in the group but may not post ("Bad Request: not enough rights to send text
# messages to the chat", "have no rights to send a message", "CHAT_WRITE_FORBIDDEN"), as
# opposed to removed from it ("Forbidden: bot was kicked from the group chat").
NO_RIGHTS = ("not enough rights", "have no rights", "chat_write_forbidden", "need administrator")


def not_allowed(error: BadRequest | Forbidden) -> bool:
    return any(fragment in error.message.lower() for fragment in NO_RIGHTS)


def never_started(error: Forbidden) -> bool:
    """Telegram's 403 for a user who never opened a private chat with the bot ("bot can't
    initiate conversation with a user"), as opposed to one who blocked it."""
    return "initiate conversation" in error.message.lower()


class TelegramPlatform(Platform):
    """The Platform contract on the Bot API: chat ids are numbers, a user's private chat id is
    their user id, and group ids are negative. Also the bot.delivery.Sender for scheduled prompts
    (`TelegramSender`, the same class)."""

    name = PLATFORM
    text_limit = MessageLimit.MAX_TEXT_LENGTH
    menu_description_limit = 256
    choice_mark = "✓"

    def __init__(
        self,
        bot: Bot,
        app: CoachApp | None = None,
        *,
        scheduled: bool = False,
        paid_broadcast: bool = False,
    ) -> None:
        super().__init__(app)
        self.bot = bot
        # The scheduler's sender: its sends took their slot of the rate in the dispatcher.
        self.scheduled = scheduled
        # ... and, in a deployment that pays for broadcasts, they are paid ones; never a reply.
        self.paid_broadcast = paid_broadcast
        # (chat, message) of a keyboard sent in a group -> the runner it asks: nobody else
        # may press it.
        self.keyboard_owners: OrderedDict[tuple[str, str], str] = OrderedDict()
        # private chat -> the newest message id seen there (the runner's or ours): a press is
        # answered in place only on the newest message (bot/adapters/telegram_press.py).
        self.newest: OrderedDict[str, int] = OrderedDict()

    def posted(self, key: ConversationKey, sent: Sequence[Posted]) -> None:
        for message in sent:
            if message.has_buttons and self.is_group_chat(message.chat):
                remember(self.keyboard_owners, (message.chat, message.id), key.user)
            self.saw(message.chat, int(message.id))

    def saw(self, chat: str, message_id: int) -> None:
        """A message in a chat, from the runner or from us (groups are not followed: we do not
        see other people's messages there)."""
        if self.is_group_chat(chat):
            return
        self.newest[chat] = max(message_id, self.newest.pop(chat, 0))
        while len(self.newest) > MEMORY:
            self.newest.popitem(last=False)

    def is_newest(self, chat: str, message_id: int) -> bool:
        """Nothing newer seen in the private chat (after a restart we know nothing newer: a
        prompt a worker sent is the newest message as far as we can tell)."""
        return not self.is_group_chat(chat) and message_id >= self.newest.get(chat, 0)

    def echo(self, question: str, label: str) -> str:
        """The choice on the line under the question, as a question answered in place shows it
        (bot/adapters/telegram_press.py); the shared form when that does not fit."""
        compact = f"{question}\n{self.choice_mark} {label}"
        return compact if len(compact) <= self.text_limit else super().echo(question, label)

    @classmethod
    def for_schedule(cls, bot: Bot, settings: Settings) -> TelegramPlatform:
        """The sender of scheduled prompts: paid broadcasts when the deployment pays for them."""
        return cls(bot, scheduled=True, paid_broadcast=settings.telegram_paid_broadcast_rate > 0)

    @classmethod
    def limits(cls, settings: Settings) -> SendLimits:
        paid = settings.telegram_paid_broadcast_rate
        rate = paid if paid > 0 else settings.telegram_rate
        return SendLimits(rate, settings.telegram_group_per_minute, paid=paid > 0)

    @staticmethod
    def is_group_chat(chat_id: str) -> bool:
        """A Telegram fact: group and channel ids are negative, private chats are user ids."""
        return chat_id.startswith("-")

    def is_group(self, key: ConversationKey) -> bool:
        return self.is_group_chat(key.chat)

    async def post(self, to: Destination, reply: Reply) -> list[Posted]:
        try:
            with already_counted(self.scheduled):
                sent = await send_reply(self.bot, to.chat, reply, paid=self.paid_broadcast)
        except Forbidden as exc:
            if never_started(exc):
                raise NotStarted(type(exc).__name__) from exc
            if not_allowed(exc):
                raise NotAllowed(type(exc).__name__) from exc
            raise Unreachable(type(exc).__name__) from exc
        except RetryAfter as exc:
            raise RetryLater(retry_seconds(exc)) from exc
        except BadRequest as exc:
            if is_benign(exc):
                return []
            if not_allowed(exc):
                raise NotAllowed(type(exc).__name__) from exc
            raise  # a bug: the caller logs it
        except NetworkError as exc:  # after our own retries
            raise RetryLater(RETRY_LATER_AFTER_NETWORK) from exc
        return [Posted(str(m.chat.id), str(m.message_id), m.reply_markup is not None) for m in sent]

    async def open_private_chat(self, user: str) -> str:
        """A private chat's id is the user's id; it exists once they pressed Start (getChat
        answers 403 before that)."""
        try:
            chat = await self.bot.get_chat(user)
        except Forbidden as exc:
            raise NotStarted(type(exc).__name__) from exc
        except BadRequest as exc:  # "chat not found": never talked to the bot
            raise NotStarted(type(exc).__name__) from exc
        return str(chat.id)

    async def is_admin(self, chat: str, user: str) -> bool:
        member = await self.bot.get_chat_member(chat, int(user))
        return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)

    def deep_link(self, payload: str) -> str | None:
        return f"https://t.me/{self.bot.username}?start={payload}"


TelegramSender = TelegramPlatform
