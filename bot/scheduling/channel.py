"""Where one platform's scheduled prompts go out. The composition root builds a Channel per
platform from the adapter's Sender; the dispatcher knows no platform by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.delivery import Sender


class Limiter(Protocol):
    """How fast one platform's sends go out: ratelimit.PlatformLimiter in one process (SQLite),
    budget.SharedLimiter across processes (PostgreSQL)."""

    @property
    def rate(self) -> float:
        """Sends a second this process can count on now (claims are sized for it)."""
        ...

    async def acquire(self, chat_id: str, *, group: bool) -> None: ...

    def pause(self, seconds: float) -> None: ...


def never_a_group(chat_id: str) -> bool:
    return False


@dataclass(frozen=True)
class Channel:
    """Where one platform's prompts go out: its Sender, the rate it allows, and which of its
    chats are groups (they have a slower limit of their own). An adapter's Platform, which
    answers `is_group_chat` itself, fits here as sender and as the rule."""

    sender: Sender
    limiter: Limiter
    is_group_chat: Callable[[str], bool] = never_a_group

    @property
    def platform(self) -> str:
        return self.sender.platform
