"""A million runners: the figures of issue 15's "A million runners", on fresh databases.

    .venv/bin/python -m bench.scale                              # 1,000,000 runners, 10M rows
    .venv/bin/python -m bench.scale --runners 100000 --outbox-rows 1000000 --engines postgres

Prints, per engine:
  - enqueue: the scheduler's tick inserting the due check-in of every runner (target < 15 s for
    1,000,000; set-based INSERT ... SELECT, on PostgreSQL into an outbox already holding
    --outbox-rows sent rows of past days, made with generate_series);
and on PostgreSQL:
  - turn latency p50/p99 of `/status` and of the check-in's answers through the real App, with
    no outbox rows, then with the 1M pending rows and the sent ones present;
  - the claim's plan (EXPLAIN ANALYZE, rolled back) over that outbox, before and after the
    drain: how it finds its batch, and how many rows it reads to do so;
  - the peak RSS of a dispatcher process draining the outbox for --drain-seconds (target
    < 300 MB), with the rows it drained.

Runners are made in SQL from one template runner (generate_series on PostgreSQL, a recursive
CTE on SQLite), each due a minute ago in one of twelve zones. PostgreSQL work happens in a
schema of its own, dropped at the end; SQLite in a temporary file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import quantiles

from sqlalchemy import insert, text

from bench.dispatch import ZONES, database, due_a_minute_ago
from bench.turns import Runner
from bot import compose
from bot.app import App
from bot.core.state import State
from bot.core.types import ConversationKey, Reply, Typed
from bot.scheduling.ratelimit import PlatformLimiter
from bot.settings import Settings
from storage.models import conversations, identities, runners
from storage.outbox import OutboxStore
from storage.store import Store

REPO = Path(__file__).resolve().parents[1]
TURN_RUNNERS = 8
TURNS_EACH = 300
CLAIM = 500  # rows per claim, as the dispatcher's default batch


class CountingSender:
    """A platform that accepts everything and keeps only a count (the bench's memory is the
    dispatcher's, not the fake's)."""

    platform = "telegram"

    def __init__(self) -> None:
        self.sent = 0

    async def send(self, key: ConversationKey, replies: Sequence[Reply]) -> str:
        self.sent += 1
        return str(self.sent)


def _series(dialect: str, last: int) -> str:
    if dialect == "postgresql":
        return f"g(n) AS (SELECT generate_series(2, {last}))"
    return f"g(n) AS (SELECT 2 UNION ALL SELECT n + 1 FROM g WHERE n < {last})"


async def seed(store: Store, count: int, now: datetime) -> float:
    """`count` onboarded runners, each with a Telegram identity and an idle conversation, due a
    minute ago in their zone: one template row, copied in SQL. Returns the seconds it took."""
    started = time.perf_counter()
    hhmm = {zone: due_a_minute_ago(zone, now) for zone in ZONES}
    zone_rows = ", ".join(f"({k}, '{z}', '{hhmm[z]}')" for k, z in enumerate(ZONES))
    async with store.engine.begin() as conn:
        await conn.execute(
            insert(runners),
            {
                "id": 1, "created_at": now, "unreachable": False, "area": "shin",
                "onset": "gradual", "feel": "muscle", "kind": "other",
                "seen_professional": False, "baseline": 1, "timezone": ZONES[1],
                "checkin_time": hhmm[ZONES[1]], "cross_training": [],
                "cleared_by_clinician": False, "paused": False, "coach_state": {},
            },
        )  # fmt: skip
        await conn.execute(
            insert(identities), {"platform": "telegram", "user_id": "1", "runner_id": 1}
        )
        await conn.execute(
            insert(conversations),
            {"platform": "telegram", "chat_id": "1", "user_id": "1", "runner_id": 1,
             "flow": "idle", "data": {}, "updated_at": now},
        )  # fmt: skip
        if count < 2:
            return time.perf_counter() - started
        dialect = store.engine.dialect.name
        head = f"WITH RECURSIVE {_series(dialect, count)}, z(k, tz, hhmm) AS (VALUES {zone_rows})"
        copied = [c.name for c in runners.c if c.name not in ("id", "timezone", "checkin_time")]
        await conn.execute(
            text(
                f"INSERT INTO runners (id, timezone, checkin_time, {', '.join(copied)}) "
                f"{head} SELECT g.n, z.tz, z.hhmm, {', '.join('r.' + c for c in copied)} "
                f"FROM g JOIN z ON z.k = g.n % {len(ZONES)} JOIN runners r ON r.id = 1"
            )
        )
        as_text = "CAST(g.n AS TEXT)"
        await conn.execute(
            text(
                f"INSERT INTO identities (platform, user_id, runner_id, display_name) "
                f"WITH RECURSIVE {_series(dialect, count)} "
                f"SELECT 'telegram', {as_text}, g.n, '' FROM g"
            )
        )
        await conn.execute(
            text(
                "INSERT INTO conversations (platform, chat_id, user_id, runner_id, flow, data, "
                f"updated_at) WITH RECURSIVE {_series(dialect, count)} "
                f"SELECT c.platform, {as_text}, {as_text}, g.n, c.flow, c.data, c.updated_at "
                "FROM g JOIN conversations c ON c.runner_id = 1"
            )
        )
    if dialect == "postgresql":
        async with store.engine.begin() as conn:  # new runners (the turns' own) come after
            await conn.execute(
                text("SELECT setval(pg_get_serial_sequence('runners', 'id'), :last)"),
                {"last": count},
            )
        await vacuum(store, "runners", "identities", "conversations")
    return time.perf_counter() - started


async def vacuum(store: Store, *tables: str) -> None:
    """What autovacuum would do soon after a bulk load: statistics and the visibility map."""
    async with store.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        for table in tables:
            await conn.execute(text(f"VACUUM ANALYZE {table}"))


async def enqueue(store: Store, url: str, now: datetime) -> tuple[int, float]:
    """The scheduler's first tick, looking back 10 minutes: today's check-in of every runner."""
    settings = Settings(database_url=url, catchup_hours=10 / 60)
    scheduler = compose.scheduler(App(store), settings, clock=lambda: now)
    started = time.perf_counter()
    inserted = await scheduler.tick()
    return inserted, time.perf_counter() - started


async def finished_rows(store: Store, count: int, runners_count: int) -> float:
    """`count` sent check-ins of past days (up to 30, the retention), spread over the runners:
    what a month of mornings leaves behind. Foreign-key triggers are off while they go in (the
    runners exist); returns the seconds it took."""
    started = time.perf_counter()
    async with store.engine.begin() as conn:
        await conn.execute(text("SET LOCAL session_replication_role = replica"))
        await conn.execute(
            text(
                "INSERT INTO outbox (runner_id, kind, local_date, due_at, expires_at, status, "
                "platform, chat_id, user_id, attempts, next_attempt_at, message_id, sent_at, "
                "created_at) SELECT r, 'checkin', d, d + time '07:00', d + time '10:00', 'sent', "
                "'telegram', r::text, r::text, 1, d + time '07:00', g::text, d + time '07:00', "
                "d + time '07:00' FROM generate_series(0, :n - 1) AS g, "
                "LATERAL (SELECT (g % :runners) + 1 AS r, "
                "current_date - 2 - (g / :runners)::int AS d) AS k"
            ),
            {"n": count, "runners": runners_count},
        )
    await vacuum(store, "outbox")
    return time.perf_counter() - started


async def claim_plan(store: Store, now: datetime) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the dispatcher's claim of a batch of 500, rolled back."""
    statement = OutboxStore(store.engine).claim_statement(
        "bench-explain", "telegram", now, now + timedelta(seconds=60), CLAIM
    )
    compiled = statement.compile(store.engine, compile_kwargs={"literal_binds": True})
    async with store.engine.connect() as conn:
        plan = await conn.execute(text(f"EXPLAIN (ANALYZE, BUFFERS) {compiled}"))
        lines = [str(row[0]) for row in plan]
        await conn.rollback()
    return lines


