"""Conversations that read like transcripts: `await ana.says("/start")`, `await ana.presses("Yes")`.

Drives the real App (real storage) with a clock the test controls.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import App
from bot.core.types import Button, ChatKind, ConversationKey, Event, Pressed, Prompted, Reply, Typed
from messages.replies import button_label, reply_text

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # a Monday, 07:00 in Berlin


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class Runner:
    def __init__(
        self,
        app: App,
        clock: Clock,
        user: str = "ana",
        chat: str | None = None,
        platform: str = "test",
        group: bool = False,
    ) -> None:
        self.app = app
        self.clock = clock
        self.key = ConversationKey(platform, chat or user, user)
        self.kind = ChatKind.GROUP if group else ChatKind.PRIVATE
        self.replies: list[Reply] = []

    def event(self, text: str) -> Event:
        return Typed(self.key, self.clock.now, text=text, chat_kind=self.kind)

    async def says(self, text: str) -> str:
        return await self._send(self.event(text))

    async def presses(self, label: str) -> str:
        """Press the button of the last replies whose label is `label` (exactly, ignoring ✓)."""
        matches = [b for b in self.buttons_objects() if button_label(b).strip("✓ ") == label]
        assert matches, f"no button {label!r} in {self.buttons}"
        return await self.sends_payload(matches[0].payload)

    async def sends_payload(self, payload: str) -> str:
        event = Pressed(self.key, self.clock.now, payload=payload, chat_kind=self.kind)
        return await self._send(event)

    async def prompted(self, kind: str = "checkin") -> str:
        return await self._send(
            Prompted(self.key, self.clock.now, prompt=kind, chat_kind=self.kind)
        )

    async def _send(self, event: Event) -> str:
        self.replies = await self.app.handle(event)
        return self.text

    @property
    def text(self) -> str:
        return "\n\n".join(reply_text(r) for r in self.replies)

    def buttons_objects(self) -> list[Button]:
        return [b for r in self.replies for row in r.buttons for b in row]

    @property
    def buttons(self) -> list[str]:
        return [button_label(b).strip("✓ ") for b in self.buttons_objects()]

    async def onboard(
        self,
        area: str = "Calf / Achilles",
        feel: str = "Tendon",
        baseline: str = "0",
        zone: str = "Europe/Berlin",
        at: str = "07:00",
    ) -> str:
        await self.says("/start")
        await self.presses("Understood, let's go")
        await self.presses(area)
        await self.presses("Gradually, over days or weeks")
        await self.presses("More mileage or longer runs")
        await self.presses(feel)
        await self.presses("Yes")  # seen by a professional
        await self.presses("No")  # no pain in daily life
        await self.presses(baseline)
        await self.presses("Just running again")
        await self.says(zone)
        await self.says(at)
        await self.presses("Swim")
        await self.presses("Done")
        return await self.presses("None of these")
