"""Core statements sent straight to asyncpg, for the PostgreSQL turn (storage/optimistic.py).

Why: through SQLAlchemy's asyncpg adapter a statement costs about 210 us of CPU (greenlet
hand-offs, the execution context, the result object) against about 80 us for asyncpg's own
prepared statement, and a turn sends two (the read and the save). bench/turns.py --plain shows
what this is worth.

Only public SQLAlchemy API, as in sqlite_fast.py: the statement is compiled once with the
engine's own dialect (its `$1, $2, ...` in `compiled.positiontup` order, with the casts
SQLAlchemy renders), each value goes through its bind's type's bind processor (JSON to text,
which the dialect's codec on every pooled connection sends as json/jsonb; aware datetimes in
UTC), each column through its result processor, on the documented `driver_connection`. Nothing
here opens a transaction: each statement commits on its own, which is what the optimistic turn
wants (its save is one statement).

Errors: asyncpg's own. A PostgresError carries its SQLSTATE, which storage/errors.py and
optimistic.conflict_reason read. A connection found closed is invalidated, so that the pool
drops it, and raised as ConnectionError: an outage, tried again on a fresh connection.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import ClauseElement
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.compiler import SQLCompiler

from storage.rows import Processor, RowDecoder

_MISSING = object()


class PgStatement:
    """One Core statement, compiled once; first() / execute() on a pooled connection's asyncpg
    connection, outside any transaction."""

    def __init__(self, statement: ClauseElement, dialect: Dialect, columns: Iterable[Any] = ()):
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        self.sql = compiled.string
        fixed = compiled.params
        # (name, value written into the statement or _MISSING for a bind the caller must give,
        # bind processor) in the order of $1, $2, ...
        self._binds: tuple[tuple[str, Any, Processor], ...] = tuple(
            (
                name,
                _MISSING if compiled.binds[name].required else fixed[name],
                compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect),
            )
            for name in compiled.positiontup or ()
        )
        self.row = RowDecoder(columns, dialect)

    def args(self, params: Mapping[str, Any]) -> list[Any]:
        out = []
        for name, fixed, process in self._binds:
            value = params[name] if fixed is _MISSING else params.get(name, fixed)
            out.append(value if process is None else process(value))
        return out

    async def first(
        self, conn: AsyncConnection, driver: Any, params: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        """The first row, decoded by the columns given; `driver` is driver_of(conn)."""
        raw = await _run(conn, driver, driver.fetchrow, self.sql, self.args(params))
        return None if raw is None else self.row(raw)

    async def execute(self, conn: AsyncConnection, driver: Any, params: Mapping[str, Any]) -> None:
        await _run(conn, driver, driver.execute, self.sql, self.args(params))


async def driver_of(conn: AsyncConnection) -> Any:
    """The asyncpg connection under `conn` (one greenlet hand-off: fetch it once per turn)."""
    raw = await conn.get_raw_connection()
    return raw.driver_connection


async def _run(
    conn: AsyncConnection,
    driver: Any,
    method: Callable[..., Awaitable[Any]],
    sql: str,
    args: list[Any],
) -> Any:
    try:
        return await method(sql, *args)
    except Exception as error:
        if driver.is_closed():
            await conn.invalidate()
            raise ConnectionError("PostgreSQL connection lost") from error
        raise
