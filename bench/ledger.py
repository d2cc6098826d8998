"""What the update ledger costs a turn: the same turns through App.handle with and without an
update id (with one, the turn also writes its ledger row with the replies, and the adapter marks
the replies sent afterwards, group-committed). 50 runners write at once, each waiting for its
answer. Prints turns/s and the CPU time of this process per turn, alternating the two kinds in
rounds so that a shared machine's load hits both alike.

    .venv/bin/python -m bench.ledger --database sqlite --database postgres --seconds 3
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

from sqlalchemy import text

from bot.app import App
from bot.core.types import ConversationKey, Typed
from storage.engine import create_engine
from storage.store import Store

POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
SCHEMA = "bench_ledger"  # a scratch schema: the bench never touches anyone's tables
RUNNERS = 50
TEXTS = ("/help", "/status", "/today")


async def rounds(url: str, seconds: float, rounds: int) -> dict[str, list[tuple[float, float]]]:
    """RUNNERS runners write at once, each waiting for its answer before writing again."""
    app = App(await Store.open(url, migrate=True))
    ids = itertools.count(int(time.time() * 1000))
    results: dict[str, list[tuple[float, float]]] = {"plain": [], "ledger": []}

    async def runner(number: int, kind: str, until: float) -> int:
        key = ConversationKey("bench", str(number), str(number))
        turns = 0
        while time.perf_counter() < until:
            update = str(next(ids)) if kind == "ledger" else ""
            event = Typed(key, datetime.now(UTC), text=TEXTS[turns % 3], update_id=update)
            replies = await app.handle(event)
            if update and replies:
                await app.replies_sent("bench", update)
            turns += 1
        return turns

    try:
        for _ in range(rounds):
            for kind in ("plain", "ledger"):
                started, cpu = time.perf_counter(), time.process_time()
                until = started + seconds / rounds / 2
                turns = sum(await asyncio.gather(*(runner(n, kind, until) for n in range(RUNNERS))))
                elapsed = time.perf_counter() - started
                used = time.process_time() - cpu
                results[kind].append((turns / elapsed, used / turns * 1000))
    finally:
        await app.close()
    return results


async def admin(*statements: str) -> None:
    engine = create_engine(POSTGRES)
    try:
        async with engine.begin() as conn:
            for statement in statements:
                await conn.execute(text(statement))
    finally:
        await engine.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", action="append", default=[], choices=["sqlite", "postgres"])
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.database or ["sqlite"]:
            if name == "postgres":
                await admin(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE", f"CREATE SCHEMA {SCHEMA}")
                url = f"{POSTGRES}?options=-csearch_path%3D{SCHEMA}"
            else:
                url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
            try:
                results = await rounds(url, args.seconds, args.rounds)
            finally:
                if name == "postgres":
                    await admin(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            line = [f"{url.split(':')[0]:>18}:"]
            for kind, values in results.items():
                rate = median(v[0] for v in values)
                cpu = median(v[1] for v in values)
                line.append(f"{kind} {rate:7.0f} turns/s, {cpu:.2f} ms CPU/turn;")
            plain = median(v[0] for v in results["plain"])
            ledger = median(v[0] for v in results["ledger"])
            line.append(f"ledger/plain {ledger / plain:.2f}")
            print(" ".join(line))


if __name__ == "__main__":
    asyncio.run(main())
