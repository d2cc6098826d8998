"""Updates from different runners run concurrently; one runner's updates run in order.

PTB's sequential default makes one slow runner delay everyone; its plain concurrent mode lets two
quick messages from one runner swap places. This processor keeps a FIFO lock per (chat, user).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT = 64


class PerConversationProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[tuple[int, int] | None, asyncio.Lock] = {}
        self._users: dict[tuple[int, int] | None, int] = {}

    @staticmethod
    def _key(update: object) -> tuple[int, int] | None:
        if not isinstance(update, Update):
            return None
        chat, user = update.effective_chat, update.effective_user
        return (chat.id if chat else 0, user.id if user else 0)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        # Tasks reach this point in update order and take the lock before any await: FIFO.
        key = self._key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
