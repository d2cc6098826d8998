"""PostgreSQL turns without a lock (issue 15): read, step, then save in one statement that
writes only if nothing it read has changed. Two round trips a turn (the read, the save) in
place of five (BEGIN, SELECT ... FOR UPDATE, the ledger row, the save, COMMIT).

The save is one statement with a data-modifying CTE per write (the conversation, the profile,
the display name, each effect row, the update's ledger row), run outside any transaction, so
it is atomic on its own. Its SELECT checks what the writes found:

- the conversation still at the version read (its UPDATE matched one row; PostgreSQL re-checks
  `version = :read` on the newest row when another turn updated it meanwhile);
- the profile still at the version read: its UPDATE matched when the turn changes it, else the
  runner row is still at that version in the statement's snapshot (a turn that only reads the
  profile is then ordered before the turn that changes it: it wrote nothing that turn reads);
- the update's ledger row inserted (it was not answered before).

If any check fails it calls comeback_turn_conflict (migration 0013), whose error undoes every
write of the statement; the caller then steps again from a fresh read (Conflict) or stops
(AlreadyAnswered). Every other writer of a conversation or a profile bumps its version too
(statements.py, links.py), so no write is ever lost under a save that read before it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, Select, bindparam, case, exists, func, insert, literal, select
from sqlalchemy.engine import Dialect

from storage import statements as q
from storage.errors import sqlstate
from storage.ledger import ROW_BINDS
from storage.models import conversations, runners
from storage.models import update_ledger as ledger
from storage.pg_fast import PgStatement

CONFLICT_SQLSTATE = "40001"  # serialization_failure, as comeback_turn_conflict raises it
UNIQUE_SQLSTATE = "23505"  # unique_violation
LEDGER_KEY = "pk_update_ledger"
ANSWERED = "answered"  # the reason comeback_turn_conflict is given when the ledger row exists


class Conflict(Exception):
    """What the turn read changed before it could save: nothing was written; step again."""


def conflict_reason(error: BaseException) -> str | None:
    """The reason comeback_turn_conflict gave, if this error (asyncpg's: the save goes
    through storage/pg_fast.py) is its ("ledger" for a ledger row another turn for the same
    update inserted meanwhile); else None."""
    message = str(error)  # our reasons and a constraint's name: read, never logged
    if sqlstate(error) == UNIQUE_SQLSTATE and LEDGER_KEY in message:
        return "ledger"
    if sqlstate(error) != CONFLICT_SQLSTATE:
        return None
    marker = "comeback turn conflict: "
    return message.split(marker, 1)[1].split()[0] if marker in message else None


def effect_bind(table: str, index: int, column: str) -> str:
    return f"b_{table}_{index}_{column}"


@lru_cache(maxsize=128)
def compiled_save(
    dialect: Dialect, runner: str, rename: bool, shape: tuple[tuple[str, int], ...], answered: bool
) -> PgStatement:
    """save_if_unchanged compiled for the engine's dialect, to be sent straight to asyncpg."""
    return PgStatement(save_if_unchanged(runner, rename, shape, answered), dialect)


def save_if_unchanged(
    runner: str, rename: bool, shape: tuple[tuple[str, int], ...], answered: bool
) -> Select[Any]:
    """The save for one shape of turn: `runner` is "", "profile" or "reachable"; `shape` the
    effect tables with their row counts; `answered`: the update's ledger row goes too. Built
    and compiled once per shape (compiled_save), prepared once per connection by asyncpg."""
    read = bindparam("b_version", type_=Integer)
    runner_read = bindparam("b_runner_version", type_=Integer)
    conversation = (
        q.SAVE_CONVERSATION.where(
            conversations.c.version == read,
            conversations.c.runner_id
            == bindparam("b_runner", type_=conversations.c.runner_id.type),
        )
        .returning(conversations.c.runner_id)
        .cte("save_conversation")
    )
    ctes: list[Any] = [conversation]
    checks: list[tuple[Any, str]] = [
        (select(func.count()).select_from(conversation).scalar_subquery() == 1, "conversation")
    ]
    if runner == "profile":
        profile = (
            q.SAVE_RUNNER.where(runners.c.version == runner_read)
            .returning(runners.c.id)
            .cte("save_runner")
        )
        ctes.append(profile)
        checks.append((select(func.count()).select_from(profile).scalar_subquery() == 1, "profile"))
    else:
        if runner == "reachable":
            ctes.append(q.REACHABLE.cte("reachable"))
        unchanged = exists().where(
            runners.c.id == bindparam("b_runner"), runners.c.version == runner_read
        )
        checks.append((unchanged, "profile"))
    if rename:
        ctes.append(q.DISPLAY_NAME.cte("display_name"))
    for name, count in shape:
        table = q.EFFECT_TABLES_BY_NAME[name]
        for index in range(count):
            row = {
                c.key: bindparam(effect_bind(name, index, c.key), type_=c.type)
                for c in table.c
                if c.key != "id"
            }
            ctes.append(table.insert().values(row).cte(f"insert_{name}_{index}"))
    if answered:
        # INSERT ... SELECT ... WHERE NOT EXISTS, not ON CONFLICT: SQLAlchemy cannot cache a
        # PostgreSQL ON CONFLICT statement (it would compile this one on every turn). Two
        # turns for one update at once: the conversation's version lets one through; the
        # other fails a check, or the unique key, and is tried again (conflict_reason).
        values = select(*(bindparam(b, type_=ledger.c[c].type) for c, b in ROW_BINDS.items()))
        unanswered = ~exists().where(
            ledger.c.platform == bindparam("b_platform"),
            ledger.c.update_id == bindparam("b_update"),
        )
        recorded = (
            insert(ledger)
            .from_select(list(ROW_BINDS), values.where(unanswered))
            .returning(ledger.c.update_id)
            .cte("ledger_row")
        )
        ctes.append(recorded)
        # First: an update answered before is not a conflict to retry.
        checks.insert(
            0, (select(func.count()).select_from(recorded).scalar_subquery() == 1, ANSWERED)
        )
    verdict = case(
        *((~check, func.comeback_turn_conflict(literal(reason))) for check, reason in checks),
        else_=literal(1),
    )
    return select(verdict).add_cte(*ctes)
