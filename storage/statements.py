"""Core statements of the hot path, built once so that SQLAlchemy's compiled cache and
asyncpg's prepared statements are hit on every turn. Bind names carry a `b_` prefix because
SQLAlchemy reserves plain column names in SET/VALUES clauses."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Column,
    Delete,
    Insert,
    Select,
    Table,
    Update,
    and_,
    bindparam,
    delete,
    false,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnClause

from storage.codec import COLUMNS
from storage.models import (
    checkins,
    conversations,
    identities,
    pause_changes,
    runners,
    sessions,
    stage_history,
)

# `version + 1` with the 1 written into the SQL: no bind (the SQLite fast path binds by type).
ONE: ColumnClause[Any] = literal_column("1")

_conversation_key = and_(
    conversations.c.platform == bindparam("b_platform"),
    conversations.c.chat_id == bindparam("b_chat"),
    conversations.c.user_id == bindparam("b_user"),
)

# One round trip loads everything a turn needs: the conversation, its runner (profile and
# reachability) and the identity's display name.
LOAD: Select[Any] = (
    select(
        conversations.c.runner_id,
        conversations.c.flow,
        conversations.c.data,
        runners.c.unreachable,
        identities.c.display_name,
        conversations.c.version.label("conversation_version"),
        runners.c.version.label("runner_version"),
        *(runners.c[name] for name in COLUMNS),
    )
    .select_from(
        conversations.join(runners, conversations.c.runner_id == runners.c.id).outerjoin(
            identities,
            and_(
                identities.c.platform == conversations.c.platform,
                identities.c.user_id == conversations.c.user_id,
            ),
        )
    )
    .where(_conversation_key)
)
# PostgreSQL: lock the conversation and the runner. Locking the conversation too matters: after
# waiting for another transaction, PostgreSQL re-reads only the rows it locks, so a row that is
# merely joined could come back as it was before the other turn committed.
LOAD_FOR_UPDATE: Select[Any] = LOAD.with_for_update(of=[conversations, runners])

IDENTITY: Select[Any] = select(identities.c.runner_id).where(
    identities.c.platform == bindparam("b_platform"),
    identities.c.user_id == bindparam("b_user"),
)

NEW_RUNNER: Insert = (
    runners.insert()
    .values(created_at=bindparam("b_now", type_=runners.c.created_at.type))
    .returning(runners.c.id)
)

DROP_RUNNER: Delete = delete(runners).where(runners.c.id == bindparam("b_runner"))

SAVE_CONVERSATION: Update = (
    update(conversations)
    .where(_conversation_key)
    .values(
        flow=bindparam("b_flow", type_=conversations.c.flow.type),
        data=bindparam("b_data", type_=conversations.c.data.type),
        updated_at=bindparam("b_now", type_=conversations.c.updated_at.type),
        version=conversations.c.version + ONE,
    )
)

# Profile columns plus `unreachable = false`: the runner just wrote to us.
SAVE_RUNNER: Update = (
    update(runners)
    .where(runners.c.id == bindparam("b_runner"))
    .values(
        unreachable=false(),
        version=runners.c.version + ONE,
        **{name: bindparam(f"b_{name}", type_=runners.c[name].type) for name in COLUMNS},
    )
)

REACHABLE: Update = (
    update(runners).where(runners.c.id == bindparam("b_runner")).values(unreachable=false())
)

# Bumps the version: a turn that read the runner before, or saved it in this process lately
# (storage/recent.py), must not go on from a reachability that is no longer true.
SET_UNREACHABLE: Update = (
    update(runners)
    .where(runners.c.id.in_(IDENTITY.scalar_subquery()))
    .values(unreachable=bindparam("b_unreachable"), version=runners.c.version + ONE)
)

# Writes nothing when the name is already the one given (a PostgreSQL turn that starts from
# what its process saved last does not know the name another chat may have written since, and
# sends this every turn: storage/store.py).
DISPLAY_NAME: Update = (
    update(identities)
    .where(
        identities.c.platform == bindparam("b_platform"),
        identities.c.user_id == bindparam("b_user"),
        identities.c.display_name.is_distinct_from(
            bindparam("b_name", type_=identities.c.display_name.type)
        ),
    )
    .values(display_name=bindparam("b_name", type_=identities.c.display_name.type))
)


def insert_ignore(dialect: str, table: Table, on: Sequence[Column[Any]] | None = None) -> Insert:
    """INSERT ... ON CONFLICT DO NOTHING, for race-safe creation. `on`: the columns of the one
    unique key that decides (else every unique index is checked before each row, the primary
    key too)."""
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=on)
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=on)
    raise NotImplementedError(f"no INSERT ... ON CONFLICT for {dialect}")


def new_identity(dialect: str) -> Insert:
    return (
        insert_ignore(dialect, identities)
        .values(
            platform=bindparam("b_platform"),
            user_id=bindparam("b_user"),
            runner_id=bindparam("b_runner"),
            display_name=bindparam("b_name"),
        )
        .returning(identities.c.runner_id)
    )


def new_conversation(dialect: str) -> Insert:
    return insert_ignore(dialect, conversations).values(
        platform=bindparam("b_platform"),
        chat_id=bindparam("b_chat"),
        user_id=bindparam("b_user"),
        runner_id=bindparam("b_runner"),
        flow=bindparam("b_flow"),
        data=bindparam("b_data", type_=conversations.c.data.type),
        updated_at=bindparam("b_now", type_=conversations.c.updated_at.type),
    )


def insert_rows(table: Table) -> Insert:
    """INSERT of every column but the generated id; rows carry `b_<column>` keys."""
    return table.insert().values(
        {c.key: bindparam(f"b_{c.key}", type_=c.type) for c in table.c if c.key != "id"}
    )


@lru_cache(maxsize=64)
def pg_save(runner: str, display_name: bool, tables: tuple[str, ...]) -> Update:
    """PostgreSQL: a whole save() in one statement, one round trip. The runner update, the
    display name and one effect row per table in `tables` ride along as data-modifying CTEs
    of the conversation UPDATE. `runner` is "", "profile" or "reachable". The effect row of
    a table binds pg_effect_bind(table, column).

    One row per table, as a single-row INSERT: a multi-row VALUES has no cache key, so
    SQLAlchemy would compile it on every execution (~0.7 ms); this statement is compiled once
    per shape by SQLAlchemy's own cache (and asyncpg prepares it once per connection). A table
    with several rows in one turn is written by its own executemany, which keeps their order."""
    ctes = []
    if runner == "profile":
        ctes.append(SAVE_RUNNER.cte("save_runner"))
    elif runner == "reachable":
        ctes.append(REACHABLE.cte("reachable"))
    if display_name:
        ctes.append(DISPLAY_NAME.cte("display_name"))
    for name in tables:
        table = EFFECT_TABLES_BY_NAME[name]
        row = {
            c.key: bindparam(pg_effect_bind(name, c.key), type_=c.type)
            for c in table.c
            if c.key != "id"
        }
        ctes.append(table.insert().values(row).cte(f"insert_{name}"))
    return SAVE_CONVERSATION.add_cte(*ctes)


def pg_effect_bind(table: str, column: str) -> str:
    return f"b_{table}_{column}"


EFFECT_TABLES_BY_NAME = {
    table.name: table for table in (checkins, sessions, stage_history, pause_changes)
}