async def turn_latencies(app: App, now: datetime, tag: str) -> dict[str, list[float]]:
    """Scripted runners (bench.turns.Runner) onboard, then check in, log and ask /status, one
    turn at a time; the seconds of each `/status` and each check-in answer."""
    seen: dict[str, list[float]] = {"status": [], "checkin": []}
    for i in range(TURN_RUNNERS):
        key = ConversationKey("telegram", f"{tag}{i}", f"{tag}{i}")
        runner = Runner(key)
        runner.now = now
        state: State | None = None  # no conversation yet: the first turn is /start
        for _ in range(TURNS_EACH):
            event = runner.next_event(state) if state is not None else Typed(key, now, "/start")
            started = time.perf_counter()
            replies = await app.handle(event)
            took = time.perf_counter() - started
            if isinstance(event, Typed) and event.text == "/status":
                seen["status"].append(took)
            elif state is not None and state.flow.startswith("checkin."):
                seen["checkin"].append(took)
            runner.saw(replies, ())
            before, state = state, await app.peek(key)
            if before is not None and before.flow.startswith("checkin.") and state.flow == "idle":
                runner.now += timedelta(days=1)  # checked in: tomorrow's check-in next
    return seen


async def sizes(store: Store) -> str:
    """The outbox table and each of its indexes, in MB."""
    query = text(
        "SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c "
        "WHERE c.oid = 'outbox'::regclass OR c.oid IN "
        "(SELECT indexrelid FROM pg_index WHERE indrelid = 'outbox'::regclass) ORDER BY 1"
    )
    async with store.engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    return ", ".join(f"{name} {size / 2**20:,.0f} MB" for name, size in rows)


