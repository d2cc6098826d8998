"""Start and stop in order, never hanging: a platform that rejects the token or cannot be reached
ends `comeback run` with one line and a non-zero exit, every time (issue 14 saw one start in
three hang and ignore SIGTERM); a Discord run whose gateway disappeared still stops on SIGTERM;
SIGTERM in the middle of a burst of updates leaves none unanswered that will not come again.

The timeouts here are bounds on hanging (a hung process fails the test), not speed checks.
"""

from __future__ import annotations

import asyncio
import signal
import socket
from pathlib import Path

import pytest

from tests.e2e.conftest import Serve
from tests.e2e.discord_fixtures import Runner
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.telegram_api import FakeTelegram
from tests.support.cli import comeback, start

pytestmark = [pytest.mark.faults, pytest.mark.slow]

TOKEN = "700700:startup-token"
HANG = 60.0  # a start or a stop that takes longer than this is hung
STARTS = 20
SHUTDOWN_WITHIN = 10.0  # issue 14: a Discord run whose gateway disappeared stops within 10 s


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def telegram_settings(api: FakeTelegram | None, tmp_path: Path, **more: str) -> dict[str, str]:
    base = api.base_url if api else f"http://127.0.0.1:{free_port()}/bot"
    return {
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": base,
        "TELEGRAM_BASE_FILE_URL": base.replace("/bot", "/file/bot"),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'start.db'}",
        **more,
    }


def discord_settings(fake: FakeDiscord, tmp_path: Path) -> dict[str, str]:
    return {
        "DISCORD_TOKEN": "discord-startup-token",
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'discord.db'}",
    }


async def test_twenty_starts_against_a_rejected_telegram_token_all_exit(
    serve: Serve[FakeTelegram], tmp_path: Path
) -> None:
    api = await serve(FakeTelegram("700700:another-token"))  # ours gets 401
    settings = telegram_settings(api, tmp_path, HTTP_PORT="0")
    codes = []
    for _ in range(STARTS):
        done = await asyncio.to_thread(comeback, "run", cwd=tmp_path, timeout=HANG, **settings)
        assert "Traceback" not in done.stderr
        codes.append(done.returncode)
    assert all(code != 0 for code in codes), codes
    assert "the token was rejected" in done.stderr


async def test_an_unreachable_telegram_ends_the_start(tmp_path: Path) -> None:
    done = await asyncio.to_thread(
        comeback, "run", cwd=tmp_path, timeout=HANG, **telegram_settings(None, tmp_path)
    )
    assert done.returncode == 1
    assert "telegram: cannot start: NetworkError" in done.stderr
    assert "Traceback" not in done.stderr


async def test_starts_against_a_rejected_discord_token_all_exit(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    fake.fail("GET", "/users/@me", 401, times=5, body={"message": "401: Unauthorized", "code": 0})
    for _ in range(5):
        done = await asyncio.to_thread(
            comeback, "run", cwd=tmp_path, timeout=HANG, **discord_settings(fake, tmp_path)
        )
        assert done.returncode == 1, done.stderr
        assert "discord: the token was rejected (COMEBACK_DISCORD_TOKEN)" in done.stderr


async def test_a_discord_run_whose_gateway_disappeared_stops_on_sigterm(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    process = await start("run", cwd=tmp_path, **discord_settings(fake, tmp_path))
    try:
        await fake.wait_for(lambda: bool(fake.identifies), HANG)
        ann = Runner(fake, "ann")
        await ann.command("start")
        await ann.sees("onboard.welcome")
        await fake.disappear()
        # discord.py retries with a growing backoff (1, 2, 4, 8 s ...): by the fourth refusal
        # it sleeps long enough that waiting it out would overrun the 10 s.
        await fake.wait_for(lambda: fake.refused >= 4, HANG)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), SHUTDOWN_WITHIN)
    log = (out + err).decode()
    assert process.returncode == 0, log
    assert "discord: stopped" in log
    assert "exiting at once" not in log


@pytest.mark.parametrize("round_", range(2))
async def test_sigterm_mid_burst_every_update_is_answered_or_comes_again(
    round_: int, serve: Serve[FakeTelegram], tmp_path: Path
) -> None:
    api = await serve(FakeTelegram(TOKEN))
    settings = telegram_settings(api, tmp_path)
    runners = [api.user(f"Runner{i}") for i in range(40)]

    async def run_until_sigterm(after_replies: int) -> str:
        polls = len(api.calls_of("getUpdates"))
        process = await start("run", cwd=tmp_path, **settings)
        try:
            await api.wait_until(lambda: len(api.calls_of("getUpdates")) > polls, HANG, "polling")
            if after_replies == 0:  # the first run: the burst, and SIGTERM in its middle
                burst.append(asyncio.create_task(send_burst()))
                await api.wait_until(lambda: answered() >= 5 + round_ * 10, HANG, "replies")
            else:
                await api.wait_until(lambda: answered() == len(runners), HANG, "all replies")
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            out, err = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0, (out + err).decode()
        return (out + err).decode()

    burst: list[asyncio.Task[None]] = []

    async def send_burst() -> None:
        for runner in runners:  # paced, so that the SIGTERM lands while updates still arrive
            await api.user_says(runner, "/start")
            await asyncio.sleep(0.02)

    def answered() -> int:
        return sum(1 for runner in runners if api.sent_to(runner))

    await run_until_sigterm(0)
    await burst[0]
    confirmed = api.confirmed_below()
    update_of = {u["message"]["from"]["id"]: u["update_id"] for u in api.pushed}
    lost = [
        update_of[runner.id]
        for runner in runners
        if update_of[runner.id] < confirmed and not api.sent_to(runner)
    ]
    assert lost == [], f"received for good and never answered: {lost}"
    # The rest were never confirmed: Telegram delivers them again, and the next run answers.
    await run_until_sigterm(len(runners))
    assert all(api.sent_to(runner) for runner in runners)
