"""Bot API calls per button press on Telegram: a runner onboards and checks in by pressing
buttons (typing only where a question has none), the real python-telegram-bot against the fake
Bot API on loopback. Prints, per press, all calls, the calls Telegram's 30 a second counts
(those that name a chat; answerCallbackQuery names none), and the new messages:

    .venv/bin/python -m bench.press
"""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bot.adapters.telegram import run_telegram
from bot.app import App
from bot.settings import Settings
from tests.fakes.telegram_api import BotMessage, Call, FakeTelegram, FakeUser

TOKEN = "424242:BENCH-token"
PREFERRED = {  # the answers that run the flows the whole way; else the first button
    "onboard.consent=yes", "onboard.area=knee", "onboard.seen_pro=no", "onboard.daily_pain=no",
    "onboard.baseline=1", "onboard.cross=done", "onboard.red_flags=none", "checkin.pain=1",
    "checkin.swelling=none", "checkin.daily_pain=no", "checkin.red_flags=none",
}  # fmt: skip
TYPED = ["Europe/Berlin", "07:30"]  # the questions without buttons, in order


@dataclass
class Tally:
    presses: int = 0
    calls: list[Call] = field(default_factory=list)

    def line(self, what: str) -> str:
        every = len(self.calls) / self.presses
        limited = sum(1 for c in self.calls if "chat_id" in c.params) / self.presses
        sent = sum(1 for c in self.calls if c.method == "sendMessage") / self.presses
        return (
            f"{what:<11} {self.presses:3d} presses: {every:.2f} calls/press, "
            f"{limited:.2f} rate-limited/press, {sent:.2f} new messages/press"
        )


async def press_through(tg: FakeTelegram, user: FakeUser, shown: BotMessage, tally: Tally) -> None:
    """Press (or type) until the bot shows something that asks nothing."""
    typed = iter(TYPED)
    while True:
        data = [d for row in shown.data for d in row]
        if data == ["today"] or (not data and "?" not in shown.text):
            return
        before = len(tg.calls)
        if data:
            await tg.press(user, next((d for d in data if d in PREFERRED), data[0]), on=shown)
        else:
            await tg.user_says(user, next(typed))
        shown = await tg.bot_reply(user)
        if data:
            tally.presses += 1
            tally.calls += [c for c in tg.calls[before:] if c.method != "getUpdates"]


async def main() -> None:
    tg = FakeTelegram(TOKEN)
    await tg.start()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'press.db'}",
            telegram_token=TOKEN,
            telegram_base_url=tg.base_url,
            telegram_base_file_url=tg.base_file_url,
        )
        app = await App.open(settings)
        stop = asyncio.Event()
        bot = asyncio.create_task(run_telegram(app, settings, stop, typing_after=60))
        try:
            await tg.wait_for_call("getUpdates")
            ola = tg.user("Ola")
            onboarding, checkin = Tally(), Tally()
            await tg.user_says(ola, "/start")
            await press_through(tg, ola, await tg.bot_reply(ola), onboarding)
            await tg.user_says(ola, "/checkin")
            await press_through(tg, ola, await tg.bot_reply(ola), checkin)
        finally:
            stop.set()
            await bot
            await app.close()
            await tg.stop()
    print(onboarding.line("onboarding"))
    print(checkin.line("check-in"))


if __name__ == "__main__":
    asyncio.run(main())