def verdict_of(plan: list[str]) -> str:
    """How the claim finds its rows in the outbox: the scan node and the rows it read. Under FOR
    UPDATE PostgreSQL never plans an Index Only Scan (the lock needs the row itself), so what
    stays bounded is what it reads: the batch's own entries of the claim's partial index."""
    scans = [line.strip() for line in plan if " on outbox " in line and "Scan" in line]
    if not scans:
        return "no scan of the outbox?"
    scan = scans[0].lstrip("-> ")  # the claim's search (the next one is the UPDATE's own)
    node = scan.split(" on outbox ")[0]
    read = re.search(r"actual time=\S+ rows=(\d+)", scan)
    removed = next((line.strip() for line in plan if "Rows Removed by Filter" in line), "")
    bounded = read is not None and int(read.group(1)) <= CLAIM and not removed
    return (
        f"{node}, {int(read.group(1)) if read else '?':,} rows read"
        f"{', ' + removed if removed else ''}"
        f" ({'bounded by the batch' if bounded else 'NOT bounded by the batch'})"
    )


def p50_p99(samples: list[float]) -> str:
    if len(samples) < 2:
        return "n/a"
    cuts = quantiles(samples, n=100)
    return f"p50 {cuts[49] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms (n={len(samples)})"


def drain_in_a_process(url: str, seconds: float) -> dict[str, float]:
    """A dispatcher of its own (so its peak RSS is its own), draining for `seconds`."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.scale", "--drain", url, "--drain-seconds", str(seconds)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise RuntimeError(f"the dispatcher failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


async def drain(url: str, seconds: float) -> None:
    """The --drain child: claim and send for `seconds`, print what it did and its peak RSS."""
    store = await Store.open(url)
    try:
        sender = CountingSender()
        rate = 10_000.0  # the platform is not what is measured
        settings = Settings(
            database_url=url, telegram_rate=rate, dispatch_batch=500, dispatch_concurrency=64
        )
        scheduler = compose.scheduler(App(store), settings)
        scheduler.add_channel(compose.channel(sender, settings, PlatformLimiter(rate)))
        asyncio.get_running_loop().call_later(seconds, scheduler.dispatcher.stopping.set)
        started = time.perf_counter()
        stats = await scheduler.dispatch()
        took = time.perf_counter() - started
        await scheduler.dispatcher.close()
    finally:
        await store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"claimed": stats.claimed, "sent": sender.sent, "seconds": took,
                      "peak_mb": peak}))  # fmt: skip


@asynccontextmanager
async def opened(kind: str) -> AsyncIterator[tuple[Store, str]]:
    async with database(kind) as url:
        store = await Store.open(url, migrate=True)
        try:
            yield store, url
        finally:
            await store.close()


async def on_sqlite(count: int) -> None:
    async with opened("sqlite") as (store, url):
        now = datetime.now(UTC)
        seeded = await seed(store, count, now)
        inserted, took = await enqueue(store, url, now)
        print(f"[sqlite] seeded {count:,} runners in {seeded:.1f} s")
        verdict = "ok" if took < 15 else "OVER 15 s"
        print(f"[sqlite] enqueue: {inserted:,} due prompts in {took:.2f} s ({verdict})")


async def on_postgres(count: int, extra: int, drain_seconds: float) -> None:
    async with opened("postgres") as (store, url):
        now = datetime.now(UTC)
        seeded = await seed(store, count, now)
        print(f"[postgres] seeded {count:,} runners in {seeded:.1f} s")
        app = App(store)
        empty = await turn_latencies(app, now, "before")
        # History first, as in life: today's prompts go in after a month of sent ones.
        made = await finished_rows(store, extra, count) if extra else 0.0
        print(f"[postgres] outbox: {extra:,} sent rows of past days made in {made:.0f} s")
        inserted, took = await enqueue(store, url, now)
        verdict = "ok" if took < 15 else "OVER 15 s"
        print(
            f"[postgres] enqueue: {inserted:,} due prompts in {took:.2f} s ({verdict}), "
            f"next to the {extra:,} sent rows"
        )
        rows = sum((await OutboxStore(store.engine).counts()).values())
        full = await turn_latencies(app, now, "after")
        for what in ("status", "checkin"):
            print(f"[postgres] {what} turn, outbox empty:       {p50_p99(empty[what])}")
            print(f"[postgres] {what} turn, {rows:>11,} rows: {p50_p99(full[what])}")
        plan = await claim_plan(store, now)
        print(f"[postgres] claim of 500 over {rows:,} rows: {verdict_of(plan)}")
        print(f"[postgres] outbox sizes: {await sizes(store)}")
        drained = drain_in_a_process(url, drain_seconds)
        verdict = "ok" if drained["peak_mb"] < 300 else "OVER 300 MB"
        print(
            f"[postgres] dispatcher: claimed {int(drained['claimed']):,}, sent "
            f"{int(drained['sent']):,} in {drained['seconds']:.0f} s; peak RSS "
            f"{drained['peak_mb']:.0f} MB ({verdict})"
        )
        # Again once the dispatcher has worked: the rows it sent are no longer at the head.
        plan = await claim_plan(store, datetime.now(UTC))
        print(f"[postgres] claim of 500 after the drain: {verdict_of(plan)}")
        for line in plan:
            print(f"    {line}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runners", type=int, default=1_000_000)
    parser.add_argument("--outbox-rows", type=int, default=10_000_000, help="sent rows added")
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--drain-seconds", type=float, default=60.0)
    parser.add_argument("--drain", help=argparse.SUPPRESS)  # the dispatcher child
    args = parser.parse_args()
    if args.drain:
        await drain(args.drain, args.drain_seconds)
        return
    print(f"runners: {args.runners:,}  load: {os.getloadavg()[0]:.2f} (1 min)")
    if "sqlite" in args.engines:
        await on_sqlite(args.runners)
    if "postgres" in args.engines:
        await on_postgres(args.runners, args.outbox_rows, args.drain_seconds)


if __name__ == "__main__":
    asyncio.run(main())
