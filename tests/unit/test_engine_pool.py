"""The PostgreSQL pool holds a connection for every update the bot handles at once, so a busy
bot does not connect again and again (bench/pool.py measures it)."""

from __future__ import annotations

from sqlalchemy.pool import NullPool, QueuePool

from bot.adapters.telegram_updates import MAX_CONCURRENT
from storage.engine import POOL_OVERFLOW, POOL_SIZE, create_engine

URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/none"  # never connected to


def test_the_pool_keeps_a_connection_for_every_update_in_flight() -> None:
    assert POOL_SIZE >= MAX_CONCURRENT
    pool = create_engine(URL).pool
    assert isinstance(pool, QueuePool)
    assert (pool.size(), pool._max_overflow) == (POOL_SIZE, POOL_OVERFLOW)


def test_a_caller_can_still_choose_its_pool() -> None:
    assert create_engine(URL, pool_size=3).pool.size() == 3
    assert isinstance(create_engine(URL, poolclass=NullPool).pool, NullPool)  # migrations


def test_the_bot_api_client_has_a_connection_for_every_update_in_flight() -> None:
    """Fewer, and a few calls Telegram leaves hanging would hold every other reply up."""
    from bot.adapters.telegram_request import CONNECTIONS
    from bot.settings import Settings

    assert Settings().telegram_connections == CONNECTIONS >= MAX_CONCURRENT
