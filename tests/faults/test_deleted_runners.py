"""A deleted runner stays deleted: an old button or a prompt claimed just before /delete creates
no runner, no identity (with its display name) and no conversation. Writing again on purpose is
a new first contact, and gets the welcome. On SQLite and PostgreSQL, through the real App."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot import compose
from bot.app import App
from bot.core.turn import FULL_PLAN
from bot.core.types import ConversationKey, Event, Pressed, Prompted, Reply, Typed
from bot.settings import Settings
from bot.text import text
from messages.replies import reply_text
from storage.outbox import OutboxStore
from storage.store import Store
from tests.e2e.test_telegram import (
    asks,
    onboard_by_text,
    press,
    say,
    tg_app,
    tg_bot,
    tg_db,
    tg_settings,
)
from tests.fakes.platform import FakeSender
from tests.fakes.telegram_api import FakeTelegram
from tests.faults.conftest import NO_ROWS, rows
from tests.support.transcript import Clock, Runner

pytestmark = pytest.mark.faults
__all__ = ["tg_app", "tg_bot", "tg_db", "tg_settings"]

NAME = "Ana Example"


def said(replies: list[Reply]) -> str:
    return "\n\n".join(reply_text(r) for r in replies)


def render(key: str) -> str:
    return reply_text(Reply((text(key),)))


@pytest.fixture
async def app(database_url: str) -> AsyncIterator[App]:
    app = App(await Store.open(database_url, migrate=True), retries=())
    yield app
    await app.close()


async def onboarded(app: App, clock: Clock) -> Runner:
    ana = Runner(app, clock, platform="telegram")  # the platform FakeSender sends on
    await ana.onboard()
    return ana


async def delete(ana: Runner) -> None:
    await ana.says("/delete")
    assert render("delete.done") in await ana.presses("Yes, delete everything")


def named(event: Event) -> Event:
    """The event as a platform sends it: with the person's display name."""
    if isinstance(event, Pressed):
        return Pressed(event.key, event.now, payload=event.payload, display_name=NAME)
    if isinstance(event, Prompted):
        return Prompted(event.key, event.now, prompt=event.prompt, display_name=NAME)
    assert isinstance(event, Typed)
    return Typed(event.key, event.now, text=event.text, display_name=NAME)


async def test_an_old_button_after_delete_creates_nothing(app: App) -> None:
    clock = Clock()
    ana = await onboarded(app, clock)
    await ana.says("/checkin")
    old_buttons = [b.payload for b in ana.buttons_objects()]
    assert old_buttons
    await delete(ana)
    assert await rows(app.store.engine) == NO_ROWS

    for payload in [*old_buttons, FULL_PLAN]:  # FULL_PLAN: a global, read-only button
        replies = await app.handle(named(Pressed(ana.key, clock.now, payload=payload)))
        assert render("error.stale_button_idle") in said(replies)
    assert await rows(app.store.engine) == NO_ROWS

    # Writing again, on purpose, is a new start: the welcome, and one runner again.
    replies = await app.handle(named(Typed(ana.key, clock.now, text="hello")))
    assert render("onboard.welcome") in said(replies)
    assert await rows(app.store.engine) == {"runners": 1, "identities": 1, "conversations": 1}


async def test_a_prompt_for_a_deleted_runner_creates_nothing(app: App) -> None:
    clock = Clock()
    ana = await onboarded(app, clock)
    await delete(ana)
    for kind in ("checkin", "nudge", "weekly"):
        clock.advance(hours=1)
        assert await app.turn(named(Prompted(ana.key, clock.now, prompt=kind))) == []
    assert await rows(app.store.engine) == NO_ROWS


async def test_an_old_button_in_another_chat_creates_nothing(app: App) -> None:
    """A group's button pressed after /delete: no conversation for the group either."""
    clock = Clock()
    ana = await onboarded(app, clock)
    await delete(ana)
    group = ConversationKey(ana.key.platform, "group-1", ana.key.user)
    await app.handle(named(Pressed(group, clock.now, payload="log.kind=walk")))
    assert await rows(app.store.engine) == NO_ROWS


async def test_a_button_of_a_runner_in_a_new_chat_still_works(app: App) -> None:
    """Only a missing runner creates nothing: a runner's button in a chat without a
    conversation yet gets one (and the plan)."""
    clock = Clock()
    ana = await onboarded(app, clock)
    before = await rows(app.store.engine)
    elsewhere = ConversationKey(ana.key.platform, "group-2", ana.key.user)
    replies = await app.handle(named(Pressed(elsewhere, clock.now, payload=FULL_PLAN)))
    assert render("error.stale_button_idle") not in said(replies) and replies
    after = await rows(app.store.engine)
    assert after == {**before, "conversations": before["conversations"] + 1}


class DeletesFirst(App):
    """The race: the dispatcher has claimed the runner's prompt, and /delete commits before the
    prompt's turn runs."""

    def __init__(self, app: App, runner: Runner) -> None:
        super().__init__(app.store, retries=())
        self.runner = runner
        self.deleted = False

    async def turn(self, event: Event) -> list[Reply]:
        if isinstance(event, Prompted) and not self.deleted:
            self.deleted = True
            await delete(self.runner)
        return await super().turn(event)


async def test_a_prompt_claimed_just_before_delete_creates_nothing(
    app: App, database_url: str
) -> None:
    clock = Clock(datetime(2026, 3, 2, 5, 0, tzinfo=UTC))  # 06:00 in Berlin; check-in at 07:00
    ana = await onboarded(app, clock)
    racing = DeletesFirst(app, ana)
    sender = FakeSender()
    settings = Settings(database_url=database_url, grace_hours=2.0, catchup_hours=3.0)
    now = clock.now
    scheduler = compose.scheduler(racing, settings, senders=[sender], clock=lambda: now)
    for _ in range(8):  # 2 hours, a tick and a dispatch every 15 minutes
        now += timedelta(minutes=15)
        await scheduler.tick()
        await scheduler.dispatch()

    assert racing.deleted, "the check-in prompt was never claimed"
    assert not sender.sent
    assert await rows(app.store.engine) == NO_ROWS
    assert not await OutboxStore(app.store.engine).rows()


# ---- through the real Telegram adapter -------------------------------------------------------


async def test_an_old_telegram_button_after_delete_creates_nothing(
    tg_bot: FakeTelegram, tg_app: App
) -> None:
    tg, ana = tg_bot, tg_bot.user("Ana")
    await onboard_by_text(tg, ana)
    checkin = await say(tg, ana, "/checkin")
    assert checkin.buttons
    confirm = await say(tg, ana, "/delete")
    done = await press(tg, ana, "delete.confirm=yes", on=confirm)
    assert render("delete.done") in done.text
    assert await rows(tg_app.store.engine) == NO_ROWS

    stale = await press(tg, ana, checkin.data[0][0], on=checkin)  # never pressed before
    assert render("error.stale_button_idle") in stale.text
    assert await rows(tg_app.store.engine) == NO_ROWS

    again = await say(tg, ana, "hi")
    assert asks(again, "onboard.welcome")
    assert await rows(tg_app.store.engine) == {"runners": 1, "identities": 1, "conversations": 1}
