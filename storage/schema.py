"""Is the database at the newest revision? Store.open asks when it is not told to migrate."""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import reader
from storage.migrate import alembic_config


class SchemaOutdated(RuntimeError):
    """The database needs `comeback migrate`."""


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def check_schema(engine: AsyncEngine) -> None:
    async with reader(engine) as conn:
        current = await conn.run_sync(current_revision)
    head = head_revision()
    if current != head:
        raise SchemaOutdated(
            f"database is at revision {current or 'none'}, code expects {head}: "
            "run `comeback migrate`"
        )
