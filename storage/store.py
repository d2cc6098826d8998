"""The repository the app uses: one transaction per turn (load, the caller steps, save).

    store = await Store.open(url)
    async with store.turn(key, display_name) as turn:
        new_state, replies, effects = step(turn.state, event)
        await turn.save(new_state, effects)

Leaving the block without save() rolls back: nothing changes, not even a first contact.
Only `create=True` (a person writing) makes a runner for a platform account that has none; with
`create=False` (a button, a prompt) such a turn is for nobody: its state is NEW and save()
writes nothing, so a runner who used /delete stays deleted.
Serialisation: SQLite transactions start with BEGIN IMMEDIATE (one writer at a time, across
processes too). PostgreSQL reads an existing conversation without a lock (or starts from what
this Store saved for it last: storage/recent.py) and saves it in one statement only if the
conversation and the profile are still at those versions (storage/optimistic.py, sent straight
to asyncpg by storage/pg_fast.py; else save() raises Conflict and writes nothing: the App steps
again from a fresh read);
with `lock=True`, and for a first contact, it locks the conversation and runner rows (SELECT
... FOR UPDATE) instead. Either way no write of another process is lost. The app still keeps
its per-key asyncio lock so that one process does not race itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, NamedTuple

from asyncpg import PostgresError
from sqlalchemy import Insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.core.effects import Effect, ForgetRunner
from bot.core.state import NEW, Profile, State
from bot.core.types import ConversationKey
from storage import statements as q
from storage.codec import (
    COLUMNS,
    EFFECT_TABLES,
    EffectRows,
    as_read,
    effect_rows,
    profile_columns,
    profile_from,
    through_json,
)
from storage.engine import create_engine, is_sqlite, one_writer, reader
from storage.executors import Prepared, prepare
from storage.ledger import AlreadyAnswered, Answered, LedgerStatements, record, row_params
from storage.migrate import migrate_engine
from storage.names import fit_display_name
from storage.optimistic import ANSWERED, Conflict, compiled_save, conflict_reason, effect_bind
from storage.pg_fast import PgStatement, driver_of
from storage.reading import Reading, runner_row
from storage.recent import RECENT_TURNS, RecentTurns
from storage.schema import check_schema

# A first contact can lose a race (the runner it found was forgotten a moment ago, and the
# foreign key refuses the new conversation); nothing has reached the caller yet, so retry.
RESOLVE_ATTEMPTS = 3


class TurnFinished(RuntimeError):
    """save() was called twice on one turn."""


class Loaded(NamedTuple):
    runner_id: int
    flow: str
    data: Mapping[str, Any]
    unreachable: bool
    display_name: str | None
    profile: Profile | None
    conversation_version: int = 0
    runner_version: int = 0

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Loaded:
        return cls(
            row["runner_id"],
            row["flow"],
            row["data"],
            bool(row["unreachable"]),
            row["display_name"],
            profile_from(row),
            row["conversation_version"],
            row["runner_version"],
        )


# What a turn for nobody loads: no runner, no conversation, nothing to save.
NOBODY = Loaded(0, NEW, {}, False, None, None)


class Statements:
    """The hot-path statements, prepared once per Store for its dialect. `fast_paths=False`
    runs everything through plain Core, so that bench/turns.py --plain can show what the fast
    paths (sqlite_fast, statements.pg_save) are still worth."""

    def __init__(self, engine_dialect: Dialect, fast_paths: bool = True) -> None:
        self.engine_dialect = engine_dialect
        dialect = engine_dialect.name
        load = q.LOAD_FOR_UPDATE if dialect == "postgresql" else q.LOAD
        fast = fast_paths and dialect == "sqlite"
        self.load = prepare(load, load.selected_columns, fast_sqlite=fast)
        self.look = prepare(q.LOAD, q.LOAD.selected_columns, fast_sqlite=fast)  # no lock
        self.save_conversation = prepare(q.SAVE_CONVERSATION, fast_sqlite=fast)
        self.save_runner = prepare(q.SAVE_RUNNER, fast_sqlite=fast)
        self.reachable = prepare(q.REACHABLE, fast_sqlite=fast)
        self.display_name = prepare(q.DISPLAY_NAME, fast_sqlite=fast)
        self.insert: dict[Any, Prepared] = {
            table: prepare(q.insert_rows(table), fast_sqlite=fast)
            for table in EFFECT_TABLES.values()
        }
        self.new_identity: Insert = q.new_identity(dialect)
        self.new_conversation: Insert = q.new_conversation(dialect)
        self.one_statement_save = fast_paths and dialect == "postgresql"
        # PostgreSQL: read without a lock, save in one statement if nothing changed
        # (storage/optimistic.py), both sent straight to asyncpg (storage/pg_fast.py).
        # None: the locking turn (SQLite, and `fast_paths=False`).
        self.optimistic_read = (
            PgStatement(q.LOAD, engine_dialect, q.LOAD.selected_columns)
            if fast_paths and dialect == "postgresql"
            else None
        )
        self.ledger = LedgerStatements(dialect, fast_sqlite=fast)


class Turn:
    """A loaded conversation inside an open transaction. `state` is what the engine steps."""

    __slots__ = (
        "_conn",
        "_display_name",
        "_key",
        "_loaded",
        "_saved",
        "_sql",
        "found",
        "runner_id",
        "state",
    )

    def __init__(
        self,
        conn: AsyncConnection,
        sql: Statements,
        key: ConversationKey,
        display_name: str,
        loaded: Loaded,
    ) -> None:
        self._conn = conn
        self._sql = sql
        self._key = key
        self._display_name = display_name
        self._loaded = loaded
        self._saved = False
        self.runner_id: int = loaded.runner_id
        self.found = loaded is not NOBODY  # False: nobody, and save() writes nothing
        self.state = State(loaded.flow, loaded.data, loaded.profile)

    async def save(
        self, state: State, effects: Iterable[Effect] = (), answered: Answered | None = None
    ) -> None:
        """Write the conversation, the profile and the effect rows, and commit; with
        `answered`, first the update's ledger row and its unsent replies (storage/ledger.py:
        raises AlreadyAnswered, and nothing is written, if the update was answered before)."""
        saving = self._start_save(effects)
        if saving is None:
            return
        conn, sql, key = self._conn, self._sql, self._key
        if any(isinstance(effect, ForgetRunner) for effect in saving):
            await self._forget(conn, answered)
            await conn.commit()
            return
        params, runner, rename = self._params(state)
        rows = effect_rows(self.runner_id, saving)
        if answered is not None:
            await record(conn, sql.ledger, key, answered, params["b_now"])
        if sql.one_statement_save:
            await self._save_postgres(params, runner, rename, rows)
        else:
            await self._save_each(params, runner, rename, rows)
        await conn.commit()

    def _start_save(self, effects: Iterable[Effect]) -> tuple[Effect, ...] | None:
        """The effects to save, or None when there is nothing to write (a turn for nobody)."""
        if self._saved:
            raise TurnFinished(f"turn for {self._key} already saved")
        self._saved = True
        return tuple(effects) if self.found else None

    async def _forget(self, conn: AsyncConnection, answered: Answered | None) -> None:
        """The runner's /delete: cascades take identities, conversations and every effect row
        with it (the caller commits)."""
        if answered is not None:
            now = datetime.now(UTC)
            await record(conn, self._sql.ledger, self._key, answered, now,
                         forget_runner=self.runner_id)  # fmt: skip
        await conn.execute(q.DROP_RUNNER, {"b_runner": self.runner_id})

    def _params(self, state: State) -> tuple[dict[str, Any], str, bool]:
        """The save's binds; which runner write it needs ("profile", "reachable" or ""), and
        whether the display name changed."""
        key, loaded = self._key, self._loaded
        params: dict[str, Any] = {
            "b_platform": key.platform,
            "b_chat": key.chat,
            "b_user": key.user,
            "b_flow": state.flow,
            "b_data": dict(state.data),
            "b_now": datetime.now(UTC),
            "b_runner": self.runner_id,
            "b_name": self._display_name,
        }
        # The profile is the runner's and changes rarely: write it only when it did. Writing
        # it also sets unreachable = false; otherwise that alone is written, if needed.
        runner = ""
        if state.profile != loaded.profile:
            runner = "profile"
            values = profile_columns(state.profile)
            params.update((f"b_{name}", values[name]) for name in COLUMNS)
        elif loaded.unreachable:
            runner = "reachable"
        rename = bool(self._display_name) and self._display_name != loaded.display_name
        return params, runner, rename

    async def _save_postgres(
        self, params: dict[str, Any], runner: str, rename: bool, rows: EffectRows
    ) -> None:
        """One statement, one round trip (see statements.pg_save); a table with several rows
        in this turn takes one executemany more. bench/turns --plain: 3-9% less CPU per turn than a
        statement per write on a local server, and two round trips fewer per check-in."""
        single = {
            table: table_rows[0] for table, table_rows in rows.items() if len(table_rows) == 1
        }
        for table, row in single.items():
            params.update(
                (q.pg_effect_bind(table.name, key[2:]), value) for key, value in row.items()
            )
        shape = tuple(table.name for table in single)
        await self._conn.execute(q.pg_save(runner, rename, shape), params)
        for table, table_rows in rows.items():
            if len(table_rows) > 1:
                await self._sql.insert[table].executemany(self._conn, table_rows)

    async def _save_each(
        self, params: dict[str, Any], runner: str, rename: bool, rows: EffectRows
    ) -> None:
        """A statement per write: on SQLite that costs no round trip (see sqlite_fast)."""
        conn, sql = self._conn, self._sql
        await sql.save_conversation.execute(conn, params)
        if runner == "profile":
            await sql.save_runner.execute(conn, params)
        elif runner == "reachable":
            await sql.reachable.execute(conn, params)
        if rename:
            await sql.display_name.execute(conn, params)
        for table, table_rows in rows.items():
            await sql.insert[table].executemany(conn, table_rows)


class OptimisticTurn(Turn):
    """PostgreSQL: loaded without a lock, outside a transaction; saved by one statement that
    writes only if nothing it read has changed (storage/optimistic.py). save() raises Conflict
    (nothing was written: step again from a fresh read) or AlreadyAnswered."""

    __slots__ = ("_driver", "_engine", "saved")

    def __init__(
        self,
        conn: AsyncConnection,
        sql: Statements,
        key: ConversationKey,
        display_name: str,
        loaded: Loaded,
        engine: AsyncEngine,
        driver: Any,
    ) -> None:
        super().__init__(conn, sql, key, display_name, loaded)
        self._engine = engine
        self._driver = driver  # the asyncpg connection under conn (pg_fast.driver_of)
        # After a save that went through: what reading the conversation back would give.
        self.saved: Loaded | None = None

    async def save(
        self, state: State, effects: Iterable[Effect] = (), answered: Answered | None = None
    ) -> None:
        saving = self._start_save(effects)
        if saving is None:
            return
        if any(isinstance(effect, ForgetRunner) for effect in saving):
            async with self._engine.begin() as conn:  # a /delete: everything goes, in one go
                await self._forget(conn, answered)
            return
        params, runner, rename = self._params(state)
        params["b_version"] = self._loaded.conversation_version
        params["b_runner_version"] = self._loaded.runner_version
        rows = effect_rows(self.runner_id, saving)
        for table, table_rows in rows.items():
            for index, row in enumerate(table_rows):
                params.update(
                    (effect_bind(table.name, index, name[2:]), value) for name, value in row.items()
                )
        if answered is not None:
            params.update(row_params(self._key, answered, params["b_now"]))
        shape = tuple((table.name, len(table_rows)) for table, table_rows in rows.items())
        save = compiled_save(self._sql.engine_dialect, runner, rename, shape, answered is not None)
        try:
            await save.execute(self._conn, self._driver, params)
        except PostgresError as error:
            reason = conflict_reason(error)
            if reason is None:
                raise
            if reason == ANSWERED and answered is not None:
                raise AlreadyAnswered(answered.update_id) from None
            raise Conflict(reason) from None
        self.saved = self._as_saved(state, params, runner)

    def _as_saved(self, state: State, params: dict[str, Any], runner: str) -> Loaded:
        """The conversation as this save left it, decoded as a read would decode it (JSON
        columns through JSON), with the versions the save gave it."""
        loaded = self._loaded
        profile = loaded.profile
        if runner == "profile":  # from the columns just written (see _params)
            profile = profile_from(as_read({name: params[f"b_{name}"] for name in COLUMNS}))
        return Loaded(
            self.runner_id,
            state.flow,
            through_json(dict(state.data)),
            loaded.unreachable and not runner,  # a profile or reachable write clears it
            None,  # not known: another chat of the account may rename it (statements.DISPLAY_NAME)
            profile,
            loaded.conversation_version + 1,
            loaded.runner_version + (runner == "profile"),
        )


class Store(Reading):
    def __init__(
        self, engine: AsyncEngine, fast_paths: bool = True, recent_turns: int = RECENT_TURNS
    ) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._sql = Statements(engine.dialect, fast_paths)
        # What this Store saved last per conversation (PostgreSQL; storage/recent.py).
        self._recent: RecentTurns[Loaded] = RecentTurns(recent_turns)

    @classmethod
    async def open(
        cls,
        url: str,
        migrate: bool | None = None,
        *,
        fast_paths: bool = True,
        recent_turns: int = RECENT_TURNS,
        **engine_kwargs: Any,
    ) -> Store:
        """Create the engine. `migrate` defaults to True for SQLite (an embedded database
        upgrades itself) and False for PostgreSQL (run `comeback migrate` on deploy); without
        migrating, a database that is not at the newest revision is refused. `fast_paths`:
        see Statements; `recent_turns`: conversations whose next turn starts from what this
        Store saved (PostgreSQL; storage/recent.py), 0 to read every turn."""
        if is_sqlite(url):
            # The pool's rollback of a returned connection is one thread hop more per turn (of
            # six; bench/profile_turn.py) and undoes nothing here: SQLAlchemy rolls back a
            # connection closed inside a transaction itself, the SQLite fast path only runs
            # inside SQLAlchemy's transactions, and pysqlite opens none of its own (engine.py).
            engine_kwargs.setdefault("pool_reset_on_return", None)
        engine = create_engine(url, **engine_kwargs)
        try:
            if migrate if migrate is not None else is_sqlite(url):
                await migrate_engine(engine)
            else:
                await check_schema(engine)
        except BaseException:
            await engine.dispose()
            raise
        return cls(engine, fast_paths, recent_turns)

    async def close(self) -> None:
        await self.engine.dispose()

    @asynccontextmanager
    async def turn(
        self,
        key: ConversationKey,
        display_name: str = "",
        *,
        create: bool = True,
        lock: bool = False,
    ) -> AsyncIterator[Turn]:
        """The conversation, loaded in an open transaction; see the module docstring. On
        PostgreSQL an existing conversation is read without a lock and saved only if unchanged
        (OptimisticTurn: save() may raise Conflict); `lock=True` takes the row locks instead."""
        display_name = fit_display_name(display_name)
        read = self._sql.optimistic_read
        if read is not None:
            # Taken in every case: a locking turn writes too, and would leave it stale.
            loaded = self._recent.take(key)
            if not lock:
                async with self.engine.connect() as conn:
                    driver = await driver_of(conn)  # no transaction: the save commits alone
                    if loaded is None:  # not saved here lately (storage/recent.py): read it
                        row = await read.first(conn, driver, _key_params(key))
                        loaded = None if row is None else Loaded.of(row)
                    if loaded is not None:
                        turn = OptimisticTurn(
                            conn, self._sql, key, display_name, loaded, self.engine, driver
                        )
                        yield turn
                        if turn.saved is not None:
                            self._recent.keep(key, turn.saved)
                        return
                # A first contact: the rows are made in the transaction below.
        async with one_writer(self.engine), self.engine.connect() as conn:
            loaded = await self._resolve(conn, key, display_name, create)
            # Leaving without save(): closing the connection rolls the transaction back.
            yield Turn(conn, self._sql, key, display_name, loaded)

    async def state(self, key: ConversationKey) -> State:
        """The conversation as stored now, changing nothing: for callers that only look (the
        console's clock, /join's open question). Always read: a turn may start from what
        this process saved last, and only its save finds out whether that is still true."""
        async with reader(self.engine) as conn:
            row = await self._sql.look.first(conn, _key_params(key))
            if row is None:  # a chat not written in yet: new, with the runner's profile if any
                runner = await runner_row(conn, key.platform, key.user)
                return State(profile=None if runner is None else profile_from(runner))
        loaded = Loaded.of(row)
        return State(loaded.flow, loaded.data, loaded.profile)

    async def mark_unreachable(self, platform: str, user_id: str) -> bool:
        """The platform refused delivery (blocked bot, left server). True if a runner matched."""
        return await self._set_unreachable(platform, user_id, True)

    async def mark_reachable(self, platform: str, user_id: str) -> bool:
        return await self._set_unreachable(platform, user_id, False)

    async def _set_unreachable(self, platform: str, user_id: str, value: bool) -> bool:
        async with self.engine.begin() as conn:
            result = await conn.execute(
                q.SET_UNREACHABLE,
                {"b_platform": platform, "b_user": user_id, "b_unreachable": value},
            )
            return bool(result.rowcount)

    async def _resolve(
        self, conn: AsyncConnection, key: ConversationKey, name: str, create: bool
    ) -> Loaded:
        params = _key_params(key)
        row = await self._sql.load.first(conn, params)
        if row is not None:
            return Loaded.of(row)  # the common case: one round trip
        for attempt in range(RESOLVE_ATTEMPTS):
            try:
                return await self._first_contact(conn, name, params, create)
            except IntegrityError:
                await conn.rollback()
                if attempt == RESOLVE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    async def _first_contact(
        self, conn: AsyncConnection, display_name: str, params: dict[str, Any], create: bool
    ) -> Loaded:
        """Create what is missing (runner, identity, conversation), race-safely: INSERT ... ON
        CONFLICT DO NOTHING, then read back whatever row won. Without `create`, an account
        with no runner gets nothing (NOBODY); a runner's new chat still gets its conversation."""
        now = datetime.now(UTC)
        runner_id = (await conn.execute(q.IDENTITY, params)).scalar()
        if runner_id is None and not create:
            return NOBODY
        if runner_id is None:
            created = (await conn.execute(q.NEW_RUNNER, {"b_now": now})).scalar_one()
            runner_id = (
                await conn.execute(
                    self._sql.new_identity, {**params, "b_runner": created, "b_name": display_name}
                )
            ).scalar()
            if runner_id is None:  # another process created this identity first
                await conn.execute(q.DROP_RUNNER, {"b_runner": created})
                runner_id = (await conn.execute(q.IDENTITY, params)).scalar_one()
        await conn.execute(
            self._sql.new_conversation,
            {**params, "b_runner": runner_id, "b_flow": NEW, "b_data": {}, "b_now": now},
        )
        row = await self._sql.load.first(conn, params)
        if row is None:
            raise IntegrityError("conversation vanished during first contact", None, Exception())
        return Loaded.of(row)


def _key_params(key: ConversationKey) -> dict[str, Any]:
    return {"b_platform": key.platform, "b_chat": key.chat, "b_user": key.user}
