"""A database that is down for a while: the runner gets a clear answer, nothing is lost, and the
conversation carries on when it is back. A real PostgreSQL behind a proxy we switch off."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.app import App
from storage.store import Store
from tests.support.tcp_proxy import TcpProxy
from tests.support.transcript import Clock, Runner

pytestmark = pytest.mark.postgres


@pytest.fixture
async def proxied(postgres_url: str):
    store = await Store.open(postgres_url, migrate=True)
    await store.close()
    proxy = TcpProxy("127.0.0.1", 5432)
    await proxy.start()
    url = postgres_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    app = App(await Store.open(url, pool_pre_ping=True), retries=(0.05, 0.1))
    yield app, proxy
    await proxy.stop()
    await app.close()


async def test_database_down_gets_a_clear_answer_and_loses_nothing(proxied, caplog):
    app, proxy = proxied
    clock = Clock()
    ana = Runner(app, clock)
    await ana.says("/start")
    await ana.presses("Understood, let's go")

    await proxy.stop()
    with caplog.at_level(logging.ERROR):
        said = await ana.says("shin, it hurts a lot")
    assert "again in a minute" in said and "lost" in said
    assert "Traceback" not in said
    assert all("it hurts a lot" not in r.getMessage() for r in caplog.records)

    await proxy.start()
    said = await ana.says("shin")
    assert "How did it start?" in said


async def test_a_short_outage_is_bridged_by_retries(proxied):
    app, proxy = proxied
    clock = Clock()
    ana = Runner(app, clock)
    await ana.says("/start")
    await proxy.stop()
    answer = asyncio.create_task(ana.presses("Understood, let's go"))
    await asyncio.sleep(0.02)
    await proxy.start()
    assert "Where does it hurt?" in await answer
