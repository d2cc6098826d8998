"""The runner's time of day, so a greeting at 19:00 does not say "good morning". Computed from
the event's time and the runner's zone: the core still never reads a clock."""

from __future__ import annotations

from datetime import datetime

from bot.core import zones
from bot.core.state import Profile

MORNING, AFTERNOON, EVENING, NIGHT = "morning", "afternoon", "evening", "night"
# Local hours at which each part of the day starts; before 05:00 is still the night.
_STARTS = ((22, NIGHT), (18, EVENING), (12, AFTERNOON), (5, MORNING))


def part_of_day(timezone: str, now: datetime) -> str:
    hour = now.astimezone(zones.zone(timezone)).hour
    return next((part for start, part in _STARTS if hour >= start), NIGHT)


def greeting(profile: Profile, now: datetime, *, scheduled: bool) -> str:
    """The catalog key of the check-in's first line. The morning keeps the original sentences
    (messages/core.py); other times of day have their own (messages/conversation.py)."""
    key = "checkin.hello_scheduled" if scheduled else "checkin.hello"
    part = part_of_day(profile.timezone, now)
    return key if part == MORNING else f"{key}.{part}"


def when_ready(profile: Profile, now: datetime) -> str:
    """The "check-in time, finish what you're doing" line, for the time of day."""
    part = part_of_day(profile.timezone, now)
    return "checkin.when_ready" if part == MORNING else f"checkin.when_ready.{part}"
