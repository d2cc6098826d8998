"""The simulator core: read a clinician's scenario, replay it through the coach day by day.

`parse_scenario` validates everything before a single day runs, so an invalid file produces an
error and no output at all. The CLI (`comeback simulate`) prints `run_scenario`'s rows as JSON
lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from bot.coach.model import (
    HOP_TEST_RESULTS,
    RED_FLAGS,
    SESSION_KINDS,
    URGENT_SIGNS,
    WALK_TEST_RESULTS,
    Injury,
    Kind,
    Morning,
    Session,
    Stage,
)
from bot.coach.rules import decide_day
from bot.coach.screen import onboarding_screen
from bot.coach.state import CoachState

MAX_SESSION_MINUTES = 24 * 60


class ScenarioError(ValueError):
    """Invalid scenario input: which day (0-based index into `days`, None for the top level),
    which field, and what is wrong."""

    def __init__(self, day_index: int | None, field: str, message: str) -> None:
        self.day_index = day_index
        self.field = field
        self.message = message
        where = "scenario" if day_index is None else f"day {day_index + 1} (days[{day_index}])"
        super().__init__(f"{where}, field {field!r}: {message}")


@dataclass(frozen=True, slots=True)
class ScenarioDay:
    morning: Morning
    session: Session | None


@dataclass(frozen=True, slots=True)
class Onboarding:
    """What the runner told us before day one (rule 15)."""

    seen_by_professional: bool
    daily_activity_pain: bool
    red_flags: frozenset[str]


@dataclass(frozen=True, slots=True)
class Scenario:
    injury: Injury
    start_stage: Stage
    baseline: int
    days: tuple[ScenarioDay, ...]
    onboarding: Onboarding | None = None


def parse_scenario(obj: object) -> Scenario:
    top = _mapping(obj, None, "scenario")
    injury_obj = _mapping(_required(top, None, "injury"), None, "injury")
    area = _required(injury_obj, None, "injury.area")
    if not isinstance(area, str) or not area.strip():
        raise ScenarioError(None, "injury.area", "must be a non-empty string")
    injury = Injury(
        area=area.strip(),
        kind=Kind(_choice(injury_obj.get("kind"), None, "injury.kind", {k.value for k in Kind})),
        cleared_by_clinician=_bool(injury_obj, None, "cleared_by_clinician", "injury."),
    )
    start = _choice(top.get("start_stage"), None, "start_stage", {s.value for s in Stage})
    baseline = _pain(top.get("baseline_morning_pain"), None, "baseline_morning_pain")
    days_obj = _required(top, None, "days")
    if not isinstance(days_obj, list):
        raise ScenarioError(None, "days", "must be a list of days")
    days: list[ScenarioDay] = []
    for index, day_obj in enumerate(days_obj):
        day = _parse_day(day_obj, index)
        if days and day.morning.date <= days[-1].morning.date:
            raise ScenarioError(index, "date", "dates must be strictly increasing")
        days.append(day)
    onboarding = _parse_onboarding(top.get("onboarding"))
    return Scenario(
        injury=injury,
        start_stage=Stage(start),
        baseline=baseline,
        days=tuple(days),
        onboarding=onboarding,
    )


def run_scenario(scenario: Scenario) -> list[dict[str, object]]:
    """One row per input day: the decision after that day's check-in and session."""
    if not scenario.days:
        return []
    first_day = scenario.days[0].morning.date
    state = CoachState.start(scenario.start_stage, first_day)
    if scenario.onboarding is not None:
        answers = scenario.onboarding
        state, _ = onboarding_screen(
            state,
            scenario.injury,
            seen_by_professional=answers.seen_by_professional,
            daily_activity_pain=answers.daily_activity_pain,
            red_flags=answers.red_flags,
            today=first_day,
            baseline=scenario.baseline,
        )
    rows: list[dict[str, object]] = []
    for day in scenario.days:
        state, verdict = decide_day(
            state, scenario.injury, scenario.baseline, day.morning, day.session
        )
        rows.append(
            {
                "date": verdict.date.isoformat(),
                "decision": verdict.decision.value,
                "stage": verdict.stage.value,
                "rules": list(verdict.rules),
            }
        )
    return rows


_ONBOARDING_KEYS = frozenset({"seen_by_professional", "daily_activity_pain", "red_flags"})


