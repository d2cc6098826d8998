"""The Discord adapter on discord.py 2.7: slash commands and buttons everywhere, free text in DMs.

No privileged intents: in guilds everything arrives as interactions. Buttons are dynamic items
whose custom_id carries the payload, so they survive restarts. Public entry points:
`DiscordSender` (bot.delivery.Sender) and `run_discord`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
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
from bot.core.types import Event, Reply
from bot.linking.desk import with_links
from bot.ratelimit import TokenBucket
from bot.settings import Settings
from bot.teams.desk import with_teams

__all__ = [
    "ComebackClient",
    "DiscordPlatform",
    "DiscordSender",
    "ShardedComebackClient",
    "make_client",
    "run_discord",
]

log = logging.getLogger(__name__)
ACK_AFTER = 2.0  # seconds of work before we defer an interaction (Discord allows 3)
MAX_RATELIMIT_WAIT = 30.0  # longer 429 waits raise discord.RateLimited (the smallest allowed)


class ComebackClient(TeamLifecycle, discord.Client):
    def __init__(
        self, app: CoachApp, settings: Settings, *, ack_after: float = ACK_AFTER, **options: Any
    ) -> None:
        intents = discord.Intents.default()
        intents.message_content = False
        # Privileged, off by default: only to hear that a member left the server (teams).
        intents.members = settings.discord_members_intent
        self.limiter = TokenBucket(GLOBAL_RATE, GLOBAL_RATE)
        self.guard = InvalidRequestGuard()
        super().__init__(
            intents=intents,
            http_trace=guarded_trace(self.limiter, self.guard),
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
        self.sender: DiscordSender = self.platform  # the bot.delivery.Sender for prompts
        register(self.tree, self.on_command, self.platform)
        self.synced: list[app_commands.AppCommand] = []

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
        try:
            await self._answer(interaction, from_command(interaction, name, text))
        except Exception as error:
            self._log_failure("command", interaction, error)

    async def on_press(self, interaction: discord.Interaction, payload: str, label: str) -> None:
        """Acknowledge at once (no database in the way), then let the app answer in follow-ups.
        In a DM or on an ephemeral message the question is edited to show the choice."""
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


async def run_discord(
    app: CoachApp,
    settings: Settings,
    stop: asyncio.Event,
    *,
    on_client: Callable[[ComebackClient], None] | None = None,
    **options: Any,
) -> None:
    """Log in, sync the commands, serve until `stop` is set, then close cleanly.

    `on_client` sees the client before it connects (its `.sender` is the DiscordSender for the
    scheduler); `options` go to discord.py (tests pass a short guild_ready_timeout)."""
    if not settings.discord_token:
        raise ValueError("COMEBACK_DISCORD_TOKEN is not set")
    client = make_client(app, settings, **options)
    if on_client is not None:
        on_client(client)
    async with client:
        serving = asyncio.create_task(client.start(settings.discord_token), name="discord")
        stopping = asyncio.create_task(stop.wait(), name="discord-stop")
        await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        await client.close()
        await serving  # re-raises a failed login or a fatal gateway close
    log.info("discord: stopped")
