"""Loading a conversation at the start of a turn: the one read on the hot path.

PostgreSQL goes through SQLAlchemy Core (asyncpg: one prepared statement, one round trip).
SQLite takes a shortcut: SQLAlchemy's aiosqlite adapter spends four thread hops on a SELECT
(open cursor, execute, fetchall, close cursor), about as much as the whole UPDATE+COMMIT of a
turn; aiosqlite's own `execute_fetchall` does it in one hop. The transaction is still opened by
SQLAlchemy (so BEGIN IMMEDIATE comes from the engine hook) and writes still go through Core:
only this read is sent to the driver, on the same connection, inside the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Select
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.state import Profile
from storage import statements as q
from storage.codec import profile_from


class Loaded(NamedTuple):
    runner_id: int
    flow: str
    data: Mapping[str, Any]
    unreachable: bool
    display_name: str | None
    profile: Profile | None


class CoreLoader:
    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement

    async def __call__(self, conn: AsyncConnection, params: dict[str, str]) -> Loaded | None:
        row = (await conn.execute(self.statement, params)).first()
        if row is None:
            return None
        return Loaded(
            row.runner_id,
            row.flow,
            row.data,
            bool(row.unreachable),
            row.display_name,
            profile_from(row._mapping),
        )


_compiled = q.LOAD.compile(dialect=sqlite.dialect())
SQLITE_LOAD_SQL = _compiled.string
_POSITIONS = tuple(_compiled.positiontup or ())
_NAMES = tuple(column.key for column in q.LOAD.selected_columns)
_JSON = frozenset({"data", "cross_training", "coach_state"})
_DATES = frozenset({"last_checkin", "skip_date"})


class SqliteLoader:
    """The same LOAD statement, compiled once for SQLite and decoded here: JSON text, ISO
    dates and 0/1 booleans are all SQLite hands back for these columns."""

    async def __call__(self, conn: AsyncConnection, params: dict[str, str]) -> Loaded | None:
        if not conn.in_transaction():
            await conn.begin()  # fires the BEGIN IMMEDIATE hook before we read
        raw = await conn.get_raw_connection()
        driver: Any = raw.driver_connection
        rows: Sequence[Sequence[Any]] = await driver.execute_fetchall(
            SQLITE_LOAD_SQL, tuple(params[name] for name in _POSITIONS)
        )
        if not rows:
            return None
        row = dict(zip(_NAMES, rows[0], strict=True))
        for name in _JSON:
            if row[name] is not None:
                row[name] = json.loads(row[name])
        for name in _DATES:
            if row[name] is not None:
                row[name] = date.fromisoformat(row[name])
        return Loaded(
            row["runner_id"],
            row["flow"],
            row["data"],
            bool(row["unreachable"]),
            row["display_name"],
            profile_from(row),
        )
