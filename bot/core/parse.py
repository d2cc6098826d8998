"""Free text to answers. Runners type "3", "about a 3", "a bit swollen", "half past six", "nah"
or "👍" where a button was offered; each parser returns None when it cannot read the text, and
None too when the text could mean two things ("2 or 4 minutes", "not sure"): a question asked
again costs a few seconds, a guess can cost a runner a setback. Patterns are compiled once and
no parser raises."""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Callable
from functools import cache

_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_NUMBER_WORDS = {word: n for n, word in enumerate(_SMALL)} | _TENS | {"nought": 0, "nil": 0}
_NUMBER_WORD = re.compile(
    r"\b(?:(" + "|".join(_TENS) + r")(?:[\s-](one|two|three|four|five|six|seven|eight|nine))?"
    r"|(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r"))\b"
)
_NUMBER = re.compile(r"(?<![\d.])-?\d{1,4}(?:[.,]\d+)?(?![\d])")


def normalize(text: str) -> str:
    """Lower case, single spaces, straight quotes, trailing punctuation gone: ' Yes!! ' -> 'yes'."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return re.sub(r"\s+", " ", text.strip().lower()).strip(" .!?,;")


def _plain(text: str) -> str:
    """What phrases are matched against: normalized, apostrophes dropped ('didn't' = 'didnt')."""
    return normalize(text).replace("'", "")


def fold(text: str) -> str:
    """A place name as a lookup key: 'São Paulo' -> 'sao paulo', 'Xi'an' -> 'xian',
    'St. Louis' -> 'st louis', 'Winston-Salem' -> 'winston salem'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = re.sub(r"['\u2019.]", "", ascii_only.lower())
    return re.sub(r"[\s\-_,()]+", " ", cleaned).strip()


_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae",
                          "Æ": "Ae", "đ": "d", "Đ": "D", "ı": "i", "œ": "oe"})  # fmt: skip


def _digits(cleaned: str) -> str:
    """Number words as digits: 'about three' -> 'about 3', 'forty-five' -> '45'."""

    def one(match: re.Match[str]) -> str:
        if match.group(1):
            units = _NUMBER_WORDS[match.group(2)] if match.group(2) else 0
            return str(_TENS[match.group(1)] + units)
        return str(_NUMBER_WORDS[match.group(3)])

    return _NUMBER_WORD.sub(one, cleaned)


def _numbers(cleaned: str) -> list[float]:
    return [float(n.replace(",", ".")) for n in _NUMBER.findall(cleaned)]


# "2-3", "2 to 3", "between 2 and 3": a range, read as its higher end (see pain()). "2 or 3"
# is a choice the runner has not made: asked again.
_RANGE = re.compile(
    r"(?:between\s+(\d+(?:\.\d+)?)\s*and\s*|(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*)(\d+(?:\.\d+)?)(?![\d.])"
)


def _reading(cleaned: str) -> float | None:
    """The one number the text gives, a range read as its higher end; None for none or two."""
    ranges = list(_RANGE.finditer(cleaned))
    if len(ranges) == 1:
        rest = cleaned[: ranges[0].start()] + " " + cleaned[ranges[0].end() :]
        if not _numbers(rest):
            low, high = ranges[0].group(1) or ranges[0].group(2), ranges[0].group(3)
            return max(float(low), float(high))
        return None
    found = _numbers(cleaned)
    return found[0] if len(found) == 1 else None


def integer(text: str, low: int, high: int) -> int | None:
    """The one whole number in the text ('pain 3', 'three'), if it lies in [low, high]."""
    found = _numbers(_digits(_plain(text)))
    if len(found) != 1 or not found[0].is_integer():
        return None
    return _in_range(int(found[0]), low, high)


def _in_range(value: int, low: int, high: int) -> int | None:
    return value if low <= value <= high else None


# ---------------------------------------------------------------------------------------------
# Phrases: which options a sentence names, and whether a negation turns one round.

_NEGATORS = frozenset({
    "not", "no", "never", "nothing", "without", "hardly", "barely", "didnt", "dont", "doesnt",
    "isnt", "wasnt", "havent", "hasnt", "hadnt", "arent", "werent", "cant", "cannot", "wont",
    "wouldnt", "nor",
})  # fmt: skip
_NEGATION = re.compile(r"(?<!\w)(?:" + "|".join(sorted(_NEGATORS)) + r")(?!\w)")
_CLAUSE = re.compile(r"[,;:.!?]| but | though | although | except ")

Hit = tuple[int, int, str]


def _hits(cleaned: str, synonyms: dict[str, tuple[str, ...]]) -> list[Hit]:
    """(start, end, option) of each phrase found in ` cleaned `, longest first where phrases
    overlap, so "no pain" is not also "pain", and "a bit swollen" is not also "swollen"."""
    found = [
        (match.start(), match.end(), value)
        for value, words in synonyms.items()
        for match in _words(words).finditer(cleaned)
    ]
    kept: list[Hit] = []
    taken = bytearray(len(cleaned))
    for start, end, value in sorted(found, key=lambda hit: (hit[0] - hit[1], hit[0])):
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, end, value))
    return sorted(kept)


def _negated(cleaned: str, hit: Hit, hits: list[Hit]) -> bool:
    """Whether a negation word stands in the three words before the phrase, in its clause, and
    is not itself part of a phrase we read ("no not swollen" is two answers that agree). With
    no `hits`, every negation word counts."""
    start = hit[0]
    # Three words fit in 60 characters; looking no further keeps long texts fast.
    clause_start = max((m.end() for m in _CLAUSE.finditer(cleaned, max(0, start - 60), start)),
                       default=max(0, start - 60))  # fmt: skip
    before = cleaned[clause_start:start]
    words = list(re.finditer(r"[\w']+", before))[-3:]
    for word in words:
        position = clause_start + word.start()
        if word.group() in _NEGATORS and not any(s <= position < e for s, e, _ in hits):
            return True
    return False


def choice(text: str, synonyms: dict[str, tuple[str, ...]]) -> str | None:
    """The one option whose phrases appear in the text; None when none or several match, or
    when a negation turns one round ("not very swollen" is not "visible", nor clearly "some")."""
    cleaned = f" {_plain(text)} "
    hits = _hits(cleaned, synonyms)
    if any(_negated(cleaned, hit, hits) for hit in hits):
        return None
    values = {value for _, _, value in hits}
    return next(iter(values)) if len(values) == 1 else None


def choices(text: str, synonyms: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """Every option mentioned: 'swim and bike' -> {'swim', 'bike'}."""
    return frozenset(value for _, _, value in _hits(f" {_plain(text)} ", synonyms))


def mentions(text: str, words: tuple[str, ...]) -> bool:
    """Whether the text names one of the phrases without a negation before it: the conservative
    reading of a mixed answer ("fine at first, sore at the end" mentions soreness)."""
    cleaned = f" {_plain(text)} "
    hits = _hits(cleaned, {"said": words})
    return any(not _negated(cleaned, hit, hits) for hit in hits)


@cache
def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled pattern per option: any of its words, as whole words, longest first."""
    plain = {word.replace("'", "").lower() for word in words}
    alternatives = "|".join(re.escape(word) for word in sorted(plain, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


# ---------------------------------------------------------------------------------------------
# Yes or no.

_YES = (
    "yes", "y", "yeah", "yea", "ya", "yah", "yep", "yup", "yes please", "sure", "ok", "okay", "k",
    "correct", "true", "aye", "si", "ja", "oui", "definitely", "absolutely", "certainly",
    "of course", "indeed", "right", "i do", "it does", "it did", "they have", "i have", "i did",
    "i think so", "think so", "i believe so", "totally", "affirmative", "yes it does",
    "👍", "✅", "👌", "🙂",
)  # fmt: skip
_NO = (
    "no", "n", "nah", "nope", "nay", "not really", "false", "never", "nein", "non", "no way",
    "not yet", "not at all", "negative", "nothing", "none", "no thanks", "no thank you",
    "i dont", "it doesnt", "it didnt", "i didnt", "i havent", "havent", "have not", "i have not",
    "dont think so", "i dont think so", "not that i know", "not", "👎", "❌",
)  # fmt: skip
# Hedges make a yes/no answer ambiguous: asked again rather than guessed.
_UNSURE = (
    "not sure", "unsure", "maybe", "perhaps", "possibly", "kind of", "kinda", "sort of", "sorta",
    "dunno", "dont know", "no idea", "idk", "hard to say", "cant tell", "not certain",
    "might have", "might be", "could be", "50/50", "either", "?", "dont understand",
    "what do you mean", "huh",
)  # fmt: skip


def yes_no(text: str, yes: tuple[str, ...] = (), no: tuple[str, ...] = ()) -> bool | None:
    """True for a yes, False for a no, None for a hedge or for both ("no, yes I want to keep
    it"). `yes` and `no` add the question's own phrases ("saw a physio"); one of them after a
    negation ("haven't seen anyone") counts as a no."""
    cleaned = f" {_plain(text)} "
    # The question's own phrases win over the general ones: "ok" is a no to "does it hurt?".
    synonyms = {
        "yes": yes + tuple(w for w in _YES if w not in no),
        "no": no + tuple(w for w in _NO if w not in yes),
        "unsure": _UNSURE,
    }
    hits = _hits(cleaned, synonyms)
    said = set()
    clauses = [0, *(m.end() for m in _CLAUSE.finditer(cleaned))]
    negations = [m.start() for m in _NEGATION.finditer(cleaned)]
    for start, _end, value in hits:
        # A negation covers its whole clause: "I haven't been to a doctor" is a no.
        clause_start = clauses[bisect.bisect_right(clauses, start) - 1]
        first = bisect.bisect_left(negations, clause_start)
        negated = first < len(negations) and negations[first] < start
        said.add("no" if value == "yes" and negated else value)
    if said == {"yes"}:
        return True
    if said == {"no"}:
        return False
    return None


def yes_no_reader(
    yes: tuple[str, ...] = (), no: tuple[str, ...] = ()
) -> Callable[[str], str | None]:
    """A question's `read`: 'yes', 'no' or None, with the question's own phrases."""

    def read(typed: str) -> str | None:
        said = yes_no(typed, yes, no)
        return None if said is None else "yes" if said else "no"

    return read


# ---------------------------------------------------------------------------------------------
# Pain scores.

_OUT_OF_TEN = re.compile(r"\s*(?:/|out of|outta|of)\s*10(?![\d.])")
_PAIN_ZERO = (
    "no pain", "pain free", "pain-free", "painless", "nothing", "none", "not at all", "fine",
    "all good", "didnt hurt", "did not hurt", "doesnt hurt", "does not hurt", "no hurt",
    "not sore", "not painful", "zilch", "nada", "nothing at all", "felt fine", "felt great",
    "perfect",
)  # fmt: skip
# Almost no pain is still some: reading it as 1, not 0, keeps "pain-free" for when it is.
_PAIN_ONE = (
    "barely anything", "barely", "hardly anything", "hardly any", "almost nothing",
    "almost none", "next to nothing", "very slight", "tiny bit", "a twinge", "twinge",
    "very little", "minimal",
)  # fmt: skip


def _pain_reading(text: str) -> float | None:
    cleaned = _digits(_plain(text))
    if "%" in cleaned:
        return None  # "20%" is not a 0-10 score, and reading it as 2 would be a guess
    return _reading(_OUT_OF_TEN.sub(" ", cleaned))


def pain(text: str) -> int | None:
    """A 0-10 pain score. '3', '3/10', 'about a 3', 'a 4 maybe', 'ten' read as written. Two
    ends of a range ('2-3', '2 or 3') and a half ('2.5') read upwards: a score too low can move
    a runner on before the injury is ready, one too high only holds them a day. Words: 'no
    pain', 'didn't hurt at all' are 0; 'barely anything' is 1."""
    reading = _pain_reading(text)
    if reading is not None:
        return _in_range(math.ceil(reading), 0, 10)
    if _numbers(_digits(_plain(text))):
        return None  # two numbers that are not a range: "3 now, 5 on the stairs"
    said = choice(text, {"1": _PAIN_ONE, "0": _PAIN_ZERO})
    return int(said) if said is not None else None


def number_out_of_range(text: str, low: int, high: int) -> bool:
    """True when the text is plainly a number, just not one in range: worth its own answer."""
    reading = _pain_reading(text)
    return reading is not None and not low <= math.ceil(reading) <= high


# ---------------------------------------------------------------------------------------------
# Clock times.

_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h]?(\d{2}))?\s*(am|pm)?$")
_NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}
_FILLER = re.compile(
    r"\b(?:about|around|round|at|approx|approximately|roughly|say|lets say|maybe|please|"
    r"ish|oclock|o clock|sharp|like|how about|would be|is good|is fine|works|thanks|"
    r"the|in|by|latest|earliest|on the dot|hrs|hours)\b"
)
_PM = re.compile(r"\b(?:in the evening|evening|at night|tonight|in the afternoon|afternoon|pm)\b")
_AM = re.compile(r"\b(?:in the morning|morning|am)\b")
_PAST = re.compile(
    r"\b(half|quarter|\d{1,2})\s*(?:minutes\s*)?(past|after|to|before|til)\s*(\d{1,2})\b"
)
_HALF_HOUR = re.compile(r"^half\s*(\d{1,2})$")  # British "half six" = 6:30
_SPOKEN = re.compile(r"^(\d{1,2})\s+(\d{2})$")  # "seven thirty", "six 45"


