"""When prompts are due, as UTC instants: pure functions of the zone, the local date and the
wall-clock time, computed once per distinct (zone, time) rather than once per runner.

Daylight saving time. Rows are keyed by local date, so the night the clocks move can neither
skip nor double a prompt. A wall time inside a spring-forward gap does not exist: the prompt
fires at the end of the gap (02:30 on 2026-03-08 in New York fires at 03:00 EDT). A wall time
inside a fall-back overlap happens twice: the prompt fires at the first one (fold=0).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from bot.core import zones
from bot.core.prompts import CHECKIN, NUDGE, WEEKLY
from bot.scheduling.ports import Slot

log = logging.getLogger("comeback.scheduler")


def parse_hhmm(hhmm: str) -> time:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return time(hour, minute)


def due_instant(zone_name: str, day: date, hhmm: str) -> datetime:
    """The UTC instant of `hhmm` local on `day` (see the module note for gaps and overlaps)."""
    tz = zones.zone(zone_name)
    wall = datetime.combine(day, parse_hhmm(hhmm))
    first = wall.replace(tzinfo=tz)  # fold=0: the first of two occurrences in an overlap
    instant = first.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) == wall:
        return instant
    # In a gap. fold=1 reads the wall time with the offset after the change, fold=0 with the
    # one before; the transition lies between the two readings. Bisect it to the second.
    low = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = instant
    before = low.astimezone(tz).utcoffset()
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == before:
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0)


def day_end(zone_name: str, day: date) -> datetime:
    """The first instant of the next local day: a check-in is about its own day only."""
    return due_instant(zone_name, day + timedelta(days=1), "00:00")


def _local_days(zone_name: str, lower: datetime, upper: datetime) -> list[date]:
    first = zones.local_date(zone_name, lower) - timedelta(days=1)
    last = zones.local_date(zone_name, upper) + timedelta(days=1)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _valid(zone_name: str, hhmm: str | None = None) -> bool:
    try:
        zones.zone(zone_name)
        if hhmm is not None:
            parse_hhmm(hhmm)
    except (ValueError, KeyError, OSError):
        # A stored zone the tz database does not know (or a malformed time) must not stop
        # everyone else's prompts; the runner can fix it in /settings.
        log.warning("no prompts for an unknown zone or time: %r %r", zone_name, hhmm)
        return False
    return True


def checkin_slots(
    groups: Iterable[tuple[str, str]],
    lower: datetime,
    upper: datetime,
    *,
    grace: timedelta,
    nudge_after: timedelta,
) -> list[Slot]:
    """Check-ins and their nudges due in (lower, upper], for each (zone, "HH:MM") group."""
    out: list[Slot] = []
    for zone_name, hhmm in groups:
        if not _valid(zone_name, hhmm):
            continue
        for day in _local_days(zone_name, lower, upper):
            due = due_instant(zone_name, day, hhmm)
            end = day_end(zone_name, day)
            if lower < due <= upper:
                out.append(Slot(CHECKIN, zone_name, hhmm, day, due, min(due + grace, end)))
            # One nudge, N hours later, and only on the same local day: after midnight the
            # engine's "today" is the next day and the nudge would be about the wrong morning.
            nudge = due + nudge_after
            if nudge_after > timedelta(0) and nudge < end and lower < nudge <= upper:
                out.append(Slot(NUDGE, zone_name, hhmm, day, nudge, min(nudge + grace, end)))
    return out


def weekly_slots(
    zone_names: Iterable[str],
    lower: datetime,
    upper: datetime,
    *,
    weekday: int,
    hhmm: str,
    grace: timedelta,
) -> list[Slot]:
    """The weekly note at `hhmm` local on `weekday` (Monday 0 ... Sunday 6), per zone."""
    out: list[Slot] = []
    for zone_name in zone_names:
        if not _valid(zone_name):
            continue
        for day in _local_days(zone_name, lower, upper):
            if day.weekday() != weekday:
                continue
            due = due_instant(zone_name, day, hhmm)
            if lower < due <= upper:
                out.append(Slot(WEEKLY, zone_name, None, day, due, due + grace))
    return out
