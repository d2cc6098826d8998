"""The running bot's replies come out of the send budget every process shares (PostgreSQL), so
`run` answering runners while workers send the morning's prompts stays within the bot's 30 a
second together: the real python-telegram-bot against the fake Bot API, the real budget.
Every request to a chat takes one slot; a scheduled prompt takes one (in the dispatcher), not
two; a 429 the bot meets pauses the budget for every process."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot import compose
from bot.adapters.telegram import RATE_LIMIT_RETRIES
from bot.adapters.telegram_budget import BudgetRateLimiter
from bot.adapters.telegram_send import TelegramSender
from bot.app import App
from bot.core import zones
from bot.scheduling.budget import HORIZON, SharedLimiter
from bot.scheduling.ports import Grant
from bot.settings import Settings
from storage.budget import RateBudgetStore
from storage.store import Store
from tests.e2e.test_telegram import onboard_by_text, running
from tests.e2e.test_telegram import tg_app as tg_app  # the fixtures: App on SQLite in tmp_path
from tests.e2e.test_telegram import tg_db as tg_db
from tests.e2e.test_telegram import tg_settings as tg_settings
from tests.fakes.telegram_api import FakeTelegram
from tests.integration.conftest import postgres_url as postgres_url  # the budget's database

pytestmark = pytest.mark.postgres


class Tally:
    """The real budget, with a tally of the slots it handed out per key."""

    def __init__(self, budget: RateBudgetStore) -> None:
        self.budget = budget
        self.slots: Counter[str] = Counter()

    async def take(
        self, key: str, wanted: int, *, interval: float, burst: int, horizon: float
    ) -> Grant:
        grant = await self.budget.take(key, wanted, interval=interval, burst=burst, horizon=horizon)
        self.slots[key] += grant.granted
        return grant

    async def pause(self, key: str, seconds: float) -> None:
        await self.budget.pause(key, seconds)


async def eventually_paused(budget: RateBudgetStore) -> bool:
    """The budget's next slot is over a second away (the pause is written in the background:
    polled, a bounded number of times)."""
    for _ in range(40):
        grant = await budget.take("telegram", 1, interval=1 / 30, burst=1, horizon=HORIZON)
        if grant.first_at - grant.now > 1.0:
            return True
        await asyncio.sleep(0.05)
    return False


def to_chats(tg: FakeTelegram) -> int:
    """Requests to a chat, successful or not: what Telegram's 30 a second counts."""
    return sum(1 for call in tg.calls if "chat_id" in call.params)


async def test_replies_and_prompts_share_one_budget(
    tg: FakeTelegram, tg_app: App, tg_settings: Settings, postgres_url: str
) -> None:
    store = await Store.open(postgres_url, migrate=True)
    budget = Tally(RateBudgetStore(store.engine))
    replies = BudgetRateLimiter(
        SharedLimiter(budget, "telegram", 30.0, group_per_minute=20),
        max_retries=RATE_LIMIT_RETRIES,
    )
    senders: list[TelegramSender] = []
    try:
        async with running(tg, tg_app, tg_settings, on_sender=senders.append,
                           rate_limiter=replies):  # fmt: skip
            ivy = tg.user("Ivy")
            await onboard_by_text(tg, ivy)
            assert budget.slots["telegram"] == to_chats(tg) > 10

            # Tomorrow's check-in, dispatched as `run` does: one slot, in the dispatcher.
            berlin = zones.zone("Europe/Berlin")
            day = datetime.now(berlin).date() + timedelta(days=1)
            now = datetime(day.year, day.month, day.day, 7, 31, tzinfo=berlin).astimezone(UTC)
            prompts = compose.scheduler(tg_app, tg_settings, clock=lambda: now)
            limiter = SharedLimiter(budget, "telegram", 30.0)
            prompts.add_channel(compose.channel(senders[0], tg_settings, limiter))
            await prompts.tick()
            assert (await prompts.dispatch()).sent == 1
            await prompts.dispatcher.close()
            assert budget.slots["telegram"] == to_chats(tg)

            # Telegram says 429 to a reply: every process waits, not only this one.
            tg.fail_next("sendMessage", 429, retry_after=3)
            await tg.user_says(ivy, "/help")
            await tg.wait_for_call("sendMessage", lambda c: c.status == 429)
            other = RateBudgetStore(store.engine)  # another process's view
            assert await eventually_paused(other)
            await tg.bot_reply(ivy)  # PTB tries again after retry_after, and gets through
    finally:
        await store.close()
