"""The send budget every process shares, on the real PostgreSQL: concurrent takers (several
connections pools, several OS processes) never get slots closer than the platform allows, a
holder that dies gives its share back within the horizon, a 429 pauses every process, and two
dispatchers sending as one bot stay under the bot's limit together."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import pytest

from bot import compose
from bot.app import App
from bot.core.state import IDLE, State
from bot.scheduling.budget import HORIZON, SharedLimiter
from bot.settings import Settings
from storage.budget import RateBudgetStore
from storage.engine import create_engine
from storage.store import Store
from tests.fakes.platform import Bucket, FakeSender
from tests.integration.test_scheduler import dm, profile

pytestmark = pytest.mark.postgres

REPO = Path(__file__).resolve().parents[2]
RATE = 100.0
INTERVAL = 1.0 / RATE


@pytest.fixture
async def stores(postgres_url: str) -> AsyncIterator[list[RateBudgetStore]]:
    """Four takers with their own connection pools, as four processes would have."""
    first = await Store.open(postgres_url, migrate=True)
    others = [await Store.open(postgres_url) for _ in range(3)]
    try:
        yield [RateBudgetStore(s.engine) for s in (first, *others)]
    finally:
        for store in (first, *others):
            await store.close()


async def taker(store: RateBudgetStore, wanted: int, slots: list[float], until: int) -> None:
    """Take slots the way SharedKey does (as many as wanted, waiting when the horizon is
    full) until `until` slots were handed out among all takers; note each slot's instant."""
    while len(slots) < until:
        grant = await store.take("telegram", wanted, interval=INTERVAL, burst=1, horizon=HORIZON)
        slots.extend(grant.first_at + k * grant.interval for k in range(grant.granted))
        if grant.granted < wanted:
            await asyncio.sleep(max(0.0, grant.first_at - HORIZON - grant.now))


def most_in_one_second(instants: list[float]) -> int:
    instants = sorted(instants)
    most, start = 0, 0
    for end, at in enumerate(instants):
        while at - instants[start] >= 1.0 - 1e-6:  # [t, t + 1), floats summed
            start += 1
        most = max(most, end - start + 1)
    return most


async def test_concurrent_takers_never_get_more_than_the_rate(
    stores: list[RateBudgetStore],
) -> None:
    slots: list[float] = []
    wants = (1, 3, 7, 20)  # eight takers on four pools, asking for more or fewer at a time
    await asyncio.gather(
        *(taker(store, want, slots, 300) for store in stores for want in wants[:2]),
        *(taker(store, want, slots, 300) for store in stores[:2] for want in wants[2:]),
    )
    slots.sort()
    assert len(set(slots)) == len(slots)  # no slot handed out twice
    gaps = [b - a for a, b in pairwise(slots)]
    assert min(gaps) >= INTERVAL * (1 - 1e-6)
    assert most_in_one_second(slots) <= RATE


WORKER = """
import asyncio, json, sys, time
from storage.budget import RateBudgetStore
from storage.engine import create_engine
from storage.engine import create_engine
from bot.scheduling.budget import SharedLimiter

async def main(url, rate, sends, hold):
    engine = create_engine(url)
    limiter = SharedLimiter(RateBudgetStore(engine), "telegram", rate)
    if hold:  # take a whole horizon of slots, say so, and wait to be killed
        await limiter.budget.take("telegram", 10_000, interval=1 / rate, burst=1, horizon=1.0)
        print("holding", flush=True)
        await asyncio.sleep(3600)
    stamps = []
    async def send():
        await limiter.acquire("1", group=False)
        stamps.append(time.monotonic())
    await asyncio.gather(*(send() for _ in range(sends)))
    print(json.dumps(stamps), flush=True)
    await engine.dispose()

asyncio.run(main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "hold"))
"""


