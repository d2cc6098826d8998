"""The ports scheduling needs from storage, stated here so storage depends on scheduling and not
the other way round: the outbox rows scheduling reads and writes (`Outbox`, implemented by
storage.outbox.OutboxStore), the send budget every process shares (`RateBudget`, implemented by
storage.budget.RateBudgetStore on PostgreSQL) and the types they travel as.

Storage imports this module and nothing else of scheduling, so it imports only the domain's
types itself."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from bot.core.types import ConversationKey

# The life of an outbox row: pending -> claimed -> sent | skipped | failed (or back to pending
# for a later attempt).
PENDING = "pending"
CLAIMED = "claimed"
SENT = "sent"
SKIPPED = "skipped"
FAILED = "failed"
CLAIMABLE = (PENDING, CLAIMED)
FINISHED = (SENT, SKIPPED, FAILED)


@dataclass(frozen=True, slots=True)
class Slot:
    """One prompt kind for everyone in `timezone` whose check-in time is `hhmm` (None: any,
    for the weekly note) on `local_date`."""

    kind: str
    timezone: str
    hhmm: str | None
    local_date: date
    due_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Claimed:
    """A due row one worker holds until `lease_until`."""

    id: int
    runner_id: int
    kind: str
    local_date: date
    due_at: datetime
    expires_at: datetime
    platform: str
    chat_id: str
    user_id: str
    attempts: int
    lease_until: datetime

    @property
    def key(self) -> ConversationKey:
        return ConversationKey(self.platform, self.chat_id, self.user_id)


@dataclass(frozen=True, slots=True)
class Mark:
    """What became of a claimed row. `status` is SENT, SKIPPED, FAILED or PENDING (released
    for another attempt at `retry_at`). `reason` is a word or an error class, never text."""

    id: int
    status: str
    message_id: str | None = None
    at: datetime | None = None
    retry_at: datetime | None = None
    reason: str | None = None


class Outbox(Protocol):
    """The scheduled prompts as rows; the database, not the process, is the source of truth.
    Its methods may raise the database driver's errors when the database is down."""

    async def groups(self) -> tuple[list[tuple[str, str]], list[str]]:
        """Distinct (zone, check-in time) pairs and distinct zones of onboarded runners."""
        ...

    async def enqueue(self, slots: Sequence[Slot], now: datetime) -> int:
        """A row per runner matching each slot, at most one per (runner, kind, local date)."""
        ...

    async def expire(self, now: datetime) -> int:
        """Rows past their expiry, and due rows of unreachable runners, become skipped."""
        ...

    async def claim(
        self, worker: str, platform: str, now: datetime, lease_until: datetime, limit: int
    ) -> list[Claimed]: ...

    async def record(self, worker: str, marks: Sequence[Mark]) -> int: ...

    async def checkins(
        self, pairs: Iterable[tuple[int, date]]
    ) -> Mapping[tuple[int, date], tuple[str, datetime | None]]:
        """(status, sent_at) of the check-in rows of (runner, local date) pairs."""
        ...

    async def end_runner(self, runner_id: int, reason: str) -> int: ...

    async def purge(self, before: datetime, limit: int) -> int:
        """Sent, skipped and failed rows due before `before` go, at most `limit` of them in
        small batches; returns how many went."""
        ...


@dataclass(frozen=True, slots=True)
class Grant:
    """Send slots of a shared budget, in the database's clock (epoch seconds): `granted` slots,
    `interval` apart, the first one at `first_at`; `now` is when the database granted them.
    None granted: the next slot is free at `first_at` (ask again then)."""

    granted: int
    first_at: float
    interval: float
    now: float

    def offsets(self) -> list[float]:
        """Seconds from `now` until each slot may be used (0: at once)."""
        return [max(0.0, self.first_at + k * self.interval - self.now) for k in range(self.granted)]


class RateBudget(Protocol):
    """One send rate per key (a platform's bot token, one of its group chats) shared by every
    process: slots are handed out at `interval` spacing (after at most `burst` at once), never
    more than `horizon` seconds ahead, so a process that dies holds none for longer."""

    async def take(
        self, key: str, wanted: int, *, interval: float, burst: int, horizon: float
    ) -> Grant: ...

    async def pause(self, key: str, seconds: float) -> None:
        """Nobody takes a slot of `key` for `seconds` (the platform answered 429)."""
        ...
