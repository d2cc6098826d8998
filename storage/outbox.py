"""The outbox: scheduled prompts as rows. The database, not APScheduler, is the source of truth.

    enqueue(slots)   set-based INSERT ... SELECT ... ON CONFLICT DO NOTHING: one statement per
                     chunk of (zone, time) slots, however many runners share them
    claim(...)       pending (or lease-expired) rows -> claimed by one worker, with a lease;
                     PostgreSQL: FOR UPDATE SKIP LOCKED, so workers never wait on each other
    record(...)      sent | skipped | failed | released, many rows per transaction

Unique key (runner_id, kind, local_date): a prompt exists at most once per runner and local day,
which is what keeps restarts, clock changes, several processes and a changed check-in time
from ever doubling it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    Insert,
    String,
    Update,
    and_,
    bindparam,
    case,
    column,
    delete,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    text,
    tuple_,
    update,
    values,
)
from sqlalchemy.ext.asyncio import AsyncEngine

# The port this module implements (bot.scheduling.ports.Outbox) and the types it speaks.
from bot.scheduling.ports import (
    CLAIMED,
    FAILED,
    PENDING,
    SENT,
    SKIPPED,
    Claimed,
    Mark,
    Slot,
)
from storage.engine import reader
from storage.ledger import LEDGER_KEEP, LedgerStore
from storage.models import CLAIMABLE_SQL, FINISHED_SQL, UTCDateTime, identities, outbox, runners
from storage.statements import insert_ignore

# Six binds per slot; stay far below SQLite's 32766 and asyncpg's 32767 bind limits.
SLOTS_PER_STATEMENT = 1000
# Concurrent enqueue statements on PostgreSQL (see enqueue). Two, as the cores of the machine
# the bench runs on: four were slower there (bench/scale.py; issue 15).
ENQUEUE_SHARDS = 2
# Old finished rows deleted per statement (purge).
PURGE_BATCH = 1000


# The outbox's unique key: the only conflict an enqueue expects, so the only index PostgreSQL
# checks before each row (ON CONFLICT without a target would check the primary key as well).
_KEY = (outbox.c.runner_id, outbox.c.kind, outbox.c.local_date)

_RETURNED = (
    outbox.c.id,
    outbox.c.runner_id,
    outbox.c.kind,
    outbox.c.local_date,
    outbox.c.due_at,
    outbox.c.expires_at,
    outbox.c.platform,
    outbox.c.chat_id,
    outbox.c.user_id,
    outbox.c.attempts,
    outbox.c.lease_until,
)

# Prompts go to the runner's identity on the platform they chose (runners.prompt_platform,
# once they linked two: issue 12), else to their first identity (by platform, then user id).
# On Telegram the private chat id is the user id; on Discord the sender opens the DM from the
# user id. Either way chat_id = user_id.
_i = identities.alias("i")
_j = identities.alias("j")


def _rank(identity: Any) -> Any:
    """0 for an identity on the chosen platform, 1 for the others."""
    return case((identity.c.platform == func.coalesce(runners.c.prompt_platform, ""), 0), else_=1)


_FIRST_IDENTITY = ~exists().where(
    _j.c.runner_id == _i.c.runner_id,
    or_(
        _rank(_j) < _rank(_i),
        and_(
            _rank(_j) == _rank(_i),
            or_(
                _j.c.platform < _i.c.platform,
                and_(_j.c.platform == _i.c.platform, _j.c.user_id < _i.c.user_id),
            ),
        ),
    ),
)

# The predicate of the claim's partial index, as literal SQL: with bound parameters instead,
# SQLite (which matches the predicate term by term) and PostgreSQL's generic plans of prepared
# statements could not prove the index applies, and would scan the table.
_CLAIMABLE = text(CLAIMABLE_SQL)
# The same for the purge's partial index.
_FINISHED_ROWS = text(FINISHED_SQL)

_SENT = (
    update(outbox)
    .where(outbox.c.id == bindparam("b_id"), outbox.c.status != SENT)
    .values(
        status=SENT,
        message_id=bindparam("b_message"),
        sent_at=bindparam("b_at", type_=UTCDateTime()),
        lease_until=None,
        last_error=None,
    )
)
_MINE = and_(
    outbox.c.id == bindparam("b_id"),
    outbox.c.claimed_by == bindparam("b_worker"),
    outbox.c.status == CLAIMED,
)
_FINISHED = (
    update(outbox)
    .where(_MINE)
    .values(status=bindparam("b_status"), lease_until=None, last_error=bindparam("b_reason"))
)
_RELEASED = (
    update(outbox)
    .where(_MINE)
    .values(
        status=PENDING,
        claimed_by=None,
        lease_until=None,
        next_attempt_at=bindparam("b_retry", type_=UTCDateTime()),
        last_error=bindparam("b_reason"),
    )
)


class OutboxStore:
    """bot.scheduling.ports.Outbox on SQLite and PostgreSQL."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    async def groups(self) -> tuple[list[tuple[str, str]], list[str]]:
        """Distinct (zone, check-in time) pairs and distinct zones of onboarded runners: the
        due times are computed per group, never per runner."""
        query = (
            select(runners.c.timezone, runners.c.checkin_time)
            .where(
                runners.c.area.is_not(None),
                runners.c.timezone.is_not(None),
                runners.c.checkin_time.is_not(None),
            )
            .distinct()
        )
        async with reader(self.engine) as conn:
            pairs = [(str(tz), str(hhmm)) for tz, hhmm in (await conn.execute(query)).all()]
        return pairs, sorted({tz for tz, _ in pairs})

    async def enqueue(self, slots: Sequence[Slot], now: datetime) -> int:
        """Insert a row per runner matching each slot; existing rows are left alone. Slots that
        have already expired are recorded as skipped ("stale"), so a long outage leaves a
        trace but never a burst. Returns the number of rows inserted.

        PostgreSQL: ENQUEUE_SHARDS statements at once, each for a contiguous range of runner
        ids on a connection of its own, so a million-row morning uses the server's cores (an
        INSERT ... SELECT runs on one; a third of its time is the foreign-key check per row).
        Contiguous ranges, not ids modulo the count: each statement reads its runners off the
        primary key in id order, so its inserts into the unique key (runner first) and its
        foreign-key checks walk their own part of each index page by page, never the pages the
        other shard is writing. Each shard is idempotent, so a shard that fails is simply
        covered by the next tick."""
        shards = ENQUEUE_SHARDS if self.dialect == "postgresql" else 1
        ranges = await self._id_ranges(shards)
        counts = await asyncio.gather(
            *(self._enqueue_shard(slots, now, low, high) for low, high in ranges)
        )
        return sum(counts)

    async def _id_ranges(self, shards: int) -> list[tuple[int | None, int | None]]:
        """`shards` ranges [low, high) of runner ids covering every id: the first open below,
        the last open above, so a runner created meanwhile still falls in one of them."""
        if shards < 2:
            return [(None, None)]
        async with reader(self.engine) as conn:
            query = select(func.min(runners.c.id), func.max(runners.c.id))
            first, last = (await conn.execute(query)).one()
        if first is None:
            return [(None, None)]
        span = last - first + 1
        cuts = [first + span * k // shards for k in range(1, shards)]
        return list(zip([None, *cuts], [*cuts, None], strict=True))

    async def _enqueue_shard(
        self, slots: Sequence[Slot], now: datetime, low: int | None, high: int | None
    ) -> int:
        inserted = 0
        by_time = [slot for slot in slots if slot.hhmm is not None]
        any_time = [slot for slot in slots if slot.hhmm is None]
        async with self.engine.begin() as conn:
            for group, match_time in ((by_time, True), (any_time, False)):
                for start in range(0, len(group), SLOTS_PER_STATEMENT):
                    chunk = group[start : start + SLOTS_PER_STATEMENT]
                    statement = self._enqueue_statement(chunk, now, match_time, low, high)
                    result = await conn.execute(statement)
                    count = result.rowcount
                    if count < 0:  # pysqlite reports no rowcount for a statement opening WITH
                        count = (await conn.execute(text("SELECT changes()"))).scalar_one()
                    inserted += count
        return inserted

    def _enqueue_statement(
        self,
        chunk: Sequence[Slot],
        now: datetime,
        match_time: bool,
        low: int | None,
        high: int | None,
    ) -> Insert:
        slots = (
            values(
                column("kind", String),
                column("timezone", String),
                column("hhmm", String),
                column("local_date", Date),
                column("due_at", UTCDateTime()),
                column("expires_at", UTCDateTime()),
                name="slots",
            )
            .data(
                [
                    (s.kind, s.timezone, s.hhmm or "", s.local_date, s.due_at, s.expires_at)
                    for s in chunk
                ]
            )
            .cte("slots")
        )
        joined = runners.c.timezone == slots.c.timezone
        if match_time:
            joined = and_(joined, runners.c.checkin_time == slots.c.hhmm)
        stale = slots.c.expires_at <= literal(now, UTCDateTime())
        rows = (
            select(
                runners.c.id,
                slots.c.kind,
                slots.c.local_date,
                slots.c.due_at,
                slots.c.expires_at,
                case((stale, literal(SKIPPED)), else_=literal(PENDING)),
                _i.c.platform,
                _i.c.user_id,
                _i.c.user_id,
                literal(0),
                slots.c.due_at,
                case((stale, literal("stale")), else_=None),
                literal(now, UTCDateTime()),
            )
            .select_from(slots.join(runners, joined).join(_i, _i.c.runner_id == runners.c.id))
            # The WHERE clause also keeps SQLite from reading ON CONFLICT as a join constraint.
            .where(runners.c.area.is_not(None), _FIRST_IDENTITY)
        )
        if low is not None:
            rows = rows.where(runners.c.id >= low)
        if high is not None:
            rows = rows.where(runners.c.id < high)
        names = [
            "runner_id", "kind", "local_date", "due_at", "expires_at", "status", "platform",
            "chat_id", "user_id", "attempts", "next_attempt_at", "last_error", "created_at",
        ]  # fmt: skip
        return insert_ignore(self.dialect, outbox, _KEY).from_select(names, rows)

    async def expire(self, now: datetime) -> int:
        """Pending rows past their expiry (and lease-expired claims) -> skipped "stale"; due
        rows of unreachable runners -> skipped "unreachable"."""
        statement = (
            update(outbox)
            .where(_CLAIMABLE, outbox.c.next_attempt_at <= now, outbox.c.expires_at <= now)
            .values(status=SKIPPED, last_error="stale", lease_until=None)
        )
        async with self.engine.begin() as conn:
            stale = max((await conn.execute(statement)).rowcount, 0)
            return stale + max((await conn.execute(self.unreachable_statement(now))).rowcount, 0)

    def unreachable_statement(self, now: datetime) -> Update:
        """Due rows of runners marked unreachable: recorded, not left waiting for expiry. The
        runners are found through their partial index (0012: the few marked unreachable, not
        a scan of every runner), their rows through (runner_id, kind, local_date)
        (bench/expire_plan.py prints the plan)."""
        return (
            update(outbox)
            .where(
                _CLAIMABLE,  # the claim's index: its predicate, then the narrower test
                outbox.c.status == PENDING,
                outbox.c.next_attempt_at <= now,
                outbox.c.runner_id.in_(select(runners.c.id).where(runners.c.unreachable)),
            )
            .values(status=SKIPPED, last_error="unreachable")
        )

    async def claim(
        self, worker: str, platform: str, now: datetime, lease_until: datetime, limit: int
    ) -> list[Claimed]:
        """Claim up to `limit` due rows for `platform`. A row whose lease ran out (its worker
        died) is due again. Runners marked unreachable are left out (their rows expire)."""
        statement = self.claim_statement(worker, platform, now, lease_until, limit)
        async with self.engine.begin() as conn:
            rows = (await conn.execute(statement)).all()
        return [Claimed(*row) for row in rows]

    def claim_statement(
        self, worker: str, platform: str, now: datetime, lease_until: datetime, limit: int
    ) -> Update:
        """The claim as one UPDATE ... RETURNING (bench/scale.py prints its plan)."""
        due = (
            select(outbox.c.id)
            .select_from(outbox.join(runners, runners.c.id == outbox.c.runner_id))
            .where(
                _CLAIMABLE,
                outbox.c.next_attempt_at <= now,
                outbox.c.platform == platform,
                runners.c.unreachable == false(),
            )
            # Oldest due first: a backlog goes out in the order it came due, and the order is
            # the claim's index's own, so the batch is read off the index's head (a scan of the
            # table would have to sort the whole backlog first).
            .order_by(outbox.c.next_attempt_at)
            .limit(limit)
        )
        if self.dialect == "postgresql":
            # Rows another worker is claiming right now are skipped, not waited for.
            due = due.with_for_update(of=outbox, skip_locked=True)
        statement = (
            update(outbox)
            .where(outbox.c.id.in_(due.scalar_subquery()))
            .values(
                status=CLAIMED,
                claimed_by=worker,
                lease_until=lease_until,
                next_attempt_at=lease_until,
                attempts=outbox.c.attempts + 1,
            )
            .returning(*_RETURNED)
        )
        return statement

    async def record(self, worker: str, marks: Sequence[Mark]) -> int:
        """Apply many outcomes in one transaction. A sent mark wins over anything but an
        earlier sent mark (the platform has the message, whatever else we thought). The other
        marks apply only while this worker still holds the claim. Returns rows changed."""
        sent = [
            {"b_id": m.id, "b_message": m.message_id, "b_at": m.at}
            for m in marks
            if m.status == SENT
        ]
        finished = [
            {"b_id": m.id, "b_worker": worker, "b_status": m.status, "b_reason": m.reason}
            for m in marks
            if m.status in (SKIPPED, FAILED)
        ]
        released = [
            {"b_id": m.id, "b_worker": worker, "b_retry": m.retry_at, "b_reason": m.reason}
            for m in marks
            if m.status == PENDING
        ]
        changed = 0
        async with self.engine.begin() as conn:
            for statement, rows in ((_SENT, sent), (_FINISHED, finished), (_RELEASED, released)):
                if rows:
                    result = await conn.execute(statement, rows)
                    changed += max(result.rowcount, 0)
        return changed

    async def checkins(
        self, pairs: Iterable[tuple[int, date]]
    ) -> dict[tuple[int, date], tuple[str, datetime | None]]:
        """(status, sent_at) of the check-in rows of (runner, local date) pairs: a nudge only
        follows a check-in that went out."""
        wanted = list(set(pairs))
        if not wanted:
            return {}
        query = select(
            outbox.c.runner_id, outbox.c.local_date, outbox.c.status, outbox.c.sent_at
        ).where(
            outbox.c.kind == "checkin",
            tuple_(outbox.c.runner_id, outbox.c.local_date).in_(wanted),
        )
        async with reader(self.engine) as conn:
            rows = (await conn.execute(query)).all()
        return {(r.runner_id, r.local_date): (r.status, r.sent_at) for r in rows}

    async def end_runner(self, runner_id: int, reason: str) -> int:
        """The runner cannot be reached: their other waiting prompts are skipped."""
        statement = (
            update(outbox)
            .where(outbox.c.runner_id == runner_id, outbox.c.status == PENDING)
            .values(status=SKIPPED, last_error=reason)
        )
        async with self.engine.begin() as conn:
            return max((await conn.execute(statement)).rowcount, 0)

    async def purge(self, before: datetime, limit: int) -> int:
        """Finished rows due before `before` go, at most `limit` of them: PURGE_BATCH per
        statement, each its own short transaction, so row locks and WAL stay small while the
        dispatchers work. Returns the rows deleted (`limit`: there may be more). The update
        ledger's old rows go at the same time (storage/ledger.py, LEDGER_KEEP)."""
        await LedgerStore(self.engine).prune(datetime.now(UTC) - LEDGER_KEEP)
        doomed = (
            select(outbox.c.id)
            .where(outbox.c.due_at < before, _FINISHED_ROWS)
            .limit(bindparam("b_batch"))
        )
        statement = delete(outbox).where(outbox.c.id.in_(doomed.scalar_subquery()))
        deleted = 0
        while deleted < limit:
            batch = min(PURGE_BATCH, limit - deleted)
            async with self.engine.begin() as conn:
                count = max((await conn.execute(statement, {"b_batch": batch})).rowcount, 0)
            deleted += count
            if count < batch:
                break
        return deleted

    async def counts(self) -> Mapping[str, int]:
        query = select(outbox.c.status, func.count()).group_by(outbox.c.status)
        async with reader(self.engine) as conn:
            return {status: int(n) for status, n in (await conn.execute(query)).all()}

    async def rows(self, **where: Any) -> list[Mapping[str, Any]]:
        """Rows as mappings, oldest due first (tests and the bench read them)."""
        query = select(outbox).order_by(outbox.c.due_at, outbox.c.id)
        for name, value in where.items():
            query = query.where(outbox.c[name] == value)
        async with reader(self.engine) as conn:
            return [dict(row) for row in (await conn.execute(query)).mappings()]
