"""Teams on Discord, end to end: the real discord.py client against the fake Discord, the real
App and SQLite. Manage Channels sets the team up (a member is refused), a newcomer's /join
opens a DM where onboarding happens, and the roll-call is posted in the channel."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot import compose
from bot.app import App
from bot.core.state import IDLE, Profile, State
from bot.core.types import ConversationKey
from bot.text import text
from storage.teams import TeamStore
from tests.e2e.discord_fixtures import (
    Runner,
    app,
    discord_settings,
    fragment,
    running_bot,
    say,
)
from tests.e2e.test_discord import CONSENT_YES, onboard
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


async def _onboarded(app: App, user_id: int, name: str) -> None:
    """A runner the bot already coaches (onboarded in a DM before the test)."""
    profile = Profile(
        area="knee", onset="gradual", feel="muscle", kind="other", seen_professional=False,
        baseline=1, timezone="UTC", checkin_time="06:00",
    )  # fmt: skip
    key = ConversationKey("discord", str(user_id), str(user_id))
    async with app.store.turn(key, name) as turn:
        await turn.save(State(IDLE, {}, profile))


async def test_a_channels_life_a_member_who_leaves_a_lost_right_to_post_and_the_end(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ann, cat = Runner(fake, "ann"), Runner(fake, "cat")
    fake.make_admin(ann.id)
    await _onboarded(app, cat.id, "Cat")
    teams = TeamStore(app.store.engine)
    channel = str(fake.guild_channel_id)
    soon = datetime.now(UTC) + timedelta(hours=1)
    settings = discord_settings(fake, tmp_path, discord_members_intent=True)

    async def cat_teams() -> int:
        runner = await teams.runner("discord", str(cat.id))
        assert runner is not None
        return len(await teams.memberships(runner.id))

    async def active() -> bool:
        team = await teams.team_in("discord", channel)
        return team is not None and team.active

    async with running_bot(fake, app, settings) as client:
        assert fake.identifies[0]["intents"] & (1 << 1)  # Server Members, as configured
        await ann.command("team", f"setup {soon:%H:%M} UTC", guild=True)
        await ann.sees("team.setup.done", team="Team", time=f"{soon:%H:%M}", zone="UTC")
        await cat.command("join", guild=True)
        await ann.sees("team.join.done", name="Cat")
        await fake.member_leaves(cat.id)
        await fake.wait_for(lambda: _is(cat_teams, 0))
        # No right to post in the channel: Ann, who set the team up, hears it in a DM, once.
        fake.take_rights()
        clock = [soon + timedelta(seconds=30)]
        scheduler = compose.scheduler(
            app, settings, senders=[client.sender], clock=lambda: clock[0]
        )
        await scheduler.tick()
        told = await ann.sees("team.muted", team="Team")
        assert told["channel_id"] == str(ann.dm)
        clock[0] += timedelta(days=1)
        await scheduler.tick()
        refused = fake.calls_to("POST", f"/channels/{channel}/messages")
        assert [c.status for c in refused] == [403, 403]  # tried each day, told once
        assert len([m for m in fake.bot_messages(ann.dm) if "can't post" in m["content"]]) == 1
        await scheduler.dispatcher.close()
        assert await active()
        fake.give_rights()
        # The channel deleted: the team ends quietly.
        await fake.delete_channel()
        await fake.wait_for(lambda: _is(active, False))


async def test_the_bot_removed_from_the_server_ends_its_teams_quietly(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ann = Runner(fake, "ann")
    fake.make_admin(ann.id)
    teams = TeamStore(app.store.engine)

    async def active() -> bool:
        team = await teams.team_in("discord", str(fake.guild_channel_id))
        return team is not None and team.active

    async with running_bot(fake, app, discord_settings(fake, tmp_path)):
        await ann.command("team", "setup 07:30 UTC", guild=True)
        await ann.sees("team.setup.done", team="Team", time="07:30", zone="UTC")
        assert await active()
        posted = len(fake.bot_messages())
        await fake.kick_bot()
        await fake.wait_for(lambda: _is(active, False))
        assert len(fake.bot_messages()) == posted


async def test_join_in_the_middle_of_onboarding_carries_on_where_the_runner_was(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ann, dan = Runner(fake, "ann"), Runner(fake, "dan")
    fake.make_admin(ann.id)
    later = datetime.now(UTC) + timedelta(hours=6)
    async with running_bot(fake, app, discord_settings(fake, tmp_path)):
        await ann.command("team", f"setup {later:%H:%M} UTC", guild=True)
        await ann.sees("team.setup.done", team="Team", time=f"{later:%H:%M}", zone="UTC")
        await dan.command("join", guild=True)
        await dan.sees("onboard.welcome")
        await dan.press(CONSENT_YES)
        await dan.sees("onboard.area")
        await dan.press(say("button.area.calf_achilles"))
        await dan.sees("onboard.onset")
        await dan.command("join", guild=True)  # again, before onboarding is over
        await dan.sees("team.join.dm_continue", team="Team")
        again = await dan.sees("onboard.onset")
        assert again["channel_id"] == str(dan.dm)
        welcome = fragment("onboard.welcome")
        assert not [
            m
            for m in fake.bot_messages(dan.dm)
            if int(m["id"]) > dan.mark and any(w in m["content"] for w in welcome)
        ]  # fmt: skip  (not begun anew)
        await dan.press(say("button.onset.gradual"))
        await dan.sees("onboard.cause")  # onboarding goes on from there


async def _is(check: Callable[[], Awaitable[object]], expected: object) -> bool:
    return await check() == expected
