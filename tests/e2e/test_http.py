"""The HTTP server beside the bots, with the real run_bots, the real PTB client against the fake
Bot API, and a real database: /metrics after real traffic, parsed with prometheus-client's own
parser; /healthz going 503 when PostgreSQL is cut (a TCP proxy in between) and back to 200."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from bot.compose import run_bots
from bot.settings import Settings
from storage.engine import create_engine
from storage.migrate import migrate
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.fakes.telegram_api import FakeTelegram
from tests.support.tcp_proxy import TcpProxy

POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
WITHIN = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bot_settings(tg: FakeTelegram, database_url: str, **more: Any) -> Settings:
    return Settings(
        database_url=database_url,
        telegram_token=TELEGRAM_TOKEN,
        telegram_base_url=tg.base_url,
        telegram_base_file_url=tg.base_file_url,
        http_host="127.0.0.1",
        http_port=free_port(),
        **more,
    )


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[Callable[[str], Any]]:
    """run_bots until the block ends; yields `get(path) -> (status, body)`."""
    stop = asyncio.Event()
    task = asyncio.create_task(run_bots(settings, stop))
    base = f"http://127.0.0.1:{settings.http_port}"
    async with aiohttp.ClientSession() as session:

        async def get(path: str) -> tuple[int, Any]:
            async with session.get(base + path) as response:
                is_json = response.content_type == "application/json"
                body = await (response.json() if is_json else response.text())
                return response.status, body

        async with asyncio.timeout(WITHIN):  # the server is up once the bots are
            while True:
                assert not task.done(), task.result()
                try:
                    await get("/healthz")
                    break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
        try:
            yield get
        finally:
            stop.set()
            assert await asyncio.wait_for(task, WITHIN) == 0


def samples(exposition: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(exposition)
        for s in family.samples
    }


async def test_metrics_after_real_traffic(tg: FakeTelegram, tmp_path: Path) -> None:
    settings = bot_settings(tg, f"sqlite+aiosqlite:///{tmp_path / 'http.db'}")
    async with running(settings) as get:
        before = samples((await get("/metrics"))[1])
        ivo, ana = tg.user("Ivo"), tg.user("Ana")
        await tg.user_says(ivo, "/start")
        await tg.bot_reply(ivo)
        await tg.user_says(ivo, "hello there")
        await tg.bot_reply(ivo)
        tg.fail_next("sendMessage", 403)  # Ana blocked the bot
        await tg.user_says(ana, "/start")
        await tg.wait_until(lambda: tg.calls_of("sendMessage")[-1].status == 403, WITHIN, "403")
        status, exposition = await get("/metrics")
    assert status == 200
    after = samples(exposition)

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert grew("comeback_updates_total", platform="telegram", kind="command") == 2
    assert grew("comeback_updates_total", platform="telegram", kind="text") == 1
    assert grew("comeback_replies_sent_total", platform="telegram") >= 2
    assert grew("comeback_send_errors_total", platform="telegram", kind="403") == 1
    assert grew("comeback_turn_seconds_count", platform="telegram") == 3
    assert ("comeback_outbox_due", ()) in after
    assert ("comeback_outbox_oldest_due_seconds", ()) in after
    assert ("comeback_database_retries_total", ()) in after
    families = {family.name for family in text_string_to_metric_families(exposition)}
    assert {"comeback_prompts", "comeback_database_retries", "comeback_turn_seconds"} <= families


@pytest.fixture
async def postgres_schema() -> AsyncIterator[str]:
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES)
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        await migrate(f"{POSTGRES}?options=-csearch_path%3D{schema}")
        yield schema
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await admin.dispose()


@pytest.mark.postgres
async def test_healthz_goes_503_when_postgres_is_cut_and_back_to_200(
    tg: FakeTelegram, postgres_schema: str
) -> None:
    proxy = TcpProxy("127.0.0.1", 5432)
    await proxy.start()
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{proxy.port}/test"
    settings = bot_settings(tg, f"{url}?options=-csearch_path%3D{postgres_schema}")
    try:
        async with running(settings) as get:

            async def until(code: int) -> dict[str, Any]:
                async with asyncio.timeout(WITHIN):
                    while True:
                        status, body = await get("/healthz")
                        if status == code:
                            return body
                        await asyncio.sleep(0.1)

            healthy = await until(200)
            assert healthy["status"] == "ok" and healthy["down"] == []
            assert set(healthy["checks"]) == {"database", "telegram", "scheduler"}

            await proxy.stop()  # PostgreSQL is gone
            down = await until(503)
            assert down["down"] == ["database"]
            assert down["checks"]["telegram"]["ok"] is True

            await proxy.start()  # and back
            assert (await until(200))["down"] == []
            ivo = tg.user("Ivo")
            await tg.user_says(ivo, "/start")
            await tg.bot_reply(ivo, within=WITHIN)  # the bot answers again
    finally:
        await proxy.stop()


async def test_the_telegram_webhook_shares_the_port(tg: FakeTelegram, tmp_path: Path) -> None:
    port = free_port()
    settings = bot_settings(tg, f"sqlite+aiosqlite:///{tmp_path / 'hook.db'}").with_changes(
        http_port=port, telegram_webhook_url=f"http://127.0.0.1:{port}/telegram/hook"
    )
    async with running(settings) as get:
        assert tg.webhook and tg.webhook["url"].endswith("/telegram/hook")
        nat = tg.user("Nat")
        await tg.user_says(nat, "/start")
        welcome = await tg.bot_reply(nat, within=WITHIN)
        assert welcome.buttons
        status, health = await get("/healthz")
        assert (status, health["checks"]["telegram"]) == (200, {"ok": True})
        hook = f"http://127.0.0.1:{port}/telegram/hook"
        async with aiohttp.ClientSession() as session, session.post(hook, json={}) as refused:
            assert refused.status == 403  # no secret header
    assert not tg.calls_of("getUpdates")
