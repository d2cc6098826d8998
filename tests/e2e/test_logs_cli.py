"""`comeback run` as a real process with COMEBACK_LOG_FORMAT=json: every line a JSON object
(time, level, logger, event; platform and runner on a turn's lines), no library chatter at INFO,
no token and no runner's words; /healthz answers on COMEBACK_HTTP_PORT."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
from pathlib import Path

import aiohttp
import pytest

from tests.e2e.conftest import Serve
from tests.fakes.telegram_api import FakeTelegram
from tests.support.cli import start

TOKEN = "555222:json-logs-token-never-in-logs"
STARTUP = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
async def test_json_lines_with_who_and_nothing_secret(
    level: str, serve: Serve[FakeTelegram], tmp_path: Path
) -> None:
    api = await serve(FakeTelegram(TOKEN))
    port = free_port()
    process = await start(
        "run",
        cwd=tmp_path,
        TELEGRAM_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=api.base_url,
        TELEGRAM_BASE_FILE_URL=api.base_file_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'json.db'}",
        LOG_FORMAT="json",
        LOG_LEVEL=level,
        HTTP_HOST="127.0.0.1",
        HTTP_PORT=str(port),
    )
    try:
        await api.wait_for_call("getUpdates", within=STARTUP)
        ivo = api.user("Ivo")
        await api.user_says(ivo, "/start")
        welcome = await api.bot_reply(ivo)
        await api.user_says(ivo, "my hamstring hurts 4/10 quokka")
        await api.bot_reply(ivo)
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/healthz") as response,
        ):
            health = await response.json()
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    assert health["status"] == "ok", health
    lines = [json.loads(line) for line in err.decode().splitlines()]  # all JSON
    assert all({"time", "level", "logger", "event"} <= line.keys() for line in lines)
    noisy = [line for line in lines if line["logger"].startswith(("apscheduler", "alembic"))]
    assert not noisy, json.dumps(noisy, indent=1)
    if level == "DEBUG":
        turns = [line for line in lines if line["event"].startswith("turn ")]
        assert turns and all(t["platform"] == "telegram" and t["runner"] for t in turns)
    log = (out + err).decode()
    for secret in (TOKEN, TOKEN.split(":")[1], "quokka", welcome.text[:40]):
        assert secret not in log
