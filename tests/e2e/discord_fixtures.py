"""Fixtures for the Discord end-to-end tests (the fake Discord itself is in conftest.py):
settings pointing at it, and a bot running the real discord.py client with the real App on
SQLite."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.adapters.discord import ComebackClient, run_discord
from bot.adapters.discord_delivery import CoachApp
from bot.app import App
from bot.core.types import Reply
from bot.settings import Settings
from bot.text import text
from messages import CATALOG
from messages.replies import reply_text
from storage.models import identities, runners
from tests.fakes.discord_api import FakeDiscord

TOKEN = "fake-bot-token"
# discord.py waits this long for GUILD_CREATEs before READY; our fake sends them at once.
CLIENT_OPTIONS: dict[str, Any] = {"guild_ready_timeout": 0.2}


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[App]:
    """The real App on SQLite in tmp_path (the database the bot and the test share)."""
    opened = await App.open(Settings(database_url=database_url(tmp_path)))
    yield opened
    await opened.close()


def database_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path}/t.db"


async def is_unreachable(app: App, user_id: int) -> bool:
    query = (
        select(runners.c.unreachable)
        .join(identities, identities.c.runner_id == runners.c.id)
        .where(identities.c.platform == "discord", identities.c.user_id == str(user_id))
    )
    async with app.store.engine.connect() as conn:
        return bool((await conn.execute(query)).scalar_one())


def discord_settings(fake: FakeDiscord, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url(tmp_path),
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
        task = self.task

        def up() -> bool:
            return task.done() or (self.client is not None and self.client.is_ready())

        await fake.wait_for(up)
        if task.done():
            task.result()
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


def say(key: str, **params: Any) -> str:
    """A catalog sentence as the runner reads it (through the shared renderer)."""
    return reply_text(Reply((text(key, **params),)))


def fragment(key: str, **params: Any) -> list[str]:
    """What a catalog sentence looks like in a message: every variant, cut at unknown fields."""
    templates = CATALOG[key]
    variants = templates if isinstance(templates, tuple) else (templates,)
    found = []
    for template in variants:
        variant = {**params, "variant": variants.index(template)}
        filled = say(key, **variant) if params else template
        found.append(max(re.split(r"\{[^}]*\}", filled), key=len).strip())
    return found


class Runner:
    """One runner talking to the bot, in their DM or in the guild channel: tests read like a
    transcript. Each action sets a watermark; `sees` looks at bot messages after it."""

    def __init__(self, fake: FakeDiscord, name: str) -> None:
        self.fake = fake
        self.id = fake.user(name)
        self.dm = fake.dm_channel(self.id)
        self.mark = 0

    def _act(self) -> None:
        self.mark = self.fake.last_id()

    def _visible(self, message: dict[str, Any]) -> bool:
        return message["channel_id"] in (str(self.dm), str(self.fake.guild_channel_id))

    async def command(self, name: str, text: str | None = None, **kw: Any) -> int:
        self._act()
        return await self.fake.slash(self.id, name, text, **kw)

    async def says(self, text: str, at: datetime | None = None) -> int:
        self._act()
        return await self.fake.dm(self.id, text, at)

    async def press(self, label: str, at: datetime | None = None) -> int:
        """Press the button labelled `label` on the newest message that has it (waiting for
        that message to arrive)."""

        def newest() -> dict[str, Any] | None:
            return next(
                (
                    m
                    for m in reversed(self.fake.bot_messages())
                    if self._visible(m) and label in self.fake.labels(m)
                ),
                None,
            )

        message: dict[str, Any] = await self.fake.wait_for(newest)
        self._act()
        return await self.fake.press(self.id, int(message["id"]), label, at)

    async def sees(self, key: str, **params: Any) -> dict[str, Any]:
        """The first new bot message showing the catalog sentence `key`."""
        wanted = fragment(key, **params)

        def found() -> dict[str, Any] | None:
            return next(
                (
                    m
                    for m in self.fake.bot_messages()
                    if int(m["id"]) > self.mark
                    and self._visible(m)
                    and any(w in m["content"] for w in wanted)
                ),
                None,
            )

        message: dict[str, Any] = await self.fake.wait_for(found)
        return message
