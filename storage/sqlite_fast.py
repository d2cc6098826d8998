"""Core statements sent straight to aiosqlite, for the SQLite hot path.

Why: SQLAlchemy's aiosqlite adapter pays three or four thread hops per statement (open cursor,
execute, [fetchall,] close cursor) and on a busy machine a hop costs 100-200 us, more than
SQLite's own work. aiosqlite's `execute` / `executemany` / `execute_fetchall` cost one hop.
bench/turns.py: the same turns through the normal Core path cost 1.5-2x the CPU time and
reach about half the turns per second.

Only public SQLAlchemy API: the statement is compiled once for SQLite with the named paramstyle
(sqlite3 takes a dict of `:name` values as they are), its bind types come from a public
traversal of the statement, values go through those types' own bind and result processors
(JSON, dates, UTC datetimes), and the driver connection is the documented
`PoolProxiedConnection.driver_connection`. The transaction is SQLAlchemy's: it is opened by
the engine (so the BEGIN IMMEDIATE hook runs) and committed or rolled back by it, on the same
connection.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import BindParameter, ClauseElement
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import visitors
from sqlalchemy.types import NullType, TypeEngine

from storage.rows import Processor, RowDecoder

DIALECT = sqlite.dialect(paramstyle="named")


class FastStatement:
    def __init__(self, statement: ClauseElement, columns: Sequence[Any] = ()) -> None:
        compiled = statement.compile(dialect=DIALECT)
        self.sql = compiled.string
        # Every bind with its default: values written into the statement are kept.
        self._fixed = dict(compiled.params)
        types = _bind_types(statement)
        self._binds: tuple[tuple[str, Processor], ...] = tuple(
            (name, _bind_processor(types[name])) for name in self._fixed
        )
        self.row = RowDecoder(columns, DIALECT)

    def args(self, params: Mapping[str, Any]) -> dict[str, Any]:
        out = {}
        for name, process in self._binds:
            value = params[name] if name in params else self._fixed[name]
            out[name] = value if process is None else process(value)
        return out

    async def execute(self, conn: AsyncConnection, params: Mapping[str, Any]) -> None:
        await (await _driver(conn)).execute(self.sql, self.args(params))

    async def executemany(self, conn: AsyncConnection, rows: Sequence[Mapping[str, Any]]) -> None:
        await (await _driver(conn)).executemany(self.sql, [self.args(row) for row in rows])

    async def first(
        self, conn: AsyncConnection, params: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        rows = await (await _driver(conn)).execute_fetchall(self.sql, self.args(params))
        return self.row(rows[0]) if rows else None


def _bind_types(statement: ClauseElement) -> dict[str, TypeEngine[Any]]:
    """Bind name -> its declared type. A bind without a type would silently skip its
    processor (a date would reach SQLite as whatever sqlite3 makes of it): refused."""
    types: dict[str, TypeEngine[Any]] = {}

    def visit(bind: BindParameter[Any]) -> None:
        if isinstance(bind.type, NullType):
            raise TypeError(f"bind {bind.key!r} has no type; give bindparam() a type_")
        types[bind.key] = bind.type

    visitors.traverse(statement, {}, {"bindparam": visit})
    return types


def _bind_processor(type_: TypeEngine[Any]) -> Processor:
    return type_.dialect_impl(DIALECT).bind_processor(DIALECT)


async def _driver(conn: AsyncConnection) -> Any:
    """The aiosqlite connection under `conn`, inside SQLAlchemy's transaction."""
    if not conn.in_transaction():
        await conn.begin()  # runs the BEGIN IMMEDIATE hook of storage.engine
    raw = await conn.get_raw_connection()
    return raw.driver_connection
