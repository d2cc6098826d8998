"""New PostgreSQL server connections per 1,000 updates, with 64 turns in flight as the Telegram
adapter runs them (users concurrent, one user's updates in order). The real App and Store on a
fresh schema; connections counted by SQLAlchemy's "connect" pool event. Prints, for SQLAlchemy's
default pool (5 + 10 overflow), a pool of 16 without overflow, and storage/engine.py's: after a
warm-up of 1,000 updates, the new connections in the next 1,000, the most checked out at once,
updates per second and the turn's p50/p99:

    .venv/bin/python -m bench.pool
    .venv/bin/python -m bench.pool --database postgresql+asyncpg://postgres@127.0.0.1:5432/test

It opens up to 80 connections: mind a server's max_connections (100 by default).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, text

from bot.adapters.telegram_updates import MAX_CONCURRENT
from bot.app import App
from bot.core.types import ConversationKey, Typed
from storage.engine import POOL_OVERFLOW, POOL_SIZE, create_engine
from storage.store import Store

POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
WORDS = ["/start", "I understand", "my knee", "it came on gradually"]  # 4 updates a user
POOLS = {
    "SQLAlchemy default (5 + 10)": {"pool_size": 5, "max_overflow": 10},
    "16, no overflow": {"pool_size": 16, "max_overflow": 0},
    f"storage/engine.py ({POOL_SIZE} + {POOL_OVERFLOW})": {},
}


async def run(url: str, updates: int, pool: dict[str, Any]) -> str:
    """A warm-up of `updates` (the pool fills), then `updates` more, measured."""
    app = App(await Store.open(url, migrate=True, **pool))
    engine = app.store.engine
    connects = 0
    peak = 0

    def connected(*_: object) -> None:
        nonlocal connects
        connects += 1

    event.listen(engine.sync_engine, "connect", connected)
    gate = asyncio.Semaphore(MAX_CONCURRENT)
    seconds: list[float] = []

    async def runner(name: str) -> None:
        nonlocal peak
        key = ConversationKey("telegram", name, name)
        for words in WORDS:
            async with gate:
                started = time.perf_counter()
                await app.handle(Typed(key, NOW, text=words, display_name="Runner"))
                seconds.append(time.perf_counter() - started)
                peak = max(peak, engine.pool.checkedout())  # type: ignore[attr-defined]

    async def batch() -> float:
        prefix = uuid.uuid4().hex[:8]
        started = time.perf_counter()
        await asyncio.gather(*(runner(f"{prefix}{n}") for n in range(updates // len(WORDS))))
        return time.perf_counter() - started

    try:
        await batch()
        warm, seconds[:], peak = connects, [], 0
        elapsed = await batch()
    finally:
        await app.close()
    cuts = statistics.quantiles(seconds, n=100)
    return (
        f"{warm:3d} connections to warm up, then {connects - warm:3d} new; "
        f"at most {peak:2d} in use; {len(seconds) / elapsed:5.0f} updates/s; "
        f"turn p50 {cuts[49] * 1000:5.1f} ms, p99 {cuts[98] * 1000:5.1f} ms"
    )


async def main(url: str, updates: int, rounds: int) -> None:
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, pool_size=1)
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = f"{url}?options=-csearch_path%3D{schema}"
    try:
        print(f"{updates} updates from {updates // len(WORDS)} runners, {MAX_CONCURRENT} at once")
        for round_ in range(rounds):  # alternating, so the machine's load falls on both
            for name, pool in POOLS.items():
                print(f"round {round_ + 1}  {name:<27} {await run(scoped, updates, pool)}")
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=POSTGRES)
    parser.add_argument("--updates", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    asyncio.run(main(args.database, args.updates, args.rounds))
