"""What becomes of a claimed row, as pure functions of the row, the clock and the settings: the
dispatcher does the I/O and asks these for every decision. Each returns the row's Mark, or None
when the row should go on towards delivery."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.prompts import CHECKIN
from bot.scheduling.ports import CLAIMED, FAILED, PENDING, SENT, SKIPPED, Claimed, Mark

BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(minutes=15)
# A nudge whose check-in is still waiting to go out (a big morning at 30/s) looks again later.
NUDGE_RECHECK = timedelta(minutes=5)


def backoff(attempts: int) -> timedelta:
    """30 s after the first failed attempt, doubling, at most 15 minutes."""
    return min(BACKOFF_BASE * (1 << min(max(attempts - 1, 0), 10)), BACKOFF_MAX)


def screen(row: Claimed, now: datetime, *, max_attempts: int) -> Mark | None:
    """A row tried too often fails; a row past its expiry is skipped as stale."""
    if row.attempts > max_attempts:
        return Mark(row.id, FAILED, reason="attempts")
    if now >= row.expires_at:
        return Mark(row.id, SKIPPED, reason="stale")
    return None


def nudge_outcome(
    row: Claimed,
    checkin: tuple[str, datetime | None] | None,
    now: datetime,
    *,
    nudge_after: timedelta,
) -> Mark | None:
    """A nudge follows a check-in that went out that day, and only `nudge_after` later.
    `checkin` is the (status, sent_at) of that day's check-in row, None if there is none: then
    nothing was asked today (a team's roll-call came before the runner's own prompt), and the
    nudge goes now; the engine opens the check-in, and the prompt later finds it open."""
    if checkin is None:
        return None
    status, sent_at = checkin
    if status == SENT and sent_at is not None:
        at = sent_at + nudge_after
        if at <= now:
            return None
        return _later(row, at)
    if status in (PENDING, CLAIMED):  # the check-in is still on its way: look again soon
        return _later(row, now + NUDGE_RECHECK)
    return Mark(row.id, SKIPPED, reason="no-checkin")


def _later(row: Claimed, at: datetime) -> Mark:
    if at < row.expires_at:
        return Mark(row.id, PENDING, retry_at=at, reason="early")
    return Mark(row.id, SKIPPED, reason="stale")


def retry_outcome(
    row: Claimed,
    now: datetime,
    reason: str,
    *,
    max_attempts: int,
    after: timedelta | None = None,
) -> Mark:
    """Give the row back for a later attempt (never sooner than `after`, the platform's
    retry_after), fail it after `max_attempts`, skip it if the next attempt would be stale."""
    if row.attempts >= max_attempts:
        return Mark(row.id, FAILED, reason=reason)
    retry_at = now + max(after or timedelta(0), backoff(row.attempts))
    if retry_at >= row.expires_at:
        return Mark(row.id, SKIPPED, reason="stale")
    return Mark(row.id, PENDING, retry_at=retry_at, reason=reason)


def asks_again(row: Claimed) -> bool:
    """The engine said nothing to a check-in tried before: an earlier attempt moved the
    conversation to the question but never got it out (a crash, a platform outage), so the
    engine's nudge repeats the open question. Any other silence is skipped."""
    return row.kind == CHECKIN and row.attempts > 1
