"""What the team layer costs a private message. The same idle private turn ("thanks" from an
onboarded runner who is in a team) through the App alone and through the TeamDesk in front of
it: SQL statements per turn (exact, from SQLAlchemy's cursor events) and turns/s (medians of
short alternating rounds; they move with the machine's load, the statement counts do not).

    .venv/bin/python -m bench.team_turns --seconds 4
    .venv/bin/python -m bench.team_turns --postgres postgresql+asyncpg://postgres@127.0.0.1:5432/test

On PostgreSQL it works in a scratch schema of that database (bench_team_turns), dropped after.

Target: the desk adds no statement to a private turn that cannot end onboarding.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from statistics import median
from typing import Any

from sqlalchemy import event, text

from bot.app import App
from bot.core.state import IDLE, Profile, State
from bot.core.types import ChatKind, ConversationKey, Typed
from bot.teams.desk import TeamDesk
from storage.store import Store
from storage.teams import TeamStore
from tests.fakes.platform import FakePlatform

ROUNDS = 6
SCHEMA = "bench_team_turns"


async def _rate(seconds: float, once: Callable[[], Awaitable[object]]) -> float:
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        await once()
        n += 1
    return n / (time.perf_counter() - start)


async def measure(url: str, seconds: float) -> dict[str, float]:
    store = await Store.open(url, migrate=True)
    try:
        app = App(store, retries=())
        teams = TeamStore(store.engine)
        desk = TeamDesk(app, teams, FakePlatform())
        key = ConversationKey("fake", "ada", "ada")
        profile = Profile(
            area="knee", onset="gradual", feel="muscle", kind="other", seen_professional=False,
            baseline=1, timezone="UTC", checkin_time="07:00",
        )  # fmt: skip
        async with store.turn(key, "Ada") as turn:
            await turn.save(State(IDLE, {}, profile))
        now = datetime.now(UTC)
        team = await teams.set_up("fake", "-1", "Club", "07:30", "UTC", None, now)
        runner = await teams.runner("fake", "ada")
        assert runner is not None
        await teams.join(team.id, runner.id, now, offered=True)
        thanks = Typed(key, now, "thanks", chat_kind=ChatKind.PRIVATE, display_name="Ada")

        statements = [0]

        def count(*_: Any) -> None:
            statements[0] += 1

        event.listen(store.engine.sync_engine, "before_cursor_execute", count)

        async def per_turn(handle: Callable[[Typed], Awaitable[object]]) -> float:
            statements[0] = 0
            for _ in range(20):
                await handle(thanks)
            return statements[0] / 20

        figures = {"app_sql": await per_turn(app.handle), "desk_sql": await per_turn(desk.handle)}
        app_rates, desk_rates = [], []
        for _ in range(ROUNDS):
            app_rates.append(await _rate(seconds / (2 * ROUNDS), lambda: app.handle(thanks)))
            desk_rates.append(await _rate(seconds / (2 * ROUNDS), lambda: desk.handle(thanks)))
        figures["app_rate"] = median(app_rates)
        figures["desk_rate"] = median(desk_rates)
        return figures
    finally:
        await store.close()


async def on_postgres(server: str, seconds: float) -> dict[str, float]:
    """In a scratch schema, so the bench never touches anyone's tables in the database."""
    from storage.engine import create_engine

    async def admin(*statements: str) -> None:
        engine = create_engine(server)
        try:
            async with engine.begin() as conn:
                for statement in statements:
                    await conn.execute(text(statement))
        finally:
            await engine.dispose()

    await admin(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE", f"CREATE SCHEMA {SCHEMA}")
    try:
        return await measure(f"{server}?options=-csearch_path%3D{SCHEMA}", seconds)
    finally:
        await admin(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--postgres", default=None, help="a PostgreSQL URL (default: SQLite)")
    args = parser.parse_args()
    if args.postgres:
        figures = asyncio.run(on_postgres(args.postgres, args.seconds))
    else:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
            figures = asyncio.run(measure(url, args.seconds))
    print(f"SQL statements per private turn: app {figures['app_sql']:.1f}, "
          f"through the team desk {figures['desk_sql']:.1f}")  # fmt: skip
    print(f"private turns/s: app {figures['app_rate']:.0f}, "
          f"through the team desk {figures['desk_rate']:.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
