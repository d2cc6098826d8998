"""Reading updates: small translations to neutral values, and the order they are processed in.

Updates from different runners run concurrently; one runner's updates run in order.

PTB's sequential default makes one slow runner delay everyone; its plain concurrent mode lets two
quick messages from one runner swap places. This processor keeps a FIFO lock per (chat, user).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import BaseUpdateProcessor

from bot.core.slash import as_command, is_command
from bot.core.types import ChatKind

MAX_CONCURRENT = 64


def chat_kind(chat_type: str) -> ChatKind:
    return ChatKind.PRIVATE if chat_type == ChatType.PRIVATE else ChatKind.GROUP


def command_text(text: str, bot_username: str) -> str | None:
    """`/start@ComebackBot join_abc` -> `/start join_abc`; a command for another bot -> None.
    What is a command is bot.core.slash's rule, white space before the "/" included."""
    if not is_command(text):
        return text
    head, sep, rest = as_command(text).partition(" ")
    command, _, target = head.partition("@")
    if target and target.lower() != bot_username.lower():
        return None
    return command + sep + rest


def pressed_label(markup: InlineKeyboardMarkup | None, data: str) -> str | None:
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


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
