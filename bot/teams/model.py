"""The team domain, pure: sharing levels, what a setup line says, and the privacy filter that
turns a member's day into what the team may see."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.core import zones


class Level(StrEnum):
    """What a member lets the team see; each level adds to the one before."""

    CHECKIN = "checkin"  # whether they checked in today, nothing else
    STAGE = "stage"  # plus their stage (as a team word, see board.STAGES)
    DETAILS = "details"  # plus the direction of their trend: better, same, worse

    @classmethod
    def of(cls, value: str | None) -> Level:
        try:
            return cls(value or cls.CHECKIN)
        except ValueError:
            return cls.CHECKIN


class Trend(StrEnum):
    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


# Decisions that are nobody's business but the runner's: while the latest check-in says one of
# these, the team sees only that they checked in, whatever the level.
PRIVATE_DECISIONS = frozenset({"refer", "urgent"})
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_TIME = re.compile(r"\b([01]?\d|2[0-3])[:.h]([0-5]\d)\b")
_AMPM = re.compile(r"\b(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?\s*(am|pm)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Setup:
    """What `/team setup ...` said; a missing part is None (then it is asked for)."""

    time: str | None
    timezone: str | None
    digest_day: int | None

    @property
    def complete(self) -> bool:
        return self.time is not None and self.timezone is not None


def parse_setup(typed: str) -> Setup:
    """'07:30 Europe/London sunday', '7am london', 'at 18.00 in Berlin, digest on Monday'."""
    rest = typed.strip()
    hhmm: str | None = None
    if found := _TIME.search(rest):
        hhmm = f"{int(found[1]):02d}:{found[2]}"
    elif found := _AMPM.search(rest):
        hour = int(found[1]) % 12 + (12 if found[3].lower() == "pm" else 0)
        hhmm = f"{hour:02d}:{found[2] or '00'}"
    if found:
        rest = rest[: found.start()] + " " + rest[found.end() :]
    day: int | None = None
    words = re.findall(r"[^\s,]+", rest)
    kept: list[str] = []
    for word in words:
        folded = word.lower().rstrip("s")  # "sundays"
        match = next((i for i, name in enumerate(WEEKDAYS) if name.startswith(folded)), None)
        if day is None and match is not None and len(folded) >= 3:
            day = match
        elif folded not in ("at", "in", "on", "digest", "weekly", "every", "setup", "time"):
            kept.append(word)
    zone = zones.resolve(" ".join(kept)) if kept else None
    return Setup(hhmm, zone, day)


@dataclass(frozen=True, slots=True)
class MemberDay:
    """One member on one day, as the store reads it: everything the filter may need. Health
    details stay in here; only `shown` leaves this module's care."""

    name: str
    level: Level
    checked_in: bool
    stage: str | None = None  # the coach's stage key of the latest check-in
    decision: str | None = None  # the coach's decision of the latest check-in
    pain_today: int | None = None  # morning pain of today's check-in
    pain_before: int | None = None  # morning pain of the check-in before it


@dataclass(frozen=True, slots=True)
class Shown:
    """What the team may see of one member today: nothing else exists past this point."""

    name: str
    checked_in: bool
    stage: str | None = None
    trend: Trend | None = None


def shown(day: MemberDay) -> Shown:
    """The privacy filter. A member who has not checked in shows only that; a referral or an
    urgent decision hides everything beyond the check-in, at every level."""
    if not day.checked_in:
        return Shown(day.name, False)
    if day.decision in PRIVATE_DECISIONS or day.level is Level.CHECKIN:
        return Shown(day.name, True)
    trend: Trend | None = None
    if day.level is Level.DETAILS and day.pain_today is not None and day.pain_before is not None:
        trend = (
            Trend.BETTER
            if day.pain_today < day.pain_before
            else Trend.WORSE
            if day.pain_today > day.pain_before
            else Trend.SAME
        )
    return Shown(day.name, True, day.stage, trend)


def first_name(display_name: str, fallback: str = "") -> str:
    """'Ada Lovelace' -> 'Ada'; an empty name -> the fallback (a username)."""
    words = display_name.split()
    return words[0][:32] if words else fallback