def clock_time(text: str) -> str | None:
    """'7', '7:30', '07.30', '0730', '7am', '7 a.m.', '7:30 pm', '19h30', 'noon', 'half past
    six', 'quarter to seven', 'half six', 'seven thirty', '6ish', 'around 7' -> 'HH:MM' (24 h),
    else None. 'Six or seven' is None: two times."""
    cleaned = normalize(text).replace("a.m.", "am").replace("p.m.", "pm")
    cleaned = _digits(cleaned.replace("a.m", "am").replace("p.m", "pm").replace("'", ""))
    if cleaned in _NAMED_TIMES:
        return _NAMED_TIMES[cleaned]
    suffix = "pm" if _PM.search(cleaned) else "am" if _AM.search(cleaned) else ""
    cleaned = _AM.sub(" ", _PM.sub(" ", cleaned))
    cleaned = re.sub(r"(\d)\s*-?\s*ish\b", r"\1", cleaned)
    cleaned = re.sub(r"\s+", " ", _FILLER.sub(" ", cleaned)).strip(" ,.-")
    if cleaned in _NAMED_TIMES:
        return _NAMED_TIMES[cleaned]
    hour, minute = _spoken_time(cleaned)
    if hour is None:
        match = _CLOCK.match(cleaned.replace(" ", "") or "x")
        if not match:
            return None
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        suffix = match.group(3) or suffix
    return _twenty_four(hour, minute, suffix)


