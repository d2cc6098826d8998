"""Fixtures for storage tests on both engines.

`database_url` is parametrized: a fresh SQLite file under tmp_path, and PostgreSQL at
127.0.0.1:5432/test. PostgreSQL isolation: every test gets its own schema (created here, put
first on the search_path through `?options=-csearch_path%3D<schema>` in the URL, dropped after),
so tests never see each other's rows and never touch other tables in `test`. If PostgreSQL is
unreachable the postgres tests FAIL with a message saying so: they are never skipped.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.engine import create_engine

POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"


async def _admin(*statements: str) -> None:
    engine = create_engine(POSTGRES)
    try:
        async with engine.begin() as conn:
            for statement in statements:
                await conn.execute(text(statement))
    except OSError as error:  # connection refused and friends
        pytest.fail(
            f"PostgreSQL at 127.0.0.1:5432 is unreachable ({error}); start it with: "
            f"{START_POSTGRES}",
            pytrace=False,
        )
    finally:
        await engine.dispose()


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    schema = f"t_{uuid.uuid4().hex[:16]}"
    await _admin(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        await _admin(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'comeback.db'}"


@pytest.fixture(
    params=[
        pytest.param("sqlite"),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def database_url(request: pytest.FixtureRequest) -> str:
    name = "postgres_url" if request.param == "postgres" else "sqlite_url"
    return str(request.getfixturevalue(name))
