"""One place that turns a database URL into a configured async engine.

SQLite: WAL, foreign keys on (cascades are how ForgetRunner deletes), a busy timeout, and every
transaction opened with BEGIN IMMEDIATE so that a turn takes the write lock before it reads:
a deferred transaction that reads first and writes later can fail with SQLITE_BUSY when another
connection committed in between, and busy_timeout does not help with that.

PostgreSQL (asyncpg): libpq-style `options=-c name=value` in the URL become asyncpg
server_settings (asyncpg.connect() has no `options` keyword), so a test can pin a search_path.
Its pool holds a connection for every update the bot handles at once (POOL_SIZE): SQLAlchemy's
default (5, plus 10 overflow connections closed as soon as they are returned) opened 77 new
server connections per 1,000 updates with 64 turns in flight (bench/pool.py).
"""

from __future__ import annotations

import asyncio
import shlex
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

BUSY_TIMEOUT_MS = 10_000
SQLITE_BEGIN_MODES = {"IMMEDIATE": "IMMEDIATE", "DEFERRED": "DEFERRED", "EXCLUSIVE": "EXCLUSIVE"}
# PostgreSQL: one pooled connection per update handled at once (the Telegram adapter runs up to
# bot.adapters.telegram_updates.MAX_CONCURRENT = 64; a test keeps the two in step), kept open,
# so a busy bot never connects again. The pool opens them only as turns need them, so a
# `worker` process that runs no turns holds a few. The overflow covers the scheduler, the
# shared send budget and reads beside 64 turns; past that, a turn waits for a connection.
POOL_SIZE = 64
POOL_OVERFLOW = 16


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def is_postgres(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def server_settings_from_options(options: str) -> dict[str, str]:
    """`-csearch_path=x -c statement_timeout=5s` -> {"search_path": "x", ...}."""
    settings: dict[str, str] = {}
    words = shlex.split(options)
    i = 0
    while i < len(words):
        word = words[i]
        if word == "-c" and i + 1 < len(words):
            i += 1
            word = words[i]
        elif word.startswith(("-c", "--")):
            word = word[2:]
        name, sep, value = word.partition("=")
        if not sep:
            raise ValueError(f"unsupported PostgreSQL option: {words[i]!r}")
        settings[name.replace("-", "_")] = value
        i += 1
    return settings


def create_engine(url: str | URL, **kwargs: Any) -> AsyncEngine:
    # A statement's values are a runner's answers and names: never in an error's message,
    # and so never in a log that prints one.
    kwargs.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "postgresql":
        return _postgres_engine(parsed, **kwargs)
    return create_async_engine(parsed, **kwargs)


@asynccontextmanager
async def one_writer(engine: AsyncEngine) -> AsyncIterator[None]:
    """SQLite: this process's write transactions on the hot path (turns, marks of replies
    sent) take turns here, in order, before BEGIN IMMEDIATE. Contending in SQLite instead, a
    waiting connection's thread sleeps in the busy handler (1, 2, 5, 10 ... 100 ms) and the
    lock sits free meanwhile: with 64 updates at once a turn took a median of 120 ms, most of
    it asleep (bench/peer.py). Waits at most the busy timeout, as SQLite would (TimeoutError:
    an outage to the App). Elsewhere a no-op: PostgreSQL locks rows, not the database."""
    if engine.dialect.name != "sqlite":
        yield
        return
    lock = _WRITERS.get(engine.sync_engine)
    if lock is None:
        lock = _WRITERS[engine.sync_engine] = asyncio.Lock()
    async with asyncio.timeout(BUSY_TIMEOUT_MS / 1000):
        await lock.acquire()
    try:
        yield
    finally:
        lock.release()


# One lock per SQLite engine (weak: gone with the engine).
_WRITERS: weakref.WeakKeyDictionary[Engine, asyncio.Lock] = weakref.WeakKeyDictionary()


@asynccontextmanager
async def reader(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection for reads. On SQLite its transaction begins DEFERRED, so a read takes no
    write lock and never waits for a turn; elsewhere it is a plain connection."""
    async with engine.connect() as conn:
        yield await conn.execution_options(sqlite_begin="DEFERRED")


def _postgres_engine(url: URL, **kwargs: Any) -> AsyncEngine:
    if "poolclass" not in kwargs:  # NullPool (migrations) takes no sizes
        kwargs.setdefault("pool_size", POOL_SIZE)
        kwargs.setdefault("max_overflow", POOL_OVERFLOW)
    options = url.query.get("options")
    if options is not None:
        url = url.difference_update_query(["options"])
        connect_args = dict(kwargs.pop("connect_args", {}))
        text = options if isinstance(options, str) else " ".join(options)
        connect_args["server_settings"] = {
            **connect_args.get("server_settings", {}),
            **server_settings_from_options(text),
        }
        kwargs["connect_args"] = connect_args
    return create_async_engine(url, **kwargs)


def _sqlite_engine(url: URL, **kwargs: Any) -> AsyncEngine:
    engine = create_async_engine(url, **kwargs)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to us (the "begin" hook below): pysqlite's own implicit
        # BEGIN is deferred and only emitted before DML.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # WAL + NORMAL is durable across application crashes; only a power loss can lose the
        # last commits. That is the usual trade for an embedded bot database.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # reader() asks for DEFERRED with execution_options(sqlite_begin="DEFERRED").
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        # Straight to the driver connection: one thread hop, where exec_driver_sql takes three
        # (open a cursor, execute, close it) on every turn. A failure is the driver's own
        # sqlite3.OperationalError, which storage/errors.py counts as an outage as before.
        dbapi_connection = conn.connection.dbapi_connection
        assert dbapi_connection is not None  # a connection that is beginning is open
        dbapi_connection.execute(f"BEGIN {SQLITE_BEGIN_MODES[mode]}")

    return engine
