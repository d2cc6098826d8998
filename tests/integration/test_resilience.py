"""A database that is down for a while: the runner gets a clear answer, nothing is lost, and the
conversation carries on when it is back. A real PostgreSQL behind a proxy we switch off."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot import compose
from bot.app import App
from bot.core.state import IDLE, State
from bot.scheduling.scheduler import Scheduler
from bot.settings import Settings
from storage.outbox import OutboxStore
from storage.store import Store
from tests.fakes.platform import FakeSender
from tests.integration.test_scheduler import Clock as ClockAt
from tests.integration.test_scheduler import profile, set_state, utc
from tests.support.tcp_proxy import TcpProxy
from tests.support.transcript import Clock, Runner

pytestmark = pytest.mark.postgres


class FlakyProxy(TcpProxy):
    """While `refusing`, it accepts connections and cuts them at once (a database that is
    restarting); `refused` is set once it has cut one."""

    def __init__(self, target_host: str, target_port: int) -> None:
        super().__init__(target_host, target_port)
        self.refusing = False
        self.refused = asyncio.Event()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.refusing:
            self.refused.set()
            writer.transport.abort()
            return
        await super()._serve(reader, writer)


@pytest.fixture
async def proxied(postgres_url: str):
    store = await Store.open(postgres_url, migrate=True)
    await store.close()
    proxy = FlakyProxy("127.0.0.1", 5432)
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
    proxy.refusing = True
    await proxy.stop()  # cut the pooled connections; from now on every new one is cut too
    await proxy.start()
    answer = asyncio.create_task(ana.presses("Understood, let's go"))
    async with asyncio.timeout(5):
        await proxy.refused.wait()  # the first attempt has failed
    proxy.refusing = False
    assert "Where does it hurt?" in await answer  # so a retry answered it


async def test_a_prompt_whose_turn_fails_is_tried_again_and_never_apologises(proxied, postgres_url):
    """The conversation's database goes away under a scheduled check-in: the runner is sent
    nothing (no apology for a message they never wrote), and gets the check-in once it is
    back."""
    app, proxy = proxied
    direct = App(await Store.open(postgres_url), retries=())
    try:
        await set_state(direct, "r", State(IDLE, {}, profile("Europe/Berlin")))
        settings = Settings(database_url=postgres_url, catchup_hours=3.0)
        clock = ClockAt(utc("2026-03-02T07:00:00+01:00"))
        sender = FakeSender()
        outbox = OutboxStore(direct.store.engine)  # the outbox stays up; the turns do not
        scheduler = Scheduler(
            app, outbox, settings, channels=[compose.channel(sender, settings)], clock=clock
        )
        await scheduler.tick()
        await proxy.stop()
        await scheduler.dispatch()
        assert sender.sent == []
        (row,) = await outbox.rows()
        assert (row["status"], row["last_error"]) == ("pending", "app-error")

        await proxy.start()
        clock.advance(minutes=1)  # past the first backoff
        await scheduler.dispatch()
        await scheduler.dispatcher.close()
        assert [s.keys[0] for s in sender.sent] == ["checkin.hello_scheduled"]
    finally:
        await direct.close()
