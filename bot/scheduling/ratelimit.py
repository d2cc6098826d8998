"""Sending at the platform's full speed and never faster: token buckets per platform, a second
bucket per group chat (Telegram: 20 messages a minute in a group), and a shared pause when the
platform answers 429 (its retry_after applies to every sender of that bot, not one message).

The clock and the sleep are injectable, so tests drive the buckets without waiting."""

from __future__ import annotations

import asyncio
import time

from bot.ratelimit import Clock, Sleep, TokenBucket

__all__ = ["Clock", "PlatformLimiter", "Sleep", "TokenBucket"]


class PlatformLimiter:
    """The overall bucket of one platform plus a bucket per group chat (created on first use,
    dropped when idle long enough to be full again)."""

    def __init__(
        self,
        rate: float,
        *,
        group_per_minute: float | None = None,
        burst: float | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        # A twentieth of a second saved up: a sleep that oversleeps by a millisecond or two
        # (they all do) would otherwise lose those tokens and fall short of the rate; the
        # platform's own window is a whole second, so this never exceeds it.
        if burst is None:
            burst = max(1.0, rate / 20)
        self.overall = TokenBucket(rate, burst, clock=clock, sleep=sleep)
        self._group_rate = None if group_per_minute is None else group_per_minute / 60.0
        self._group_burst = group_per_minute or 1.0
        self._groups: dict[str, TokenBucket] = {}
        self._clock = clock
        self._sleep = sleep

    @property
    def rate(self) -> float:
        return self.overall.rate

    async def acquire(self, chat_id: str, *, group: bool) -> None:
        if group and self._group_rate is not None:
            bucket = self._groups.get(chat_id)
            if bucket is None:
                if len(self._groups) > 10_000:
                    self._groups.clear()  # only ever loses saved-up tokens, never the limit
                bucket = TokenBucket(
                    self._group_rate, self._group_burst, clock=self._clock, sleep=self._sleep
                )
                self._groups[chat_id] = bucket
            await bucket.acquire()
        await self.overall.acquire()

    def pause(self, seconds: float) -> None:
        self.overall.pause(seconds)
