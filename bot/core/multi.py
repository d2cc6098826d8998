"""Multi-choice questions (the red-flag screen, cross-training): one rule for buttons and words.

Typed options add to what is ticked; a word that means "finished" confirms what is ticked and
never clears it; only an explicit "none of these" with nothing ticked, or an untick (by button or
by words: "not yoga", "untick night pain"), removes a tick. On the red-flag screen, ambiguity keeps
the flag: a false alarm costs a physio visit, a missed one costs a fracture.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from bot.core import parse

DONE = "done"
NONE = "none"

# Words that end the question keeping what is ticked. "ok" and "yes" confirm: they are never
# read as "none".
_FINISHED = (
    "done", "that's all", "thats all", "that is all", "that's it", "thats it", "that is it",
    "nothing else", "no more", "nothing more", "finished", "i'm done", "im done", "ok", "okay",
    "all done", "that's everything", "thats everything", "confirm", "confirmed", "correct",
    "yes", "yep", "yeah", "right", "that's right", "thats right", "all good", "go on", "next",
    "only that", "just that", "just those", "just these",
)  # fmt: skip
# "None of these": only honoured with nothing ticked.
_NONE = (
    "none", "none of these", "none of them", "none of those", "nothing", "neither", "no", "nope",
    "nah", "not any", "nothing like that", "none apply", "nothing applies", "no none",
    "all fine", "none thanks", "nothing thanks", "no thanks",
)  # fmt: skip
# Words before an option that take its tick away.
_UNTICK = r"(?:untick|un-tick|uncheck|remove|delete|drop|not|no|without|except|minus|take off)"


@dataclass(frozen=True, slots=True)
class Ticks:
    """What a typed answer says about a multi-choice question."""

    add: frozenset[str] = frozenset()
    remove: frozenset[str] = frozenset()
    finished: bool = False
    none: bool = False

    def __bool__(self) -> bool:
        return bool(self.add or self.remove or self.finished or self.none)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The question after an answer: what is ticked, whether it is answered, and why not."""

    picked: tuple[str, ...]
    finished: bool
    # Why the question stays open when the runner may have expected it to close:
    # "kept" (they said "none" while something is ticked), "confirm" (new red flags from words),
    # "which" (a "yes" or "done" on the red-flag screen with nothing ticked).
    note: str | None = None


def read(typed: str, synonyms: Mapping[str, tuple[str, ...]]) -> Ticks | None:
    """The ticks a typed answer names, or None when it names nothing we know."""
    options = {v: w for v, w in synonyms.items() if v not in (DONE, NONE)}
    cleaned = parse.normalize(typed)
    removed: set[str] = set()
    for value, words in options.items():
        pattern = _untick_pattern(tuple(words))
        if pattern.search(cleaned):
            removed.add(value)
            cleaned = pattern.sub(" ", cleaned)
    added = set(parse.choices(cleaned, options)) - removed
    said = _said(_leftover(cleaned, options))
    finished = "finished" in said
    none = not finished and "none" in said
    ticks = Ticks(frozenset(added), frozenset(removed), finished, none)
    return ticks or None


def apply(picked: Iterable[str], answer: object, *, safety: bool = False) -> Outcome:
    """`answer` (a button value, or Ticks from words) applied to what is ticked.

    Outside the safety mode, naming options in words answers the question: they are added to
    what is ticked and it closes. `safety` (the red-flag screen): options added by words are
    shown for confirmation instead of finishing ("my calf is fine, that's all" must not become
    an emergency on its own), and a typed "done" or "yes" with nothing ticked asks which,
    rather than meaning "none".
    """
    before = frozenset(picked)
    if isinstance(answer, Ticks):
        now = (before | answer.add) - answer.remove
        if answer.none and not now:
            return Outcome((), True)
        if answer.none:
            return Outcome(tuple(sorted(now)), False, "kept")
        if safety and answer.add - before:
            return Outcome(tuple(sorted(now)), False, "confirm")
        if safety and answer.finished and not now:
            return Outcome((), False, "which")
        # Elsewhere a typed list is the whole answer ("swim and bike"), added to the ticks.
        finished = answer.finished or (not safety and bool(answer.add))
        return Outcome(tuple(sorted(now)), finished)
    if answer == DONE:
        return Outcome(tuple(sorted(before)), True)
    if answer == NONE:
        if before:
            return Outcome(tuple(sorted(before)), False, "kept")
        return Outcome((), True)
    return Outcome(tuple(sorted(before ^ {str(answer)})), False)


_KIND_OF = {**dict.fromkeys(_NONE, "none"), **dict.fromkeys(_FINISHED, "finished")}


def _said(rest: str) -> set[str]:
    """Which of "finished" and "none" the words say, the longest phrase winning where they
    overlap ("none of these" is not also "these")."""
    pattern = _phrase_pattern(tuple(_KIND_OF))
    return {_KIND_OF[match.group(0)] for match in pattern.finditer(rest)}


def _leftover(cleaned: str, options: Mapping[str, tuple[str, ...]]) -> str:
    """The text with the options' words taken out, so "no pain at night" is not also "no"."""
    words = tuple(w for ws in options.values() for w in ws)
    return _phrase_pattern(words).sub(" ", f" {cleaned} ")


@cache
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


@cache
def _untick_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<!\w){_UNTICK}\s+(?:the\s+|my\s+|any\s+)?(?:{alternatives})(?!\w)")
