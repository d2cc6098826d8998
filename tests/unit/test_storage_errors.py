"""Which database errors are an outage (retried) and which a bug (answered at once)."""

from __future__ import annotations

import sqlite3

import asyncpg
import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from storage.errors import is_data_error, is_outage, sqlstate, where
from storage.names import fit_display_name


class DriverError(Exception):
    """What asyncpg's errors look like through SQLAlchemy: a `sqlstate` attribute."""

    def __init__(self, code: str | None) -> None:
        super().__init__("value too long for type character varying(128)")
        self.sqlstate = code


def wrapped(cls: type[DBAPIError], code: str | None, invalidated: bool = False) -> DBAPIError:
    return cls("UPDATE identities ...", {}, DriverError(code), connection_invalidated=invalidated)


@pytest.mark.parametrize(
    "error",
    [
        wrapped(DBAPIError, "08006"),  # connection failure
        wrapped(DBAPIError, "57P01"),  # admin shutdown
        wrapped(DBAPIError, "57P03"),  # cannot connect now
        wrapped(DBAPIError, "40P01"),  # deadlock
        wrapped(DBAPIError, "53300"),  # too many connections
        wrapped(DBAPIError, "22001", invalidated=True),  # the connection went with it
        wrapped(OperationalError, None),  # SQLite: database is locked
        wrapped(InterfaceError, None),  # asyncpg: connection closed
        PoolTimeout(),
        ConnectionRefusedError(),
        sqlite3.OperationalError("database is locked"),
        asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
        asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed"),
    ],
    ids=repr,
)
def test_an_outage_is_retried(error: BaseException) -> None:
    assert is_outage(error) and not is_data_error(error)


@pytest.mark.parametrize(
    "error",
    [
        wrapped(DBAPIError, "22001"),  # string data right truncation: a name too long
        wrapped(IntegrityError, "23505"),  # unique violation
        wrapped(IntegrityError, "23514"),  # check violation
        wrapped(DBAPIError, "22P02"),  # invalid text representation
        wrapped(DBAPIError, "42P01"),  # undefined table
        wrapped(IntegrityError, None),  # SQLite: constraint failed
        sqlite3.IntegrityError("CHECK constraint failed"),
        asyncpg.exceptions.StringDataRightTruncationError("value too long"),
    ],
    ids=repr,
)
def test_a_data_error_is_a_bug(error: BaseException) -> None:
    assert not is_outage(error) and is_data_error(error)


def test_a_bug_of_ours_is_neither() -> None:
    assert not is_outage(ValueError("x")) and not is_data_error(ValueError("x"))


def test_the_context_names_our_lines_not_the_values() -> None:
    try:
        fit_display_name(None)  # type: ignore[arg-type]
    except AttributeError as error:
        caught: BaseException = error
    assert where(caught).startswith("storage/names.py:")
    assert sqlstate(wrapped(DBAPIError, "22001")) == "22001"
    assert sqlstate(ValueError()) is None
