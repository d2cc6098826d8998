"""`/log`: a session the runner did (walk, run, walk-run, cross-training, strength), how long, and
how much it hurt during. The coach sees it at once (pain over the limit steps back that day).

`/log walk-run 30 min pain 2` gives everything in one line; `/log bike 45` gives two of three and
only the pain is asked. The coach gets the kind (walk | walk_run | run | cross | strength); the
runner hears the activity they named ("45 min bike ride").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot.core import coaching, parse, zones
from bot.core import questions as q
from bot.core.state import Runner, State
from bot.core.turn import Step, ask
from bot.core.types import Event, Reply, Typed
from bot.text import Text, text

# What a runner may call a session: (kind for the coach, activity named back to them).
# Longest phrases are matched first, so "walk-run" is not a walk and "cross trainer" not "cross".
_ACTIVITIES: dict[str, tuple[str, str]] = {
    "walk-run": ("walk_run", "walk_run"), "walk run": ("walk_run", "walk_run"),
    "run-walk": ("walk_run", "walk_run"), "run walk": ("walk_run", "walk_run"),
    "walk/run": ("walk_run", "walk_run"), "run/walk": ("walk_run", "walk_run"),
    "intervals": ("walk_run", "walk_run"),
    "walk": ("walk", "walk"), "walked": ("walk", "walk"), "walking": ("walk", "walk"),
    "hike": ("walk", "walk"), "hiked": ("walk", "walk"), "hiking": ("walk", "walk"),
    "run": ("run", "run"), "ran": ("run", "run"), "running": ("run", "run"),
    "jog": ("run", "run"), "jogged": ("run", "run"), "jogging": ("run", "run"),
    "swim": ("cross", "swim"), "swam": ("cross", "swim"), "swimming": ("cross", "swim"),
    "pool": ("cross", "swim"), "aqua jogging": ("cross", "swim"),
    "deep water running": ("cross", "swim"),
    "bike": ("cross", "bike"), "biked": ("cross", "bike"), "biking": ("cross", "bike"),
    "cycle": ("cross", "bike"), "cycled": ("cross", "bike"), "cycling": ("cross", "bike"),
    "ride": ("cross", "bike"), "rode": ("cross", "bike"), "spin": ("cross", "bike"),
    "spinning": ("cross", "bike"), "turbo": ("cross", "bike"), "peloton": ("cross", "bike"),
    "yoga": ("cross", "yoga"), "pilates": ("cross", "pilates"),
    "elliptical": ("cross", "elliptical"), "cross trainer": ("cross", "elliptical"),
    "crosstrainer": ("cross", "elliptical"),
    "rowing": ("cross", "rowing"), "rowed": ("cross", "rowing"), "row": ("cross", "rowing"),
    "cross-training": ("cross", "cross"), "cross training": ("cross", "cross"),
    "cross": ("cross", "cross"),
    "strength": ("strength", "strength"), "gym": ("strength", "strength"),
    "weights": ("strength", "strength"), "lifting": ("strength", "strength"),
    "exercises": ("strength", "strength"), "rehab": ("strength", "strength"),
    "core": ("strength", "strength"),
}  # fmt: skip
_ACTIVITY = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(w) for w in sorted(_ACTIVITIES, key=len, reverse=True))
    + r")(?!\w)"
)
# "pain 2", "pain: 2", "pain was 2", "pain 3/10", "3/10", "3 out of 10", "pain-free", "no pain".
_PAIN = re.compile(
    r"(?:pain(?: level)?(?: was| of| at)?\s*[:=]?\s*(\d{1,2})(?:\s*(?:/|out of)\s*10)?)"
    r"|(?:(\d{1,2})\s*(?:/|out of)\s*10)"
)
_NO_PAIN = re.compile(r"(?<!\w)(?:pain[- ]free|no pain|painless|didn't hurt|did not hurt)(?!\w)")


@dataclass(frozen=True, slots=True)
class Parsed:
    """What one line of `/log ...` says; None where it says nothing (or nothing we can trust)."""

    kind: str | None = None
    activity: str | None = None
    minutes: int | None = None
    pain: int | None = None
    refused: Text | None = None  # why the minutes given were not taken ("-1 hours")


def duration_refusal(typed: str) -> Text | None:
    """What to say about minutes that plainly are a duration but cannot be logged: signed
    ('-1 hours') or outside a session's bounds ('0 min', '99999 h'); None otherwise."""
    problem = parse.duration_problem(typed)
    if problem == "signed":
        return text("error.minutes_signed")
    if problem == "out_of_range":
        return text("error.minutes_out_of_range", low=parse.MIN_MINUTES, high=parse.MAX_MINUTES)
    return None


