"""Paid broadcasts (COMEBACK_TELEGRAM_PAID_BROADCAST_RATE): the scheduled check-in goes out with
allow_paid_broadcast, through the real python-telegram-bot against the fake Bot API; the bot's
replies to the runner never carry it, and nothing does while the setting is off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot import compose
from bot.adapters.telegram_send import TelegramSender
from bot.app import App
from bot.core import zones
from bot.settings import Settings
from tests.e2e.test_telegram import onboard_by_text, running
from tests.e2e.test_telegram import tg_app as tg_app  # the fixtures: App on SQLite in tmp_path
from tests.e2e.test_telegram import tg_db as tg_db
from tests.e2e.test_telegram import tg_settings as tg_settings
from tests.fakes.telegram_api import FakeTelegram


def tomorrow_after_checkin() -> datetime:
    """07:31 in Berlin tomorrow: the runner's 7:30 check-in has just come due."""
    berlin = zones.zone("Europe/Berlin")
    day = datetime.now(berlin).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, 7, 31, tzinfo=berlin).astimezone(UTC)


async def sends_of_one_morning(tg: FakeTelegram, app: App, settings: Settings) -> list[bool]:
    """A runner onboards (the bot replies), then tomorrow's check-in is dispatched through the
    scheduler's sender. Whether each sendMessage asked for a paid broadcast, in order."""
    senders: list[TelegramSender] = []
    async with running(tg, app, settings, on_sender=senders.append):
        await onboard_by_text(tg, tg.user("Ivy"))
        replies = len(tg.calls_of("sendMessage"))
        now = tomorrow_after_checkin()
        prompts = compose.scheduler(app, settings, senders=senders, clock=lambda: now)
        await prompts.tick()
        stats = await prompts.dispatch()
        await prompts.dispatcher.close()
    assert stats.sent == 1 and len(tg.calls_of("sendMessage")) > replies
    return [bool(c.params.get("allow_paid_broadcast")) for c in tg.calls_of("sendMessage")]


async def test_the_scheduled_checkin_is_a_paid_broadcast_and_replies_are_not(
    tg: FakeTelegram, tg_app: App, tg_settings: Settings
) -> None:
    paid = tg_settings.with_changes(telegram_paid_broadcast_rate=1000.0)
    flags = await sends_of_one_morning(tg, tg_app, paid)
    prompt = flags.pop()  # the last send: the check-in question
    assert prompt is True
    assert flags and not any(flags)  # every reply during onboarding: free


async def test_nothing_is_paid_while_the_setting_is_off(
    tg: FakeTelegram, tg_app: App, tg_settings: Settings
) -> None:
    assert not any(await sends_of_one_morning(tg, tg_app, tg_settings))
