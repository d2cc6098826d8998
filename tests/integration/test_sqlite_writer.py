"""SQLite: a process's turns queue for the write lock in order (storage/engine.one_writer),
rather than each polling SQLite's busy handler, which let a turn wait behind later ones."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.state import State
from bot.core.types import ConversationKey
from storage import Store
from storage import engine as storage_engine
from storage.errors import is_outage

DM = ConversationKey("telegram", "7", "7")


async def test_turns_on_sqlite_take_the_write_lock_in_the_order_they_came(
    sqlite_url: str,
) -> None:
    store = await Store.open(sqlite_url)
    try:
        async with store.turn(DM) as turn:
            await turn.save(State("idle", {"order": []}))
        holding = asyncio.Event()

        async def append(n: int) -> None:
            async with store.turn(DM) as turn:
                if n == 0:
                    holding.set()
                    await asyncio.sleep(0.05)  # the others queue up meanwhile
                order = [*turn.state.data["order"], n]
                await turn.save(turn.state.with_data(order=order))

        first = asyncio.create_task(append(0))
        await holding.wait()
        rest = []
        for n in range(1, 20):
            rest.append(asyncio.create_task(append(n)))
            await asyncio.sleep(0)  # each starts waiting before the next is made
        await asyncio.gather(first, *rest)
        assert (await store.state(DM)).data["order"] == list(range(20))  # none lost, in order
    finally:
        await store.close()


async def test_waiting_longer_than_the_busy_timeout_is_an_outage(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As SQLite's own busy timeout would be: the App answers "try again", never hangs."""
    monkeypatch.setattr(storage_engine, "BUSY_TIMEOUT_MS", 100)
    store = await Store.open(sqlite_url)
    try:
        async with store.turn(DM) as turn:
            with pytest.raises(TimeoutError) as waited:
                async with store.turn(DM):
                    pass
            assert is_outage(waited.value)
            await turn.save(State("idle", {"n": 1}))  # the turn holding the lock goes on
        assert (await store.state(DM)).data == {"n": 1}
    finally:
        await store.close()
