"""One runner on Telegram and Discord, end to end: a real python-telegram-bot Application against
the fake Bot API and the real discord.py client against the fake Discord, both on one App and
one SQLite file, as `comeback run` starts them. Ada onboards on Telegram, links her Discord with
the code, moves her morning prompt to Discord (the scheduler sends it there), and /delete on
Discord deletes her everywhere. With a history on both, she keeps Discord's by its button on
Telegram, and /delete on Telegram deletes her everywhere."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from telegram import Bot

from bot import compose
from bot.adapters.telegram_send import TelegramSender
from bot.app import App
from bot.settings import Settings
from bot.text import text
from storage.models import Base
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.e2e.discord_fixtures import Runner, app, database_url, discord_settings, running_bot
from tests.e2e.test_discord import onboard
from tests.e2e.test_telegram import onboard_by_text, running, say
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.telegram_api import FakeTelegram

__all__ = ["app"]  # fixtures

TELEGRAM, DISCORD = text("link.platform.telegram"), text("link.platform.discord")


def telegram_settings(tg: FakeTelegram, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url(tmp_path),  # the same file as the Discord bot's
        telegram_token=TELEGRAM_TOKEN,
        telegram_base_url=tg.base_url,
        telegram_base_file_url=tg.base_file_url,
    )


async def rows(app: App) -> dict[str, int]:
    async with app.store.engine.connect() as conn:
        return {
            t.name: int((await conn.execute(select(func.count()).select_from(t))).scalar_one())
            for t in Base.metadata.sorted_tables
        }


async def test_a_telegram_runner_links_discord_gets_the_prompt_there_and_deletes_from_it(
    tg: FakeTelegram, fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ada_tg, ada_dc = tg.user("Ada"), Runner(fake, "ada")
    dc_settings = discord_settings(fake, tmp_path)
    async with (
        running(tg, app, telegram_settings(tg, tmp_path)),
        running_bot(fake, app, dc_settings) as client,
    ):
        await onboard_by_text(tg, ada_tg)
        shown = await say(tg, ada_tg, "/link")
        found = re.search(r"code: ([A-Z0-9]{5}-[A-Z0-9]{5})", shown.text)
        assert found is not None, shown.text
        code = found[1]

        # A wrong try on Discord is counted and told; the right one links.
        wrong = code[:4] + ("2" if code[4] != "2" else "3") + code[5:]
        await ada_dc.command("link", wrong)
        await ada_dc.sees("link.code.wrong", left=4)
        await ada_dc.command("link", code)
        await ada_dc.sees("link.done", first=TELEGRAM, second=DISCORD)
        asked = await ada_dc.sees("link.prompt.ask")
        assert fake.labels(asked) == ["On Telegram", "On Discord"]
        await ada_dc.press("On Discord")
        await ada_dc.sees("link.prompt.set", platform=DISCORD)
        # Discord has Ada's Telegram profile: no onboarding, a welcome back.
        await ada_dc.says("/start")
        await ada_dc.sees("start.welcome_back")
        # Single use: the code does nothing a second time.
        await ada_dc.command("link", code)
        await ada_dc.sees("link.code.unknown")

        # Tomorrow at 07:31 in Berlin (her check-in time is 07:30) the prompt goes to Discord.
        berlin = datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(days=1)
        at = berlin.replace(hour=7, minute=31, second=0, microsecond=0).astimezone(UTC)
        async with Bot(TELEGRAM_TOKEN, base_url=tg.base_url, base_file_url=tg.base_file_url) as bot:
            scheduler = compose.scheduler(
                app, dc_settings, senders=[client.sender, TelegramSender(bot)], clock=lambda: at
            )
            await scheduler.tick()
            await scheduler.dispatch()
            prompt = await ada_dc.sees("checkin.pain")
            assert prompt["channel_id"] == str(ada_dc.dm)
            assert not tg.unread(ada_tg)
            await scheduler.dispatcher.close()

        # /delete on Discord deletes Ada everywhere.
        await ada_dc.says("/delete")
        await ada_dc.sees("delete.confirm")
        await ada_dc.says("yes")
        await ada_dc.sees("delete.done")
    assert {name: count for name, count in (await rows(app)).items() if count} == {}


async def test_both_histories_the_runner_keeps_discords_on_telegram_and_deletes_from_there(
    tg: FakeTelegram, fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ada_tg, ada_dc = tg.user("Ada"), Runner(fake, "ada")
    async with (
        running(tg, app, telegram_settings(tg, tmp_path)),
        running_bot(fake, app, discord_settings(fake, tmp_path)),
    ):
        await onboard_by_text(tg, ada_tg)  # a knee, on Telegram
        await onboard(ada_dc)  # a calf, on Discord
        await ada_dc.says("/link")
        shown = await ada_dc.sees("link.code.show")
        found = re.search(r"code: ([A-Z0-9]{5}-[A-Z0-9]{5})", shown["content"])
        assert found is not None, shown["content"]

        asked = await say(tg, ada_tg, f"/link {found[1]}")
        assert "Both accounts have a history" in asked.text
        assert asked.labels == ["Keep Discord's", "Keep Telegram's"]
        await tg.press(ada_tg, "Keep Discord's", on=asked)
        done = await tg.bot_reply(ada_tg)
        assert done.text.startswith("Linked: Discord and Telegram"), done.text
        await tg.bot_reply(ada_tg)  # where should the morning check-in come?
        status = await say(tg, ada_tg, "/link")
        assert "Your morning check-in comes on Discord" in status.text
        assert "Unlink Telegram" in status.labels
        today = await say(tg, ada_tg, "/status")
        assert "calf" in today.text.lower() or "achilles" in today.text.lower(), today.text

        assert "delete" in (await say(tg, ada_tg, "/delete")).text.lower()
        assert "everything is deleted" in (await say(tg, ada_tg, "yes")).text
    assert {name: count for name, count in (await rows(app)).items() if count} == {}
