"""The send budget every process shares, in PostgreSQL (bot.scheduling.ports.RateBudget).

One row per key (a platform's bot token, one of its group chats) holds `tat`, the theoretical
arrival time of the next free send slot (GCRA, the token bucket as a single number). A take is
one atomic UPDATE that computes, from the row as it is when its lock is granted, how many of the
wanted slots fit before now + horizon and moves `tat` past them:

    base  = greatest(tat, now)                       slots go out at base + k * interval
    fits  = floor((now + horizon + tolerance - base) / interval) + 1
    taken = least(wanted, greatest(0, fits));  tat = base + taken * interval

`tolerance` (burst - 1 slots) lets a quiet key send a burst at once (a group's 20 a minute).
Concurrent takes queue on the row lock, and PostgreSQL re-evaluates the SET clause on the row
they wait for, so no slot is ever handed out twice. The clock is the database's: workers on
hosts whose clocks disagree still share one timeline. Slots are never reserved more than
`horizon` ahead, so a worker that dies takes at most that much of the budget with it: there is
no lease to expire. PostgreSQL only: SQLite runs one dispatching process, with in-memory buckets.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.scheduling.ports import Grant
from storage.models import rate_budget

# statement_timestamp(): one instant for the whole statement, taken when it arrives.
_TAKE = text(
    """
    UPDATE rate_budget AS b
    SET taken = LEAST(CAST(:wanted AS integer), GREATEST(0, FLOOR(
            (n.now + CAST(:horizon AS double precision) + CAST(:tolerance AS double precision)
             - GREATEST(b.tat, n.now)) / CAST(:interval AS double precision)) + 1))::integer,
        tat = GREATEST(b.tat, n.now) + CAST(:interval AS double precision)
            * LEAST(CAST(:wanted AS integer), GREATEST(0, FLOOR(
            (n.now + CAST(:horizon AS double precision) + CAST(:tolerance AS double precision)
             - GREATEST(b.tat, n.now)) / CAST(:interval AS double precision)) + 1))
    FROM (SELECT EXTRACT(EPOCH FROM statement_timestamp())::double precision AS now) AS n
    WHERE b.key = :key
    RETURNING b.taken, b.tat, n.now
    """
)
_PAUSE = text(
    """
    UPDATE rate_budget
    SET tat = GREATEST(tat,
        EXTRACT(EPOCH FROM statement_timestamp())::double precision
        + CAST(:seconds AS double precision))
    WHERE key = :key
    """
)


class RateBudgetStore:
    """bot.scheduling.ports.RateBudget on PostgreSQL."""

    def __init__(self, engine: AsyncEngine) -> None:
        # One statement per take, committed as it runs: the row lock lasts one execution, not
        # the extra round trips of BEGIN and COMMIT, so takers from many processes queue less.
        self.engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._known: set[str] = set()

    async def take(
        self, key: str, wanted: int, *, interval: float, burst: int, horizon: float
    ) -> Grant:
        tolerance = max(burst - 1, 0) * interval
        params = {"key": key, "wanted": wanted, "interval": interval, "horizon": horizon,
                  "tolerance": tolerance}  # fmt: skip
        if key not in self._known:
            await self._create(key)
        async with self.engine.connect() as conn:
            row = (await conn.execute(_TAKE, params)).one_or_none()
        if row is None:  # the row went (a fresh schema, a cleanup): make it, ask again
            self._known.discard(key)
            return await self.take(key, wanted, interval=interval, burst=burst, horizon=horizon)
        taken, tat, now = int(row[0]), float(row[1]), float(row[2])
        return Grant(taken, tat - taken * interval - tolerance, interval, now)

    async def pause(self, key: str, seconds: float) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(_PAUSE, {"key": key, "seconds": seconds})

    async def _create(self, key: str) -> None:
        statement = insert(rate_budget).values(key=key, tat=0.0, taken=0)
        async with self.engine.connect() as conn:
            await conn.execute(statement.on_conflict_do_nothing(index_elements=["key"]))
        self._known.add(key)
