"""Fixtures for the Discord end-to-end tests: the fake Discord, settings pointing at it, and a
bot running the real discord.py client with the real App on SQLite."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.adapters.discord import ComebackClient, run_discord
from bot.adapters.discord_delivery import CoachApp
from bot.settings import Settings
from tests.fakes.discord_api import FakeDiscord

TOKEN = "fake-bot-token"
# discord.py waits this long for GUILD_CREATEs before READY; our fake sends them at once.
CLIENT_OPTIONS: dict[str, Any] = {"guild_ready_timeout": 0.2}


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    async with FakeDiscord() as server:
        yield server
    Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway  # point_at is process-wide


def discord_settings(fake: FakeDiscord, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": f"sqlite+aiosqlite:///{tmp_path}/t.db",
        "discord_token": TOKEN,
        "discord_api_base": fake.api_base,
        "discord_gateway_url": fake.gateway_url,
        **overrides,
    }
    return Settings(**values)


class RunningBot:
    """`run_discord` in a task, as `comeback run` starts it; stop() sets the stop event."""

    def __init__(self, app: CoachApp, settings: Settings, **options: Any) -> None:
        self.app = app
        self.settings = settings
        self.options = {**CLIENT_OPTIONS, **options}
        self.stop_event = asyncio.Event()
        self.client: ComebackClient | None = None
        self.task: asyncio.Task[None] | None = None

    def _keep(self, client: ComebackClient) -> None:
        self.client = client

    async def start(self, fake: FakeDiscord) -> ComebackClient:
        self.task = asyncio.create_task(
            run_discord(
                self.app, self.settings, self.stop_event, on_client=self._keep, **self.options
            )
        )
        await fake.wait_for(lambda: self.client is not None and self.client.is_ready() or self.task.done())  # type: ignore[union-attr]
        if self.task.done():
            self.task.result()
        assert self.client is not None
        return self.client

    async def stop(self) -> None:
        self.stop_event.set()
        if self.task is not None:
            async with asyncio.timeout(10):
                await self.task


@contextlib.asynccontextmanager
async def running_bot(
    fake: FakeDiscord, app: CoachApp, settings: Settings, **options: Any
) -> AsyncIterator[ComebackClient]:
    bot = RunningBot(app, settings, **options)
    client = await bot.start(fake)
    try:
        yield client
    finally:
        await bot.stop()


class StandInApp:
    """Until bot/app.py lands: the real core machine with state in a dict. Replaced by App."""

    def __init__(self) -> None:
        from bot.core.state import State

        self.states: dict[Any, State] = {}
        self.unreachable: set[tuple[str, str]] = set()
        self.events: list[Any] = []

    async def handle(self, event: Any) -> list[Any]:
        from bot.core.machine import step
        from bot.core.state import State

        self.events.append(event)
        result = step(self.states.get(event.key, State()), event)
        self.states[event.key] = result.state
        return list(result.replies)

    async def mark_unreachable(self, platform: str, user: str) -> None:
        self.unreachable.add((platform, user))
