"""Time zones the way people type them: 'Europe/Berlin', 'berlin', 'New York', 'UTC+2',
'-03:30'. The stored form is an IANA name or a fixed offset written 'UTC+05:30'."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$")
_ALIASES = {
    "nyc": "America/New_York", "new york city": "America/New_York", "la": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles", "sf": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "boston": "America/New_York", "washington": "America/New_York", "miami": "America/New_York",
    "dallas": "America/Chicago", "houston": "America/Chicago", "austin": "America/Chicago",
    "munich": "Europe/Berlin", "hamburg": "Europe/Berlin", "frankfurt": "Europe/Berlin",
    "barcelona": "Europe/Madrid", "milan": "Europe/Rome", "geneva": "Europe/Zurich",
    "mumbai": "Asia/Kolkata", "delhi": "Asia/Kolkata", "bangalore": "Asia/Kolkata",
    "beijing": "Asia/Shanghai", "utc": "UTC", "gmt": "UTC", "z": "UTC",
    # Abbreviations and countries people type; each maps to the zone most of them mean.
    "est": "America/New_York", "edt": "America/New_York", "eastern": "America/New_York",
    "cst": "America/Chicago", "cdt": "America/Chicago", "central": "America/Chicago",
    "mst": "America/Denver", "mdt": "America/Denver", "mountain": "America/Denver",
    "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pacific": "America/Los_Angeles",
    "uk": "Europe/London", "bst": "Europe/London", "england": "Europe/London",
    "cet": "Europe/Berlin", "cest": "Europe/Berlin", "germany": "Europe/Berlin",
    "france": "Europe/Paris", "spain": "Europe/Madrid", "italy": "Europe/Rome",
    "netherlands": "Europe/Amsterdam", "ireland": "Europe/Dublin", "ist": "Asia/Kolkata",
    "india": "Asia/Kolkata", "jst": "Asia/Tokyo", "japan": "Asia/Tokyo",
    "aest": "Australia/Sydney", "nz": "Pacific/Auckland", "new zealand": "Pacific/Auckland",
}  # fmt: skip


@cache
def _by_lower_name() -> dict[str, str]:
    """'europe/berlin' and 'berlin' -> 'Europe/Berlin'. Built once from the tz database."""
    names: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if name.startswith(("Etc/", "SystemV/")) or "/" not in name:
            continue
        names[name.lower()] = name
        city = name.rsplit("/", 1)[-1].replace("_", " ").lower()
        names.setdefault(city, name)
    names.update(_ALIASES)
    return names


def resolve(text: str) -> str | None:
    """The stored zone name for what the runner typed, or None if we cannot tell."""
    cleaned = re.sub(r"\s+", " ", text.strip().lower())
    offset = _OFFSET.match(cleaned.replace(" ", ""))
    if offset:
        sign, hours, minutes = offset.group(1), int(offset.group(2)), int(offset.group(3) or 0)
        if hours > 14 or minutes not in (0, 15, 30, 45):
            return None
        return "UTC" if hours == minutes == 0 else f"UTC{sign}{hours:02d}:{minutes:02d}"
    return _by_lower_name().get(cleaned) or _by_lower_name().get(cleaned.replace(" ", "_"))


@cache
def zone(name: str) -> tzinfo:
    """The tzinfo for a stored zone name (IANA or 'UTC±HH:MM')."""
    if name.startswith(("UTC+", "UTC-")):
        sign = 1 if name[3] == "+" else -1
        hours, minutes = int(name[4:6]), int(name[7:9])
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    return ZoneInfo(name)


def local_date(name: str, now: datetime) -> date:
    return now.astimezone(zone(name)).date()
