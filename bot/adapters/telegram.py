"""Telegram adapter on python-telegram-bot 22: updates -> neutral events -> App -> Bot API calls.

No ConversationHandler: the conversation state lives in our engine. This module only translates.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlparse

from telegram import BotCommand, Message, Update
from telegram.constants import ChatAction, MessageLimit
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.adapters.telegram_logging import log_error, protect_token
from bot.adapters.telegram_send import (
    TelegramSender,
    destination,
    is_benign,
    send_reply,
    with_network_retry,
)
from bot.adapters.telegram_updates import (
    PerConversationProcessor,
    chat_kind,
    command_text,
    pressed_label,
)
from bot.core import commands
from bot.core.commands import COMMANDS, PERSONAL
from bot.core.text import text
from bot.core.types import ChatKind, ConversationKey, Event, Reply
from bot.settings import Settings
from messages import CATALOG
from messages.replies import reply_text

if TYPE_CHECKING:
    from bot.app import App

__all__ = ["TelegramBridge", "TelegramSender", "build_application", "run_telegram"]

log = logging.getLogger("bot.adapters.telegram")
T = TypeVar("T")

PLATFORM = "telegram"
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
TYPING_AFTER = 1.0  # seconds before a "typing…" action is shown
TYPING_EVERY = 4.5  # Telegram shows the action for about 5 s
PRESSED_MEMORY = 2048  # keyboards already pressed, remembered against double taps
RATE_LIMIT_RETRIES = 3


def command_descriptions() -> list[BotCommand]:
    """The menu: descriptions from the catalog (`command.<name>`), else the name itself."""
    return [
        BotCommand(name, described(f"command.{name}") if f"command.{name}" in CATALOG else name)
        for name in COMMANDS
    ]


def never_started(error: Forbidden) -> bool:
    """Telegram's 403 for a user who never opened a private chat with the bot ("bot can't
    initiate conversation with a user"), as opposed to one who blocked it."""
    return "initiate conversation" in error.message.lower()


def described(key: str) -> str:
    return reply_text(Reply((text(key),)))[:256]


@dataclass(frozen=True, slots=True)
class Group:
    """The group a personal command was typed in, and how to address its sender there."""

    chat: str
    name: str


