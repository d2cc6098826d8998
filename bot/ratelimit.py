"""One token bucket for every sender: the adapters' own request limiter (Discord's global 50/s)
and the scheduler's per-platform and per-group buckets are all this class.

The clock and the sleep are injectable, so tests drive a bucket without waiting."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

# Refills are floating-point sums: a bucket 1e-12 short of a token must not sleep in a loop of
# ever smaller naps.
DUST = 1e-9


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
                if self._tokens >= 1.0 - DUST:
                    self._tokens = max(self._tokens - 1.0, 0.0)
                    return
                await self._sleep(max((1.0 - self._tokens) / self.rate, 1e-3))
