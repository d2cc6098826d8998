"""The Discord side of the Platform contract: replies to DMs, channels and interactions, and the
Sender for our own sends. The shared rules (where a reply goes, what a refusal means) live in
bot.adapters.platform; this module only translates them to discord.py."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import aiohttp
import discord

from bot.adapters.discord_events import PLATFORM, context
from bot.adapters.discord_http import InvalidRequestBudgetExceeded
from bot.adapters.discord_render import MAX_CONTENT, messages_for
from bot.adapters.platform import CoachApp, Destination, Platform, Posted, SendLimits, Where
from bot.adapters.send_budget import already_counted
from bot.core.types import ConversationKey, Reply
from bot.delivery import NotAllowed, RetryLater, Unreachable
from bot.metrics import REPLIES, SEND_ERRORS, send_error_kind
from bot.settings import Settings

__all__ = ["CoachApp", "DiscordPlatform", "DiscordSender"]

log = logging.getLogger(__name__)
NETWORK_RETRY_AFTER = 5.0
MAX_DESCRIPTION = 100  # Discord's limit on a slash command's description
# A member may run a team in a channel when they may manage it.
ADMIN_PERMISSION = "manage_channels"
# Discord's codes for a channel the bot is in but may not post to: Missing Access, Missing
# Permissions. (A deleted channel is 404 Unknown Channel; a closed DM is 50007.)
NO_RIGHTS = frozenset({50001, 50013})


class DiscordPlatform(Platform):
    """Discord: a DM's conversation key is (user, user) whatever the DM channel's id, a guild
    channel's is (channel, user). A private reply in a guild is ephemeral when answering an
    interaction, and a DM otherwise; a scheduled prompt always goes to the DM (a bot cannot show
    one member a message in a channel outside an interaction).

    `scheduled`: the sender of scheduled prompts and roll calls (`for_schedule`), whose sends
    took their slot of the shared budget in the dispatcher already."""

    name = PLATFORM
    text_limit = MAX_CONTENT
    menu_description_limit = MAX_DESCRIPTION
    choice_mark = "»"
    prompts_go_private = True

    def __init__(
        self, client: discord.Client, app: CoachApp | None = None, *, scheduled: bool = False
    ) -> None:
        super().__init__(app)
        self.client = client
        self.scheduled = scheduled
        self._dms: dict[str, int] = {}  # user id -> their DM channel's id, as seen

    def for_schedule(self) -> DiscordPlatform:
        """The same client and the same DMs, for the dispatcher (bot.delivery.Sender)."""
        twin = type(self)(self.client, self.app, scheduled=True)
        twin._dms = self._dms
        return twin

    @classmethod
    def limits(cls, settings: Settings) -> SendLimits:
        return SendLimits(settings.discord_rate)

    def learn_dm(self, user_id: int, channel_id: int | None) -> None:
        """A DM arrived: answer there without asking Discord for the channel again."""
        if channel_id is not None:
            self._dms[str(user_id)] = channel_id

    async def _channel(self, to: Destination) -> discord.abc.Messageable:
        if to.where is not Where.PRIVATE:
            return self.client.get_partial_messageable(int(to.chat))
        known = self._dms.get(to.chat)
        if known is not None:
            return self.client.get_partial_messageable(known, type=discord.ChannelType.private)
        return await self.client.create_dm(discord.Object(id=int(to.chat)))

    async def post(self, to: Destination, reply: Reply) -> list[Posted]:
        with already_counted(self.scheduled):
            return await self._post_messages(to, reply)

    async def _post_messages(self, to: Destination, reply: Reply) -> list[Posted]:
        channel_id: int | None = None
        try:
            channel = await self._channel(to)
            channel_id = getattr(channel, "id", None)
            return [
                Posted(str(channel_id), str(message.id), bool(message.components))
                for message in [await channel.send(**kwargs) for kwargs in messages_for(reply)]
            ]
        except discord.RateLimited as error:
            raise RetryLater(error.retry_after) from error
        except InvalidRequestBudgetExceeded as error:
            raise RetryLater(error.retry_after) from error
        except (discord.Forbidden, discord.NotFound) as error:
            log.info(
                "discord refused a send (%s code=%s; %s)",
                type(error).__name__,
                error.code,
                context(None, channel_id),
            )
            reason = f"{type(error).__name__} code={error.code}"
            if to.where is not Where.PRIVATE and error.code in NO_RIGHTS:
                raise NotAllowed(reason) from error
            raise Unreachable(reason) from error
        except discord.HTTPException as error:
            if error.status == 429 or error.status >= 500:
                raise RetryLater(_retry_after(error)) from error
            raise
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            raise RetryLater(NETWORK_RETRY_AFTER) from error

    async def answer_interaction(
        self, interaction: discord.Interaction, key: ConversationKey, replies: Sequence[Reply]
    ) -> None:
        """Replies to a slash command or a press: in the interaction (ephemeral where the reply
        is private in a guild), or posted elsewhere when the reply names another channel."""
        for reply in replies:
            to = self.destination(key, reply)
            if to.where is Where.ELSEWHERE:
                await self.deliver(key, [reply])
                continue
            ephemeral = to.private and self.is_group(key)
            for kwargs in messages_for(reply):
                try:
                    if not interaction.response.is_done():
                        await interaction.response.send_message(ephemeral=ephemeral, **kwargs)
                    else:
                        await interaction.followup.send(ephemeral=ephemeral, wait=True, **kwargs)
                except Exception as error:
                    SEND_ERRORS.labels(self.name, send_error_kind(error)).inc()
                    raise
                REPLIES.labels(self.name).inc()
        if not interaction.response.is_done():
            # Nothing was said here (all went elsewhere): close the interaction quietly.
            await interaction.response.defer(ephemeral=True)
            await interaction.delete_original_response()

    async def open_private_chat(self, user: str) -> str:
        """Discord lets a bot open a DM with any member of a guild it shares."""
        known = self._dms.get(user)
        if known is not None:
            return str(known)
        try:
            channel = await self.client.create_dm(discord.Object(id=int(user)))
        except (discord.Forbidden, discord.NotFound) as error:
            raise Unreachable(f"{type(error).__name__} code={error.code}") from error
        self._dms[user] = channel.id
        return str(channel.id)

    async def is_admin(self, chat: str, user: str) -> bool:
        """Manage Channels in that channel, from the member's roles (and the channel's
        overwrites); the guild's owner always. Inside an interaction, `admin_in` is free."""
        channel = self.client.get_channel(int(chat)) or await self.client.fetch_channel(int(chat))
        if not isinstance(channel, discord.abc.GuildChannel):
            return False  # a DM has no one to run it
        guild = channel.guild
        member = guild.get_member(int(user)) or await guild.fetch_member(int(user))
        return bool(getattr(channel.permissions_for(member), ADMIN_PERMISSION))

    @staticmethod
    def admin_in(interaction: discord.Interaction) -> bool:
        """The same question from an interaction: Discord sends the member's permissions in
        the channel with it, so no request is needed."""
        return interaction.guild_id is not None and bool(
            getattr(interaction.permissions, ADMIN_PERMISSION)
        )

    def deep_link(self, payload: str) -> str | None:
        """Discord has no link that opens a DM with a bot carrying a payload: the bot opens the
        DM itself (`open_private_chat`) and sends the invitation there."""
        return None


DiscordSender = DiscordPlatform


def _retry_after(error: discord.HTTPException) -> float:
    retry = getattr(error.response, "headers", {}).get("Retry-After")
    try:
        return max(float(retry), 1.0) if retry else NETWORK_RETRY_AFTER
    except ValueError:
        return NETWORK_RETRY_AFTER
