"""The outbox table and its repository, on both engines: the hand-written migration matches the
model, enqueueing is idempotent and set-based, claims never overlap, rows go with the runner."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import delete, insert, inspect
from sqlalchemy.exc import IntegrityError

from bot import compose
from bot.app import App
from bot.core.state import IDLE, State
from bot.settings import Settings
from storage.models import Base, outbox, runners
from storage.outbox import OutboxStore
from storage.store import Store
from tests.integration.test_scheduler import dm, profile

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # 07:00 in Berlin


async def seeded(url: str, count: int) -> Store:
    store = await Store.open(url, migrate=True)
    for i in range(count):
        async with store.turn(dm(str(i))) as turn:
            await turn.save(State(IDLE, {}, profile("Europe/Berlin")))
    return store


async def test_migration_matches_the_model(database_url: str) -> None:
    store = await Store.open(database_url, migrate=True)
    try:
        async with store.engine.connect() as conn:
            diff = await conn.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c), Base.metadata)
            )
            names = await conn.run_sync(lambda c: inspect(c).get_table_names())
    finally:
        await store.close()
    assert diff == []
    assert "outbox" in names


async def test_enqueue_is_idempotent_across_restarts(database_url: str) -> None:
    store = await seeded(database_url, 3)
    try:
        app = App(store)
        settings = Settings(database_url=database_url, catchup_hours=3)
        assert await compose.scheduler(app, settings, clock=lambda: NOW).tick() == 3
        # A second process (or a restart) looking at the same window adds nothing.
        assert await compose.scheduler(app, settings, clock=lambda: NOW).tick() == 0
        rows = await OutboxStore(store.engine).rows()
        assert [(r["kind"], r["status"], r["due_at"]) for r in rows] == [
            ("checkin", "pending", NOW)
        ] * 3
        async with store.engine.begin() as conn:
            with pytest.raises(IntegrityError):  # the key itself refuses a second copy
                row = {k: v for k, v in rows[0].items() if k != "id"}
                await conn.execute(insert(outbox), row)
    finally:
        await store.close()


async def test_every_runner_gets_one_prompt_whatever_the_gaps_in_ids(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PostgreSQL enqueues in contiguous ranges of runner ids, one statement each: with ids
    # missing here and there (runners who left), the ranges still cover everyone exactly once.
    monkeypatch.setattr("storage.outbox.ENQUEUE_SHARDS", 3)
    store = await seeded(database_url, 11)
    try:
        async with store.engine.begin() as conn:
            await conn.execute(delete(runners).where(runners.c.id.in_([1, 5, 6, 7])))
        app = App(store)
        settings = Settings(database_url=database_url, catchup_hours=3)
        assert await compose.scheduler(app, settings, clock=lambda: NOW).tick() == 7
        assert await compose.scheduler(app, settings, clock=lambda: NOW).tick() == 0
        rows = await OutboxStore(store.engine).rows()
        assert sorted(r["runner_id"] for r in rows) == [2, 3, 4, 8, 9, 10, 11]
    finally:
        await store.close()


async def test_rows_go_with_the_runner(database_url: str) -> None:
    store = await seeded(database_url, 1)
    try:
        await compose.scheduler(
            App(store), Settings(database_url=database_url), clock=lambda: NOW
        ).tick()
        async with store.engine.begin() as conn:
            await conn.execute(delete(runners))
        assert await OutboxStore(store.engine).rows() == []
    finally:
        await store.close()


async def test_concurrent_claims_never_overlap(database_url: str) -> None:
    store = await seeded(database_url, 40)
    other = await Store.open(database_url)
    try:
        await compose.scheduler(
            App(store), Settings(database_url=database_url), clock=lambda: NOW
        ).tick()
        a, b = OutboxStore(store.engine), OutboxStore(other.engine)
        lease = NOW + timedelta(seconds=60)
        claims = await asyncio.gather(
            *(s.claim(f"w{i}", "telegram", NOW, lease, 7) for i, s in enumerate([a, b] * 4))
        )
        ids = [row.id for claim in claims for row in claim]
        assert len(ids) == len(set(ids)) == 40
        # Nothing left to claim until the leases run out; then everything is due again.
        assert await a.claim("w9", "telegram", NOW, lease, 100) == []
        later = lease + timedelta(seconds=1)
        again = await a.claim("w9", "telegram", later, later + timedelta(seconds=60), 100)
        assert len(again) == 40 and {row.attempts for row in again} == {2}
    finally:
        await other.close()
        await store.close()
