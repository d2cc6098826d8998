"""`comeback run` as a real process, talking to the fake Discord: commands synced, a DM /start
answered, SIGTERM ends it cleanly, and the log holds neither the token nor what was said."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.e2e.discord_fixtures import TOKEN, Runner, database_url, fragment
from tests.fakes.discord_api import FakeDiscord

REPO = Path(__file__).resolve().parents[2]
STARTUP = 60.0  # a cold interpreter imports discord.py and migrates SQLite first


async def test_comeback_run_serves_discord_until_sigterm(fake: FakeDiscord, tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("COMEBACK_")  # no Telegram, no stray settings from the shell
    }
    env.update(
        COMEBACK_DISCORD_TOKEN=TOKEN,
        COMEBACK_DISCORD_API_BASE=fake.api_base,
        COMEBACK_DISCORD_GATEWAY_URL=fake.gateway_url,
        COMEBACK_DATABASE_URL=database_url(tmp_path),
        COMEBACK_LOG_LEVEL="DEBUG",  # even at DEBUG, no token and no message text
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        cwd=REPO,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await fake.wait_for(
            lambda: None in fake.commands or process.returncode is not None, STARTUP
        )
        await fake.wait_connected()
        assert sorted(c["name"] for c in fake.commands[None])[:3] == ["cancel", "checkin", "delete"]

        ann = Runner(fake, "ann")
        await ann.command("start")
        welcome = await ann.sees("onboard.welcome")
        await ann.says("my shin hurts 7/10")
        await fake.wait_message(ann.dm, after=int(welcome["id"]))
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            out, err = await process.communicate()

    log = (out + err).decode()
    assert process.returncode == 0, log
    assert not fake.shards  # the gateway connection was closed, not dropped
    assert TOKEN not in log
    assert "my shin hurts" not in log
    assert fragment("onboard.welcome")[0][:40] not in log
    assert "discord: stopped" in log
