"""Replies out to Discord: answers to a DM, to an interaction, and sends on our own initiative."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

import aiohttp
import discord

from bot.adapters.discord_events import PLATFORM, context, dms_closed
from bot.adapters.discord_http import InvalidRequestBudgetExceeded
from bot.adapters.discord_render import messages_for
from bot.core.types import ConversationKey, Event, Reply
from bot.delivery import RetryLater, Unreachable

log = logging.getLogger(__name__)
NETWORK_RETRY_AFTER = 5.0


class CoachApp(Protocol):
    """The part of bot.app.App the adapter needs (a port: the real App fits it)."""

    async def handle(self, event: Event) -> list[Reply]: ...

    async def mark_unreachable(self, platform: str, user: str) -> None: ...


async def _send(destination: discord.abc.Messageable, reply: Reply) -> discord.Message:
    message: discord.Message | None = None
    for kwargs in messages_for(reply):
        message = await destination.send(**kwargs)
    assert message is not None  # messages_for always yields at least one piece
    return message


def _redirected(reply: Reply, here: int | None) -> int | None:
    """The channel a reply is addressed to, if that is not where we are answering."""
    if reply.to is None or reply.to.platform != PLATFORM or reply.to.chat == str(here):
        return None
    return int(reply.to.chat)


class Outbox:
    def __init__(self, client: discord.Client, app: CoachApp) -> None:
        self.client = client
        self.app = app

    async def _dm(self, user_id: int) -> discord.DMChannel:
        return await self.client.create_dm(discord.Object(id=user_id))

    async def _deliver(
        self, reply: Reply, user_id: int, here: discord.abc.Messageable, in_guild: bool
    ) -> None:
        """One reply for a user, outside an interaction: to `reply.to`, a DM, or `here`."""
        redirected = _redirected(reply, getattr(here, "id", None))
        channel_id = redirected or getattr(here, "id", None)
        try:
            if redirected is not None:
                await _send(self.client.get_partial_messageable(redirected), reply)
            elif reply.private and in_guild:
                await _send(await self._dm(user_id), reply)
            else:
                await _send(here, reply)
        except discord.HTTPException as error:
            if dms_closed(error):
                log.info(
                    "discord user has closed DMs; marking unreachable (%s)",
                    context(None, channel_id),
                )
                await self.app.mark_unreachable(PLATFORM, str(user_id))
                return
            log.error(
                "discord send failed: %s status=%s code=%s (%s)",
                type(error).__name__,
                error.status,
                error.code,
                context(None, channel_id),
            )

    async def answer_message(self, message: discord.Message, replies: Sequence[Reply]) -> None:
        for reply in replies:
            await self._deliver(
                reply, message.author.id, message.channel, message.guild is not None
            )

    async def answer_interaction(
        self, interaction: discord.Interaction, replies: Sequence[Reply]
    ) -> None:
        in_guild = interaction.guild_id is not None
        for reply in replies:
            redirected = _redirected(reply, interaction.channel_id)
            if redirected is not None:
                channel = self.client.get_partial_messageable(redirected)
                await self._deliver(reply, interaction.user.id, channel, in_guild=False)
                continue
            ephemeral = reply.private and in_guild
            for kwargs in messages_for(reply):
                if not interaction.response.is_done():
                    await interaction.response.send_message(ephemeral=ephemeral, **kwargs)
                else:
                    await interaction.followup.send(ephemeral=ephemeral, wait=True, **kwargs)
        if not interaction.response.is_done():
            # Nothing was said here (all went elsewhere): close the interaction quietly.
            await interaction.response.defer(ephemeral=True)
            await interaction.delete_original_response()


class DiscordSender:
    """bot.delivery.Sender for Discord: DMs the user, or posts to `reply.to`'s channel."""

    platform = PLATFORM

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def _destination(self, key: ConversationKey, reply: Reply) -> discord.abc.Messageable:
        if reply.to is not None and reply.to.platform == PLATFORM:
            return self.client.get_partial_messageable(int(reply.to.chat))
        return await self.client.create_dm(discord.Object(id=int(key.user)))

    async def send(self, key: ConversationKey, replies: Sequence[Reply]) -> str:
        last = ""
        try:
            for reply in replies:
                last = str((await _send(await self._destination(key, reply), reply)).id)
        except discord.RateLimited as error:
            raise RetryLater(error.retry_after) from error
        except InvalidRequestBudgetExceeded as error:
            raise RetryLater(error.retry_after) from error
        except (discord.Forbidden, discord.NotFound) as error:
            raise Unreachable(f"{type(error).__name__} code={error.code}") from error
        except discord.HTTPException as error:
            if error.status == 429 or error.status >= 500:
                raise RetryLater(_retry_after(error)) from error
            raise
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            raise RetryLater(NETWORK_RETRY_AFTER) from error
        return last


def _retry_after(error: discord.HTTPException) -> float:
    retry = getattr(error.response, "headers", {}).get("Retry-After")
    try:
        return max(float(retry), 1.0) if retry else NETWORK_RETRY_AFTER
    except ValueError:
        return NETWORK_RETRY_AFTER
