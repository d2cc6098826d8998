"""Teams on Discord, end to end: the real discord.py client against the fake Discord, the real
App and SQLite. Manage Channels sets the team up (a member is refused), a newcomer's /join
opens a DM where onboarding happens, and the roll-call is posted in the channel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot import compose
from bot.app import App
from bot.text import text
from tests.e2e.discord_fixtures import Runner, app, discord_settings, running_bot
from tests.e2e.test_discord import onboard
from tests.fakes.discord_api import EPHEMERAL, FakeDiscord

__all__ = ["app"]  # fixtures


async def test_manage_channels_sets_up_a_team_and_a_member_is_refused(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ann, bob = Runner(fake, "ann"), Runner(fake, "bob")
    fake.make_admin(ann.id)
    channel = fake.guild_channel_id
    async with running_bot(fake, app, discord_settings(fake, tmp_path)):
        await bob.command("team", "setup 07:30 Europe/London", guild=True)
        refused = await bob.sees("team.setup.refused")
        assert refused["channel_id"] == str(channel)
        await ann.command("team", "setup 07:30 Europe/London", guild=True)
        done = await ann.sees("team.setup.done", team="Team", time="07:30", zone="Europe/London")
        assert not int(done.get("flags") or 0) & EPHEMERAL  # the whole channel reads it


async def test_a_newcomer_joins_through_a_dm_and_the_roll_call_is_posted(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ann, cat = Runner(fake, "ann"), Runner(fake, "cat")
    fake.make_admin(ann.id)
    soon = datetime.now(UTC) + timedelta(minutes=2)
    settings = discord_settings(fake, tmp_path)
    async with running_bot(fake, app, settings) as client:
        await ann.command("team", f"setup {soon:%H:%M} UTC", guild=True)
        await ann.sees("team.setup.done", team="Team", time=f"{soon:%H:%M}", zone="UTC")
        await cat.command("join", guild=True)
        told = await cat.sees("team.join.dm", name="Cat")
        assert int(told["flags"]) & EPHEMERAL  # only cat reads where to go
        intro = await cat.sees("team.join.dm_intro", team="Team")
        assert intro["channel_id"] == str(cat.dm)
        await onboard(cat)
        level = await cat.sees("team.level.ask")
        assert level["channel_id"] == str(cat.dm) and len(fake.labels(level)) == 3
        await cat.press("That, and my stage")
        await cat.sees("team.level.set", team="Team", level=text("team.level.stage"))
        joined = await ann.sees("team.join.done", name="Cat")
        assert joined["channel_id"] == str(fake.guild_channel_id)

        scheduler = compose.scheduler(
            app, settings, senders=[client.sender], clock=lambda: soon + timedelta(seconds=30)
        )
        await scheduler.tick()
        roll_call = await ann.sees("team.rollcall.header", team="Team", count=0, total=1)
        assert roll_call["channel_id"] == str(fake.guild_channel_id)
        assert "Cat" not in roll_call["content"]  # never a public call-out
        await scheduler.dispatcher.close()
