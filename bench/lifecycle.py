"""How fast `comeback run` gives up and stops, as real processes against the fake platforms:

    .venv/bin/python -m bench.lifecycle            # 20 rejected starts, 5 stops of each kind

Prints, for starts against a Bot API that rejects the token: the exit codes (None: hung for
30 s, then killed) and the median and slowest time to exit; for SIGTERM to a Telegram run
(polling) and to a Discord run whose gateway disappeared: the median and slowest time from the
signal to the exit, and the exit codes. Target: every rejected start exits non-zero; every
stop exits 0 within 10 s.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from discord.gateway import DiscordWebSocket
from discord.http import Route

from tests.e2e.discord_fixtures import Runner
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.telegram_api import FakeTelegram
from tests.support.cli import clean_env

TOKEN = "800800:bench-token"
HUNG = 30.0  # a rejected start still running after this is counted as hung (exit code None)


async def run(*args: str, cwd: Path, **settings: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", *args, cwd=cwd, env=clean_env(**settings),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip


def figures(name: str, seconds: list[float], codes: list[int | None]) -> None:
    if not seconds:
        return
    counted = ", ".join(f"{code}: {n}" for code, n in sorted(Counter(codes).items(), key=str))
    print(f"{name}: {len(codes)} runs, exit codes {{{counted}}}, "
          f"median {statistics.median(seconds):.2f} s, slowest {max(seconds):.2f} s")  # fmt: skip


async def rejected_starts(count: int, folder: Path) -> None:
    api = FakeTelegram("800800:another-token")
    await api.start()
    seconds, codes = [], []
    try:
        for _ in range(count):
            started = time.monotonic()
            process = await run(
                "run", cwd=folder, TELEGRAM_TOKEN=TOKEN, TELEGRAM_BASE_URL=api.base_url,
                TELEGRAM_BASE_FILE_URL=api.base_file_url,
                DATABASE_URL=f"sqlite+aiosqlite:///{folder / 'rejected.db'}",
            )  # fmt: skip
            try:
                codes.append(await asyncio.wait_for(process.wait(), HUNG))
            except TimeoutError:  # hung: counted, and ended
                process.kill()
                await process.wait()
                codes.append(None)
            seconds.append(time.monotonic() - started)
    finally:
        await api.stop()
    figures("start, token rejected (interpreter start included)", seconds, codes)


async def telegram_stops(count: int, folder: Path) -> None:
    api = FakeTelegram(TOKEN)
    await api.start()
    seconds, codes = [], []
    try:
        for _ in range(count):
            polls = len(api.calls_of("getUpdates"))
            process = await run(
                "run", cwd=folder, TELEGRAM_TOKEN=TOKEN, TELEGRAM_BASE_URL=api.base_url,
                TELEGRAM_BASE_FILE_URL=api.base_file_url,
                DATABASE_URL=f"sqlite+aiosqlite:///{folder / 'telegram.db'}",
            )  # fmt: skip
            await api.wait_until(lambda p=polls: len(api.calls_of("getUpdates")) > p, 60, "poll")
            signalled = time.monotonic()
            process.send_signal(signal.SIGTERM)
            codes.append(await asyncio.wait_for(process.wait(), 60))
            seconds.append(time.monotonic() - signalled)
    finally:
        await api.stop()
    figures("SIGTERM to exit, Telegram polling", seconds, codes)


async def discord_stops(count: int, folder: Path) -> None:
    seconds, codes = [], []
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    for _ in range(count):
        fake = await FakeDiscord().start()
        try:
            process = await run(
                "run", cwd=folder, DISCORD_TOKEN="bench-discord-token",
                DISCORD_API_BASE=fake.api_base, DISCORD_GATEWAY_URL=fake.gateway_url,
                DATABASE_URL=f"sqlite+aiosqlite:///{folder / 'discord.db'}",
            )  # fmt: skip
            ann = Runner(fake, "ann")  # up and answering before the gateway goes
            await fake.wait_for(lambda f=fake: bool(f.identifies), 60)
            await ann.command("start")
            await ann.sees("onboard.welcome")
            await fake.disappear()
            await fake.wait_for(lambda f=fake: f.refused >= 4, 120)
            signalled = time.monotonic()
            process.send_signal(signal.SIGTERM)
            codes.append(await asyncio.wait_for(process.wait(), 60))
            seconds.append(time.monotonic() - signalled)
        finally:
            await fake.close()
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway
    figures("SIGTERM to exit, Discord gateway gone (4 refused reconnects)", seconds, codes)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--starts", type=int, default=20)
    parser.add_argument("--stops", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        await discord_stops(args.stops, Path(folder))
        await rejected_starts(args.starts, Path(folder))
        await telegram_stops(args.stops, Path(folder))


if __name__ == "__main__":
    asyncio.run(main())
