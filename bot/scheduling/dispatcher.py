"""Delivery of claimed outbox rows: the engine decides what to say, the Sender says it.

For each claimed row: build Prompted(key, now, prompt=kind), run it through App.handle (the engine
stays silent for a paused runner, a skipped day or an answered check-in, and otherwise moves the
conversation to the question), then send the replies through the platform's Sender at the
platform's rate. Outcomes are written as soon as they happen, many rows per transaction.

Duplicates. A row is marked sent right after the platform accepts it; a worker that dies between
the two (one group commit, a few milliseconds) leaves a sent message on a claimed row, which is
sent again once the lease expires. That window is the only source of duplicates; a worker whose
lease has run out never sends (it checks before each send).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.app import App
from bot.core.prompts import CHECKIN, NUDGE
from bot.core.types import Prompted, Reply
from bot.delivery import RetryLater, Sender, Unreachable
from bot.scheduling.ratelimit import PlatformLimiter
from bot.settings import Settings
from storage.outbox import CLAIMED, FAILED, PENDING, SENT, SKIPPED, Claimed, Mark, OutboxStore

log = logging.getLogger("comeback.scheduler")

Clock = Callable[[], datetime]
# Never start a send this close to the end of the lease (another worker may take the row then):
# 2 s, or a quarter of a short lease.
LEASE_MARGIN = timedelta(seconds=2)
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(minutes=15)
# A nudge whose check-in is still waiting to go out (a big morning at 30/s) looks again later.
NUDGE_RECHECK = timedelta(minutes=5)
_DATABASE_DOWN = (OperationalError, DBAPIError, PoolTimeout, OSError, ConnectionError)


def utc_now() -> datetime:
    return datetime.now(UTC)


def backoff(attempts: int) -> timedelta:
    return min(BACKOFF_BASE * (1 << min(max(attempts - 1, 0), 10)), BACKOFF_MAX)


def is_apology(replies: Sequence[Reply]) -> bool:
    """App.handle answers a failed turn with an apology (error.*): that is not a prompt."""
    return any(line.key.startswith("error.") for reply in replies for line in reply.lines)


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

    def __init__(self, store: OutboxStore, worker: str) -> None:
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
    """Claims due rows per platform and delivers them. `senders` may gain platforms later
    (the Telegram sender exists once the bot is up); rows of a platform without a sender wait,
    and expire as skipped if it never comes."""

    def __init__(
        self,
        app: App,
        store: OutboxStore,
        settings: Settings,
        *,
        worker: str,
        clock: Clock = utc_now,
        senders: MutableMapping[str, Sender] | None = None,
        limiters: Mapping[str, PlatformLimiter] | None = None,
    ) -> None:
        self.app = app
        self.store = store
        self.settings = settings
        self.worker = worker
        self.clock = clock
        self.senders: MutableMapping[str, Sender] = senders if senders is not None else {}
        self.limiters: dict[str, PlatformLimiter] = dict(limiters or {})
        self.recorder = Recorder(store, worker)
        self.lease = timedelta(seconds=settings.lease_seconds)
        self.margin = min(LEASE_MARGIN, self.lease / 4)
        self.nudge_after = timedelta(hours=settings.nudge_after_hours)
        self.totals = DispatchStats()
        # Set on shutdown: claim nothing more, hand back what is queued but not started.
        self.stopping = asyncio.Event()

    def add_sender(self, sender: Sender) -> None:
        self.senders[sender.platform] = sender

    def limiter(self, platform: str) -> PlatformLimiter:
        limiter = self.limiters.get(platform)
        if limiter is None:
            if platform == "telegram":
                limiter = PlatformLimiter(
                    self.settings.telegram_rate,
                    group_per_minute=self.settings.telegram_group_per_minute,
                )
            else:
                limiter = PlatformLimiter(
                    self.settings.discord_rate if platform == "discord" else 30.0
                )
            self.limiters[platform] = limiter
        return limiter

    async def drain(self) -> DispatchStats:
        """Deliver everything due now, for every platform with a sender; return when done and
        recorded."""
        stats = DispatchStats()
        await self.store.expire(self.clock())
        platforms = list(self.senders)
        await asyncio.gather(*(self._drain(platform, stats) for platform in platforms))
        await self.recorder.flush()
        self.totals.add(stats)
        return stats

    async def close(self) -> None:
        await self.recorder.close()

    def _claim_size(self, platform: str) -> int:
        # Never claim more than can go out well inside the lease at the platform's rate.
        rate = self.limiter(platform).overall.rate
        return max(1, min(self.settings.dispatch_batch, int(rate * self.lease.total_seconds() / 4)))

    async def _drain(self, platform: str, stats: DispatchStats) -> None:
        size = self._claim_size(platform)
        concurrency = max(1, self.settings.dispatch_concurrency)
        # Bounded: the producer waits while the senders are busy, so a claimed row never sits
        # for long (at most one batch plus the senders' share before its send starts).
        queue: asyncio.Queue[Claimed] = asyncio.Queue(maxsize=concurrency)
        workers = [
            asyncio.create_task(self._consume(platform, queue, stats)) for _ in range(concurrency)
        ]
        try:
            while not self.stopping.is_set():
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
        if row.attempts >= self.settings.dispatch_max_attempts:
            self._mark(Mark(row.id, FAILED, reason=reason), stats)
            return
        retry_at = self.clock() + max(after or timedelta(0), backoff(row.attempts))
        if retry_at >= row.expires_at:
            self._mark(Mark(row.id, SKIPPED, reason="stale"), stats)
            return
        self._mark(Mark(row.id, PENDING, retry_at=retry_at, reason=reason), stats)

    async def _ready(self, rows: Sequence[Claimed], stats: DispatchStats) -> list[Claimed]:
        """Rows worth delivering now; the rest are marked here (too many attempts, stale, a
        nudge without a sent check-in or not yet N hours after it)."""
        now = self.clock()
        ready: list[Claimed] = []
        nudges: list[Claimed] = []
        for row in rows:
            if row.attempts > self.settings.dispatch_max_attempts:
                self._mark(Mark(row.id, FAILED, reason="attempts"), stats)
            elif now >= row.expires_at:
                self._mark(Mark(row.id, SKIPPED, reason="stale"), stats)
            elif row.kind == NUDGE:
                nudges.append(row)
            else:
                ready.append(row)
        if nudges:
            checkins = await self.store.checkins((n.runner_id, n.local_date) for n in nudges)
            for row in nudges:
                status, sent_at = checkins.get((row.runner_id, row.local_date), (None, None))
                if status == SENT and sent_at is not None:
                    at = sent_at + self.nudge_after
                    if at <= now:
                        ready.append(row)
                    elif at < row.expires_at:
                        self._mark(Mark(row.id, PENDING, retry_at=at, reason="early"), stats)
                    else:
                        self._mark(Mark(row.id, SKIPPED, reason="stale"), stats)
                elif status in (PENDING, CLAIMED):
                    at = now + NUDGE_RECHECK
                    if at < row.expires_at:
                        self._mark(Mark(row.id, PENDING, retry_at=at, reason="early"), stats)
                    else:
                        self._mark(Mark(row.id, SKIPPED, reason="stale"), stats)
                else:  # no check-in went out that day: nothing to nudge about
                    self._mark(Mark(row.id, SKIPPED, reason="no-checkin"), stats)
        return ready

    def _lease_left(self, row: Claimed) -> bool:
        return self.clock() < row.lease_until - self.margin

    async def _deliver(self, platform: str, row: Claimed, stats: DispatchStats) -> None:
        now = self.clock()
        if now >= row.expires_at:
            self._mark(Mark(row.id, SKIPPED, reason="stale"), stats)
            return
        if not self._lease_left(row):
            stats.dropped += 1  # another worker may hold it now; it will be delivered once
            return
        key = row.key
        replies = await self.app.handle(Prompted(key, now, prompt=row.kind))
        if is_apology(replies):
            self._release(row, stats, "app-error")
            return
        if not replies and row.kind == CHECKIN and row.attempts > 1:
            # An earlier attempt moved the conversation to the question but never got it out
            # (a crash, a platform outage): the engine's nudge repeats the open question.
            replies = await self.app.handle(Prompted(key, now, prompt=NUDGE))
            if is_apology(replies):
                self._release(row, stats, "app-error")
                return
        if not replies:
            self._mark(Mark(row.id, SKIPPED, reason="silent"), stats)
            return
        sender = self.senders[platform]
        limiter = self.limiter(platform)
        group = platform == "telegram" and key.chat.startswith("-")
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
