"""Which database errors are an outage (wait and try the turn again) and which are a bug.

An outage is the database or the way to it being away for a moment: a refused or dropped
connection, a pool with no free connection, a server shutting down or restarting, a deadlock or
a serialisation failure. Trying the same turn again a moment later can work.

Anything else the database refuses (a string too long for its column, a constraint, a value of
the wrong type, bad SQL) is refused again on every attempt: retrying only makes the runner wait
before the same refusal. Such an error is a bug, to be logged once and answered at once.
"""

from __future__ import annotations

import sqlite3
import traceback
from pathlib import Path

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# SQLSTATE classes of a database that is away or busy, not of a statement that is wrong:
# 08 connection exception, 40 transaction rollback (deadlock, serialisation), 53 insufficient
# resources, 57 operator intervention (shutdown, restart), 58 system error (I/O).
_TRANSIENT_CLASSES = frozenset({"08", "40", "53", "57", "58"})
_OUR_PACKAGES = ("bot", "storage")


def sqlstate(error: BaseException) -> str | None:
    """The SQLSTATE of a PostgreSQL error, wrapped by SQLAlchemy or raw from asyncpg (a
    failed connect is raised as it came), if any."""
    orig = getattr(error, "orig", None) if isinstance(error, DBAPIError) else error
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return code if isinstance(code, str) and code else None


def is_outage(error: BaseException) -> bool:
    """True when trying the turn again later may work; False for a bug or a data error."""
    if isinstance(error, PoolTimeout | OSError | ConnectionError | TimeoutError):
        return True
    if isinstance(error, sqlite3.Error):
        # The SQLite hot path (storage/sqlite_fast.py) meets the driver's own errors: a locked
        # or unreadable database is an OperationalError, a refused value anything else.
        return isinstance(error, sqlite3.OperationalError)
    code = sqlstate(error)
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if code is not None:
        return code[:2] in _TRANSIENT_CLASSES
    if not isinstance(error, DBAPIError):
        return False
    # No SQLSTATE: a driver-level failure. SQLite reports a locked or unreadable database as
    # OperationalError; asyncpg a closed connection as InterfaceError.
    return isinstance(error, OperationalError | InterfaceError)


def is_data_error(error: BaseException) -> bool:
    """The database refused the statement itself (too long, a constraint, a type): a bug."""
    database = isinstance(error, DBAPIError | sqlite3.Error) or sqlstate(error) is not None
    return database and not is_outage(error)


def where(error: BaseException, depth: int = 3) -> str:
    """The innermost lines of our own code the error passed through, innermost first
    ("storage/sqlite_fast.py:62 < storage/store.py:207 < ..."): context for a log line that
    must not carry the error's message (it can quote the values)."""
    ours: list[str] = []
    for frame in traceback.extract_tb(error.__traceback__):
        parts = Path(frame.filename).parts
        for package in _OUR_PACKAGES:
            if package in parts:
                index = len(parts) - 1 - parts[::-1].index(package)
                ours.append(f"{'/'.join(parts[index:])}:{frame.lineno}")
                break
    return " < ".join(reversed(ours[-depth:])) or "?"
