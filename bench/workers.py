"""`bench/dispatch.py --workers N`: N real `comeback worker` processes on one PostgreSQL share the
bot's send rate through the budget in the database. One fake Bot API (in this process) stands
for the bot token: it allows `rate` sends a second (a second's burst) and answers 429 above.

Two runs on fresh schemas: every worker to the end; then one worker SIGKILLed once half the
prompts are out (its claims come back when their lease ends, its share of the rate at once).
Each prints sent, duplicates, missing, the send rate as a ratio of the limit (first send to
last) and the share of sends answered 429."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.dispatch import database, seed
from bot import compose
from bot.app import App
from bot.settings import Settings
from storage.outbox import OutboxStore
from storage.store import Store
from tests.fakes.platform import FakeBotApi

REPO = Path(__file__).resolve().parents[1]
TOKEN = "4242:FAKE-token"
LEASE = 20.0  # seconds: a killed worker's claims come back this long after it died


async def enqueue(url: str, users: int) -> int:
    """Seed the runners, enqueue their due check-ins with one tick; the number due now."""
    store = await Store.open(url, migrate=True)
    try:
        now = datetime.now(UTC)
        await seed(store, users, now)
        settings = Settings(database_url=url, catchup_hours=10 / 60)
        await compose.scheduler(App(store), settings, clock=lambda: now).tick()
        # A zone just past midnight has yesterday's prompt, already stale: not due.
        return (await OutboxStore(store.engine).counts()).get("pending", 0)
    finally:
        await store.close()


async def recorded(url: str) -> int:
    store = await Store.open(url)
    try:
        return (await OutboxStore(store.engine).counts()).get("sent", 0)
    finally:
        await store.close()


def worker_env(url: str, api: FakeBotApi, rate: float) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMEBACK_")}
    env.update(
        COMEBACK_DATABASE_URL=url,
        COMEBACK_TELEGRAM_TOKEN=TOKEN,
        COMEBACK_TELEGRAM_BASE_URL=api.base_url,
        COMEBACK_TELEGRAM_RATE=str(rate),  # the bot's whole rate: no dividing by N
        COMEBACK_LEASE_SECONDS=str(LEASE),
        COMEBACK_DISPATCH_POLL_SECONDS="0.5",
        COMEBACK_DISPATCH_BATCH="200",
        COMEBACK_DISPATCH_CONCURRENCY="16",
        COMEBACK_LOG_LEVEL="WARNING",
    )
    return env


async def until(condition: object, within: float) -> bool:
    deadline = time.monotonic() + within
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def one_run(workers: int, users: int, rate: float, kill: bool) -> None:
    async with database("postgres") as url:
        due = await enqueue(url, users)
        api = FakeBotApi(TOKEN, rate=rate)
        await api.start()
        with tempfile.TemporaryFile() as logs:
            processes = [
                await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot.cli", "worker", cwd=REPO,
                    env=worker_env(url, api, rate), stdout=asyncio.subprocess.DEVNULL,
                    stderr=logs,
                )
                for _ in range(workers)
            ]  # fmt: skip
            within = due / rate * 3 + 120  # bounds a failure, not a pass
            try:
                if kill:
                    await until(lambda: len(api.sends) >= due // 2, within)
                    processes[0].send_signal(signal.SIGKILL)
                    await processes[0].wait()
                if await until(lambda: len(api.per_chat()) >= due, within):
                    await all_recorded(url, due, 30)
            finally:
                await stop(processes)
                await api.stop()
            logs.seek(0)
            errors = [line for line in logs.read().decode().splitlines() if "ERROR" in line]
        report(workers, due, rate, api, kill, errors)


async def all_recorded(url: str, due: int, within: float) -> None:
    """The survivors' last outcomes reach the database before they are stopped."""
    for _ in range(int(within / 0.2)):
        if await recorded(url) >= due:
            return
        await asyncio.sleep(0.2)


async def stop(processes: list[asyncio.subprocess.Process]) -> None:
    for process in processes:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            async with asyncio.timeout(30):
                await process.wait()
        except TimeoutError:
            process.kill()
            await process.wait()


def report(
    workers: int, due: int, rate: float, api: FakeBotApi, kill: bool, errors: list[str]
) -> None:
    per_chat = api.per_chat()
    stamps = [at for _, _, at in api.sends]
    span = stamps[-1] - stamps[0] if len(stamps) > 1 else 0.0
    achieved = (len(stamps) - 1) / span if span else 0.0
    attempts = len(stamps) + api.rejected
    title = f"{workers} workers, one SIGKILLed halfway" if kill else f"{workers} workers"
    print(
        f"[{title}] due {due:,}: sent {len(stamps):,}, duplicates "
        f"{sum(n - 1 for n in per_chat.values())}, missing {due - len(per_chat)}\n"
        f"[{title}] rate: {achieved:,.2f}/s = {achieved / rate:.3f} of the limit over "
        f"{span:.1f} s; answered 429: {api.rejected} "
        f"({api.rejected / attempts * 100 if attempts else 0.0:.3f}%)"
    )
    if errors:
        print(f"[{title}] {len(errors)} ERROR lines in the workers' logs, first: {errors[0]}")


async def run_workers(workers: int, users: int, rate: float) -> None:
    # A worker SIGKILLed in the middle of a request: the fake API's server says so, at length.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    print(f"users: {users:,}  bot limit: {rate:,.0f}/s  workers: {workers}  "
          f"load average: {os.getloadavg()[0]:.2f}")  # fmt: skip
    for kill in (False, True) if workers > 1 else (False,):
        await one_run(workers, users, rate, kill)
