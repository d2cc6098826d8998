"""SQLite is the single-process engine: two processes dispatching from one SQLite file would
each claim rows the other is sending (there is no SKIP LOCKED). The first dispatcher takes an
exclusive lock on a file next to the database; a second one is refused with a clear message.
The lock is the kernel's (flock), so it goes away with a crashed process: no stale lock files.
PostgreSQL needs no guard: claims there are row locks with leases."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock; run one process there
    fcntl = None  # type: ignore[assignment]


class DispatchLocked(RuntimeError):
    """Another process dispatches from this SQLite database."""


def lock_path(database_url: str) -> Path | None:
    """`<database>.dispatch.lock` for a file SQLite database; None for anything else."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file::memory:"):
        return None  # an in-memory database exists in one process only
    return Path(database).resolve().with_name(Path(database).name + ".dispatch.lock")


class DispatchGuard:
    def __init__(self, database_url: str) -> None:
        self.path = lock_path(database_url)
        self._fd: int | None = None

    def acquire(self) -> None:
        if self.path is None or fcntl is None or self._fd is not None:
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            os.close(fd)
            raise DispatchLocked(
                f"another process is already sending the scheduled prompts of this SQLite "
                f"database (lock held on {self.path}). SQLite supports one dispatching process; "
                "stop the other one, or use PostgreSQL to run several workers."
            ) from error
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None
