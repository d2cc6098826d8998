"""Where does a turn's CPU go? Drives one runner through App.handle on SQLite (onboarding, then
a check-in a day, every other day typed, the others by pressing the buttons), with an update
id on every event so that the ledger row is written as in production. Prints this process's CPU
time per typed check-in answer and per button press (all threads, so aiosqlite's too), then,
with --profile, the top functions by cumulative time of each kind (cProfile, main thread only).

    .venv/bin/python -m bench.profile_turn --days 200
    .venv/bin/python -m bench.profile_turn --days 100 --profile --top 15
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import median

from bench.turns import TYPED
from bot.app import App
from bot.core.state import IDLE
from bot.core.types import ConversationKey, Event, Pressed, Reply, Typed
from storage.store import Store

ONBOARD_LIMIT = 60  # events; onboarding takes about a dozen


@dataclass
class Kind:
    """CPU microseconds per turn of one kind, and its profile."""

    name: str
    cpu_us: list[float] = field(default_factory=list)
    profile: cProfile.Profile = field(default_factory=cProfile.Profile)


class Driver:
    def __init__(self, app: App, profile: bool) -> None:
        self.app = app
        self.key = ConversationKey("telegram", "1", "1")
        self.now = datetime(2025, 3, 3, 6, 0, tzinfo=UTC)
        self.replies: list[Reply] = []
        self.updates = 0
        self.profile = profile
        self.typed = Kind("typed check-in answer")
        self.pressed = Kind("button press")

    async def send(self, event: Event, kind: Kind | None = None) -> None:
        cpu = time.process_time()
        if kind is not None and self.profile:
            kind.profile.enable()
        self.replies = await self.app.handle(event)
        if kind is not None and self.profile:
            kind.profile.disable()
        if kind is not None:
            kind.cpu_us.append((time.process_time() - cpu) * 1e6)

    def _id(self) -> str:
        self.updates += 1
        return str(self.updates)

    def type(self, text: str) -> Typed:
        return Typed(self.key, self.now, text=text, update_id=self._id())

    def press(self, flow: str) -> Pressed | None:
        payloads = sorted(p for r in self.replies for p in r.payloads)
        mine = [p for p in payloads if p.startswith(f"{flow}=")] or payloads
        return Pressed(self.key, self.now, payload=mine[0], update_id=self._id()) if mine else None

    async def onboard(self) -> None:
        await self.send(self.type("/start"))
        for _ in range(ONBOARD_LIMIT):
            flow = (await self.app.peek(self.key)).flow
            if flow == IDLE:
                return
            pressed = None if flow in TYPED else self.press(flow)
            await self.send(pressed or self.type(TYPED.get(flow, "done")))
        raise RuntimeError("onboarding did not finish")

    async def checkin(self, by_pressing: bool) -> None:
        """One day's check-in, each answer typed or pressed (typed where there is no button)."""
        await self.send(self.type("/checkin"))
        for _ in range(ONBOARD_LIMIT):
            flow = (await self.app.peek(self.key)).flow
            if not flow.startswith("checkin."):
                break
            pressed = self.press(flow) if by_pressing else None
            if pressed is not None:
                await self.send(pressed, self.pressed)
            else:
                await self.send(self.type(TYPED.get(flow, "none")), self.typed)
        self.now += timedelta(days=1)


def report(kind: Kind, top: int, profile: bool) -> None:
    if not kind.cpu_us:
        print(f"{kind.name}: none")
        return
    print(f"{kind.name}: {len(kind.cpu_us)} turns, median {median(kind.cpu_us):,.0f} us CPU")
    if profile:
        stats = pstats.Stats(kind.profile)
        stats.sort_stats("cumulative").print_stats(top)


async def run(days: int, profile: bool, top: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = App(await Store.open(f"sqlite+aiosqlite:///{Path(tmp) / 'profile.db'}"))
        try:
            driver = Driver(app, profile)
            await driver.onboard()
            for day in range(days):
                await driver.checkin(by_pressing=day % 2 == 1)
        finally:
            await app.close()
    report(driver.typed, top, profile)
    report(driver.pressed, top, profile)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=200, help="check-ins to run")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument("--top", type=int, default=15, help="functions to print per kind")
    args = parser.parse_args()
    asyncio.run(run(args.days, args.profile, args.top))


if __name__ == "__main__":
    main()
