"""The Discord side of the Platform contract's team methods, with the real client against the
fake Discord: who runs a channel (from roles, or from an interaction), the DM, the absent deep
link, a post to a channel."""

from __future__ import annotations

from pathlib import Path

import discord

from bot.app import App
from bot.core.types import Reply
from bot.text import text
from tests.e2e.discord_fixtures import app, discord_settings, running_bot
from tests.fakes.discord_api import FakeDiscord

__all__ = ["app"]  # fixtures


async def test_members_with_manage_channels_run_the_channel(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ann, bob = fake.user("ann"), fake.user("bob")
    fake.make_admin(ann)
    channel = str(fake.guild_channel_id)
    async with running_bot(fake, app, discord_settings(fake, tmp_path)) as client:
        platform = client.platform
        assert await platform.is_admin(channel, str(ann))
        assert not await platform.is_admin(channel, str(bob))
        assert not await platform.is_admin(str(fake.dm_channel(ann)), str(ann))  # a DM
    asked = {c.path for c in fake.calls_to("GET", r"/guilds/\d+/members/\d+")}
    assert asked == {f"/guilds/{fake.guild_id}/members/{u}" for u in (ann, bob)}


async def test_an_interaction_says_who_runs_the_channel_without_a_request(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ann, bob = fake.user("ann"), fake.user("bob")
    fake.make_admin(ann)
    async with running_bot(fake, app, discord_settings(fake, tmp_path)) as client:
        state = client._connection

        def interaction(user: int, guild: bool) -> discord.Interaction:
            data = {"id": fake.command_id("help"), "name": "help", "type": 1}
            payload = fake._interaction(2, user, data, guild, None)
            return discord.Interaction(data=payload, state=state)  # type: ignore[arg-type]

        admin_in = client.platform.admin_in
        assert admin_in(interaction(ann, guild=True))
        assert not admin_in(interaction(bob, guild=True))
        assert not admin_in(interaction(ann, guild=False))


async def test_the_private_chat_is_the_dm_and_there_is_no_deep_link(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ann = fake.user("ann")
    async with running_bot(fake, app, discord_settings(fake, tmp_path)) as client:
        assert await client.platform.open_private_chat(str(ann)) == str(fake.dm_channel(ann))
        assert client.platform.deep_link("join_ab12") is None


async def test_a_post_to_a_channel_lands_there(fake: FakeDiscord, app: App, tmp_path: Path) -> None:
    async with running_bot(fake, app, discord_settings(fake, tmp_path)) as client:
        channel = str(fake.guild_channel_id)
        message_id = await client.platform.post_to_group(channel, Reply((text("help"),)))
    posted = await fake.wait_message(channel=fake.guild_channel_id)
    assert posted["id"] == message_id
