"""Sending at the platform's full speed and never faster: token buckets per platform, a second
bucket per group chat (Telegram: 20 messages a minute in a group), and a shared pause when the
platform answers 429 (its retry_after applies to every sender of that bot, not one message).

The clock and the sleep are injectable, so tests drive the buckets without waiting."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class TokenBucket:
    """`rate` tokens a second, at most `burst` saved up. Waiters are served in order (one lock),
    so a burst of a thousand due prompts drains evenly instead of stampeding."""

    def __init__(
        self,
        rate: float,
        burst: float = 1.0,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.burst = max(burst, 1.0)
        self._clock = clock
        self._sleep = sleep
        self._tokens = self.burst
        self._stamp = clock()
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    def _refill(self, now: float) -> None:
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    def pause(self, seconds: float) -> None:
        """Nobody sends for `seconds` (a 429's retry_after); the saved-up burst is dropped so
        the first requests after the pause do not hit the limit again at once."""
        now = self._clock()
        self._paused_until = max(self._paused_until, now + seconds)
        self._refill(now)
        self._tokens = min(self._tokens, 0.0)

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = self._clock()
                if now < self._paused_until:
                    await self._sleep(self._paused_until - now)
                    continue
                self._refill(now)
                if self._tokens >= 1.0:
                    self._tokens -= 1.0
                    return
                await self._sleep((1.0 - self._tokens) / self.rate)


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
