"""What every adapter shares about the send budget every process shares (PostgreSQL): the slots
a reply takes (bot.scheduling.budget.SharedLimiter, as the adapters need it), and the mark on
sends that took their slot elsewhere already (a scheduled prompt, in the dispatcher), so that
they are not counted twice."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

_COUNTED = contextvars.ContextVar("comeback_send_already_counted", default=False)


class SharedSlots(Protocol):
    """bot.scheduling.budget.SharedLimiter, as the adapters need it."""

    async def acquire(self, chat_id: str, *, group: bool) -> None: ...

    def pause(self, seconds: float) -> None: ...


@contextmanager
def already_counted(counted: bool = True) -> Iterator[None]:
    """Requests made inside this block took their slot elsewhere (the dispatcher's)."""
    token = _COUNTED.set(counted)
    try:
        yield
    finally:
        _COUNTED.reset(token)


def counted() -> bool:
    """Whether the request being made now took its slot already."""
    return _COUNTED.get()