def read(argument: str) -> Parsed:
    cleaned = parse.normalize(argument)
    if not cleaned:
        return Parsed()
    named = _ACTIVITY.search(cleaned)
    kind, activity = _ACTIVITIES[named.group(1)] if named else (None, None)
    rest = _ACTIVITY.sub(" ", cleaned)
    pain: int | None = None
    if found := _PAIN.search(rest):
        value = int(found.group(1) or found.group(2))
        pain = value if value <= 10 else None
        rest = rest[: found.start()] + " " + rest[found.end() :]
    elif no_pain := _NO_PAIN.search(rest):
        pain = 0
        rest = rest[: no_pain.start()] + " " + rest[no_pain.end() :]
    said = rest.strip(" ,;")
    minutes = parse.minutes(said) if re.search(r"\d", rest) else None
    refused = duration_refusal(said) if minutes is None and re.search(r"\d", rest) else None
    return Parsed(kind, activity, minutes, pain, refused)


# A question about a session is not a report of one: "can I bike for 30 min?".
_QUESTION = re.compile(
    r"\?|^(?:can|could|should|shall|may|is|are|am|will|would|how|what|when|why|do|does)\b"
)
# Words that say it happened: "did", "went for", "ran", "swam", "done"...
_PAST = re.compile(
    r"(?<!\w)(?:did|done|went|had|managed|finished|completed|ran|jogged|walked|swam|rode|"
    r"cycled|biked|hiked|rowed|lifted|today i|this morning i|just)(?!\w)"
)


def is_report(typed: str) -> bool:
    """Free text that tells of a session done: a kind and minutes, or a kind said in the past
    tense; never a question."""
    cleaned = parse.normalize(typed)
    if _QUESTION.search(cleaned):
        return False
    given = read(cleaned)
    return given.kind is not None and (given.minutes is not None or bool(_PAST.search(cleaned)))


@dataclass(frozen=True, slots=True)
class LogAnswers:
    """The answers of a /log so far, typed. Kept in the conversation's data as plain JSON;
    `of` also reads rows stored when minutes and pain were kept as strings."""

    kind: str | None = None
    activity: str | None = None
    minutes: int | None = None
    pain: int | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> LogAnswers:
        return cls(
            kind=_str(data.get("kind")),
            activity=_str(data.get("activity")),
            minutes=_int(data.get("minutes")),
            pain=_int(data.get("pain")),
        )

    def to_data(self) -> dict[str, Any]:
        """The answers given, by question key; an unanswered question has no key."""
        return {k: v for k, v in zip(_KEYS, self._values(), strict=True) if v is not None}

    def _values(self) -> tuple[object, ...]:
        return (self.kind, self.activity, self.minutes, self.pain)


_KEYS = ("kind", "activity", "minutes", "pain")


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _int(value: object) -> int | None:
    return None if value is None else int(str(value))


def begin(runner: Runner, event: Event, argument: str = "") -> Step:
    """Start a log from whatever the command line gave; ask only what is missing."""
    given = read(argument)
    answers = LogAnswers(given.kind, given.activity, given.minutes, given.pain)
    asked = _next(runner, answers, event, {})
    if given.refused is None:
        return asked
    return Step(asked.state, [Reply((given.refused,)), *asked.replies], asked.effects)


def answer(runner: Runner, question: q.Question, value: object, event: Event) -> Step:
    answers = LogAnswers.of({**runner.data, question.key: value})  # a button's "30" is 30
    if question is q.LOG_KIND:
        # Typed "swam" is cross-training to the coach and a swim to the runner; a button
        # press says only "cross-training".
        typed = read(event.text) if isinstance(event, Typed) else Parsed()
        activity = typed.activity if typed.kind == value else str(value)
        answers = replace(answers, activity=activity)
    return _next(runner, answers, event, runner.data)


def _next(runner: Runner, answers: LogAnswers, event: Event, kept: Mapping[str, Any]) -> Step:
    """Ask the first question not answered yet, keeping what else rides in the data (signs
    heard on the way); or log the session."""
    data = {**{k: v for k, v in kept.items() if k not in _KEYS}, **answers.to_data()}
    for question in q.FLOWS[q.Flow.LOG]:
        if question.key not in data:
            return Step(State(question.name, data, runner.profile), [ask(question)], [])
    return _finish(runner, answers, event)


def _finish(runner: Runner, answers: LogAnswers, event: Event) -> Step:
    profile = runner.profile
    today = zones.local_date(profile.timezone, event.now)
    kind, minutes, pain = str(answers.kind), answers.minutes or 0, answers.pain or 0
    updated, lines, effects = coaching.session(
        profile, kind, minutes, pain, today, event.now, activity=answers.activity
    )
    activity = text(f"log.activity.{answers.activity or kind}")
    logged = text("log.logged", activity=activity, minutes=minutes, pain=pain)
    return Step(runner.idle(updated), [Reply((logged, *lines))], effects)