def _parse_onboarding(obj: object) -> Onboarding | None:
    """The optional `onboarding` object. A key it does not know is an error rather than silently
    ignored: a misspelt "seen_by_professional" must not turn into "not seen"."""
    if obj is None:
        return None
    answers = _mapping(obj, None, "onboarding")
    unknown = sorted(set(answers) - _ONBOARDING_KEYS)
    if unknown:
        known = ", ".join(sorted(_ONBOARDING_KEYS))
        raise ScenarioError(None, f"onboarding.{unknown[0]}", f"unknown field; known: {known}")
    return Onboarding(
        seen_by_professional=_bool(answers, None, "seen_by_professional", "onboarding."),
        daily_activity_pain=_bool(answers, None, "daily_activity_pain", "onboarding."),
        red_flags=_flags(answers.get("red_flags", []), None, "onboarding.red_flags"),
    )


def _flags(obj: object, index: int | None, field: str) -> frozenset[str]:
    if obj is None:
        return frozenset()
    if not isinstance(obj, list) or not all(isinstance(f, str) for f in obj):
        raise ScenarioError(index, field, "must be a list of strings")
    unknown = sorted(set(obj) - RED_FLAGS - URGENT_SIGNS)
    if unknown:
        known = ", ".join(sorted(RED_FLAGS | URGENT_SIGNS))
        raise ScenarioError(index, field, f"unknown {unknown}; known: {known}")
    return frozenset(obj)


def _parse_day(obj: object, index: int) -> ScenarioDay:
    day = _mapping(obj, index, "day")
    raw_date = _required(day, index, "date")
    if not isinstance(raw_date, str):
        raise ScenarioError(index, "date", "must be a date string like 2026-03-02")
    try:
        on = date.fromisoformat(raw_date)
    except ValueError:
        raise ScenarioError(index, "date", f"not a valid date: {raw_date!r}") from None
    flags = _flags(day.get("red_flags", []), index, "red_flags")
    morning = Morning(
        date=on,
        morning_pain=_pain(_required(day, index, "morning_pain"), index, "morning_pain"),
        swelling=_bool(day, index, "swelling"),
        daily_activity_pain=_bool(day, index, "daily_activity_pain"),
        red_flags=flags,
        walk_test=_optional_choice(day.get("walk_test"), index, "walk_test", WALK_TEST_RESULTS),
        hop_test=_optional_choice(day.get("hop_test"), index, "hop_test", HOP_TEST_RESULTS),
        cleared_by_clinician=_bool(day, index, "cleared_by_clinician"),
    )
    return ScenarioDay(morning=morning, session=_parse_session(day.get("session"), index))


def _parse_session(obj: object, index: int) -> Session | None:
    if obj is None:
        return None
    session = _mapping(obj, index, "session")
    kind = _choice(session.get("kind"), index, "session.kind", SESSION_KINDS)
    minutes = session.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool):
        minutes = -1  # reported below
    if not 0 <= minutes <= MAX_SESSION_MINUTES:
        raise ScenarioError(index, "session.minutes", f"must be an integer 0-{MAX_SESSION_MINUTES}")
    pain = _pain(session.get("pain_during"), index, "session.pain_during")
    return Session(kind=kind, minutes=minutes, pain_during=pain)


def _mapping(obj: object, index: int | None, field: str) -> Mapping[str, object]:
    if not isinstance(obj, dict):
        raise ScenarioError(index, field, "must be a JSON object")
    return obj


def _required(obj: Mapping[str, object], index: int | None, field: str) -> object:
    key = field.rsplit(".", 1)[-1]
    if key not in obj:
        raise ScenarioError(index, field, "is missing")
    return obj[key]


def _pain(value: object, index: int | None, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
        raise ScenarioError(index, field, f"must be an integer 0-10, got {value!r}")
    return value


def _bool(obj: Mapping[str, object], index: int | None, key: str, prefix: str = "") -> bool:
    value = obj.get(key, False)
    if not isinstance(value, bool):
        raise ScenarioError(index, prefix + key, f"must be true or false, got {value!r}")
    return value


def _choice(
    value: object, index: int | None, field: str, allowed: set[str] | frozenset[str]
) -> str:
    if not isinstance(value, str) or value not in allowed:
        options = ", ".join(sorted(allowed))
        raise ScenarioError(index, field, f"must be one of {options}, got {value!r}")
    return value


def _optional_choice(value: object, index: int, field: str, allowed: frozenset[str]) -> str | None:
    return None if value is None else _choice(value, index, field, allowed)
