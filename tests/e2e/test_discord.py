"""The Discord adapter end to end: the real discord.py client against a fake Discord."""

from __future__ import annotations

from pathlib import Path

from bot.adapters.discord_commands import COMMANDS
from tests.e2e.discord_fixtures import StandInApp, discord_settings, fake, running_bot
from tests.fakes.discord_api import FakeDiscord

__all__ = ["fake"]


async def test_commands_are_synced_and_start_onboards(fake: FakeDiscord, tmp_path: Path) -> None:
    app = StandInApp()
    async with running_bot(fake, app, discord_settings(fake, tmp_path)):
        assert sorted(c["name"] for c in fake.commands[None]) == sorted(COMMANDS)
        ann = fake.user("ann")
        await fake.slash(ann, "start")
        welcome = await fake.wait_message(fake.dm_channel(ann))
        print(welcome["content"], fake.labels(welcome))
        assert fake.labels(welcome)
