"""Scheduled prompts at scale: enqueue the due prompts of N runners (both engines), then dispatch
them through the real App (engine + store) to a fake platform that enforces a rate limit and
answers 429 above it (tests/fakes/platform.FakeSender).

    .venv/bin/python -m bench.dispatch                         # 100,000 runners, 500/s
    .venv/bin/python -m bench.dispatch --users 20000 --rate 500 --dispatch-on postgres
    .venv/bin/python -m bench.dispatch --workers 4                # 30/s, as Telegram allows

Prints users, sent, duplicates, missing, the achieved send rate as a ratio of the limit (first
send to last), the share of sends answered 429, the enqueue time per engine and the peak RSS.
Targets: ratio >= 0.95 with < 0.1% answered 429; enqueue of 100,000 < 10 s on each engine;
peak memory < 200 MB with 100,000 runners.

`--workers N`: N real `comeback worker` processes on one PostgreSQL, sending through the real
TelegramSender to one fake Bot API (tests/fakes/platform.FakeBotApi) that allows `--rate` a
second for the bot and answers 429 above it; every worker is configured with the bot's full
rate, and they share it through the budget in the database (storage/budget.py). Run twice:
all workers to the end, then one SIGKILLed when half the prompts are out (bench/workers.py).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from bot import compose
from bot.app import App
from bot.core import zones
from bot.scheduling.ratelimit import PlatformLimiter
from bot.settings import Settings
from storage.engine import create_engine
from storage.models import conversations, identities, runners
from storage.store import Store
from tests.fakes.platform import FakeSender

POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
# Runners spread over zones on both sides of UTC, IANA and fixed offsets.
ZONES = (
    "UTC", "Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles",
    "America/Sao_Paulo", "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney", "Pacific/Auckland",
    "UTC+05:30", "UTC-03:00",
)  # fmt: skip
SEED_CHUNK = 5_000


@asynccontextmanager
async def database(kind: str) -> AsyncIterator[str]:
    """A fresh database: a temporary SQLite file, or a PostgreSQL schema dropped afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES)
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


def due_a_minute_ago(zone: str, now: datetime) -> str:
    return (now - timedelta(minutes=1)).astimezone(zones.zone(zone)).strftime("%H:%M")


async def seed(store: Store, users: int, now: datetime) -> None:
    """Onboarded runners, each due a minute ago in their zone; bulk rows, in chunks (memory)."""
    hhmm = {zone: due_a_minute_ago(zone, now) for zone in ZONES}
    for start in range(1, users + 1, SEED_CHUNK):
        ids = range(start, min(start + SEED_CHUNK, users + 1))
        async with store.engine.begin() as conn:
            await conn.execute(
                insert(runners),
                [
                    {
                        "id": i, "created_at": now, "unreachable": False, "area": "shin",
                        "onset": "gradual", "feel": "muscle", "kind": "other",
                        "seen_professional": False, "baseline": 1,
                        "timezone": ZONES[i % len(ZONES)],
                        "checkin_time": hhmm[ZONES[i % len(ZONES)]], "cross_training": [],
                        "cleared_by_clinician": False, "paused": False, "coach_state": {},
                    }
                    for i in ids
                ],
            )  # fmt: skip
            await conn.execute(
                insert(identities),
                [{"platform": "telegram", "user_id": str(i), "runner_id": i} for i in ids],
            )
            await conn.execute(
                insert(conversations),
                [
                    {"platform": "telegram", "chat_id": str(i), "user_id": str(i),
                     "runner_id": i, "flow": "idle", "data": {}, "updated_at": now}
                    for i in ids
                ],
            )  # fmt: skip


async def enqueue(kind: str, users: int, dispatch_rate: float | None) -> dict[str, float]:
    async with database(kind) as url:
        store = await Store.open(url, migrate=True)
        try:
            now = datetime.now(UTC)
            await seed(store, users, now)
            app = App(store)
            # Look back 10 minutes: exactly today's due check-in of every runner.
            settings = Settings(database_url=url, catchup_hours=10 / 60)
            scheduler = compose.scheduler(app, settings, clock=lambda: now)
            started = time.perf_counter()
            inserted = await scheduler.tick()
            took = time.perf_counter() - started
            out = {"inserted": inserted, "enqueue_s": took}
            if dispatch_rate is not None:
                out.update(await dispatch(app, url, users, dispatch_rate))
            return out
        finally:
            await store.close()


async def dispatch(app: App, url: str, users: int, rate: float) -> dict[str, float]:
    # The platform allows `rate`/s with one second of burst and answers 429 above it; our
    # limiter sends at the same rate with no burst.
    platform = FakeSender(rate=rate)
    settings = Settings(
        database_url=url, telegram_rate=rate, dispatch_batch=500, dispatch_concurrency=64
    )
    scheduler = compose.scheduler(app, settings)
    scheduler.add_channel(compose.channel(platform, settings, PlatformLimiter(rate)))
    stats = await scheduler.dispatch()
    await scheduler.dispatcher.close()
    per_user = platform.per_user()
    first, last = platform.sent[0].at, platform.sent[-1].at
    achieved = (len(platform.sent) - 1) / (last - first) if last > first else 0.0
    attempts = len(platform.sent) + platform.rejected
    return {
        "sent": len(platform.sent),
        "duplicates": sum(n - 1 for n in per_user.values()),
        "missing": users - len(per_user),
        "rate": achieved,
        "ratio": achieved / rate,
        "rejected": platform.rejected,
        "rejected_share": platform.rejected / attempts if attempts else 0.0,
        "dispatch_s": last - first,
        "failed": stats.failed,
        "skipped": stats.skipped,
    }


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, help="default 100,000 (workers: 60 s of sends)")
    parser.add_argument("--rate", type=float, help="platform limit, sends/s (500; workers: 30)")
    parser.add_argument("--dispatch-on", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--workers", type=int, default=0, help="worker processes on PostgreSQL")
    args = parser.parse_args()
    if args.workers:
        from bench.workers import run_workers

        rate = args.rate or 30.0
        await run_workers(args.workers, args.users or int(rate * 60), rate)
        return
    args.users = args.users or 100_000
    args.rate = args.rate or 500.0
    print(f"users: {args.users:,}  platform limit: {args.rate:,.0f}/s")
    for kind in args.engines:
        rate = args.rate if kind == args.dispatch_on else None
        result = await enqueue(kind, args.users, rate)
        print(
            f"[{kind}] enqueue: {int(result['inserted']):,} due prompts in "
            f"{result['enqueue_s']:.2f} s"
        )
        if rate is not None:
            print(
                f"[{kind}] dispatch: sent {int(result['sent']):,}, duplicates "
                f"{int(result['duplicates'])}, missing {int(result['missing'])}, "
                f"failed {int(result['failed'])}, skipped {int(result['skipped'])}\n"
                f"[{kind}] rate: {result['rate']:,.1f}/s = {result['ratio']:.3f} of the limit "
                f"over {result['dispatch_s']:.1f} s; answered 429: {int(result['rejected'])} "
                f"({result['rejected_share'] * 100:.3f}%)"
            )
        print(f"peak memory so far: {peak_mb():.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