async def spawn(
    url: str, rate: float, sends: int, hold: bool = False
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", WORKER, url, str(rate), str(sends), "hold" if hold else "send",
        cwd=REPO, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


@pytest.mark.slow
async def test_processes_sending_as_one_bot_are_never_answered_429(
    postgres_url: str, stores: list[RateBudgetStore]
) -> None:
    """Three OS processes with 80 senders each: the platform (a bucket of RATE a second, a
    second's burst, as FakeBotApi keeps) would have refused none of their sends."""
    workers = [await spawn(postgres_url, RATE, 80) for _ in range(3)]
    outputs = [await worker.communicate() for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), [err for _, err in outputs]
    sends = sorted(at for out, _ in outputs for at in json.loads(out))
    assert len(sends) == 240
    platform = Bucket(RATE, clock=iter([sends[0], *sends]).__next__)
    assert [at for at in sends if platform.take()] == []


async def test_a_killed_holder_gives_its_share_back_within_the_horizon(
    postgres_url: str, stores: list[RateBudgetStore]
) -> None:
    holder = await spawn(postgres_url, RATE, 0, hold=True)
    try:
        assert holder.stdout is not None
        assert await holder.stdout.readline() == b"holding\n"
        # Held: the next slot is a whole horizon away.
        held = await stores[1].take("telegram", 1, interval=INTERVAL, burst=1, horizon=HORIZON)
        assert held.first_at - held.now > HORIZON * 0.5
    finally:
        holder.send_signal(signal.SIGKILL)
        await holder.wait()
    # Killed: nothing to expire or clean up; the slots it held simply pass, and a survivor's
    # next slot is at most a horizon away.
    grant = await stores[2].take("telegram", 1, interval=INTERVAL, burst=1, horizon=HORIZON)
    waits = grant.offsets() or [grant.first_at - grant.now - HORIZON]
    assert waits[0] <= HORIZON + INTERVAL


async def test_a_429_pauses_every_process(stores: list[RateBudgetStore]) -> None:
    mine = SharedLimiter(stores[0], "telegram", RATE)
    await mine.acquire("1", group=False)
    mine.pause(3.0)  # the platform said: retry after 3 s
    await asyncio.sleep(0)
    await asyncio.gather(*mine._pauses)
    theirs = await stores[1].take("telegram", 1, interval=INTERVAL, burst=1, horizon=HORIZON)
    assert theirs.granted == 0
    assert theirs.first_at - theirs.now > 2.0


async def test_a_group_gets_its_burst_then_one_slot_every_three_seconds(
    stores: list[RateBudgetStore],
) -> None:
    """Telegram's 20 messages a minute in a group, shared too: 20 at once, then the next
    only three seconds later, whichever process asks."""
    key, every = "telegram:group:-100", 60 / 20
    burst = await stores[0].take(key, 25, interval=every, burst=20, horizon=HORIZON)
    assert burst.offsets() == [0.0] * 20
    after = await stores[1].take(key, 1, interval=every, burst=20, horizon=HORIZON)
    assert after.granted == 0 and after.first_at - after.now > every - 0.5


async def test_two_dispatchers_sending_as_one_bot_stay_under_its_limit(
    postgres_url: str,
) -> None:
    """Two schedulers (two processes' worth: own stores, own worker ids) claim and send 150
    due prompts to one platform allowing 30 a second: every runner gets one, and the platform
    refuses none, because the 30 a second are shared, not 30 each."""
    now = datetime.now(UTC)
    hhmm = now.strftime("%H:%M")
    first = await Store.open(postgres_url, migrate=True)
    second = await Store.open(postgres_url)
    try:
        for i in range(150):
            async with first.turn(dm(str(i))) as turn:
                await turn.save(State(IDLE, {}, profile("UTC", hhmm)))
        platform = FakeSender(rate=compose.DEFAULT_RATE)
        settings = Settings(
            database_url=postgres_url,
            catchup_hours=0.5,
            dispatch_batch=20,
            weekly_weekday=(now.weekday() + 3) % 7,  # no weekly note in the window
        )
        schedulers = [
            compose.scheduler(App(store), settings, senders=[platform], worker=name)
            for store, name in ((first, "a"), (second, "b"))
        ]
        assert await schedulers[0].tick() == 150
        results = await asyncio.gather(*(s.dispatch() for s in schedulers))
        for scheduler in schedulers:
            await scheduler.dispatcher.close()
    finally:
        await first.close()
        await second.close()
    assert platform.rejected == 0
    assert sorted(platform.per_user().values()) == [1] * 150
    assert all(result.sent > 0 for result in results)  # both really sent


async def test_without_its_database_a_process_still_sends_on_its_own_bucket() -> None:
    """PostgreSQL down: a turn's apology must still go out; this process sends at the rate on
    its own until the budget answers again."""
    nobody = create_engine("postgresql+asyncpg://postgres@127.0.0.1:9/none")  # nothing listens
    limiter = SharedLimiter(RateBudgetStore(nobody), "telegram", RATE)
    try:
        async with asyncio.timeout(60):  # bounds a failure, not a pass
            for _ in range(3):
                await limiter.acquire("1", group=False)
    finally:
        await nobody.dispose()