class TelegramBridge:
    """The handlers: one for text, one for pressed buttons. Both end in App.handle."""

    def __init__(self, app: App, typing_after: float = TYPING_AFTER) -> None:
        self.app = app
        self.typing_after = typing_after
        self._pressed: OrderedDict[tuple[int, int], str] = OrderedDict()
        self._owners: OrderedDict[tuple[int, int], str] = OrderedDict()

    def install(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        application.add_handler(
            MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, self.on_text)
        )
        application.add_handler(CallbackQueryHandler(self.on_press))
        application.add_error_handler(log_error)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.message, update.effective_user
        if message is None or user is None or message.text is None or user.is_bot:
            return
        typed = command_text(message.text, context.bot.username)
        if typed is None:
            return
        kind = chat_kind(message.chat.type)
        chat = str(message.chat.id)
        personal = typed.startswith("/") and commands.parse(typed)[0] in PERSONAL
        group: Group | None = None
        if kind is ChatKind.GROUP and personal:
            # Health data is answered in the runner's own chat; run the whole flow there, so
            # its buttons and typed answers land in the same conversation.
            name = f"@{user.username}" if user.username else user.first_name
            group = Group(chat, name)
            kind, chat = ChatKind.PRIVATE, str(user.id)
        key = ConversationKey(PLATFORM, chat, str(user.id))
        event = Event(
            key,
            message.date.astimezone(UTC),
            text=typed,
            chat_kind=kind,
            display_name=user.full_name,
        )
        await self.answer(context, event, group)

    async def on_press(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query, user = update.callback_query, update.effective_user
        if query is None or user is None or query.data is None:
            return
        if query.message is None:  # a button under an inline-mode message: not ours
            await self._quietly(query.answer())
            return
        chat = query.message.chat
        label: str | None = None
        # PTB 22 parses an inaccessible message (date 0: too old to show) as a Message too.
        seen = isinstance(query.message, Message) and query.message.is_accessible
        message = query.message if seen and isinstance(query.message, Message) else None
        if message is not None:  # else the engine judges the payload alone
            label = pressed_label(message.reply_markup, query.data)
            where = (chat.id, message.message_id)
            owner = self._owners.get(where, str(user.id))
            if label is None or where in self._pressed or owner != str(user.id):
                # An old keyboard (already answered), callback_data that was never on it, or
                # someone else's question in a group.
                log.info("telegram: ignored a stale or foreign button in chat %s", chat.id)
                await self._quietly(query.answer())
                return
            self._remember(self._pressed, where, str(user.id))
        await self._quietly(query.answer())
        if message is not None and label is not None:
            await self._show_choice(message, label)
        key = ConversationKey(PLATFORM, str(chat.id), str(user.id))
        event = Event(
            key,
            datetime.now(UTC),
            payload=query.data,
            chat_kind=chat_kind(chat.type),
            display_name=user.full_name,
        )
        await self.answer(context, event)

    async def answer(
        self, context: ContextTypes.DEFAULT_TYPE, event: Event, group: Group | None = None
    ) -> None:
        replies = await self._typing_while(context, event, self.app.handle(event))
        await self.deliver(context, event.key, replies, group)

    async def deliver(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        key: ConversationKey,
        replies: Sequence[Reply],
        group: Group | None = None,
    ) -> None:
        """Send the replies. `group`: the conversation is a personal command typed in a group
        and redirected to the runner's private chat."""
        blocked: set[str] = set()
        for reply in replies:
            chat_id = destination(key, reply)
            if chat_id in blocked:
                continue
            try:
                sent = await send_reply(context.bot, chat_id, reply)
            except Forbidden as exc:
                blocked.add(chat_id)
                if group is not None and chat_id == key.user:
                    # The command was typed in the group, and its answer cannot reach the
                    # runner's own chat: say so in the group, in one generic line.
                    await self._ask_for_private_chat(context, group)
                if chat_id.startswith("-"):
                    log.warning("telegram: cannot post in chat %s (removed?)", chat_id)
                elif never_started(exc):
                    # A bot may not write first: they were never reachable, nothing to mark.
                    log.info("telegram: user %s has not opened a private chat yet", chat_id)
                else:  # a user's own chat: they blocked us
                    log.info("telegram: user %s blocked the bot", chat_id)
                    await self.app.mark_unreachable(PLATFORM, chat_id)
            except RetryAfter:
                log.warning("telegram: rate limited after retries; reply to %s dropped", chat_id)
            except BadRequest as exc:
                if not is_benign(exc):
                    raise
            except NetworkError as exc:
                log.warning("telegram: reply to %s lost (%s)", chat_id, type(exc).__name__)
            else:
                if chat_id.startswith("-"):  # a keyboard in a group belongs to one runner
                    for message in sent:
                        if message.reply_markup:
                            self._remember(
                                self._owners, (message.chat.id, message.message_id), key.user
                            )

    async def _ask_for_private_chat(self, context: ContextTypes.DEFAULT_TYPE, group: Group) -> None:
        """One generic line in the group: nothing about the runner beyond their name."""
        line = Reply((text("telegram.open_private_chat", name=group.name),))
        try:
            await send_reply(context.bot, group.chat, line)
        except TelegramError as exc:
            log.warning("telegram: cannot post in chat %s (%s)", group.chat, type(exc).__name__)

    async def _typing_while(
        self, context: ContextTypes.DEFAULT_TYPE, event: Event, work: Awaitable[T]
    ) -> T:
        task = asyncio.ensure_future(work)
        try:
            done, _ = await asyncio.wait({task}, timeout=self.typing_after)
            while not done:
                await self._quietly(context.bot.send_chat_action(event.key.chat, ChatAction.TYPING))
                done, _ = await asyncio.wait({task}, timeout=TYPING_EVERY)
            return task.result()
        finally:
            task.cancel()

    async def _show_choice(self, message: Message, label: str) -> None:
        """Append the choice to the question and drop the keyboard: it cannot be pressed twice."""
        text = f"{message.text or ''}\n\n✓ {label}".strip()[: MessageLimit.MAX_TEXT_LENGTH]
        if message.text:
            await self._quietly(with_network_retry(lambda: message.edit_text(text)))
        else:
            await self._quietly(with_network_retry(lambda: message.edit_reply_markup(None)))

    @staticmethod
    def _remember(
        memory: OrderedDict[tuple[int, int], str], where: tuple[int, int], user: str
    ) -> None:
        memory[where] = user
        while len(memory) > PRESSED_MEMORY:
            memory.popitem(last=False)

    @staticmethod
    async def _quietly(call: Awaitable[object]) -> None:
        """Cosmetic calls (answers, edits, typing): failures are logged, never fatal."""
        try:
            await call
        except BadRequest as exc:
            if not is_benign(exc):
                log.warning("telegram: %s on a cosmetic call", type(exc).__name__)
        except TelegramError as exc:
            log.warning("telegram: %s on a cosmetic call", type(exc).__name__)


def build_application(
    app: App, settings: Settings, typing_after: float = TYPING_AFTER
) -> Application[Any, Any, Any, Any, Any, Any]:
    token = settings.telegram_token
    if not token:
        raise ValueError("COMEBACK_TELEGRAM_TOKEN is not set")
    protect_token(token)
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .concurrent_updates(PerConversationProcessor())
        .job_queue(None)  # our scheduler lives in bot/scheduler.py
        .build()
    )
    TelegramBridge(app, typing_after).install(application)
    return application


def webhook_secret(token: str) -> str:
    """Telegram echoes this header on every webhook call; derived, so nothing else to configure."""
    return hashlib.sha256(f"comeback-webhook:{token}".encode()).hexdigest()[:48]


async def run_telegram(
    app: App,
    settings: Settings,
    stop: asyncio.Event,
    *,
    on_sender: Callable[[TelegramSender], None] | None = None,
    typing_after: float = TYPING_AFTER,
) -> None:
    """Run the bot until `stop` is set: polling, or a webhook when telegram_webhook_url is set.
    `on_sender` receives the TelegramSender for scheduled prompts once the bot is up; it shares
    the running bot's rate limiter."""
    application = build_application(app, settings, typing_after)
    updater = application.updater
    assert updater is not None
    async with application:  # initialize (getMe) ... shutdown
        if on_sender is not None:
            on_sender(TelegramSender(application.bot))
        try:
            await application.bot.set_my_commands(command_descriptions())
        except TelegramError as exc:
            log.warning("telegram: could not set the command menu (%s)", type(exc).__name__)
        await application.start()
        url = settings.telegram_webhook_url
        if url:
            await updater.start_webhook(
                listen=settings.telegram_webhook_listen,
                port=settings.telegram_webhook_port,
                url_path=urlparse(url).path.lstrip("/"),
                webhook_url=url,
                secret_token=webhook_secret(settings.telegram_token or ""),
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            await updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        log.info("telegram: running (%s)", "webhook" if url else "polling")
        try:
            await stop.wait()
        finally:
            await updater.stop()
            await application.stop()
    log.info("telegram: stopped")
