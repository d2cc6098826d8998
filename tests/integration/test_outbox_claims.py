"""Claims in bounded batches, on both engines: a backlog goes out oldest due first, a batch never
holds more than asked, finished rows are never claimed however many of them the table keeps, and
the claim finds its rows through the claim's partial index (0011)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, text

from bot.core.state import IDLE, State
from storage.models import outbox
from storage.outbox import OutboxStore
from storage.store import Store
from tests.integration.test_scheduler import dm, profile

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
LEASE = NOW + timedelta(seconds=60)


async def backlog(store: Store, runners: int, sent_days: int) -> list[int]:
    """Each runner has `sent_days` sent check-ins of past days and one pending today, due a
    minute apart in a shuffled order; returns the runners in the order their prompts came due."""
    for i in range(runners):
        async with store.turn(dm(str(i))) as turn:
            await turn.save(State(IDLE, {}, profile("UTC")))
    due_order = sorted(range(1, runners + 1), key=lambda r: (r * 7) % runners)
    rows = []
    for place, runner in enumerate(due_order):
        due = NOW - timedelta(minutes=runners - place)
        for back in range(sent_days + 1):
            rows.append(
                {
                    "runner_id": runner, "kind": "checkin",
                    "local_date": (due - timedelta(days=back)).date(),
                    "due_at": due - timedelta(days=back),
                    "expires_at": due - timedelta(days=back) + timedelta(hours=2),
                    "status": "pending" if back == 0 else "sent", "platform": "telegram",
                    "chat_id": str(runner), "user_id": str(runner), "attempts": int(back > 0),
                    "next_attempt_at": due - timedelta(days=back), "created_at": due,
                }
            )  # fmt: skip
    rows.sort(key=lambda row: (row["runner_id"], row["local_date"]))  # not in due order
    async with store.engine.begin() as conn:
        await conn.execute(insert(outbox), rows)
    return due_order


async def test_batches_take_the_backlog_oldest_due_first(database_url: str) -> None:
    store = await Store.open(database_url, migrate=True)
    try:
        due_order = await backlog(store, runners=23, sent_days=3)
        rows = OutboxStore(store.engine)
        batches = []
        while batch := await rows.claim("w1", "telegram", NOW, LEASE, 5):
            batches.append(batch)
    finally:
        await store.close()
    assert [len(batch) for batch in batches] == [5, 5, 5, 5, 3]
    # Each batch is the five that came due first of what is left (in any order within it).
    assert [{row.runner_id for row in batch} for batch in batches] == [
        set(due_order[start : start + 5]) for start in range(0, len(due_order), 5)
    ]
    claimed = [row for batch in batches for row in batch]
    assert {row.local_date for row in claimed} == {NOW.date()}  # never a sent day again


async def test_the_claim_reads_the_claims_index(sqlite_url: str) -> None:
    """SQLite matches a partial index's predicate term by term: the claim must keep
    spelling it, or they scan the whole table (PostgreSQL's plan is in bench/scale.py)."""
    store = await Store.open(sqlite_url, migrate=True)
    try:
        rows = OutboxStore(store.engine)
        claim = rows.claim_statement("w1", "telegram", NOW, LEASE, 5)
        compiled = claim.compile(store.engine, compile_kwargs={"literal_binds": True})
        async with store.engine.connect() as conn:
            plan = (await conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))).all()
    finally:
        await store.close()
    details = " | ".join(str(row[-1]) for row in plan)
    assert "ix_outbox_claimable" in details, details
