"""The running bot's Discord requests come out of the send budget every process shares
(PostgreSQL), so `run` answering runners while workers send the morning's prompts stays within
the bot token's 50 requests a second together: the real discord.py client against the fake
Discord on 127.0.0.1, the real budget. Every request Discord counts against that limit takes one
slot; interaction responses and follow-ups (exempt) take none; a scheduled prompt takes one (in
the dispatcher), not two; a global 429 pauses the budget for every process; without the
budget's database the bot still answers; on SQLite nothing changes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import compose
from bot.app import App
from bot.compose import run_bots
from bot.core import zones
from bot.core.types import ConversationKey, Reply
from bot.scheduling.budget import HORIZON, SharedLimiter
from bot.text import text
from storage.budget import RateBudgetStore
from storage.engine import create_engine
from storage.models import rate_budget
from storage.store import Store
from tests.e2e.discord_fixtures import Runner, app, discord_settings, running_bot
from tests.e2e.test_discord import onboard
from tests.e2e.test_telegram_budget import Tally
from tests.fakes.discord_api import Call, FakeDiscord
from tests.fakes.platform import Bucket
from tests.integration.conftest import postgres_url as postgres_url  # the budget's database

__all__ = ["app"]  # fixtures

pytestmark = pytest.mark.postgres

RATE = 50.0  # Discord's global limit, the default COMEBACK_DISCORD_RATE


def counted(fake: FakeDiscord, since: int = 0) -> list[Call]:
    """The requests Discord counts against the bot's global limit: all but interaction
    responses and follow-ups."""
    return [
        call
        for call in fake.calls[since:]
        if "/interactions/" not in call.path and "/webhooks/" not in call.path
    ]


@pytest.fixture
async def budget_store(postgres_url: str) -> AsyncIterator[Store]:
    store = await Store.open(postgres_url, migrate=True)
    yield store
    await store.close()


async def eventually_paused(budget: RateBudgetStore) -> bool:
    """The budget's next slot is over a second away (the pause is written in the background:
    polled, a bounded number of times)."""
    for _ in range(40):
        grant = await budget.take("discord", 1, interval=1 / RATE, burst=1, horizon=HORIZON)
        if grant.first_at - grant.now > 1.0:
            return True
        await asyncio.sleep(0.05)
    return False


async def test_replies_take_a_slot_per_request_and_interaction_answers_none(
    fake: FakeDiscord, app: App, tmp_path: Path, budget_store: Store
) -> None:
    budget = Tally(RateBudgetStore(budget_store.engine))
    settings = discord_settings(fake, tmp_path)
    ann = Runner(fake, "ann")
    async with running_bot(
        fake, app, settings, shared=SharedLimiter(budget, "discord", RATE)
    ) as client:
        await onboard(ann)  # a slash command and presses, then answers typed in the DM
        assert fake.callbacks  # interaction responses went out: they took no slot
        assert budget.slots["discord"] == len(counted(fake)) > 5

        # Tomorrow's check-in, dispatched as `run` does: one slot, in the dispatcher.
        berlin = zones.zone("Europe/Berlin")
        day = datetime.now(berlin).date() + timedelta(days=1)
        now = datetime(day.year, day.month, day.day, 7, 31, tzinfo=berlin).astimezone(UTC)
        prompts = compose.scheduler(app, settings, clock=lambda: now)
        limiter = SharedLimiter(budget, "discord", RATE)
        prompts.add_channel(compose.channel(client.sender, settings, limiter))
        await prompts.tick()
        assert (await prompts.dispatch()).sent == 1
        await prompts.dispatcher.close()
        await ann.sees("checkin.pain")
        assert budget.slots["discord"] == len(counted(fake))


async def test_replies_leave_room_for_another_process_so_discord_refuses_none(
    fake: FakeDiscord, app: App, tmp_path: Path, budget_store: Store, postgres_url: str
) -> None:
    """Another process (its own pool) sends at the full rate while the bot answers with 100
    messages: together they never go over what Discord allows (a bucket of 50 a second with a
    second's burst, fed every instant a request was sent). With per-process limiters alone the
    two would send about twice that."""
    other_store = await Store.open(postgres_url)
    other = SharedLimiter(RateBudgetStore(other_store.engine), "discord", RATE)
    shared = SharedLimiter(RateBudgetStore(budget_store.engine), "discord", RATE)
    ann = Runner(fake, "ann")
    key = ConversationKey("discord", str(ann.id), str(ann.id))
    theirs: list[float] = []

    async def other_sends(count: int) -> None:
        for _ in range(count):
            await other.acquire("", group=False)
            theirs.append(time.monotonic())

    try:
        async with running_bot(fake, app, discord_settings(fake, tmp_path),
                               shared=shared) as client:  # fmt: skip
            since = len(fake.calls)
            replies = [Reply((text("onboard.area"),))] * 100
            posted, _ = await asyncio.gather(
                client.platform.deliver(key, replies), other_sends(100)
            )
            ours = [call.at for call in counted(fake, since)]
    finally:
        await other_store.close()
    assert len(posted) == 100
    assert len(ours) == 101  # the DM opened, then the 100 messages
    sends = sorted(ours + theirs)
    platform = Bucket(RATE, clock=iter([sends[0], *sends]).__next__)
    assert [at for at in sends if platform.take()] == []


async def test_a_global_429_pauses_every_process(
    fake: FakeDiscord, app: App, tmp_path: Path, budget_store: Store
) -> None:
    shared = SharedLimiter(RateBudgetStore(budget_store.engine), "discord", RATE)
    ann = Runner(fake, "ann")
    async with running_bot(fake, app, discord_settings(fake, tmp_path), shared=shared):
        fake.rate_limit("POST", r"/channels/\d+/messages", retry_after=3, globally=True)
        await ann.says("hello")
        other = RateBudgetStore(budget_store.engine)  # another process's view
        assert await eventually_paused(other)
        await ann.sees("onboard.welcome")  # discord.py tries again after retry_after
    assert [c.status for c in fake.calls if c.method == "POST" and "/messages" in c.path] == [
        429,
        200,
    ]


async def test_without_the_budgets_database_the_bot_still_answers(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    nobody = create_engine("postgresql+asyncpg://postgres@127.0.0.1:9/none")  # nothing listens
    shared = SharedLimiter(RateBudgetStore(nobody), "discord", RATE)
    ann = Runner(fake, "ann")
    try:
        async with running_bot(fake, app, discord_settings(fake, tmp_path), shared=shared):
            await ann.says("hello")
            await ann.sees("onboard.welcome")
    finally:
        await nobody.dispose()


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
async def test_run_shares_the_discord_budget_on_postgres_only(
    fake: FakeDiscord, tmp_path: Path, postgres_url: str, database: str
) -> None:
    """`comeback run` itself (run_bots): on PostgreSQL its Discord replies took slots from the
    shared `discord` budget; on SQLite the bot answers as before, and no budget is kept."""
    url = postgres_url if database == "postgres" else f"sqlite+aiosqlite:///{tmp_path}/run.db"
    store = await Store.open(url, migrate=True)
    await store.close()
    stop = asyncio.Event()
    running = asyncio.create_task(
        run_bots(discord_settings(fake, tmp_path, database_url=url), stop)
    )
    try:
        await fake.wait_for(lambda: running.done() or fake.shards)
        await fake.wait_connected()
        ann = Runner(fake, "ann")
        await ann.says("hello")
        await ann.sees("onboard.welcome")
    finally:
        stop.set()
        assert await asyncio.wait_for(running, 10) == 0
    store = await Store.open(url)
    try:
        async with store.engine.connect() as conn:
            rows = (await conn.execute(select(rate_budget.c.key, rate_budget.c.tat))).all()
    finally:
        await store.close()
    if database == "postgres":
        assert [key for key, tat in rows if tat > 0] == ["discord"]  # its replies took slots
    else:
        assert rows == []  # one process: its own buckets, in memory
