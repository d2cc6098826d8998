"""The one imperative shell: lock the conversation, load, step, save, hand the replies out.

Everything with side effects meets here, so the core stays a pure function. Failures end here
too: a runner never sees a traceback, and the log gets the context (never the message text or
the answers: that is health data).
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot import metrics
from bot.core.machine import step
from bot.core.slash import is_command
from bot.core.state import State
from bot.core.turn import Step
from bot.core.types import ConversationKey, Event, Pressed, Prompted, Reply, Typed
from bot.log_context import tag
from bot.progress import files
from bot.settings import Settings
from bot.text import text
from storage.errors import is_data_error, is_outage, sqlstate, where
from storage.ledger import AlreadyAnswered, Answered, LedgerStore, Unsent
from storage.optimistic import Conflict
from storage.store import Store

log = logging.getLogger("comeback.app")

# Replies of answered turns that a crash kept from going out are sent after a restart if they
# are at most this old (a day-old answer would only confuse); the ledger keeps rows longer
# (storage/ledger.py), so a late redelivery of an update is still recognised.
UNSENT_WITHIN = timedelta(hours=12)

# A database that is down for a moment (a restart, a failover) should cost the runner a short
# wait, not a lost answer: retry the whole turn a few times before saying sorry. Only an outage
# is retried (storage/errors.py): a data error would be refused on every attempt.
DATABASE_RETRIES = (0.2, 1.0, 3.0)
# A PostgreSQL turn whose conversation or profile changed between its read and its save is
# stepped again at once (storage/optimistic.py); after this many, it waits for the row locks.
CONFLICT_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class _Kind:
    """What kind of event it was, for the log: never its content."""

    name: str

    @classmethod
    def of(cls, event: Event) -> _Kind:
        if isinstance(event, Prompted):
            return cls(f"prompt:{event.prompt}")
        if isinstance(event, Pressed):
            return cls("button")
        return cls("command" if is_command(event.text) else "text")


class App:
    def __init__(self, store: Store, retries: tuple[float, ...] = DATABASE_RETRIES) -> None:
        self.store = store
        self.ledger = LedgerStore(store.engine)  # updates answered (storage/ledger.py)
        self._retries = retries
        # One lock per user and platform: their DM and their group chats share a profile, so
        # their turns must not interleave. Weak values: idle users cost no memory.
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    @classmethod
    async def open(cls, settings: Settings) -> App:
        return cls(await Store.open(settings.database_url))

    async def close(self) -> None:
        await self.store.close()

    def _lock(self, key: ConversationKey) -> asyncio.Lock:
        ident = (key.platform, key.user)
        lock = self._locks.get(ident)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[ident] = lock
        return lock

    async def handle(self, event: Event) -> list[Reply]:
        """Answer one event. Never raises for anything a user can send: a failed turn is
        logged and answered with an apology."""
        kind = _Kind.of(event)
        metrics.UPDATES.labels(event.key.platform, kind.name.split(":")[0]).inc()
        try:
            return await self.turn(event)
        except Exception as error:
            if is_outage(error):
                log.error(
                    "database unavailable, gave up on %s for %s after %d attempts: %s",
                    kind.name, event.key, len(self._retries) + 1, type(error).__name__,
                )  # fmt: skip
                return [Reply((text("error.unavailable"),))]
            if is_data_error(error):
                # The database refused what we sent (too long, a constraint): a bug, not an
                # outage. Its message can quote the values, so the log gets where, not what.
                log.error(
                    "turn failed on a data error (a bug): %s for %s: %s sqlstate=%s at %s",
                    kind.name, event.key, type(error).__name__, sqlstate(error), where(error),
                )  # fmt: skip
                return [Reply((text("error.not_saved"),))]
            log.exception("turn failed: %s for %s", kind.name, event.key)
            return [Reply((text("error.internal"),))]

    async def turn(self, event: Event) -> list[Reply]:
        """Answer one event, or raise: the database still down after the retries, or a bug.
        Nothing of a failed turn is saved. For callers that must know (the scheduler), not
        for chat users (they get `handle`)."""
        kind = _Kind.of(event)
        started = time.perf_counter()
        async with self._lock(event.key):
            for pause in self._retries:
                try:
                    replies, flow = await self._turn(event)
                except Exception as error:
                    if not is_outage(error):
                        raise
                    metrics.DATABASE_RETRIES.inc()
                    await asyncio.sleep(pause)
                    continue
                break
            else:
                replies, flow = await self._turn(event)  # the last attempt raises
        metrics.TURN_SECONDS.labels(event.key.platform).observe(time.perf_counter() - started)
        log.debug(
            "turn %s for %s -> %s in %.1f ms",
            kind.name, event.key, flow, (time.perf_counter() - started) * 1000,
        )  # fmt: skip
        return replies

    async def _turn(self, event: Event) -> tuple[list[Reply], str]:
        # Only a person writing on purpose may create a runner: a stale button or a prompt for
        # a runner who was deleted finds nothing, and creates nothing.
        create = isinstance(event, Typed)
        try:
            for attempt in range(CONFLICT_ATTEMPTS + 1):
                # PostgreSQL saves a turn only if what it read is unchanged (Conflict: step
                # again on a fresh read); the last attempt takes the row locks instead.
                locked = attempt == CONFLICT_ATTEMPTS
                try:
                    result = await self._step(event, create, locked)
                except Conflict:
                    metrics.TURN_CONFLICTS.inc()
                    continue
                break
        except AlreadyAnswered:
            # Delivered again (a restart after a crash): answered once already, and this turn
            # rolled back. What of that answer never went out goes out now.
            before = await self.ledger.answered_before(event.key, event.update_id)
            if before is None:
                return [], "again"
            return await self._with_files(before), "again"
        # The chart, the report, the export: read after the turn committed, drawn off the loop.
        replies = await files.attach(
            self.store, event.key, event.now, result.replies, result.effects
        )
        return replies, result.state.flow

    async def _step(self, event: Event, create: bool, lock: bool) -> Step:
        async with self.store.turn(event.key, event.display_name, create=create, lock=lock) as turn:
            tag(event.key.platform, turn.runner_id)  # this task's log lines name the runner
            result = step(turn.state, event)
            wanted = [e for e in result.effects if isinstance(e, files.WANTS_FILES)]
            answered = Answered(event.update_id, result.replies, wanted, event.now)
            await turn.save(result.state, result.effects, answered if event.update_id else None)
        return result

    async def _with_files(self, unsent: Unsent) -> list[Reply]:
        """Replies kept back by a crash, with their files drawn again (they are not stored)."""
        return await files.attach(self.store, unsent.key, unsent.now, unsent.replies, unsent.files)

    async def peek(self, key: ConversationKey) -> State:
        """The conversation as stored, changing nothing (the console uses it to move its clock)."""
        return await self.store.state(key)

    # ---- the update ledger (storage/ledger.py), for the adapters (adapters/ledger.py) ----

    async def answered_updates(self, platform: str, update_ids: Sequence[str]) -> set[str]:
        """Which of these updates were answered already."""
        return await self.ledger.answered(platform, update_ids)

    async def replies_sent(self, platform: str, update_id: str) -> None:
        """The platform accepted the replies to this update: they need not go out again."""
        await self.ledger.sent(platform, update_id)

    async def unsent_replies(self, platform: str) -> list[tuple[str, ConversationKey, list[Reply]]]:
        """(update id, conversation, replies) of answered turns whose replies a crash kept
        from going out; an adapter sends them when it starts, then calls replies_sent."""
        since = datetime.now(UTC) - UNSENT_WITHIN
        unsent = await self.ledger.unsent(platform, since)
        return [(row.update_id, row.key, await self._with_files(row)) for row in unsent]

    async def last_in_private(self, platform: str, within: timedelta) -> dict[str, str]:
        """user id -> the newest update answered in their private chat within `within`: where
        an adapter whose platform does not deliver updates again catches up from."""
        since = datetime.now(UTC) - within
        return await self.ledger.last_in_private(platform, since)

    async def mark_unreachable(self, platform: str, user: str) -> None:
        if await self.store.mark_unreachable(platform, user):
            log.info("marked unreachable: %s:%s", platform, user)
