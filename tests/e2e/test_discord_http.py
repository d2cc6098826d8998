"""Our global limiter and invalid-request guard, on a clock the test moves."""

from __future__ import annotations

import pytest

from bot.adapters.discord_http import (
    GLOBAL_RATE,
    InvalidRequestBudgetExceeded,
    InvalidRequestGuard,
    redacted,
)
from bot.ratelimit import TokenBucket


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def test_bucket_lets_a_burst_through_then_paces_at_the_rate() -> None:
    clock = Clock()
    bucket = TokenBucket(GLOBAL_RATE, GLOBAL_RATE, clock=clock, sleep=clock.sleep)
    for _ in range(50):
        await bucket.acquire()
    assert clock.slept == []
    for _ in range(10):
        await bucket.acquire()
    assert sum(clock.slept) == pytest.approx(10 / 50)


async def test_bucket_refills_with_time() -> None:
    clock = Clock()
    bucket = TokenBucket(GLOBAL_RATE, GLOBAL_RATE, clock=clock, sleep=clock.sleep)
    for _ in range(50):
        await bucket.acquire()
    clock.now += 1.0
    for _ in range(50):
        await bucket.acquire()
    assert clock.slept == []


def test_guard_counts_invalid_answers_in_a_sliding_window() -> None:
    clock = Clock()
    guard = InvalidRequestGuard(budget=3, window=600, clock=clock)
    for status in (200, 204, 404, 500):
        guard.record(status)
    guard.record(429, scope="shared")  # Discord does not count shared-bucket 429s
    assert guard.count == 0
    for status in (401, 403):
        guard.record(status)
        clock.now += 100
    guard.check()
    guard.record(429, scope="user")
    with pytest.raises(InvalidRequestBudgetExceeded) as raised:
        guard.check()
    assert raised.value.retry_after == pytest.approx(400)
    clock.now += 400
    guard.check()  # the first one aged out
    assert guard.count == 2


def test_tokens_are_cut_from_logged_paths() -> None:
    token = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTp0b2tlbg" * 2
    assert redacted(f"/api/v10/interactions/123/{token}/callback") == (
        "/api/v10/interactions/123/<token>/callback"
    )
