"""Fault injection: crashes, outages, odd input. Every module here sets the `faults` marker
(`pytest -m faults` runs the suite alone). The storage fixtures (`database_url`: SQLite and
PostgreSQL) and the fake platforms (`serve`, `tg`, `fake`) are the ones the other suites use."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import conversations, identities, runners
from tests.e2e.conftest import fake, serve, tg
from tests.integration.conftest import database_url, postgres_url, sqlite_url

__all__ = ["database_url", "fake", "postgres_url", "serve", "sqlite_url", "tg"]


async def rows(engine: AsyncEngine) -> dict[str, int]:
    """How many runners, identities and conversations the database holds."""
    counts: dict[str, int] = {}
    async with engine.connect() as conn:
        for table in (runners, identities, conversations):
            counts[table.name] = (
                await conn.execute(select(func.count()).select_from(table))
            ).scalar_one()
    return counts


NO_ROWS = {"runners": 0, "identities": 0, "conversations": 0}
