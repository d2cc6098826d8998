"""Scheduled prompts: the morning check-in, one nudge, the weekly note.

The database is the source of truth (the Outbox port, ports.py); APScheduler only wakes two things:

    tick()      every schedule_tick_seconds: enqueue the prompts that came due since the last
                tick, set-based (one INSERT ... SELECT per chunk of (zone, time) groups)
    dispatch    every dispatch_poll_seconds (and right after a tick): claim due rows and send
                them through the platforms' Channels (dispatcher.py)

Prompts are enqueued when they come due, not ahead: a runner who changes the check-in time
gets the new time from the next prompt on, and never a second prompt on a day that had one
(the unique key per local date). The first tick after a start looks back catchup_hours: what
is still inside grace_hours goes out now, anything older is recorded as skipped.

Several processes may run this against PostgreSQL (claims are row locks with leases). SQLite
allows one dispatching process (guard.py). The composition root (bot/compose.py) builds it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.app import App
from bot.scheduling.channel import Channel
from bot.scheduling.dispatcher import Clock, Dispatcher, DispatchStats, utc_now
from bot.scheduling.guard import DispatchGuard, DispatchLocked
from bot.scheduling.ports import Outbox
from bot.scheduling.times import checkin_slots, weekly_slots
from bot.settings import Settings

__all__ = ["DispatchLocked", "DispatchStats", "Scheduler", "worker_name"]

log = logging.getLogger("comeback.scheduler")
PURGE_EVERY = timedelta(hours=1)
# Old rows deleted per tick at most: a backlog (a first start on a big table) goes over a few
# ticks instead of holding one up.
PURGE_LIMIT = 20_000
TICK_FINISH_WITHIN = 5.0  # seconds a running tick gets to finish on shutdown


def worker_name() -> str:
    """Unique per process and start: a restarted worker must not look like its old self."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Scheduler:
    def __init__(
        self,
        app: App,
        outbox: Outbox,
        settings: Settings,
        *,
        channels: Iterable[Channel] = (),
        clock: Clock = utc_now,
        worker: str | None = None,
        enqueue: bool = True,
        on_tick: Callable[[datetime, Mapping[str, Channel]], Awaitable[object]] | None = None,
    ) -> None:
        self.app = app
        # Work of its own on every tick, given the channels (the teams' roll-calls).
        self.on_tick = on_tick
        self.settings = settings
        self.clock = clock
        self.enqueue = enqueue
        self.outbox = outbox
        self.dispatcher = Dispatcher(
            app,
            outbox,
            settings,
            worker=worker or worker_name(),
            clock=clock,
            channels=channels,
        )
        self.guard = DispatchGuard(settings.database_url)
        self._watermark: datetime | None = None
        self._purged: datetime | None = None
        self._wake = asyncio.Event()
        # For /healthz: when the last tick finished (the start until the first one).
        self.last_tick: datetime | None = None
        self._ticking: asyncio.Task[object] | None = None

    @property
    def worker(self) -> str:
        return self.dispatcher.worker

    def add_channel(self, channel: Channel) -> None:
        """A platform whose Sender is connected (run_telegram's on_sender, via the composition
        root): its due rows go out from now on."""
        self.dispatcher.add_channel(channel)
        self._wake.set()

    async def tick(self) -> int:
        """Enqueue everything that came due since the last tick (since now - catchup_hours
        on the first). Returns the number of rows inserted."""
        now = self.clock()
        lower = self._watermark or now - timedelta(hours=self.settings.catchup_hours)
        if now <= lower:
            return 0
        grace = timedelta(hours=self.settings.grace_hours)
        pairs, zone_names = await self.outbox.groups()
        slots = checkin_slots(
            pairs,
            lower,
            now,
            grace=grace,
            nudge_after=timedelta(hours=self.settings.nudge_after_hours),
        )
        slots += weekly_slots(
            zone_names,
            lower,
            now,
            weekday=self.settings.weekly_weekday,
            hhmm=self.settings.weekly_time,
            grace=grace,
        )
        inserted = await self.outbox.enqueue(slots, now) if slots else 0
        if self.on_tick is not None:
            try:
                await self.on_tick(now, self.dispatcher.channels)
            except Exception as error:  # never in the way of the runners' own prompts
                log.error("tick job failed: %s", type(error).__name__, exc_info=True)
        self._watermark = now
        if self._purged is None or now - self._purged >= PURGE_EVERY:
            before = now - timedelta(days=self.settings.outbox_keep_days)
            if await self.outbox.purge(before, PURGE_LIMIT) < PURGE_LIMIT:
                self._purged = now  # all gone: again in an hour; else at the next tick
        if inserted:
            log.info("enqueued %d prompts (%d slots)", inserted, len(slots))
        self.last_tick = self.clock()
        self._wake.set()
        return inserted

    async def dispatch(self) -> DispatchStats:
        """Deliver what is due now and return when it is recorded."""
        return await self.dispatcher.drain()

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop`: APScheduler wakes the tick and the dispatcher. Raises DispatchLocked
        when another process dispatches from the same SQLite file."""
        self.guard.acquire()
        self.last_tick = self.clock()  # lag counts from the start until the first tick
        stop_dispatching = asyncio.create_task(_relay(stop, self.dispatcher.stopping))
        scheduler = AsyncIOScheduler(timezone="UTC")
        options = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}
        if self.enqueue:
            scheduler.add_job(
                self._tick_job,
                IntervalTrigger(seconds=self.settings.schedule_tick_seconds),
                next_run_time=utc_now(),
                id="outbox-tick",
                **options,
            )
        scheduler.add_job(
            self._wake_job,
            IntervalTrigger(seconds=self.settings.dispatch_poll_seconds),
            id="outbox-wake",
            **options,
        )
        scheduler.start()
        log.info("scheduler: %s (%s)", self.worker, "enqueue and dispatch" if self.enqueue
                 else "dispatch only")  # fmt: skip
        stopping = asyncio.create_task(stop.wait())
        try:
            while not stop.is_set():
                waking = asyncio.create_task(self._wake.wait())
                await asyncio.wait({waking, stopping}, return_when=asyncio.FIRST_COMPLETED)
                waking.cancel()
                if stop.is_set():
                    break
                self._wake.clear()
                if self.dispatcher.channels:
                    await self._dispatch_job()
        finally:
            stopping.cancel()
            stop_dispatching.cancel()
            # APScheduler's shutdown cancels a coroutine job in the middle of its query: let a
            # running tick finish first (bounded), then shut down.
            scheduler.pause()
            if self._ticking is not None and not self._ticking.done():
                await asyncio.wait({self._ticking}, timeout=TICK_FINISH_WITHIN)
            scheduler.shutdown(wait=False)
            await self.dispatcher.close()
            self.guard.release()

    async def _wake_job(self) -> None:
        # A coroutine on purpose: APScheduler runs plain functions in a thread, and an
        # asyncio.Event must be set from the loop's own thread.
        self._wake.set()

    async def _tick_job(self) -> None:
        self._ticking = asyncio.current_task()
        try:
            await self.tick()
        except Exception as error:  # the next tick covers the same window again
            log.error("scheduler tick failed: %s", type(error).__name__, exc_info=True)

    async def _dispatch_job(self) -> None:
        try:
            stats = await self.dispatch()
        except Exception as error:  # rows stay claimed until their lease ends; none is lost
            log.error("dispatch failed: %s", type(error).__name__, exc_info=True)
            with contextlib.suppress(Exception):
                await self.dispatcher.recorder.flush()
            return
        if stats.claimed:
            log.info(
                "dispatched: %d sent, %d skipped, %d failed, %d retried later, %d rate-limited",
                stats.sent, stats.skipped, stats.failed, stats.released, stats.rate_limited,
            )  # fmt: skip


async def _relay(source: asyncio.Event, target: asyncio.Event) -> None:
    await source.wait()
    target.set()
