"""Core statements sent straight to aiosqlite, for the SQLite hot path.

Why: SQLAlchemy's aiosqlite adapter pays three or four thread hops per statement (open cursor,
execute, [fetchall,] close cursor) and on a busy machine a hop costs 100-200 us, more than
SQLite's own work. aiosqlite's `execute` / `executemany` / `execute_fetchall` cost one hop.

What stays the same: the statements are the Core ones (compiled once for the SQLite dialect),
values go through the column types' own bind and result processors (JSON, dates, UTC
datetimes), and the transaction is SQLAlchemy's: it is opened by the engine (so the
BEGIN IMMEDIATE hook runs) and committed or rolled back by it, on the same connection.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import ClauseElement
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.compiler import SQLCompiler

DIALECT = sqlite.dialect()
Processor = Callable[[Any], Any] | None


class FastStatement:
    def __init__(self, statement: ClauseElement, columns: Sequence[Any] = ()) -> None:
        compiled = statement.compile(dialect=DIALECT)
        assert isinstance(compiled, SQLCompiler)
        self.sql = compiled.string
        self.names = tuple(compiled.positiontup or ())
        # Values written into the statement itself, e.g. `unreachable=False`.
        self._fixed = {name: compiled.binds[name].value for name in self.names}
        self._binds: tuple[Processor, ...] = tuple(
            compiled.binds[name].type.dialect_impl(DIALECT).bind_processor(DIALECT)
            for name in self.names
        )
        self.columns = tuple(column.key for column in columns)
        self._results: tuple[Processor, ...] = tuple(
            column.type.dialect_impl(DIALECT).result_processor(DIALECT, None) for column in columns
        )

    def args(self, params: Mapping[str, Any]) -> tuple[Any, ...]:
        values = (params[n] if n in params else self._fixed[n] for n in self.names)
        return tuple(
            value if process is None else process(value)
            for value, process in zip(values, self._binds, strict=True)
        )

    def row(self, raw: Sequence[Any]) -> dict[str, Any]:
        return {
            name: value if process is None else process(value)
            for name, value, process in zip(self.columns, raw, self._results, strict=True)
        }

    async def execute(self, conn: AsyncConnection, params: Mapping[str, Any]) -> None:
        await (await _driver(conn)).execute(self.sql, self.args(params))

    async def executemany(self, conn: AsyncConnection, rows: Sequence[Mapping[str, Any]]) -> None:
        await (await _driver(conn)).executemany(self.sql, [self.args(row) for row in rows])

    async def first(
        self, conn: AsyncConnection, params: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        rows = await (await _driver(conn)).execute_fetchall(self.sql, self.args(params))
        return self.row(rows[0]) if rows else None


async def _driver(conn: AsyncConnection) -> Any:
    """The aiosqlite connection under `conn`, inside SQLAlchemy's transaction."""
    if not conn.in_transaction():
        await conn.begin()  # runs the BEGIN IMMEDIATE hook of storage.engine
    raw = await conn.get_raw_connection()
    return raw.driver_connection
