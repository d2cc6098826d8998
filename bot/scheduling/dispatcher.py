"""Delivery of claimed outbox rows: the engine decides what to say, the Sender says it.

For each claimed row: build Prompted(key, now, prompt=kind), run it through App.turn (the engine
stays silent for a paused runner, a skipped day or an answered check-in, and otherwise moves the
conversation to the question), then send the replies through the platform's Channel at the
platform's rate. What becomes of each row is decided in outcomes.py; outcomes are written as soon
as they happen, many rows per transaction.

Duplicates. A row is marked sent right after the platform accepts it; a worker that dies between
the two (one group commit, a few milliseconds) leaves a sent message on a claimed row, which is
sent again once the lease expires. That window is the only source of duplicates; a worker whose
lease has run out never sends (it checks before each send).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.app import App
from bot.core.prompts import NUDGE
from bot.core.types import Prompted, Reply
from bot.delivery import RetryLater, Unreachable
from bot.metrics import DATABASE_RETRIES, PROMPTS
from bot.scheduling.channel import Channel
from bot.scheduling.outcomes import asks_again, nudge_outcome, retry_outcome, screen
from bot.scheduling.ports import FAILED, PENDING, SENT, SKIPPED, Claimed, Mark, Outbox
from bot.settings import Settings

log = logging.getLogger("comeback.scheduler")

Clock = Callable[[], datetime]
# Never start a send this close to the end of the lease (another worker may take the row then):
# 2 s, or a quarter of a short lease.
LEASE_MARGIN = timedelta(seconds=2)
_DATABASE_DOWN = (OperationalError, DBAPIError, PoolTimeout, OSError, ConnectionError)
_OUTCOMES = {SENT: "sent", SKIPPED: "skipped", FAILED: "failed"}  # the rest go back: released


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class DispatchStats:
    claimed: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    released: int = 0
    rate_limited: int = 0  # RetryLater answers (429s) seen
    dropped: int = 0  # claims given up unsent because the lease ran out

    def add(self, other: DispatchStats) -> None:
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))


class Recorder:
    """Writes outcomes as they come: each write takes everything waiting (a group commit), so
    a row is recorded one transaction after its send was accepted, at any send rate."""

    def __init__(self, store: Outbox, worker: str) -> None:
        self.store = store
        self.worker = worker
        self._pending: list[Mark] = []
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._task: asyncio.Task[None] | None = None

    def add(self, mark: Mark) -> None:
        self._pending.append(mark)
        self._idle.clear()
        self._wake.set()
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="outbox-recorder")

    async def _run(self) -> None:
        pause = 0.2
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._pending:
                batch, self._pending = self._pending, []
                try:
                    await self.store.record(self.worker, batch)
                    pause = 0.2
                except _DATABASE_DOWN as error:
                    DATABASE_RETRIES.inc()
                    # Keep them: a sent row we fail to record would be sent again.
                    log.warning("outbox: recording %d outcomes failed (%s), retrying",
                                len(batch), type(error).__name__)  # fmt: skip
                    self._pending[:0] = batch
                    await asyncio.sleep(pause)
                    pause = min(pause * 2, 5.0)
            if not self._pending:
                self._idle.set()

    async def flush(self) -> None:
        await self._idle.wait()

    async def close(self) -> None:
        await self.flush()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None


class Dispatcher:
    """Claims due rows per platform and delivers them. `channels` may gain platforms later
    (the Telegram sender exists once the bot is up); rows of a platform without a channel wait,
    and expire as skipped if it never comes."""

    def __init__(
        self,
        app: App,
        store: Outbox,
        settings: Settings,
        *,
        worker: str,
        clock: Clock = utc_now,
        channels: Iterable[Channel] = (),
    ) -> None:
        self.app = app
        self.store = store
        self.settings = settings
        self.worker = worker
        self.clock = clock
        self.channels: dict[str, Channel] = {channel.platform: channel for channel in channels}
        self.recorder = Recorder(store, worker)
        self.lease = timedelta(seconds=settings.lease_seconds)
        self.margin = min(LEASE_MARGIN, self.lease / 4)
        self.nudge_after = timedelta(hours=settings.nudge_after_hours)
        self.totals = DispatchStats()
        # Set on shutdown: claim nothing more, hand back what is queued but not started.
        self.stopping = asyncio.Event()

    def add_channel(self, channel: Channel) -> None:
        self.channels[channel.platform] = channel

    async def drain(self) -> DispatchStats:
        """Deliver everything due now, for every platform with a channel; return when done and
        recorded."""
        stats = DispatchStats()
        await self.store.expire(self.clock())
        platforms = list(self.channels)
        await asyncio.gather(*(self._drain(platform, stats) for platform in platforms))
        await self.recorder.flush()
        self.totals.add(stats)
        return stats

    async def close(self) -> None:
        await self.recorder.close()

    def _claim_size(self, platform: str) -> int:
        # Never claim more than can go out well inside the lease at this process's rate.
        rate = self.channels[platform].limiter.rate
        return max(1, min(self.settings.dispatch_batch, int(rate * self.lease.total_seconds() / 4)))

    async def _drain(self, platform: str, stats: DispatchStats) -> None:
        concurrency = max(1, self.settings.dispatch_concurrency)
        # Bounded: the producer waits while the senders are busy, so a claimed row never sits
        # for long (at most one batch plus the senders' share before its send starts).
        queue: asyncio.Queue[Claimed] = asyncio.Queue(maxsize=concurrency)
        workers = [
            asyncio.create_task(self._consume(platform, queue, stats)) for _ in range(concurrency)
        ]
        try:
            while not self.stopping.is_set():
                # Sized at each claim: with several processes, this one's share of the rate
                # changes as the others start, stop or run dry.
                size = self._claim_size(platform)
                now = self.clock()
                rows = await self.store.claim(self.worker, platform, now, now + self.lease, size)
                if not rows:
                    await queue.join()
                    now = self.clock()
                    rows = await self.store.claim(
                        self.worker, platform, now, now + self.lease, size
                    )
                    if not rows:
                        break
                stats.claimed += len(rows)
                for row in await self._ready(rows, stats):
                    await queue.put(row)
            await queue.join()
        finally:
            for worker in workers:
                worker.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    async def _consume(
        self, platform: str, queue: asyncio.Queue[Claimed], stats: DispatchStats
    ) -> None:
        while True:
            row = await queue.get()
            try:
                if self.stopping.is_set():
                    # Back to pending at once: another worker need not wait for the lease.
                    back = Mark(row.id, PENDING, retry_at=self.clock(), reason="shutdown")
                    self._mark(back, stats)
                    continue
                await self._deliver(platform, row, stats)
            except Exception as error:
                log.exception("outbox: row %d (%s) failed: %s", row.id, row.kind,
                              type(error).__name__)  # fmt: skip
                self._release(row, stats, type(error).__name__)
            finally:
                queue.task_done()

    def _mark(self, mark: Mark, stats: DispatchStats) -> None:
        PROMPTS.labels(_OUTCOMES.get(mark.status, "released")).inc()
        if mark.status == SENT:
            stats.sent += 1
        elif mark.status == SKIPPED:
            stats.skipped += 1
        elif mark.status == FAILED:
            stats.failed += 1
        else:
            stats.released += 1
        self.recorder.add(mark)

    def _release(
        self, row: Claimed, stats: DispatchStats, reason: str, after: timedelta | None = None
    ) -> None:
        """Give the row back for a later attempt, or fail it after too many."""
        mark = retry_outcome(
            row,
            self.clock(),
            reason,
            max_attempts=self.settings.dispatch_max_attempts,
            after=after,
        )
        self._mark(mark, stats)

    async def _ready(self, rows: Sequence[Claimed], stats: DispatchStats) -> list[Claimed]:
        """Rows worth delivering now; the rest are marked here (too many attempts, stale, a
        nudge without a sent check-in or not yet N hours after it)."""
        now = self.clock()
        ready: list[Claimed] = []
        nudges: list[Claimed] = []
        for row in rows:
            mark = screen(row, now, max_attempts=self.settings.dispatch_max_attempts)
            if mark is not None:
                self._mark(mark, stats)
            elif row.kind == NUDGE:
                nudges.append(row)
            else:
                ready.append(row)
        if nudges:
            checkins = await self.store.checkins((n.runner_id, n.local_date) for n in nudges)
            for row in nudges:
                checkin = checkins.get((row.runner_id, row.local_date))
                mark = nudge_outcome(row, checkin, now, nudge_after=self.nudge_after)
                if mark is None:
                    ready.append(row)
                else:
                    self._mark(mark, stats)
        return ready

    def _lease_left(self, row: Claimed) -> bool:
        return self.clock() < row.lease_until - self.margin

    async def _deliver(self, platform: str, row: Claimed, stats: DispatchStats) -> None:
        now = self.clock()
        mark = screen(row, now, max_attempts=self.settings.dispatch_max_attempts)
        if mark is not None:
            self._mark(mark, stats)
            return
        if not self._lease_left(row):
            stats.dropped += 1  # another worker may hold it now; it will be delivered once
            return
        key = row.key
        replies = await self._turn(Prompted(key, now, prompt=row.kind))
        if replies is not None and not replies and asks_again(row):
            replies = await self._turn(Prompted(key, now, prompt=NUDGE))
        if replies is None:
            self._release(row, stats, "app-error")
            return
        if not replies:
            self._mark(Mark(row.id, SKIPPED, reason="silent"), stats)
            return
        channel = self.channels[platform]
        sender, limiter = channel.sender, channel.limiter
        group = channel.is_group_chat(key.chat)
        while True:
            await limiter.acquire(key.chat, group=group)
            if not self._lease_left(row):
                stats.dropped += 1
                return
            try:
                message_id = await sender.send(key, replies)
            except RetryLater as error:
                stats.rate_limited += 1
                limiter.pause(error.after)
                if self.clock() + timedelta(seconds=error.after) < row.lease_until - self.margin:
                    continue  # same replies again once the platform lets us
                self._release(row, stats, "retry-later", timedelta(seconds=error.after))
                return
            except Unreachable:
                await self.app.mark_unreachable(platform, key.user)
                await self.store.end_runner(row.runner_id, "unreachable")
                self._mark(Mark(row.id, FAILED, reason="unreachable"), stats)
                return
            self._mark(Mark(row.id, SENT, message_id=message_id, at=self.clock()), stats)
            return

    async def _turn(self, event: Prompted) -> list[Reply] | None:
        """The engine's replies to a prompt; None when the turn failed (logged here: the row
        goes back for a later attempt, and the runner is never sent an apology)."""
        try:
            return await self.app.turn(event)
        except Exception as error:
            log.error("outbox: %s turn failed for %s: %s", event.prompt, event.key,
                      type(error).__name__, exc_info=True)  # fmt: skip
            return None
