"""What becomes of a claimed prompt row: the rules the dispatcher applies, without a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.core.prompts import CHECKIN, NUDGE, WEEKLY
from bot.scheduling.outcomes import (
    NUDGE_RECHECK,
    asks_again,
    backoff,
    nudge_outcome,
    retry_outcome,
    screen,
)
from bot.scheduling.ports import CLAIMED, FAILED, PENDING, SENT, SKIPPED, Claimed, Mark

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOURS = timedelta(hours=1)


def row(kind: str = CHECKIN, attempts: int = 1, expires_in: timedelta = 2 * HOURS) -> Claimed:
    return Claimed(
        id=7, runner_id=1, kind=kind, local_date=date(2026, 3, 2), due_at=NOW - HOURS,
        expires_at=NOW + expires_in, platform="telegram", chat_id="1", user_id="1",
        attempts=attempts, lease_until=NOW + timedelta(minutes=1),
    )  # fmt: skip


def test_a_fresh_row_goes_on() -> None:
    assert screen(row(), NOW, max_attempts=5) is None


def test_a_row_tried_too_often_fails_even_when_stale() -> None:
    tired = row(attempts=6, expires_in=-HOURS)
    assert screen(tired, NOW, max_attempts=5) == Mark(7, FAILED, reason="attempts")


def test_a_row_at_its_expiry_is_stale() -> None:
    assert screen(row(expires_in=timedelta(0)), NOW, max_attempts=5) == Mark(
        7, SKIPPED, reason="stale"
    )


def test_a_nudge_goes_out_once_the_checkin_has_waited_long_enough() -> None:
    sent = (SENT, NOW - 3 * HOURS)
    assert nudge_outcome(row(NUDGE), sent, NOW, nudge_after=3 * HOURS) is None


def test_a_nudge_too_early_waits_for_its_time() -> None:
    sent = (SENT, NOW - HOURS)
    mark = nudge_outcome(row(NUDGE, expires_in=3 * HOURS), sent, NOW, nudge_after=3 * HOURS)
    assert mark == Mark(7, PENDING, retry_at=NOW + 2 * HOURS, reason="early")


def test_a_nudge_whose_time_falls_after_its_expiry_is_stale() -> None:
    sent = (SENT, NOW - HOURS)
    mark = nudge_outcome(row(NUDGE, expires_in=HOURS), sent, NOW, nudge_after=3 * HOURS)
    assert mark == Mark(7, SKIPPED, reason="stale")


def test_a_nudge_looks_again_while_its_checkin_is_on_its_way() -> None:
    for status in (PENDING, CLAIMED):
        mark = nudge_outcome(row(NUDGE), (status, None), NOW, nudge_after=3 * HOURS)
        assert mark == Mark(7, PENDING, retry_at=NOW + NUDGE_RECHECK, reason="early")


def test_no_nudge_after_a_checkin_that_did_not_go_out() -> None:
    for checkin in ((SKIPPED, None), (FAILED, None)):
        mark = nudge_outcome(row(NUDGE), checkin, NOW, nudge_after=3 * HOURS)
        assert mark == Mark(7, SKIPPED, reason="no-checkin")


def test_a_nudge_on_a_day_nothing_was_asked_yet_goes_at_once() -> None:
    # A team's roll-call before the runner's own prompt: the nudge opens the check-in.
    assert nudge_outcome(row(NUDGE), None, NOW, nudge_after=3 * HOURS) is None


def test_a_failed_row_comes_back_later_and_later() -> None:
    first = retry_outcome(row(attempts=1), NOW, "app-error", max_attempts=5)
    third = retry_outcome(row(attempts=3), NOW, "app-error", max_attempts=5)
    assert first == Mark(7, PENDING, retry_at=NOW + timedelta(seconds=30), reason="app-error")
    assert third == replace(first, retry_at=NOW + timedelta(minutes=2))
    assert backoff(30) == timedelta(minutes=15)


def test_a_retry_never_comes_sooner_than_the_platform_asks() -> None:
    mark = retry_outcome(row(), NOW, "retry-later", max_attempts=5, after=timedelta(seconds=300))
    assert mark.retry_at == NOW + timedelta(seconds=300)


def test_the_last_attempt_fails_and_a_retry_past_expiry_is_stale() -> None:
    assert retry_outcome(row(attempts=5), NOW, "x", max_attempts=5) == Mark(7, FAILED, reason="x")
    late = row(expires_in=timedelta(seconds=10))
    assert retry_outcome(late, NOW, "x", max_attempts=5) == Mark(7, SKIPPED, reason="stale")


def test_only_a_retried_checkin_asks_its_question_again() -> None:
    assert asks_again(row(CHECKIN, attempts=2))
    assert not asks_again(row(CHECKIN, attempts=1))
    assert not asks_again(row(WEEKLY, attempts=2))
