"""Upgrade a database to the newest revision, programmatically: no alembic.ini at runtime, the
Config is built here and the scripts are found next to this file (works from a wheel too)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import NullPool

from storage.engine import create_engine

SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"
# Any constant: two processes starting at once on PostgreSQL take turns instead of both
# trying to CREATE TABLE. (SQLite serialises them with BEGIN IMMEDIATE already.)
MIGRATION_LOCK = 0x636F6D65  # "come"


def alembic_config(url: str = "") -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    if url:
        # Escape % for configparser interpolation (passwords may hold it).
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def migrate(url: str) -> None:
    """Bring the database at `url` to head. Idempotent."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        await migrate_engine(engine)
    finally:
        await engine.dispose()


async def migrate_engine(engine: AsyncEngine) -> None:
    """Upgrade through an engine the caller already has (a :memory: SQLite only exists there)."""
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
            )
        await connection.run_sync(_upgrade)


def _upgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
