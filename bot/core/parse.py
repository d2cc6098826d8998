"""Free text to answers. Runners type "3", "3/10", "pain 3", "nah" or "👍" where a button was
offered; each parser returns None when it cannot read the text, never raises."""

from __future__ import annotations

import re
from functools import cache

_NUMBER_WORDS = {
    "zero": 0, "none": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_YES = {
    "yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "correct", "true", "aye", "si", "ja",
    "👍", "✅", "👌", "definitely", "of course", "i do", "it does", "they have", "i have",
}  # fmt: skip
_NO = {
    "no", "n", "nah", "nope", "not really", "false", "never", "nein", "👎", "❌", "no way",
    "not yet", "i don't", "i dont", "it doesn't", "haven't", "have not", "not at all",
}  # fmt: skip
_INT = re.compile(r"(?<![\d.])(-?\d{1,4})(?![\d.])")


def normalize(text: str) -> str:
    """Lower case, single spaces, trailing punctuation gone: '  Yes!! ' -> 'yes'."""
    return re.sub(r"\s+", " ", text.strip().lower()).strip(" .!?,;")


def integer(text: str, low: int, high: int) -> int | None:
    """The one whole number in the text ('pain 3', '3/10', 'three'), if it lies in [low, high].

    '3/10' reads as 3: a denominator of 10 is how people write a pain score.
    """
    cleaned = normalize(text).replace("/10", " ").replace("out of 10", " ")
    if cleaned in _NUMBER_WORDS:
        return _in_range(_NUMBER_WORDS[cleaned], low, high)
    words = [w for w in re.split(r"[^\w]+", cleaned) if w in _NUMBER_WORDS]
    found = [int(m) for m in _INT.findall(cleaned)] + [_NUMBER_WORDS[w] for w in words]
    if len(found) != 1:
        return None
    return _in_range(found[0], low, high)


def number_out_of_range(text: str, low: int, high: int) -> bool:
    """True when the text is plainly a number, just not one in range: worth its own answer."""
    found = _INT.findall(normalize(text).replace("/10", " "))
    return len(found) == 1 and not low <= int(found[0]) <= high


def _in_range(value: int, low: int, high: int) -> int | None:
    return value if low <= value <= high else None


def yes_no(text: str) -> bool | None:
    cleaned = normalize(text)
    if cleaned in _YES or cleaned.startswith(("yes ", "yeah ", "yep ")):
        return True
    if cleaned in _NO or cleaned.startswith(("no ", "nah ", "nope ", "not ")):
        return False
    return None


_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h]?(\d{2}))?\s*(am|pm)?$")
_NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}


def clock_time(text: str) -> str | None:
    """'7', '7:30', '07.30', '0730', '7am', '7 a.m.', '7:30 pm', '19h30', 'noon' -> 'HH:MM'
    (24 h), else None."""
    cleaned = text.strip().lower().replace("a.m.", "am").replace("p.m.", "pm")
    cleaned = normalize(cleaned).replace("a.m", "am").replace("p.m", "pm").replace(" ", "")
    if cleaned in _NAMED_TIMES:
        return _NAMED_TIMES[cleaned]
    match = _CLOCK.match(cleaned or "x")
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = match.group(3) or ""
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def choice(text: str, synonyms: dict[str, tuple[str, ...]]) -> str | None:
    """The one option whose synonyms appear in the text; None when none or several match."""
    hits = choices(text, synonyms)
    return next(iter(hits)) if len(hits) == 1 else None


def choices(text: str, synonyms: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """Every option mentioned: 'swim and bike' -> {'swim', 'bike'}.

    The longest phrase wins where phrases overlap, so "no pain" is not also "pain", "walk run"
    is not also "walk" and "run", and "outer knee" is not also "knee".
    """
    cleaned = f" {normalize(text)} "
    found = [
        (match.start(), match.end(), value)
        for value, words in synonyms.items()
        for match in _words(words).finditer(cleaned)
    ]
    kept: list[tuple[int, int, str]] = []
    for start, end, value in sorted(found, key=lambda hit: (hit[0] - hit[1], hit[0])):
        if all(end <= k_start or start >= k_end for k_start, k_end, _ in kept):
            kept.append((start, end, value))
    return frozenset(value for _, _, value in kept)


@cache
def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled pattern per option: any of its words, as whole words, longest first."""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


_NO_PAIN = {"no pain", "pain free", "pain-free", "nothing", "not at all", "fine", "all good"}


def pain(text: str) -> int | None:
    """A 0-10 pain score; "no pain" and "pain free" are 0."""
    return 0 if normalize(text) in _NO_PAIN else integer(text, 0, 10)


_HOURS = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:hours|hour|hrs|hr|h)(?![a-z])\s*(?:(\d{1,2})\s*(?:m|min|mins)?)?"
)
_DISTANCE = re.compile(r"\d\s*(?:k|km|kms|mi|mile|miles)\b")


def minutes(text: str, low: int = 1, high: int = 600) -> int | None:
    """A duration in minutes: '30', '30 min', '1 hour', '1h30', '1.5 hours'. A distance ('5k')
    is not a duration: None rather than a guess."""
    cleaned = normalize(text)
    if _DISTANCE.search(cleaned):
        return None
    hours = _HOURS.search(cleaned)
    if hours:
        total = round(float(hours.group(1).replace(",", ".")) * 60) + int(hours.group(2) or 0)
        return _in_range(total, low, high)
    return integer(re.sub(r"\b(minutes|minute|mins|min|m)\b", " ", cleaned), low, high)
