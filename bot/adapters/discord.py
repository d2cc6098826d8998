"""The Discord adapter on discord.py 2.7: slash commands and buttons everywhere, free text in DMs.

No privileged intents: in guilds everything arrives as interactions. Buttons are dynamic items
whose custom_id carries the payload, so they survive restarts. Public entry points:
`DiscordSender` (bot.delivery.Sender) and `run_discord`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import Any

import discord
from discord import app_commands

from bot.adapters.discord_catchup import Handled, catch_up
from bot.adapters.discord_commands import register, sync
from bot.adapters.discord_delivery import CoachApp, DiscordPlatform, DiscordSender
from bot.adapters.discord_events import (
    PLATFORM,
    context,
    from_command,
    from_message,
    from_press,
)
from bot.adapters.discord_http import (
    GLOBAL_RATE,
    InvalidRequestGuard,
    guarded_trace,
    point_at,
    quiet_library_logs,
)
from bot.adapters.discord_lifecycle import TeamLifecycle
from bot.adapters.discord_render import PayloadButton
from bot.adapters.ledger import UpdateLedger, send_unsent
from bot.adapters.platform import still_working
from bot.adapters.send_budget import SharedSlots
from bot.core.types import Event, Reply
from bot.linking.desk import with_links
from bot.ratelimit import TokenBucket
from bot.settings import Settings
from bot.teams.desk import with_teams

__all__ = [
    "ComebackClient",
    "DiscordPlatform",
    "DiscordSender",
    "DiscordService",
    "ShardedComebackClient",
    "make_client",
    "run_discord",
]

log = logging.getLogger(__name__)
ACK_AFTER = 2.0  # seconds of work before we defer an interaction (Discord allows 3)
MAX_RATELIMIT_WAIT = 30.0  # longer 429 waits raise discord.RateLimited (the smallest allowed)


class ComebackClient(TeamLifecycle, discord.Client):
    def __init__(
        self,
        app: CoachApp,
        settings: Settings,
        *,
        ack_after: float = ACK_AFTER,
        shared: SharedSlots | None = None,
        **options: Any,
    ) -> None:
        """`shared`: the send budget every process shares (PostgreSQL, `comeback run`), which
        this client's requests take their slots from too (bot.adapters.discord_http)."""
        intents = discord.Intents.default()
        intents.message_content = False
        # Privileged, off by default: only to hear that a member left the server (teams).
        intents.members = settings.discord_members_intent
        self.limiter = TokenBucket(GLOBAL_RATE, GLOBAL_RATE)
        self.guard = InvalidRequestGuard()
        super().__init__(
            intents=intents,
            http_trace=guarded_trace(self.limiter, self.guard, shared),
            max_ratelimit_timeout=MAX_RATELIMIT_WAIT,
            **options,
        )
        self.app = app
        self.settings = settings
        self.ack_after = ack_after
        self.tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(self)
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]
        self.platform = DiscordPlatform(self, app)
        # The update ledger (the real App is one): replies marked sent, a restart's catch-up.
        self.ledger = app if isinstance(app, UpdateLedger) else None
        self._handled = Handled()
        self._caught_up = False
        # /team, /join, /leave (bot/teams), and /link (bot/linking) in front of the App
        self.app = with_teams(with_links(app), self.platform)
        # The bot.delivery.Sender for prompts: the dispatcher took their slots already.
        self.sender: DiscordSender = self.platform.for_schedule()
        register(self.tree, self.on_command, self.platform)
        self.synced: list[app_commands.AppCommand] = []
        self.session_open = asyncio.Event()  # the first gateway session (DiscordService.start)
        # Handlers running now: a shutdown lets them finish before the gateway closes.
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @contextlib.contextmanager
    def _working(self) -> Iterator[None]:
        self._busy += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._busy -= 1
            if not self._busy:
                self._idle.set()

    async def settle(self, within: float) -> None:
        """Wait (at most `within` seconds) until no message, command or button is being
        handled."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within):
                await self._idle.wait()

    async def on_connect(self) -> None:
        self.session_open.set()

    async def setup_hook(self) -> None:
        self.add_dynamic_items(PayloadButton)
        self.synced = await sync(self.tree, self.settings.discord_guild_id)
        log.info("discord: %d slash commands synced", len(self.synced))

    async def on_ready(self) -> None:
        """Once per process: the replies a crash kept back, then the DMs it missed."""
        if self._caught_up or self.ledger is None:
            return
        self._caught_up = True
        try:
            await send_unsent(self.ledger, self.platform)
            await catch_up(self, self.ledger, self.on_message)
        except Exception as error:  # never in the way of the live messages
            log.error("discord: catching up failed: %s", type(error).__name__, exc_info=True)

    async def on_message(self, message: discord.Message) -> None:
        event = from_message(message)
        if event is None or not self._handled.first_time(message.id):
            return
        with self._working():
            await self._on_dm(message, event)

    async def _on_dm(self, message: discord.Message, event: Event) -> None:
        try:
            self.platform.learn_dm(message.author.id, message.channel.id)
            replies = await self.app.handle(event)
            await self.platform.deliver(event.key, replies)
            await self._sent(event, replies)
        except Exception as error:
            log.exception(
                "discord DM failed: %s (%s)",
                type(error).__name__,
                context(None, message.channel.id),
            )

    async def _answer(self, interaction: discord.Interaction, event: Event) -> None:
        """Run the app, deferring the interaction ("thinking…") if it takes longer than
        `ack_after` (Discord drops an interaction not acknowledged within 3 s)."""

        async def thinking() -> None:
            if not interaction.response.is_done():
                await interaction.response.defer(
                    ephemeral=interaction.guild_id is not None, thinking=True
                )

        if interaction.guild_id is None:
            self.platform.learn_dm(interaction.user.id, interaction.channel_id)
        replies = await still_working(self.app.handle(event), thinking, after=self.ack_after)
        await self.platform.answer_interaction(interaction, event.key, replies)
        await self._sent(event, replies)

    async def _sent(self, event: Event, replies: list[Reply]) -> None:
        """The replies are out: the ledger need not send them again after a crash."""
        if replies and event.update_id and self.ledger is not None:
            await self.ledger.replies_sent(PLATFORM, event.update_id)

    async def on_command(
        self, interaction: discord.Interaction, name: str, text: str | None
    ) -> None:
        with self._working():
            try:
                await self._answer(interaction, from_command(interaction, name, text))
            except Exception as error:
                self._log_failure("command", interaction, error)

    async def on_press(self, interaction: discord.Interaction, payload: str, label: str) -> None:
        """Acknowledge at once (no database in the way), then let the app answer in follow-ups.
        In a DM or on an ephemeral message the question is edited to show the choice."""
        with self._working():
            await self._on_press(interaction, payload, label)

    async def _on_press(self, interaction: discord.Interaction, payload: str, label: str) -> None:
        try:
            message = interaction.message
            if message is not None and (interaction.guild_id is None or message.flags.ephemeral):
                await interaction.response.edit_message(
                    content=self.platform.echo(message.content, label), view=None
                )
            else:
                await interaction.response.defer()
            event = from_press(interaction, payload)
            replies = await self.app.handle(event)
            await self.platform.answer_interaction(interaction, event.key, replies)
            await self._sent(event, replies)
        except Exception as error:
            self._log_failure("button", interaction, error)

    def _log_failure(self, what: str, interaction: discord.Interaction, error: Exception) -> None:
        log.error(
            "discord %s failed: %s (%s)",
            what,
            type(error).__name__,
            context(interaction),
            exc_info=not isinstance(error, discord.HTTPException),
        )

    async def _on_tree_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        self._log_failure("command tree", interaction, error)


class ShardedComebackClient(ComebackClient, discord.AutoShardedClient):
    """The same client, sharded: discord.py runs one gateway connection per shard."""


def make_client(app: CoachApp, settings: Settings, **options: Any) -> ComebackClient:
    point_at(settings)
    quiet_library_logs()
    if settings.discord_shards:
        return ShardedComebackClient(app, settings, shard_count=settings.discord_shards, **options)
    return ComebackClient(app, settings, **options)


class DiscordService:
    """The client's lifecycle in two halves, for the composition root: `start()` logs in
    (LoginFailure at once for a rejected token), syncs the commands and waits until the gateway
    session is open (bounded: a gateway that never answers fails the start); `stop()` lets the turns
    in flight finish, closes the gateway and the HTTP session, and never waits on a gateway
    that disappeared (discord.py would sleep out its reconnect backoff first)."""

    READY_WITHIN = 60.0
    SETTLE_WITHIN = 5.0  # turns in flight get this long to finish before the gateway closes
    CLOSE_WITHIN = 3.0

    def __init__(
        self,
        app: CoachApp,
        settings: Settings,
        *,
        on_client: Callable[[ComebackClient], None] | None = None,
        **options: Any,
    ) -> None:
        token = settings.secret("discord_token")
        if not token:
            raise ValueError("COMEBACK_DISCORD_TOKEN is not set")
        self.token = token
        self.client = make_client(app, settings, **options)
        if on_client is not None:
            on_client(self.client)
        self.serving: asyncio.Task[None] | None = None

    @property
    def connected(self) -> bool:
        ws = self.client.ws
        return not self.client.is_closed() and ws is not None and bool(ws.open)

    async def start(self) -> None:
        client = self.client
        try:
            await client.login(self.token)  # LoginFailure: the token was rejected
            self.serving = asyncio.create_task(client.connect(), name="discord")
            connected = asyncio.create_task(self._connected())
            try:
                await asyncio.wait(
                    {connected, self.serving},
                    timeout=self.READY_WITHIN,
                    return_when=asyncio.FIRST_COMPLETED,
                )
            finally:
                connected.cancel()
            if self.serving.done():
                self.serving.result()  # a fatal gateway close: raise it
                raise ConnectionError("the Discord gateway closed during the start")
            if not self.connected:
                raise TimeoutError(f"no Discord gateway within {self.READY_WITHIN:.0f} s")
        except BaseException:
            await self._close()
            raise
        log.info("discord: running")

    async def _connected(self) -> None:
        """Until the gateway session is open (READY comes later, after the guilds; events are
        handled from the session's start)."""
        await self.client.session_open.wait()

    async def stop(self) -> None:
        await self.client.settle(self.SETTLE_WITHIN)
        await self._close()
        log.info("discord: stopped")

    async def _close(self) -> None:
        try:
            async with asyncio.timeout(self.CLOSE_WITHIN):
                await self.client.close()
        except TimeoutError:
            log.warning("discord: the gateway did not close in %.0f s", self.CLOSE_WITHIN)
        if self.serving is not None:
            # Normally ends with close(); a reconnect loop asleep in its backoff is cancelled.
            await asyncio.wait({self.serving}, timeout=1.0)
            self.serving.cancel()
            await asyncio.gather(self.serving, return_exceptions=True)


async def run_discord(
    app: CoachApp,
    settings: Settings,
    stop: asyncio.Event,
    *,
    on_client: Callable[[ComebackClient], None] | None = None,
    **options: Any,
) -> None:
    """Log in, sync the commands, serve until `stop` is set (or the gateway closes for good),
    then close cleanly.

    `on_client` sees the client before it connects (its `.sender` is the DiscordSender for the
    scheduler); `options` go to discord.py (tests pass a short guild_ready_timeout)."""
    service = DiscordService(app, settings, on_client=on_client, **options)
    client = service.client
    serving = asyncio.create_task(client.start(service.token), name="discord")
    stopping = asyncio.create_task(stop.wait(), name="discord-stop")
    service.serving = serving
    try:
        await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        if not serving.done():
            await client.settle(service.SETTLE_WITHIN)
        await service._close()
    if not serving.cancelled() and serving.exception() is not None:
        raise serving.exception()  # type: ignore[misc]  # a failed login, a fatal close
    log.info("discord: stopped")
