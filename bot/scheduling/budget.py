"""PlatformLimiter's contract over the send budget every process shares (ports.RateBudget): the
platform's limit belongs to the bot token, so `run` and any number of `worker` processes take
their send slots from one budget in the database instead of each keeping `rate / k` of its own.

In one process, the senders waiting for a slot queue on a key; one take at a time asks the
budget for as many slots as there are waiters (one round trip however many are waiting), and
each waiter sleeps until its slot. The budget never hands out slots more than HORIZON ahead, so
a process that dies takes at most that much of the rate with it; the others go on at the full
rate. When the horizon is full, the next take waits until QUANTUM of slots are free again, so
k processes cost about k * 20 round trips a second at any rate instead of one per message.

When the database cannot be reached, this process sends on a bucket of its own at the rate
until it can (an apology for a failed turn must still go out; prompts cannot be claimed then).

The clock and the sleep are injectable, as in ratelimit.py.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import deque

from bot.ratelimit import Clock, Sleep, TokenBucket
from bot.scheduling.ports import RateBudget

log = logging.getLogger("comeback.scheduler")

HORIZON = 1.0  # seconds of slots a process may hold ahead of time
QUANTUM = 0.05  # seconds of slots worth a round trip once the horizon is full
GROUPS_KEPT = 10_000
# How this process's share of the rate is measured: slots it got in the last SHARE_WINDOW
# seconds, and never less than SHARE_FLOOR of the rate (an idle process has a small share
# only until it asks for more).
SHARE_WINDOW = 5.0
SHARE_FLOOR = 0.1


class SharedKey:
    """One key of the budget as this process sees it: a queue of waiters and one taker."""

    def __init__(
        self,
        budget: RateBudget,
        key: str,
        rate: float,
        *,
        burst: int = 1,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.budget = budget
        self.key = key
        self.rate = rate
        self.interval = 1.0 / rate
        self.burst = max(int(burst), 1)
        self.quantum = max(1, math.ceil(rate * QUANTUM))
        self.most = self.burst + math.ceil(rate * HORIZON)  # more never fits in one take
        self._clock = clock
        self._sleep = sleep
        self._waiting: deque[asyncio.Future[float]] = deque()
        self._taker: asyncio.Task[None] | None = None
        self._got: deque[tuple[float, int]] = deque()  # (when, slots) of recent takes
        self.paused_until = 0.0
        self._alone = TokenBucket(rate, max(1.0, rate / 20), clock=clock, sleep=sleep)
        self._alone_until = 0.0  # the budget failed: our own bucket until then

    @property
    def share(self) -> float:
        """Sends a second this process got lately: what its claims should be sized for."""
        horizon = self._clock() - SHARE_WINDOW
        while self._got and self._got[0][0] < horizon:
            self._got.popleft()
        got = sum(n for _, n in self._got) / SHARE_WINDOW
        return min(self.rate, max(got, self.rate * SHARE_FLOOR))

    @property
    def busy(self) -> bool:
        return bool(self._waiting) or (self._taker is not None and not self._taker.done())

    async def acquire(self) -> None:
        while True:
            slot: asyncio.Future[float] = asyncio.get_running_loop().create_future()
            self._waiting.append(slot)
            if self._taker is None or self._taker.done():
                self._taker = asyncio.create_task(self._take(), name=f"budget:{self.key}")
            at = await slot
            delay = at - self._clock()
            if delay > 0:
                await self._sleep(delay)
            if self._clock() >= self.paused_until:
                return
            # The platform said 429 while we waited: this slot is given up, ask again after.

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, self._clock() + seconds)

    async def _take(self) -> None:
        backoff = 0.2
        while True:
            while self._waiting and self._waiting[0].done():
                self._waiting.popleft()  # its sender was cancelled (shutdown)
            if not self._waiting:
                return
            now = self._clock()
            if now < self.paused_until:
                await self._sleep(self.paused_until - now)
                continue
            if now < self._alone_until:
                await self._alone.acquire()
                if self._waiting and not self._waiting[0].done():
                    self._waiting.popleft().set_result(self._clock())
                continue
            wanted = min(len(self._waiting), self.most)
            try:
                grant = await self.budget.take(
                    self.key, wanted, interval=self.interval, burst=self.burst, horizon=HORIZON
                )
            except Exception as error:  # the database is down: a bucket of our own meanwhile
                if backoff == 0.2:
                    log.warning("send budget %s unavailable (%s): sending on this process's "
                                "own bucket meanwhile", self.key.split(":")[0],
                                type(error).__name__)  # fmt: skip
                self._alone_until = self._clock() + backoff
                backoff = min(backoff * 2, 5.0)
                continue
            backoff = 0.2
            # Database instants -> this process's clock: a slot is used at or after its time
            # (late by the round trip's way back), never before.
            received = self._clock()
            self._got.append((received, grant.granted))
            for offset in grant.offsets():
                while self._waiting and self._waiting[0].done():
                    self._waiting.popleft()
                if not self._waiting:
                    break  # a slot nobody waits for any more is lost; the rate only dips
                self._waiting.popleft().set_result(received + offset)
            if grant.granted < wanted:
                # The horizon is full: come back when a quantum of slots fits again.
                free_at = grant.first_at + (grant.granted + self.quantum - 1) * grant.interval
                wait = free_at - HORIZON - grant.now - (self._clock() - received)
                if wait > 0:
                    await self._sleep(wait)


class SharedLimiter:
    """bot.scheduling.channel.Limiter over a RateBudget: the platform's overall rate and a
    rate per group chat, both shared by every process sending as this bot."""

    def __init__(
        self,
        budget: RateBudget,
        platform: str,
        rate: float,
        *,
        group_per_minute: float | None = None,
        key: str | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.budget = budget
        self.platform = platform
        self.overall = SharedKey(budget, key or platform, rate, clock=clock, sleep=sleep)
        self._group_per_minute = group_per_minute
        self._groups: dict[str, SharedKey] = {}
        self._clock = clock
        self._sleep = sleep
        self._pauses: set[asyncio.Task[None]] = set()

    @property
    def rate(self) -> float:
        """This process's share of the platform's rate (the others take the rest)."""
        return self.overall.share

    async def acquire(self, chat_id: str, *, group: bool) -> None:
        if group and self._group_per_minute:
            await self._group(chat_id).acquire()
        await self.overall.acquire()

    def pause(self, seconds: float) -> None:
        """A 429: this process stops at once, and the budget tells every other process."""
        self.overall.pause(seconds)
        task = asyncio.get_running_loop().create_task(self._share_pause(seconds))
        self._pauses.add(task)
        task.add_done_callback(self._pauses.discard)

    async def _share_pause(self, seconds: float) -> None:
        try:
            await self.budget.pause(self.overall.key, seconds)
        except Exception as error:  # this process pauses anyway; the others meet their own 429
            log.warning("send budget pause not shared (%s)", type(error).__name__)

    def _group(self, chat_id: str) -> SharedKey:
        key = self._groups.get(chat_id)
        if key is None:
            if len(self._groups) >= GROUPS_KEPT:
                self._groups = {chat: k for chat, k in self._groups.items() if k.busy}
            assert self._group_per_minute is not None
            key = SharedKey(
                self.budget,
                f"{self.platform}:group:{chat_id}",
                self._group_per_minute / 60.0,
                burst=int(self._group_per_minute),
                clock=self._clock,
                sleep=self._sleep,
            )
            self._groups[chat_id] = key
        return key
