"""Nothing leaks from any entry point: run, worker, migrate and chat, each a real process at
DEBUG, with the bot token set and a platform that rejects it (401). Their whole output is
scanned for the token (and its secret half) and for what a runner wrote. Also: a Bot API answer
that PTB cannot parse reaches the log as ids and lengths, not as the body."""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path

import pytest

from tests.e2e.conftest import Serve
from tests.fakes.telegram_api import FakeTelegram
from tests.support.cli import comeback, start

pytestmark = [pytest.mark.faults, pytest.mark.slow]

TOKEN = "600600:leak-test-token-must-never-appear"
ANSWER = "Baseline morning pain: 3/10 zebra-quartz"
STARTUP = 60.0


def leaks(output: str) -> list[str]:
    found = [s for s in (TOKEN, TOKEN.split(":")[1]) if s in output]
    return found + (["the runner's answer"] if "zebra-quartz" in output else [])


@pytest.fixture
async def rejecting(serve: Serve[FakeTelegram]) -> FakeTelegram:
    """A Bot API that knows another token: every call with ours answers 401."""
    return await serve(FakeTelegram("600600:the-real-token-is-another-one"))


def settings_for(api: FakeTelegram, tmp_path: Path, **more: str) -> dict[str, str]:
    return {
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": api.base_url,
        "TELEGRAM_BASE_FILE_URL": api.base_file_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'leaks.db'}",
        "LOG_LEVEL": "DEBUG",
        **more,
    }


@pytest.mark.parametrize("log_format", ["text", "json"])
@pytest.mark.parametrize("command", [("run",), ("worker",), ("worker", "--once")])
async def test_a_rejected_token_is_one_line_and_never_printed(
    command: tuple[str, ...], log_format: str, rejecting: FakeTelegram, tmp_path: Path
) -> None:
    settings = settings_for(rejecting, tmp_path, LOG_FORMAT=log_format)
    done = await asyncio.to_thread(comeback, *command, cwd=tmp_path, **settings)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "the token was rejected (COMEBACK_TELEGRAM_TOKEN)" in done.stderr
    assert "Traceback" not in output
    assert leaks(output) == []


async def test_migrate_and_chat_print_no_token_and_chat_logs_no_answer(
    rejecting: FakeTelegram, tmp_path: Path
) -> None:
    settings = settings_for(rejecting, tmp_path)
    migrated = await asyncio.to_thread(comeback, "migrate", cwd=tmp_path, **settings)
    assert migrated.returncode == 0, migrated.stderr
    assert leaks(migrated.stdout + migrated.stderr) == []
    script = "\n".join(["/start", "1", "2", "2", "1", "2", "1", "2", "1", ANSWER, ":quit"])
    chatted = await asyncio.to_thread(comeback, "chat", cwd=tmp_path, stdin=script, **settings)
    assert chatted.returncode == 0, chatted.stderr
    assert leaks(chatted.stdout) in ([], ["the runner's answer"])  # the screen is the chat
    assert leaks(chatted.stderr) == []


async def test_unparsable_bot_api_answers_are_logged_as_ids_and_lengths(
    serve: Serve[FakeTelegram], tmp_path: Path
) -> None:
    api = await serve(FakeTelegram(TOKEN))
    # A mangled body (not JSON), then an update PTB cannot parse: both quote a runner's words.
    api.garble_next("getUpdates", f'{{"ok": true, "result": [{{"text": "{ANSWER}"'.encode())
    unparsable = [{"update_id": 41, "message": {"text": ANSWER, "chat": "nonsense"}}]
    api.garble_next("getUpdates", json.dumps({"ok": True, "result": unparsable}).encode())
    process = await start("run", cwd=tmp_path, **settings_for(api, tmp_path))
    try:
        await api.wait_until(lambda: len(api.calls_of("getUpdates")) >= 3, STARTUP, "polling")
        # And one in the real queue, ahead of a runner's /start: skipped, not fatal.
        await api.push_raw({"message": {"text": ANSWER, "chat": "nonsense"}})
        ivo = api.user("Ivo")
        await api.user_says(ivo, "/start")
        await api.bot_reply(ivo, within=STARTUP)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), 30)
    output = (out + err).decode()
    assert process.returncode == 0, output
    assert "Can not load invalid JSON data" in output  # said, without the body
    assert "characters" in output
    assert "update ids [41]" in output
    assert "cannot be read" in output
    assert leaks(output) == []
