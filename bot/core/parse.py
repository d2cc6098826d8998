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


_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")


def clock_time(text: str) -> str | None:
    """'7', '7:30', '07.30', '7am', '7:30 pm', '19h30' -> 'HH:MM' (24 h), else None."""
    match = _CLOCK.match(normalize(text).replace(" ", "") or "x")
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "")
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
    """Every option mentioned: 'swim and bike' -> {'swim', 'bike'}."""
    cleaned = f" {normalize(text)} "
    return frozenset(value for value, words in synonyms.items() if _words(words).search(cleaned))


@cache
def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled pattern per option: any of its words, as whole words."""
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
