"""Old outbox rows go, on both engines: sent, skipped and failed prompts older than the
retention window are deleted in small batches at the scheduler's tick, so the table stays
bounded; pending prompts and recent history stay."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from bot import compose
from bot.app import App
from bot.core.state import IDLE, State
from bot.settings import Settings
from storage.models import outbox
from storage.outbox import PURGE_BATCH, OutboxStore
from storage.store import Store
from tests.integration.test_scheduler import dm, profile

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
STATUSES = ("sent", "skipped", "failed")


async def history(store: Store, days: int, *, ending: datetime) -> None:
    """One runner's check-ins of `days` days up to `ending`, finished one way or another, and
    one still pending from long ago (a row a purge must never take)."""
    async with store.turn(dm("1")) as turn:
        await turn.save(State(IDLE, {}, profile("UTC")))
    rows = []
    for back in range(days + 1):
        due = ending - timedelta(days=back)
        rows.append(
            {
                "runner_id": 1, "kind": "checkin", "local_date": due.date(), "due_at": due,
                "expires_at": due + timedelta(hours=2),
                "status": "pending" if back == days else STATUSES[back % 3],
                "platform": "telegram", "chat_id": "1", "user_id": "1", "attempts": 1,
                "next_attempt_at": due, "created_at": due,
            }
        )  # fmt: skip
    async with store.engine.begin() as conn:
        await conn.execute(insert(outbox), rows)


async def test_purge_takes_old_finished_rows_in_batches(database_url: str) -> None:
    store = await Store.open(database_url, migrate=True)
    try:
        days = 2 * PURGE_BATCH + 500
        await history(store, days, ending=NOW)
        rows = OutboxStore(store.engine)
        before = NOW - timedelta(days=30)
        old_finished = days - 31  # 31 .. days - 1 days back (the oldest row is pending)
        # A bounded call stops at its limit, and says so by returning it.
        assert await rows.purge(before, limit=PURGE_BATCH + 10) == PURGE_BATCH + 10
        assert await rows.purge(before, limit=10 * PURGE_BATCH) == old_finished - PURGE_BATCH - 10
        assert await rows.purge(before, limit=10 * PURGE_BATCH) == 0
        left = await rows.rows()
    finally:
        await store.close()
    kept = sorted(r["local_date"] for r in left if r["status"] != "pending")
    assert kept[0] >= before.date() and len(kept) == 31  # the last 30 days and today
    assert [r["status"] for r in left if r["local_date"] < before.date()] == ["pending"]


async def test_the_tick_keeps_thirty_days_of_history(database_url: str) -> None:
    store = await Store.open(database_url, migrate=True)
    try:
        await history(store, 40, ending=NOW - timedelta(days=1))
        settings = Settings(database_url=database_url)
        await compose.scheduler(App(store), settings, clock=lambda: NOW).tick()
        left = await OutboxStore(store.engine).rows()
    finally:
        await store.close()
    finished = [r["local_date"] for r in left if r["status"] in STATUSES]
    assert min(finished) == date(2026, 1, 31)  # 30 days before the tick, nothing older
    assert len([r for r in left if r["status"] == "pending"]) >= 1
