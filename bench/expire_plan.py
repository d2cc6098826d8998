"""The expire step's check for unreachable runners, planned on PostgreSQL with and without their
partial index (0012, ix_runners_unreachable), over one morning's backlog.

    .venv/bin/python -m bench.expire_plan                       # 200,000 runners, 1% unreachable
    .venv/bin/python -m bench.expire_plan --runners 1000000 --unreachable 0.001

Seeds the runners (bench.scale.seed), enqueues today's due check-in of each (the scheduler's
tick), marks a share of the runners unreachable, then prints EXPLAIN (ANALYZE, BUFFERS) of the
UPDATE (rolled back) as it is, and again inside a transaction that drops the index first (rolled
back too). In a schema of its own, dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime

from sqlalchemy import text

from bench.scale import enqueue, opened, seed, vacuum
from storage.outbox import OutboxStore
from storage.store import Store


async def plan(store: Store, now: datetime, *, drop_index: bool) -> list[str]:
    statement = OutboxStore(store.engine).unreachable_statement(now)
    compiled = statement.compile(store.engine, compile_kwargs={"literal_binds": True})
    async with store.engine.connect() as conn:
        if drop_index:
            await conn.execute(text("DROP INDEX ix_runners_unreachable"))
        rows = await conn.execute(text(f"EXPLAIN (ANALYZE, BUFFERS) {compiled}"))
        lines = [str(row[0]) for row in rows]
        await conn.rollback()
    return lines


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runners", type=int, default=200_000)
    parser.add_argument("--unreachable", type=float, default=0.01, help="share marked")
    args = parser.parse_args()
    async with opened("postgres") as (store, url):
        now = datetime.now(UTC)
        await seed(store, args.runners, now)
        inserted, _ = await enqueue(store, url, now)
        every = max(1, round(1 / args.unreachable))
        async with store.engine.begin() as conn:
            marked = await conn.execute(
                text("UPDATE runners SET unreachable = true WHERE id % :every = 0"),
                {"every": every},
            )
        await vacuum(store, "runners", "outbox")
        print(f"{args.runners:,} runners, {marked.rowcount:,} unreachable, {inserted:,} due rows")
        for title, drop in (("without the index", True), ("with ix_runners_unreachable", False)):
            print(f"--- {title}")
            for line in await plan(store, now, drop_index=drop):
                print(f"    {line}")


if __name__ == "__main__":
    asyncio.run(main())
