"""How fast is a turn? Prints events/s of the pure engine, full turns/s through the Store
(turn + step + save) and, in the same run against the same database, the raw rate of a
one-row UPDATE + COMMIT, with the ratio. Also the CPU time this process spends per full turn
and per raw update (all its threads, so aiosqlite's too; not the PostgreSQL server's): on a
shared machine the rates move with the neighbours' load, the CPU time much less.

    .venv/bin/python -m bench.turns --seconds 5
    .venv/bin/python -m bench.turns --database sqlite --database postgres
    .venv/bin/python -m bench.turns --database postgresql+asyncpg://postgres@127.0.0.1:5432/test
    .venv/bin/python -m bench.turns --plain   # and the same turns through plain Core
    .venv/bin/python -m bench.turns --ledger  # each turn writes its ledger row, as the app does
    .venv/bin/python -m bench.turns --cold    # PostgreSQL: every turn reads its conversation
    .venv/bin/python -m bench.turns --drift 20000 --ledger --database postgres  # flat over time?

A PostgreSQL Store starts a conversation's next turn from what it saved last (storage/recent.py)
and reads it only the first time or after another process wrote; --cold makes every turn read
(a runner's first update in this process).

--plain says whether the Store's fast paths still earn their keep (SQLite: storage/sqlite_fast.py;
PostgreSQL: the optimistic turn of storage/optimistic.py sent straight to asyncpg, against the
locking turn with a statement per write through SQLAlchemy): `fast/plain` is the median
per-round ratio of turns/s.

Targets: pure step >= 20,000 events/s; full turn >= 60% of the raw rate on SQLite and 75% on
PostgreSQL (issue 15), the raw rate measured through the same engine and pool. The pure step's
rate moves with the machine (the same commit gave 22,000 and 11,000 events/s on two days).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import median

from sqlalchemy import bindparam, text, update

from bot.core.effects import CheckinRecorded
from bot.core.machine import step
from bot.core.state import State
from bot.core.types import ConversationKey, Event, Pressed, Reply, Typed
from storage.ledger import Answered
from storage.models import conversations
from storage.recent import RECENT_TURNS
from storage.store import Store

ROUNDS = 10
TARGETS = {"sqlite": 0.60, "postgres": 0.75}  # full turn / raw update+commit
POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
PLAIN_KEY = ConversationKey("bench", "2", "2")  # --plain's own conversation
BENCH_SCHEMA = "comeback_bench"

# Typed answers for the questions that have no buttons, or where typing is what people do.
TYPED = {
    "onboard.consent": "got it",
    "onboard.area": "shin",
    "onboard.onset": "gradual",
    "onboard.feel": "bone",
    "onboard.seen_pro": "yes",
    "onboard.baseline": "3",
    "onboard.timezone": "Europe/Berlin",
    "onboard.checkin_time": "07:30",
    "onboard.cross": "done",
    "onboard.red_flags": "none",
    "checkin.pain": "2",
    "checkin.swelling": "none",
    "checkin.daily_pain": "no",
    "checkin.compared": "same",
    "checkin.walk_test": "pain free",
    "checkin.hop_test": "pass",
    "checkin.cleared": "no",
    "checkin.red_flags": "none",
    "log.kind": "walk",
    "log.minutes": "30",
    "log.pain": "1",
}
IDLE_COMMANDS = ("/checkin", "/log", "/today", "/status")


class Runner:
    """A scripted runner: answers the open question, otherwise checks in or logs. One simulated
    day passes per completed check-in, so the coach keeps moving."""

    def __init__(self, key: ConversationKey) -> None:
        self.key = key
        self.now = datetime(2025, 3, 3, 6, 0, tzinfo=UTC)
        self.commands: Iterator[str] = itertools.cycle(IDLE_COMMANDS)
        self.replies: list[Reply] = []

    def next_event(self, state: State) -> Event:
        if state.flow == "new":
            return Typed(self.key, self.now, text="/start")
        typed = TYPED.get(state.flow)
        if typed is not None:
            return Typed(self.key, self.now, text=typed)
        payloads = sorted(p for r in self.replies for p in r.payloads)
        if payloads:
            return Pressed(self.key, self.now, payload=payloads[0])
        return Typed(self.key, self.now, text=next(self.commands))

    def saw(self, replies: list[Reply], effects: Sequence[object]) -> None:
        self.replies = replies
        if any(isinstance(e, CheckinRecorded) for e in effects):
            self.now += timedelta(days=1)


def script(events: int) -> list[Event]:
    """A recorded conversation: onboarding, then days of check-ins and logged sessions."""
    runner, state, recorded = Runner(ConversationKey("bench", "0", "0")), State(), []
    for _ in range(events):
        event = runner.next_event(state)
        out = step(state, event)
        recorded.append(event)
        state = out.state
        runner.saw(out.replies, out.effects)
    return recorded


def pure(seconds: float) -> float:
    """Replays the recorded script, so only `step` is timed, not the scripted runner."""
    events = script(2_000)
    n, start = 0, time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        state = State()
        for event in events:
            state = step(state, event).state
        n += len(events)
    return n / (time.perf_counter() - start)


async def rate(seconds: float, once: Callable[[], Awaitable[None]]) -> tuple[float, float]:
    """(calls per wall-clock second, microseconds of this process's CPU time per call)."""
    n, start, cpu = 0, time.perf_counter(), time.process_time()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        await once()
        n += 1
    return n / (time.perf_counter() - start), (time.process_time() - cpu) * 1e6 / n


@dataclass
class Figures:
    database: str
    raw: float  # medians over the rounds
    turns: float
    ratio: float  # median of the per-round ratios
    raw_cpu_us: float
    turn_cpu_us: float
    plain: tuple[float, float, float] | None  # --plain: turns/s, cpu us/turn, fast/plain


async def measure(
    name: str, url: str, seconds: float, plain: bool, ledger: bool, cold: bool = False
) -> Figures:
    store = await Store.open(url, migrate=True, recent_turns=0 if cold else RECENT_TURNS)
    # The same database through plain Core: what the fast paths are worth. Its own
    # conversation: a turn of the other Store in between would be another process's write
    # (the fast Store's next save would meet a Conflict and step again).
    core = await Store.open(url, migrate=True, fast_paths=False) if plain else None
    try:
        key = ConversationKey("bench", "1", "1")
        runners = {key: Runner(key), PLAIN_KEY: Runner(PLAIN_KEY)}
        update_ids = itertools.count()

        async def turn_on(through: Store, key: ConversationKey) -> None:
            runner = runners[key]
            async with through.turn(key, "Ada") as turn:  # a name, as the adapters give
                out = step(turn.state, runner.next_event(turn.state))
                answered = Answered(str(next(update_ids)), out.replies) if ledger else None
                await turn.save(out.state, out.effects, answered)
            runner.saw(out.replies, out.effects)

        async def full_turn() -> None:
            await turn_on(store, key)

        async def plain_turn() -> None:
            await turn_on(core or store, PLAIN_KEY)

        await full_turn()  # first contact creates the rows the raw update touches
        raw_update = (
            update(conversations)
            .where(
                conversations.c.platform == bindparam("p"),
                conversations.c.chat_id == bindparam("c"),
                conversations.c.user_id == bindparam("u"),
            )
            .values(updated_at=bindparam("now", type_=conversations.c.updated_at.type))
        )

        async def raw() -> None:
            async with store.engine.connect() as conn:
                params = {"p": "bench", "c": "1", "u": "1", "now": datetime.now(UTC)}
                await conn.execute(raw_update, params)
                await conn.commit()

        for _ in range(100):  # warm the pool, the statement caches and the page cache
            await raw()
            await full_turn()
            if core is not None:
                await plain_turn()
        # Short alternating rounds, each ratio taken within its round, and medians: on a shared
        # machine the load drifts, and a pair measured back to back sees the same drift.
        slot = seconds / ((3 if core else 2) * ROUNDS)
        raws, turns, ratios, raw_cpu, turn_cpu = [], [], [], [], []
        plains, plain_cpu, gains = [], [], []
        for _ in range(ROUNDS):
            raw_rate, raw_us = await rate(slot, raw)
            turn_rate, turn_us = await rate(slot, full_turn)
            raws.append(raw_rate)
            turns.append(turn_rate)
            ratios.append(turn_rate / raw_rate)
            raw_cpu.append(raw_us)
            turn_cpu.append(turn_us)
            if core is not None:
                plain_rate, plain_us = await rate(slot, plain_turn)
                plains.append(plain_rate)
                plain_cpu.append(plain_us)
                gains.append(turn_rate / plain_rate)
        return Figures(
            name,
            median(raws),
            median(turns),
            median(ratios),
            median(raw_cpu),
            median(turn_cpu),
            (median(plains), median(plain_cpu), median(gains)) if core else None,
        )
    finally:
        await store.close()
        if core is not None:
            await core.close()


async def postgres_url(server: str) -> str:
    """A scratch schema, so the bench never touches anyone's tables in the database."""
    await _admin(
        server,
        f"DROP SCHEMA IF EXISTS {BENCH_SCHEMA} CASCADE",
        f"CREATE SCHEMA {BENCH_SCHEMA}",
    )
    return f"{server}?options=-csearch_path%3D{BENCH_SCHEMA}"


async def drop_postgres_schema(server: str) -> None:
    await _admin(server, f"DROP SCHEMA IF EXISTS {BENCH_SCHEMA} CASCADE")


async def _admin(server: str, *statements: str) -> None:
    from storage.engine import create_engine

    engine = create_engine(server)
    try:
        async with engine.begin() as conn:
            for statement in statements:
                await conn.execute(text(statement))
    finally:
        await engine.dispose()


def database(value: str) -> str:
    """`sqlite`, `postgres` (the local test server) or a PostgreSQL URL, as `make bench` passes."""
    if value in ("sqlite", "postgres") or value.startswith("postgresql"):
        return value
    raise argparse.ArgumentTypeError(f"not sqlite, postgres or a postgresql URL: {value!r}")


async def stores(
    databases: list[str], seconds: float, plain: bool, ledger: bool, cold: bool
) -> list[Figures]:
    figures = []
    for name in databases:
        if name == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
                figures.append(await measure("sqlite", url, seconds, plain, ledger, cold))
        else:
            server = POSTGRES if name == "postgres" else name
            try:
                url = await postgres_url(server)
                figures.append(await measure("postgres", url, seconds, plain, ledger, cold))
            finally:
                await drop_postgres_schema(server)
    return figures


async def drift(name: str, turns: int, ledger: bool) -> None:
    """The same turn as measure()'s, `turns` times on one conversation: wall and CPU time per
    turn, median by eighths. Flat is right; found growing with the ledger's old index (0014)."""
    server = POSTGRES if name == "postgres" else name
    with tempfile.TemporaryDirectory() as tmp:
        url = (
            f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
            if name == "sqlite"
            else await postgres_url(server)
        )
        store = await Store.open(url, migrate=True)
        try:
            key, update_ids = ConversationKey("bench", "1", "1"), itertools.count()
            runner, block = Runner(key), max(1, turns // 8)
            walls: list[float] = []
            cpus: list[float] = []
            for n in range(1, turns + 1):
                wall, cpu = time.perf_counter(), time.process_time()
                async with store.turn(key, "Ada") as turn:
                    out = step(turn.state, runner.next_event(turn.state))
                    answered = Answered(str(next(update_ids)), out.replies) if ledger else None
                    await turn.save(out.state, out.effects, answered)
                runner.saw(out.replies, out.effects)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
                if n % block == 0:
                    print(
                        f"{name:<10} turns {n - block + 1:>7,}-{n:<7,} "
                        f"wall {median(walls) * 1e6:>7,.0f} us  cpu {median(cpus) * 1e6:>7,.0f} us"
                    )
                    walls, cpus = [], []
        finally:
            await store.close()
            if name != "sqlite":
                await drop_postgres_schema(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="per measurement")
    parser.add_argument(
        "--database",
        action="append",
        type=database,
        help="sqlite, postgres or a postgresql+asyncpg:// URL; repeatable; default both",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="also run the same turns through plain SQLAlchemy Core (Store fast_paths=False)",
    )
    parser.add_argument(
        "--ledger",
        action="store_true",
        help="each turn also writes its update's ledger row (storage/ledger.py), as the app does",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="PostgreSQL: every turn reads its conversation (no memory of recent saves)",
    )
    parser.add_argument(
        "--drift",
        type=int,
        metavar="TURNS",
        help="only this: TURNS full turns in a row, the median per eighth (does a turn get "
        "slower as history piles up?)",
    )
    args = parser.parse_args()
    if args.drift:
        for name in args.database or ["postgres"]:
            asyncio.run(drift(name, args.drift, args.ledger))
        return
    events_per_s = pure(args.seconds)
    verdict = "ok" if events_per_s >= 20_000 else "BELOW 20,000"
    print(f"pure step: {events_per_s:,.0f} events/s ({verdict})")
    print()
    plain_head = f" {'plain turns/s':>13} {'plain cpu us/turn':>17} {'fast/plain':>10}"
    print(
        f"{'database':<10} {'raw upd+commit/s':>17} {'full turns/s':>13} {'ratio':>7}  "
        f"{'target':<10} {'cpu us/raw':>10} {'cpu us/turn':>11}"
        + (plain_head if args.plain else "")
    )
    databases = args.database or ["sqlite", "postgres"]
    for f in asyncio.run(stores(databases, args.seconds, args.plain, args.ledger, args.cold)):
        target = TARGETS[f.database]
        verdict = "ok" if f.ratio >= target else f"BELOW {target:.2f}"
        line = (
            f"{f.database:<10} {f.raw:>17,.0f} {f.turns:>13,.0f} {f.ratio:>7.2f}  {verdict:<10} "
            f"{f.raw_cpu_us:>10,.0f} {f.turn_cpu_us:>11,.0f}"
        )
        if f.plain is not None:
            turns, cpu, gain = f.plain
            line += f" {turns:>13,.0f} {cpu:>17,.0f} {gain:>10.2f}"
        print(line)
    print(f"(medians of {ROUNDS} alternating rounds; --seconds per database, split evenly)")


if __name__ == "__main__":
    main()
