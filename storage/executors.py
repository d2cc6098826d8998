"""One interface for running the hot-path statements, two ways: through SQLAlchemy Core
(PostgreSQL, and anything else), or straight to aiosqlite (SQLite; see sqlite_fast.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import ClauseElement, Executable
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.sqlite_fast import FastStatement


class Prepared(Protocol):
    async def execute(self, conn: AsyncConnection, params: Mapping[str, Any]) -> None: ...

    async def executemany(
        self, conn: AsyncConnection, rows: Sequence[Mapping[str, Any]]
    ) -> None: ...

    async def first(
        self, conn: AsyncConnection, params: Mapping[str, Any]
    ) -> Mapping[str, Any] | None: ...


class CoreStatement:
    def __init__(self, statement: Executable) -> None:
        self.statement = statement

    async def execute(self, conn: AsyncConnection, params: Mapping[str, Any]) -> None:
        await conn.execute(self.statement, dict(params))

    async def executemany(self, conn: AsyncConnection, rows: Sequence[Mapping[str, Any]]) -> None:
        await conn.execute(self.statement, [dict(row) for row in rows])

    async def first(
        self, conn: AsyncConnection, params: Mapping[str, Any]
    ) -> Mapping[str, Any] | None:
        row = (await conn.execute(self.statement, dict(params))).first()
        return None if row is None else dict(row._mapping)


def prepare(
    statement: ClauseElement, columns: Iterable[Any] = (), *, fast_sqlite: bool
) -> Prepared:
    """`columns`: what a SELECT returns, for decoding its rows on the SQLite path."""
    if fast_sqlite:
        return FastStatement(statement, tuple(columns))
    assert isinstance(statement, Executable)
    return CoreStatement(statement)
