"""The two questions /healthz and /metrics ask the database: does it answer, and how many
prompts are due and waiting (and since when). Both are reads, bounded in time by the caller."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import reader
from storage.models import outbox

WAITING = ("pending", "claimed")


async def ping(engine: AsyncEngine) -> None:
    """One round trip; raises if the database does not answer."""
    async with reader(engine) as conn:
        await conn.execute(text("SELECT 1"))


async def due_prompts(engine: AsyncEngine, now: datetime) -> tuple[int, float]:
    """(prompts due and not finished, seconds the oldest of them has waited; 0 if none)."""
    query = select(func.count(), func.min(outbox.c.due_at)).where(
        outbox.c.status.in_(WAITING), outbox.c.due_at <= now
    )
    async with reader(engine) as conn:
        count, oldest = (await conn.execute(query)).one()
    if oldest is None:
        return int(count or 0), 0.0
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    return int(count), max((now - oldest).total_seconds(), 0.0)
