"""Discord's news about guilds and channels, for teams (bot/teams): the bot kicked from a guild
(or the guild deleted) ends the teams of all its channels quietly, a deleted channel ends its
team, and a member who left the guild leaves the teams there. The last needs the privileged
Server Members intent (COMEBACK_DISCORD_MEMBERS_INTENT=1, and the switch in the developer
portal); without it Discord never sends that event."""

from __future__ import annotations

import logging

import discord

from bot.adapters.platform import CoachApp

log = logging.getLogger(__name__)


def channel_ids(guild: discord.Guild) -> list[str]:
    """Every channel and thread of the guild we know of: a team lives in one of them."""
    return [str(c.id) for c in (*guild.channels, *guild.threads)]


class TeamLifecycle:
    """Mixed into the discord.Client: discord.py calls these `on_...` methods by name. They
    hand the news to the team desk (`app.gone`, `app.left`) when the app is one."""

    app: CoachApp

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        gone = getattr(self.app, "gone", None)
        if gone is not None:
            await gone(channel_ids(guild))

    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        gone = getattr(self.app, "gone", None)
        if gone is not None:
            await gone([str(channel.id)])

    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        left = getattr(self.app, "left", None)
        guild = self.get_guild(payload.guild_id)  # type: ignore[attr-defined]
        me = self.user  # type: ignore[attr-defined]
        if left is None or guild is None or (me is not None and payload.user.id == me.id):
            return  # the bot's own leaving comes as on_guild_remove
        await left(channel_ids(guild), str(payload.user.id))
