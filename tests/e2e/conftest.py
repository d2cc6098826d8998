"""The fake platform servers, started once per test and always stopped: one fixture, `serve`,
for every fake (FakeTelegram, FakeBotApi, FakeDiscord), and the two fakes most tests want."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Protocol, TypeVar

import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route

from tests.fakes.discord_api import FakeDiscord
from tests.fakes.telegram_api import FakeTelegram

TELEGRAM_TOKEN = "987654:SECRET-abcdefghijklmnopqrstuvwxyz"


class FakeServer(Protocol):
    async def start(self) -> Any: ...

    async def stop(self) -> None: ...


F = TypeVar("F", bound=FakeServer)
Serve = Callable[[F], Awaitable[F]]


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Any], Awaitable[Any]]]:
    """`fake = await serve(FakeTelegram(token))`: started now, stopped after the test (last
    started, first stopped)."""
    started: list[FakeServer] = []

    async def start(fake: F) -> F:
        await fake.start()
        started.append(fake)
        return fake

    yield start
    for fake in reversed(started):
        await fake.stop()


@pytest.fixture
async def tg(serve: Serve[FakeTelegram]) -> FakeTelegram:
    """A fake Telegram Bot API for the bot token TELEGRAM_TOKEN."""
    return await serve(FakeTelegram(TELEGRAM_TOKEN))


@pytest.fixture
async def fake(serve: Serve[FakeDiscord]) -> AsyncIterator[FakeDiscord]:
    """A fake Discord (REST and gateway). discord.py's endpoints are process-wide class
    attributes that the bot re-aims at the fake: put them back afterwards."""
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    yield await serve(FakeDiscord())
    Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway
