"""Time zones the way people type them: 'Europe/Berlin', 'berlin', 'New York', 'UTC+2',
'-03:30'. The stored form is an IANA name or a fixed offset written 'UTC+05:30'."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from bot.core import cities
from bot.core.parse import fold

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
    # English and old names the GeoNames list lacks, and running towns under its size limit.
    "cologne": "Europe/Berlin", "hanover": "Europe/Berlin", "seville": "Europe/Madrid",
    "porto": "Europe/Lisbon", "bordeaux": "Europe/Paris", "basel": "Europe/Zurich",
    "cork": "Europe/Dublin", "galway": "Europe/Dublin", "brighton": "Europe/London",
    "oxford": "Europe/London", "bombay": "Asia/Kolkata", "madras": "Asia/Kolkata",
    "peking": "Asia/Shanghai", "joburg": "Africa/Johannesburg", "rio": "America/Sao_Paulo",
    "washington dc": "America/New_York", "dc": "America/New_York", "boulder": "America/Denver",
    "flagstaff": "America/Phoenix", "eugene": "America/Los_Angeles",
    "central european time": "Europe/Berlin", "central european": "Europe/Berlin",
    "eastern european time": "Europe/Athens", "eet": "Europe/Athens", "eest": "Europe/Athens",
    "western european time": "Europe/Lisbon", "wet": "Europe/Lisbon",
    "hst": "Pacific/Honolulu", "hawaii": "Pacific/Honolulu", "akst": "America/Anchorage",
    "alaska": "America/Anchorage", "aedt": "Australia/Sydney", "awst": "Australia/Perth",
    "acst": "Australia/Adelaide", "nzst": "Pacific/Auckland", "nzdt": "Pacific/Auckland",
    "sast": "Africa/Johannesburg", "wat": "Africa/Lagos", "eat": "Africa/Nairobi",
    "hkt": "Asia/Hong_Kong", "sgt": "Asia/Singapore", "kst": "Asia/Seoul",
}  # fmt: skip
# What people call countries, beyond GeoNames' names and codes (cities.REGIONS).
_COUNTRY_ALIASES = {
    "uk": "GB", "u k": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northern ireland": "GB", "britain": "GB", "great britain": "GB", "usa": "US", "us": "US",
    "u s": "US", "u s a": "US", "america": "US", "united states of america": "US",
    "the us": "US", "the usa": "US", "the uk": "GB", "holland": "NL", "the netherlands": "NL",
    "uae": "AE", "emirates": "AE", "czech republic": "CZ", "korea": "KR", "south korea": "KR",
    "russia": "RU", "vietnam": "VN", "turkey": "TR", "ivory coast": "CI", "nz": "NZ",
    # Provinces and states outside the US: the city decides the zone, the region its country.
    "bc": "CA", "british columbia": "CA", "ontario": "CA", "quebec": "CA", "alberta": "CA",
    "manitoba": "CA", "nova scotia": "CA", "nsw": "AU", "new south wales": "AU",
    "victoria": "AU", "vic": "AU", "queensland": "AU", "qld": "AU", "western australia": "AU",
    "south australia": "AU", "tasmania": "AU",
}  # fmt: skip


_LONGEST_ANSWER = 100

# Zones renamed in the tz database: the old name where the machine's data predates the new one.
_RENAMED = {"Europe/Kyiv": "Europe/Kiev", "America/Nuuk": "America/Godthab",
            "Asia/Yangon": "Asia/Rangoon", "Asia/Kolkata": "Asia/Calcutta",
            "Asia/Ho_Chi_Minh": "Asia/Saigon", "Asia/Kathmandu": "Asia/Katmandu"}  # fmt: skip
# Said around a place: "I'm in Manchester", "London time", "near Leeds, UK".
_AROUND = re.compile(
    r"^(?:(?:i am|im|i live|we are|were|currently|right now|now|based|living|staying|"
    r"my time zone is|my timezone is|time zone|timezone|its|it is|in|near|from|outside|"
    r"just outside|greater|central|downtown)\s+)+"
    r"|\s+(?:time|time zone|timezone|zone|area|local time|standard time|city centre|"
    r"city center|thanks|thank you|please)$"
)


# Old tz names that name regions, not cities: typed whole they still work ("US/Eastern").
_LEGACY_AREAS = frozenset({"US", "Canada", "Brazil", "Chile", "Mexico"})
_LEGACY_NAMES = frozenset({
    "Australia/North", "Australia/South", "Australia/West", "Australia/ACT", "Australia/LHI",
    "Australia/NSW", "Australia/Queensland", "Australia/Tasmania", "Australia/Victoria",
    "Australia/Yancowinna",
})  # fmt: skip


@cache
def _available() -> frozenset[str]:
    return frozenset(available_timezones())


def _usable(name: str | None) -> str | None:
    """The name if this machine's tz data knows it (or its older name), else None."""
    if name is None or name == "UTC" or name in _available():
        return name
    old = _RENAMED.get(name)
    return old if old in _available() else None


@cache
def _by_lower_name() -> dict[str, str]:
    """'europe/berlin' and 'berlin' -> 'Europe/Berlin'. Built once from the tz database; hand
    aliases win over it, and it wins over the generated cities."""
    names: dict[str, str] = {}
    for name in sorted(_available()):
        if name.startswith(("Etc/", "SystemV/")) or "/" not in name:
            continue
        names[name.lower()] = name
        if name.split("/")[0] in _LEGACY_AREAS or name in _LEGACY_NAMES:
            continue  # "north" is not a city: Australia/North is an old name for Darwin
        city = fold(name.rsplit("/", 1)[-1])
        names.setdefault(city, name)
    names.update(_ALIASES)
    return names


def resolve(text: str) -> str | None:
    """The stored zone name for what the runner typed, or None if we cannot tell: 'Berlin',
    'Europe/Berlin', 'UTC+2', 'I'm in Manchester', 'Manchester, UK', 'São Paulo', 'London
    time'. A city whose name is shared with one in another zone needs the bigger one, or a
    qualifier ('Valencia, Venezuela'); a qualifier that contradicts the city is refused."""
    if len(text) > _LONGEST_ANSWER:
        return None  # a paragraph is not a place name
    cleaned = re.sub(r"\s+", " ", text.strip().lower()).strip(" .!?")
    offset = _OFFSET.match(cleaned.replace(" ", ""))
    if offset:
        sign, hours, minutes = offset.group(1), int(offset.group(2)), int(offset.group(3) or 0)
        if hours > 14 or minutes not in (0, 15, 30, 45):
            return None
        return "UTC" if hours == minutes == 0 else f"UTC{sign}{hours:02d}:{minutes:02d}"
    exact = _by_lower_name().get(cleaned.replace(" ", "_")) or _by_lower_name().get(cleaned)
    if exact:
        return _usable(exact)
    return _usable(_place(cleaned))


def _place(cleaned: str) -> str | None:
    place, _, qualifier = cleaned.partition(",")
    key = _around(place)
    if qualifier.strip():
        return _qualified(key, _around(qualifier))
    found = _named(key)
    if found or " " not in key:
        return found
    # "manchester uk", "portland oregon": the last words may be the qualifier.
    words = key.split(" ")
    for cut in range(len(words) - 1, 0, -1):
        city, region = " ".join(words[:cut]), " ".join(words[cut:])
        if region in cities.REGIONS or region in _COUNTRY_ALIASES:
            return _qualified(city, region)
    return None


def _around(text: str) -> str:
    """The place alone: 'i'm in manchester' -> 'manchester', 'london time' -> 'london'."""
    key = fold(text)
    while True:
        shorter = _AROUND.sub("", key).strip()
        if shorter == key:
            return key
        key = shorter


# Names whose biggest namesake is not the one runners mean (GeoNames' Victoria is in Hong Kong;
# runners mean British Columbia or the Australian state): asked again, with a qualifier.
_TOO_AMBIGUOUS = frozenset({"victoria"})


def _named(key: str) -> str | None:
    """A city, a country or a US state on its own."""
    if not key or key in _TOO_AMBIGUOUS:
        return None
    known = _by_lower_name().get(key) or _by_lower_name().get(key.replace(" ", "_"))
    if known:
        return known
    city = cities.CITIES.get(key)
    if city:
        return city[0]
    region = cities.REGIONS.get(key)
    return cities.REGION_ZONES.get(region) if region else None


def _qualified(key: str, qualifier: str) -> str | None:
    """'manchester' in 'uk': the city's zone when the region agrees, the region's zone when the
    town is not in our list, and None when they disagree or the region spans zones. 'CA' may be
    Canada or California: where the two readings give one zone, that is the answer."""
    regions = _regions(qualifier)
    if not regions:
        # Not a region we know ("greater manchester", a county): the city decides, unless its
        # name is shared with a city in another zone.
        return None if key in cities.CONTESTED else _named(key)
    answers = {zone for zone in (_in_region(key, region) for region in regions) if zone}
    return answers.pop() if len(answers) == 1 else None


def _regions(qualifier: str) -> list[str]:
    named = cities.REGIONS.get(qualifier) or _COUNTRY_ALIASES.get(qualifier)
    if named:
        return [named]
    if len(qualifier) != 2:
        return []
    code = qualifier.upper()
    return [region for region in (code, f"US-{code}") if region in cities.CODES]


def _in_region(key: str, region: str) -> str | None:
    city = cities.CITIES.get(key)
    country = region.split("-")[0]
    if city and city[1] == country and (region == country or key not in cities.CONTESTED):
        return city[0]
    if city and city[1] != country and key not in cities.CONTESTED:
        return None  # "Lagos, Canada": the runner and the map disagree; ask again
    return cities.REGION_ZONES.get(region)


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
