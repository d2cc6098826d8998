"""The terminal as a chat: type to talk, a number presses a button, and a few `:` commands move
the console's own clock so you can see what the scheduler would send tomorrow morning.

Works typed or piped (`printf '/start\\n1\\n' | comeback chat`). A file a reply carries (the
/export JSON) is written to the current folder, never over an existing file.
"""

from __future__ import annotations

import asyncio
import math
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from bot.app import App
from bot.core import zones
from bot.core.types import (
    Attachment,
    Button,
    ConversationKey,
    Event,
    Pressed,
    Prompted,
    Reply,
    Typed,
)
from bot.scheduling.times import due_instant
from messages import render
from messages.replies import button_label, reply_text

HELP = render("console.help")
# How far the console's clock may run ahead of where it started: years of recovery, and far
# from the end of the calendar (`:wait 1e8` used to crash; "day 26695 at this stage" is no
# view of a recovery anyone needs).
MAX_AHEAD = timedelta(days=5 * 366)


class Console:
    def __init__(
        self,
        app: App,
        out: TextIO,
        user: str = "you",
        now: datetime | None = None,
        folder: Path | None = None,
    ):
        self.app = app
        self.out = out
        self.folder = folder  # where attachments are saved; None: the current folder
        self.key = ConversationKey("console", user, user)
        # The console's clock: the real time unless told otherwise, moved only by `:` commands.
        self._offset = timedelta(0)
        self._start = now
        self._buttons: list[Button] = []

    def now(self) -> datetime:
        base = self._start or datetime.now(UTC)
        return base + self._offset

    async def line(self, typed: str) -> bool:
        """Handle one line; False when the user asked to quit."""
        stripped = typed.strip()
        if stripped in (":quit", ":q", ":exit"):
            return False
        if stripped.startswith(":"):
            await self._meta(stripped)
            return True
        button = self._pressed(stripped)
        event: Event
        if button is not None:
            self.print(f"  ✓ {button_label(button)}")
            event = Pressed(self.key, self.now(), payload=button.payload)
        else:
            event = Typed(self.key, self.now(), text=typed.rstrip("\n"))
        self.show(await self.app.handle(event))
        return True

    def _pressed(self, typed: str) -> Button | None:
        """A number presses the numbered button, unless the buttons are numbers themselves
        (a pain scale): then the typed number is the answer."""
        if not typed.isdigit() or not self._buttons or self._numeric_buttons():
            return None
        index = int(typed) - 1
        return self._buttons[index] if 0 <= index < len(self._buttons) else None

    def _numeric_buttons(self) -> bool:
        """Buttons that are numbers themselves (0-10, "30 min"): a typed number is the answer."""
        return all(button_label(b).strip()[:1].isdigit() for b in self._buttons)

    async def _meta(self, command: str) -> None:
        name, _, argument = command.partition(" ")
        if name == ":morning":
            await self._next_morning()
        elif name == ":wait":
            hours = _hours(argument or "1")
            if hours is None or not self._move(timedelta(hours=hours)):
                self.print(render("console.wait_refused", {"days": MAX_AHEAD.days}))
                return
            self.print(render("console.clock", {"now": self._clock_text()}))
        elif name == ":nudge":
            self.show(await self.app.handle(Prompted(self.key, self.now(), prompt="nudge")))
        elif name == ":weekly":
            self.show(await self.app.handle(Prompted(self.key, self.now(), prompt="weekly")))
        elif name == ":time":
            self.print(render("console.clock", {"now": self._clock_text()}))
        else:
            self.print(HELP)

    async def _next_morning(self) -> None:
        """Jump to the next check-in time and deliver what the scheduler would."""
        state = await self.app.peek(self.key)
        if state.profile is None:
            self.print(render("console.no_profile"))
            return
        profile = state.profile
        today = zones.local_date(profile.timezone, self.now())
        # The scheduler's own rule, so a time in a DST gap behaves here as it will for real.
        due = due_instant(profile.timezone, today, profile.checkin_time)
        if due <= self.now():
            due = due_instant(profile.timezone, today + timedelta(days=1), profile.checkin_time)
        if not self._move(due - self.now()):
            self.print(render("console.wait_refused", {"days": MAX_AHEAD.days}))
            return
        self.print(render("console.clock", {"now": self._clock_text()}))
        self.show(await self.app.handle(Prompted(self.key, self.now(), prompt="checkin")))

    def _move(self, by: timedelta) -> bool:
        """Move the clock forward, unless that takes it past MAX_AHEAD: then False."""
        if self._offset + by > MAX_AHEAD:
            return False
        self._offset += by
        return True

    def _clock_text(self) -> str:
        return self.now().strftime("%Y-%m-%d %H:%M UTC")

    def show(self, replies: Sequence[Reply]) -> None:
        self._buttons = []
        for reply in replies:
            self.print(reply_text(reply))
            if reply.attachment is not None:
                saved = self._save(reply.attachment)
                self.print(render("console.saved", {"path": str(saved)}))
            buttons = [button for row in reply.buttons for button in row]
            if buttons:
                self._buttons = buttons
                self.print(self._button_line(buttons))
        self.print("")

    def _save(self, attachment: Attachment) -> Path:
        """Write the file beside the user: comeback-export.json, then comeback-export-2.json..."""
        folder = (self.folder or Path.cwd()).resolve()
        name = Path(attachment.filename).name or "attachment"  # never a path from elsewhere
        stem, suffix = Path(name).stem, Path(name).suffix
        for n in range(1, 10_000):
            path = folder / (name if n == 1 else f"{stem}-{n}{suffix}")
            try:
                with path.open("xb") as file:  # "x": fails rather than overwrite
                    file.write(attachment.content)
            except FileExistsError:
                continue
            return path
        raise FileExistsError(f"no free name for {name} in {folder}")

    def _button_line(self, buttons: list[Button]) -> str:
        if self._numeric_buttons():
            return "  " + " ".join(f"[{button_label(b)}]" for b in buttons)
        return "\n".join(f"  {i}. {button_label(b)}" for i, b in enumerate(buttons, 1))

    def print(self, line: str) -> None:
        self.out.write(line + "\n")
        self.out.flush()


def _hours(argument: str) -> float | None:
    """`:wait`'s hours: a number from zero to MAX_AHEAD ("12", "0.5", "1e3"); None for anything
    else (a word, a sign, "nan", "inf", "1e8": timedelta itself overflows past 2.7e9 days)."""
    try:
        hours = float(argument)
    except ValueError:
        return None
    fits = math.isfinite(hours) and 0 <= hours <= MAX_AHEAD / timedelta(hours=1)
    return hours if fits else None


async def chat(app: App, user: str = "you", now: datetime | None = None) -> None:
    console = Console(app, sys.stdout, user, now)
    interactive = sys.stdin.isatty()
    if interactive:
        console.print(render("console.banner"))
    loop = asyncio.get_running_loop()
    while True:
        if interactive:
            sys.stdout.write("> ")
            sys.stdout.flush()
        typed = await loop.run_in_executor(None, sys.stdin.readline)
        if not typed:  # end of input (Ctrl-D or the end of a pipe)
            break
        if not await console.line(typed):
            break