def _spoken_time(cleaned: str) -> tuple[int | None, int]:
    past = _PAST.fullmatch(cleaned)
    if past:
        amount, way, hour = past.groups()
        minutes = {"half": 30, "quarter": 15}.get(amount) or int(amount)
        if minutes >= 60 or (amount == "half" and way not in ("past", "after")):
            return None, 0
        if way in ("past", "after"):
            return int(hour), minutes
        return (int(hour) - 1) % 24 if int(hour) != 0 else 23, 60 - minutes
    half = _HALF_HOUR.match(cleaned)
    if half:
        return int(half.group(1)), 30
    spoken = _SPOKEN.match(cleaned)
    if spoken:
        return int(spoken.group(1)), int(spoken.group(2))
    return None, 0


def _twenty_four(hour: int, minute: int, suffix: str) -> str | None:
    if suffix:
        if not 0 <= hour <= 12 or (hour == 0 and suffix == "pm"):
            return None
        if hour <= 12:
            hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


# ---------------------------------------------------------------------------------------------
# Durations.

_SPOKEN_DURATIONS = (
    (re.compile(r"\bthree quarters? (?:of )?(?:an |a )?(?:hour|hr)\b"), "45 min"),
    (re.compile(r"\b(?:an |a |1 )?hour and (?:a )?half\b"), "90 min"),
    (re.compile(r"\b(\d+) and (?:a )?half (?:hours|hour|hrs|hr)\b"), r"\1.5 hours"),
    (re.compile(r"\b(?:a )?quarter (?:of )?(?:an |a )?(?:hour|hr)\b"), "15 min"),
    (re.compile(r"\b(?:a )?half (?:an |a )?(?:hour|hr)\b|\bhalf-hour\b"), "30 min"),
    (re.compile(r"\b(?:an|a) (hour|hr)\b"), r"1 \1"),
)
_HOURS = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:hours|hour|hrs|hr|h)(?![a-z])"
    r"(?:\s*(?:and\s*)?(\d{1,2})\s*(?:m|min|mins|minute|minutes)?(?![a-z]))?"
)
_MINUTE_UNIT = re.compile(r"\b(?:minutes|minute|mins|min|m)\b")
_CLOCK_DURATION = re.compile(r"^(\d):([0-5]\d)$")  # "1:30" as 1 h 30
_DISTANCE = re.compile(r"\d\s*(?:k|km|kms|kilometers|kilometres|mi|mile|miles|m run)\b")
_VAGUE = re.compile(r"\b(?:couple|few|several|some|bit|while|ages)\b")
_SECONDS = re.compile(r"\d\s*(?:s|sec|secs|second|seconds)\b")
_TIMES = re.compile(r"\d\s*x\s*\d|\d\s*x\b|\bx\s*\d|\btimes\b|\bsets?\b|\breps?\b")
# A sign before a number ("-1 hours", "minus 20 min", "+30"): not a range's dash ("30-40").
_SIGN = re.compile(r"(?:^|(?<=[\s(]))(?:[-+\u2212\u2013]\s*|minus\s+|plus\s+)(?=\d)")
# Longer than any session: a reading past it is "too long" however many digits it has.
_ENDLESS = 10**6
MIN_MINUTES, MAX_MINUTES = 1, 600  # the duration of one session, in minutes


