"""Telegram adapter on python-telegram-bot 22: updates -> neutral events -> App -> Bot API calls.

No ConversationHandler: the conversation state lives in our engine. This module only translates.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlparse

from telegram import BotCommand, Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.adapters.ledger import UpdateLedger, send_unsent
from bot.adapters.platform import CoachApp, GroupOrigin, still_working
from bot.adapters.telegram_lifecycle import Lifecycle
from bot.adapters.telegram_logging import log_error, protect_token
from bot.adapters.telegram_polling import (
    Answering,
    AnsweringQueue,
    PollHealth,
    ledger_id,
    poll,
    update_answered,
)
from bot.adapters.telegram_press import Keyboards, choice_of, next_question_in_place
from bot.adapters.telegram_request import AiohttpRequest
from bot.adapters.telegram_send import (
    PLATFORM,
    TelegramPlatform,
    TelegramSender,
    is_benign,
    with_network_retry,
)
from bot.adapters.telegram_updates import (
    PerConversationProcessor,
    chat_kind,
    command_text,
    pressed_label,
)
from bot.adapters.telegram_webhook import AddRoute, webhook_handler
from bot.core import commands
from bot.core.commands import COMMANDS, PERSONAL
from bot.core.slash import is_command
from bot.core.types import ChatKind, ConversationKey, Event, Pressed, Reply, Typed
from bot.linking.desk import with_links
from bot.settings import Settings
from bot.teams.board import CHEER_PAYLOAD
from bot.teams.desk import TeamDesk, with_teams

__all__ = [
    "COMMANDS",
    "TelegramBridge",
    "TelegramPlatform",
    "TelegramSender",
    "TelegramService",
    "build_application",
    "run_telegram",
]

log = logging.getLogger("bot.adapters.telegram")
T = TypeVar("T")

# Member updates: teams follow the bot's removal and a member's leaving (telegram_lifecycle).
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER, Update.CHAT_MEMBER]
TYPING_AFTER = 1.0  # seconds before a "typing…" action is shown
TYPING_EVERY = 4.5  # Telegram shows the action for about 5 s
RATE_LIMIT_RETRIES = 3
BRIDGE = "comeback.bridge"  # where build_application leaves the bridge, in bot_data


def command_descriptions(platform: TelegramPlatform) -> list[BotCommand]:
    """The menu: descriptions from the catalog (`command.<name>`), else the name itself."""
    return [BotCommand(entry.name, entry.description) for entry in platform.menu()]


class TelegramBridge:
    """The handlers: one for text, one for pressed buttons. Both end in App.handle; the replies
    go out through the TelegramPlatform (the shared delivery rules)."""

    def __init__(self, app: CoachApp, typing_after: float = TYPING_AFTER) -> None:
        self.app = app
        self.typing_after = typing_after
        self.platform: TelegramPlatform | None = None
        # The update ledger (the real App is one): answered replies are marked sent there.
        self.ledger = app if isinstance(app, UpdateLedger) else None
        self.keyboards = Keyboards()  # pressed already (a double tap), or replaced in place

    def install(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        self.platform = TelegramPlatform(application.bot, self.app)
        # /team, /join, /leave (bot/teams), and /link (bot/linking) in front of the App
        self.app = with_teams(with_links(self.app), self.platform)
        application.add_handler(
            MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, self.on_text)
        )
        application.add_handler(CallbackQueryHandler(self.on_press))
        application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, self.on_migrate))
        Lifecycle(self.app).install(application)  # removed from a group, a member who left
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
        self._platform(context).saw(chat, message.message_id)  # a press above it is not in place
        personal = is_command(typed) and commands.parse(typed)[0] in PERSONAL
        origin: GroupOrigin | None = None
        if kind is ChatKind.GROUP and personal:
            # Health data is answered in the runner's own chat; run the whole flow there, so
            # its buttons and typed answers land in the same conversation.
            name = f"@{user.username}" if user.username else user.first_name
            origin = GroupOrigin(chat, name)
            kind, chat = ChatKind.PRIVATE, str(user.id)
        key = ConversationKey(PLATFORM, chat, str(user.id))
        event = Typed(
            key,
            message.date.astimezone(UTC),
            text=typed,
            chat_kind=kind,
            display_name=user.full_name,
            update_id=ledger_id(context.bot.id, update.update_id),
        )
        await self.answer(context, event, origin)

    async def on_migrate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A group became a supergroup, with a new id: its team follows (bot/teams)."""
        message = update.message
        if message and message.migrate_to_chat_id and isinstance(self.app, TeamDesk):
            await self.app.moved(str(message.chat.id), str(message.migrate_to_chat_id))

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
        # A team's Cheer button is for every teammate, again and again: no one-press rule, no
        # echo (the team desk judges each press; bot/teams/board.py).
        if query.data.startswith(CHEER_PAYLOAD + ":"):
            message = None
        if message is not None:  # else the engine judges the payload alone
            label = pressed_label(message.reply_markup, query.data)
            where = (str(chat.id), str(message.message_id))
            owner = self._platform(context).keyboard_owners.get(where, str(user.id))
            if label is None or self.keyboards.stale(where, message) or owner != str(user.id):
                # An old keyboard (already answered), callback_data that was never on it, or
                # someone else's question in a group.
                log.info("telegram: ignored a stale or foreign button in chat %s", chat.id)
                await self._quietly(query.answer())
                return
            self.keyboards.took(where, str(user.id))
        # Not rate-limited (it names no chat), and nothing waits for it: the turn runs while
        # Telegram takes the answer (a round trip less before the runner sees the reply).
        answering = asyncio.ensure_future(self._quietly(query.answer()))
        try:
            key = ConversationKey(PLATFORM, str(chat.id), str(user.id))
            event = Pressed(
                key,
                datetime.now(UTC),
                payload=query.data,
                chat_kind=chat_kind(chat.type),
                display_name=user.full_name,
                update_id=ledger_id(context.bot.id, update.update_id),
            )
            replies = await self.turn(context, event)
            # The next question in the pressed message (one call), else the ✓ edit and new
            # messages: telegram_press.py.
            platform = self._platform(context)
            if message is None or label is None:
                await self.deliver(context, key, replies)
            elif not await next_question_in_place(
                platform, self.keyboards, message, (label, query.data), key, replies
            ):
                await self._show_choice(platform, message, label)
                await self.deliver(context, key, replies)
            await self.sent(event, replies)
        finally:
            await answering

    async def answer(
        self, context: ContextTypes.DEFAULT_TYPE, event: Event, origin: GroupOrigin | None = None
    ) -> None:
        replies = await self.turn(context, event)
        await self.deliver(context, event.key, replies, origin)
        await self.sent(event, replies)

    async def turn(self, context: ContextTypes.DEFAULT_TYPE, event: Event) -> list[Reply]:
        """The App's replies to the event (committed), with "typing…" while it takes long."""

        async def typing() -> None:
            await self._quietly(context.bot.send_chat_action(event.key.chat, ChatAction.TYPING))

        replies = await still_working(
            self.app.handle(event), typing, after=self.typing_after, every=TYPING_EVERY
        )
        update_answered()  # committed: polling may confirm the update while the replies go out
        return replies

    async def sent(self, event: Event, replies: Sequence[Reply]) -> None:
        """The turn's replies went out: the ledger does not send them again after a restart."""
        if replies and event.update_id and self.ledger is not None:
            await self.ledger.replies_sent(PLATFORM, event.update_id)

    async def deliver(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        key: ConversationKey,
        replies: Sequence[Reply],
        origin: GroupOrigin | None = None,
    ) -> None:
        """Send the replies (Platform.deliver: where each goes, and what a refusal means)."""
        await self._platform(context).deliver(key, replies, origin)

    def _platform(self, context: ContextTypes.DEFAULT_TYPE) -> TelegramPlatform:
        if self.platform is None:  # handlers called without install() (a test harness)
            self.platform = TelegramPlatform(context.bot, self.app)
        return self.platform

    async def _show_choice(self, platform: TelegramPlatform, message: Message, label: str) -> None:
        """Append the choice to the question and drop the keyboard: it cannot be pressed twice."""
        if message.text:
            echoed = platform.echo(message.text, choice_of(message, label))
            await self._quietly(with_network_retry(lambda: message.edit_text(echoed)))
        else:
            await self._quietly(with_network_retry(lambda: message.edit_reply_markup(None)))

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
    app: CoachApp,
    settings: Settings,
    typing_after: float = TYPING_AFTER,
    rate_limiter: AIORateLimiter | None = None,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The PTB application with our handlers. Its update queue answers each update as it is
    put (telegram_polling.AnsweringQueue): the webhook says 200 only after the commit."""
    token = settings.secret("telegram_token")
    if not token:
        raise ValueError("COMEBACK_TELEGRAM_TOKEN is not set")
    protect_token(token)
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .concurrent_updates(PerConversationProcessor())
        .request(AiohttpRequest(settings.telegram_connections))
        .get_updates_request(AiohttpRequest(1))
        .job_queue(None)  # our scheduler lives in bot/scheduling/scheduler.py
        .update_queue(queue := AnsweringQueue())
        .build()
    )
    queue.answering = Answering(application)
    bridge = TelegramBridge(app, typing_after)
    bridge.install(application)
    application.bot_data[BRIDGE] = bridge
    return application


def webhook_secret(token: str) -> str:
    """Telegram echoes this header on every webhook call; derived, so nothing else to configure."""
    return hashlib.sha256(f"comeback-webhook:{token}".encode()).hexdigest()[:48]


class TelegramService:
    """The bot's lifecycle in two halves, so that the composition root can order them:
    `start()` (getMe, the command menu, the replies a crash kept back, then polling or the
    webhook) raises at once when Telegram rejects the token or cannot be reached; `stop()`
    stops taking updates, lets the updates in hand finish (their replies go out), then closes
    the bot. `serving`: the poller, which raises if the token is rejected later."""

    def __init__(
        self,
        app: CoachApp,
        settings: Settings,
        *,
        on_sender: Callable[[TelegramSender], None] | None = None,
        typing_after: float = TYPING_AFTER,
        rate_limiter: AIORateLimiter | None = None,
        add_route: AddRoute | None = None,
    ) -> None:
        """`add_route`: serve the webhook on our HTTP server (one port) instead of PTB's own;
        `rate_limiter`: on PostgreSQL, one that draws from the budget every process shares."""
        self.settings = settings
        self.on_sender = on_sender
        self.add_route = add_route
        self.application = build_application(app, settings, typing_after, rate_limiter)
        queue = self.application.update_queue
        assert isinstance(queue, AnsweringQueue) and queue.answering is not None
        self.answering = queue.answering
        self.ledger = app if isinstance(app, UpdateLedger) else None
        self.health = PollHealth()
        self.serving: asyncio.Task[None] | None = None
        self.started = False
        self._stop = asyncio.Event()

    @property
    def connected(self) -> bool:
        if not (self.started and self.application.running):
            return False
        if self.serving is not None:
            return not self.serving.done() and self.health.connected()
        updater = self.application.updater
        return self.add_route is not None or (updater is not None and updater.running)

    async def start(self) -> None:
        application, settings = self.application, self.settings
        updater = application.updater
        assert updater is not None
        try:
            await application.initialize()  # getMe: InvalidToken, NetworkError
            if self.on_sender is not None:
                self.on_sender(TelegramSender.for_schedule(application.bot, settings))
            try:
                await application.bot.set_my_commands(
                    command_descriptions(TelegramPlatform(application.bot))
                )
            except TelegramError as exc:
                log.warning("telegram: could not set the command menu (%s)", type(exc).__name__)
            await application.start()
            if self.ledger is not None:
                await send_unsent(self.ledger, application.bot_data[BRIDGE].platform)
            url = settings.telegram_webhook_url
            secret = webhook_secret(settings.secret("telegram_token") or "")
            if url and self.add_route is not None:
                path = "/" + urlparse(url).path.lstrip("/")
                self.add_route("POST", path, webhook_handler(application, secret))
                await application.bot.set_webhook(
                    url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
                )
            elif url:
                await updater.start_webhook(
                    listen=settings.telegram_webhook_listen,
                    port=settings.telegram_webhook_port,
                    url_path=urlparse(url).path.lstrip("/"),
                    webhook_url=url,
                    secret_token=secret,
                    allowed_updates=ALLOWED_UPDATES,
                )
            else:
                self.serving = asyncio.create_task(
                    poll(self.answering, self.ledger, self._stop, ALLOWED_UPDATES, self.health),
                    name="telegram",
                )
        except BaseException:
            await self._close()
            raise
        self.started = True
        log.info("telegram: running (%s)", "webhook" if url else "polling")

    async def stop(self) -> None:
        await self._close()
        log.info("telegram: stopped")

    async def _close(self) -> None:
        application, updater = self.application, self.application.updater
        self._stop.set()
        try:
            if self.serving is not None:  # the poller confirms its last batch on the way out
                await asyncio.gather(self.serving, return_exceptions=True)
            if updater is not None and updater.running:
                await updater.stop()
            await self.answering.finish()
            if application.running:
                await application.stop()
        finally:
            self.started = False
            await application.shutdown()


async def run_telegram(
    app: CoachApp,
    settings: Settings,
    stop: asyncio.Event,
    *,
    on_sender: Callable[[TelegramSender], None] | None = None,
    typing_after: float = TYPING_AFTER,
    rate_limiter: AIORateLimiter | None = None,
) -> None:
    """Run the bot until `stop` is set: polling, or a webhook when telegram_webhook_url is set.
    `on_sender` receives the TelegramSender for scheduled prompts once the bot is up; it shares
    the running bot's rate limiter. Raises if the token is rejected (at start or later)."""
    service = TelegramService(
        app, settings, on_sender=on_sender, typing_after=typing_after, rate_limiter=rate_limiter
    )
    await service.start()
    stopping = asyncio.ensure_future(stop.wait())
    try:
        waiting = {stopping} if service.serving is None else {stopping, service.serving}
        await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        await service.stop()
    serving = service.serving
    if serving is not None and not serving.cancelled() and serving.exception() is not None:
        raise serving.exception()  # type: ignore[misc]
