"""What stops a start, said in one line: a database that cannot be opened or written, a platform
that rejects the token or cannot be reached. The entry points print `StartupError` as it is and
exit non-zero; no traceback (and so no URL with a token or a password in it)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from storage.schema import SchemaOutdated
from storage.store import Store

# How long the first connection may take before the database counts as unreachable.
CONNECT_TIMEOUT = 15.0


class StartupError(RuntimeError):
    """One line for the operator. `exit_code`: 2 for configuration (a path, a URL), 1 for
    what is down or refused."""

    def __init__(self, line: str, exit_code: int = 1) -> None:
        super().__init__(line)
        self.exit_code = exit_code


def where(url: str) -> str:
    """The database URL without its password, for a message."""
    return make_url(url).render_as_string(hide_password=True)


def check_sqlite_path(url: str) -> None:
    """A SQLite file we cannot create or write fails here, with the path and the reason (else
    SQLAlchemy's 'unable to open database file' traceback, 40 lines later)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    path = Path(parsed.database or "")
    if not path.parent.is_dir():
        raise StartupError(
            f"COMEBACK_DATABASE_URL: the folder {path.parent} does not exist (the SQLite file "
            f"{path} cannot be created)",
            2,
        )
    try:
        with path.open("ab"):
            pass
        probe = path.parent / f".{path.name}.write-test"  # WAL needs -wal and -shm beside it
        probe.touch()
        probe.unlink()
    except OSError as error:
        raise StartupError(
            f"COMEBACK_DATABASE_URL: cannot write the SQLite database {path}: "
            f"{error.strerror or type(error).__name__} (is the folder writable by this user?)",
            2,
        ) from None


async def open_store(url: str) -> Store:
    """Store.open, with every way it can fail at start turned into one StartupError line."""
    check_sqlite_path(url)
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT):
            return await Store.open(url)
    except SchemaOutdated as error:
        raise StartupError(f"database {where(url)}: {error}", 2) from None
    except TimeoutError:
        raise StartupError(
            f"database {where(url)}: no answer within {CONNECT_TIMEOUT:.0f} s"
        ) from None
    except (OperationalError, DBAPIError, PoolTimeout, OSError, ConnectionError) as error:
        raise StartupError(f"database {where(url)}: cannot open it: {_reason(error)}") from None
    except Exception as error:
        # asyncpg's own errors (a wrong password, a missing database) arrive unwrapped.
        if type(error).__module__.startswith("asyncpg"):
            raise StartupError(f"database {where(url)}: cannot open it: {_reason(error)}") from None
        raise


def _reason(error: BaseException) -> str:
    """The driver's first line, without SQLAlchemy's statement and background-link tail."""
    original = getattr(error, "orig", None) or error
    first = str(original).strip().splitlines()[0] if str(original).strip() else ""
    return f"{type(original).__name__}: {first}" if first else type(original).__name__