def minutes(text: str, low: int = MIN_MINUTES, high: int = MAX_MINUTES) -> int | None:
    """A duration in minutes: '30', '30 min', '1 hour', '1h30', '1.5 hours', 'about half an
    hour', 'an hour and a half', '1:30'. A distance alone ('5k') is not a duration, and a vague
    one ('a few minutes', 'a couple of hours') is not a number: None rather than a guess. A
    range ('30-40') reads as its longer end, the way a load is counted conservatively. A
    signed one ('-1 hours') is None too: see duration_problem for why a text was refused."""
    reading = _duration(text)
    return None if reading is None else _in_range(reading, low, high)


def duration_problem(text: str, low: int = MIN_MINUTES, high: int = MAX_MINUTES) -> str | None:
    """Why `minutes` refused a text that plainly is a duration: "signed" ('-1 hours'),
    "out_of_range" ('0 min', '9999 h'); None when it was read, or is not a duration at all."""
    if minutes(text, low, high) is not None:
        return None
    cleaned = _digits(_plain(text))
    if _SIGN.search(cleaned):
        return "signed" if _duration(_SIGN.sub(" ", cleaned)) is not None else None
    reading = _duration(text)
    return "out_of_range" if reading is not None else None


def _duration(text: str) -> int | None:
    """The duration the text gives, in whole minutes, unbounded above (at most _ENDLESS), or
    None: unreadable, vague, or signed. Never raises, however many digits."""
    cleaned = _digits(_plain(text))
    if _SIGN.search(cleaned):
        return None
    for pattern, replacement in _SPOKEN_DURATIONS:
        cleaned = pattern.sub(replacement, cleaned)
    if _SECONDS.search(cleaned) or _TIMES.search(cleaned):
        return None  # "2x10 min" is a sum to do, not a duration typed
    clock = _CLOCK_DURATION.match(cleaned)
    if clock:
        return int(clock.group(1)) * 60 + int(clock.group(2))
    hours = list(_HOURS.finditer(cleaned))
    if len(hours) == 1 and not _numbers(_HOURS.sub(" ", cleaned)):
        found = hours[0]
        hour_minutes = _whole_minutes(float(found.group(1).replace(",", ".")) * 60, rounded=True)
        return min(hour_minutes + int(found.group(2) or 0), _ENDLESS)
    if hours:
        return None
    with_unit = re.findall(r"(\d+(?:\.\d+)?)\s*(?:minutes|minute|mins|min|m)\b", cleaned)
    if len(with_unit) == 1:
        return _whole_minutes(float(with_unit[0]))
    if with_unit or _DISTANCE.search(cleaned) or (_VAGUE.search(cleaned) and not _numbers(cleaned)):
        return None
    reading = _reading(_MINUTE_UNIT.sub(" ", cleaned))
    return _whole_minutes(reading) if reading is not None else None


def _whole_minutes(value: float, rounded: bool = False) -> int:
    """Whole minutes, up (or to the nearest, for hours given), at most _ENDLESS: a float of
    309 digits is infinite, and neither ceil nor round takes that."""
    if not value < _ENDLESS:
        return _ENDLESS
    return round(value) if rounded else math.ceil(value)
