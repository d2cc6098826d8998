"""`comeback run` as a real process against the fake Bot API: the command menu is set, /start is
answered, SIGTERM ends it cleanly, and the log holds neither the token nor what was said."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import Serve
from tests.fakes.telegram_api import FakeTelegram

REPO = Path(__file__).resolve().parents[2]
TOKEN = "555111:CLI-secret-token-never-in-logs"
STARTUP = 60.0  # a cold interpreter imports PTB and migrates SQLite first


@pytest.fixture
async def tg_cli_fake(serve: Serve[FakeTelegram]) -> FakeTelegram:
    return await serve(FakeTelegram(TOKEN))


async def test_comeback_run_serves_telegram_until_sigterm(
    tg_cli_fake: FakeTelegram, tmp_path: Path
) -> None:
    tg = tg_cli_fake
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMEBACK_")}
    env.update(
        COMEBACK_TELEGRAM_TOKEN=TOKEN,
        COMEBACK_TELEGRAM_BASE_URL=tg.base_url,
        COMEBACK_TELEGRAM_BASE_FILE_URL=tg.base_file_url,
        COMEBACK_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/cli.db",
        COMEBACK_LOG_LEVEL="DEBUG",  # even at DEBUG: no token, no runner's words
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run",
        cwd=REPO, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await tg.wait_for_call("getUpdates", within=STARTUP)
        assert [c["command"] for c in tg.commands][:2] == ["start", "checkin"]
        ivo = tg.user("Ivo")
        await tg.user_says(ivo, "/start")
        welcome = await tg.bot_reply(ivo)
        assert welcome.buttons  # the consent question
        await tg.user_says(ivo, "my achilles hurts 6/10")
        await tg.bot_reply(ivo)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            out, err = await process.communicate()

    log = (out + err).decode()
    assert process.returncode == 0, log
    assert "telegram: stopped" in log
    assert TOKEN.split(":")[1] not in log
    assert "achilles hurts" not in log
    assert welcome.text[:40] not in log
    assert "Traceback" not in log
