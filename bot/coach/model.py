"""The vocabulary of the coach: stages, decisions, injuries and what a runner reports.

Everything here is plain data. The ids of `Stage`, `Decision` and `Kind` are part of the public
contract (the simulator prints them, storage keeps them), so they match docs/coaching.md exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum


class Kind(StrEnum):
    """What kind of tissue is hurt; it sets how much pain a session may cause."""

    TENDON = "tendon"
    BONE = "bone"
    OTHER = "other"


class Stage(StrEnum):
    PROTECT = "protect"
    WALK = "walk"
    WALK_RUN_1 = "walk_run_1"
    WALK_RUN_2 = "walk_run_2"
    WALK_RUN_3 = "walk_run_3"
    WALK_RUN_4 = "walk_run_4"
    WALK_RUN_5 = "walk_run_5"
    WALK_RUN_6 = "walk_run_6"
    CONTINUOUS = "continuous"
    REBUILD = "rebuild"
    RECOVERED = "recovered"


class Decision(StrEnum):
    ADVANCE = "advance"
    HOLD = "hold"
    STEP_BACK = "step_back"
    REFER = "refer"
    URGENT = "urgent"


class Rule(IntEnum):
    """The numbered rules of docs/coaching.md. The numbers are the contract: the simulator prints
    them, storage keeps them, and the catalog's `coach.explain.rule<N>` keys are named by them."""

    URGENT_SIGN = 1
    RED_FLAG = 2
    SESSION_PAIN = 3
    MORNING_AFTER = 4
    RISING_PAIN = 5
    SWELLING = 6
    DAILY_PAIN = 7
    AFTER_STEP_BACK = 8
    LOAD_CAP = 9
    MISSED_CHECK_IN = 10
    PROTECT_TO_WALK = 11
    READINESS = 12
    COMPLIANT_SESSIONS = 13
    OTHERWISE_HOLD = 14
    ONBOARDING_SCREEN = 15
    OVER_PLAN = 16


LADDER: tuple[Stage, ...] = tuple(Stage)

# Stages where the runner runs; rule 7 (daily-activity pain) and rule 13 apply to these.
RUNNING_STAGES: frozenset[Stage] = frozenset(LADDER[LADDER.index(Stage.WALK_RUN_1) :])

# Rule 13 applies up to `rebuild`; `recovered` is the top of the ladder.
COUNTED_STAGES: frozenset[Stage] = RUNNING_STAGES - {Stage.RECOVERED}

# The stages before any running: `protect` and `walk`.
EARLY_STAGES: frozenset[Stage] = frozenset(LADDER) - RUNNING_STAGES

# Pain allowed during a session, out of 10 (Silbernagel 2007 for tendons; 0 at a bone site).
PAIN_LIMIT: dict[Kind, int] = {Kind.TENDON: 5, Kind.BONE: 0, Kind.OTHER: 3}

# Rule 1 and rule 2 signs. Any other reported flag is treated as a rule-2 red flag: an unknown
# warning sign is a reason to see someone, never a reason to carry on.
URGENT_SIGNS: frozenset[str] = frozenset({"calf_swelling_warmth", "chest_pain", "breathless"})
RED_FLAGS: frozenset[str] = frozenset(
    {
        "bone_tenderness",
        "night_pain",
        "rest_pain",
        "cannot_bear_weight",
        "limp",
        "numbness",
        "groin_pain",
        "missed_periods",
    }
)

SESSION_KINDS: frozenset[str] = frozenset({"walk", "run", "cross", "strength"})
WALK_TEST_RESULTS: frozenset[str] = frozenset({"pain_free", "pain"})
HOP_TEST_RESULTS: frozenset[str] = frozenset({"pass", "pain"})
CROSS_TRAINING: frozenset[str] = frozenset({"swim", "bike", "yoga", "elliptical"})
# What the runner actually did, as they named it (the explanation uses it: "your bike ride").
ACTIVITIES: frozenset[str] = CROSS_TRAINING | {"walk_run", "walk", "run", "strength"}
# What changed before the injury started, as asked at onboarding; strength work targets it.
CAUSES: frozenset[str] = frozenset({"mileage", "hills", "speed", "shoes", "sleep", "other"})


def step_down(stage: Stage) -> Stage:
    """One stage down, never below `protect`."""
    return LADDER[max(LADDER.index(stage) - 1, 0)]


def step_up(stage: Stage) -> Stage:
    """One stage up, never above `recovered`."""
    return LADDER[min(LADDER.index(stage) + 1, len(LADDER) - 1)]


@dataclass(frozen=True, slots=True)
class Injury:
    area: str
    kind: Kind
    cleared_by_clinician: bool = False
    # What the runner said changed before it started (CAUSES), or None when not asked/unknown.
    cause: str | None = None

    @property
    def pain_limit(self) -> int:
        return PAIN_LIMIT[self.kind]


@dataclass(frozen=True, slots=True)
class Session:
    kind: str  # walk | run | cross | strength: what the rules judge
    minutes: int
    pain_during: int
    # What the runner logged (ACTIVITIES: swim, bike, yoga, elliptical, walk_run...), for the
    # explanation only; None means the kind names it well enough.
    activity: str | None = None


@dataclass(frozen=True, slots=True)
class Morning:
    """The answers of one morning check-in."""

    date: date
    morning_pain: int
    swelling: bool = False
    daily_activity_pain: bool = False
    red_flags: frozenset[str] = field(default_factory=frozenset)
    walk_test: str | None = None  # None | pain_free | pain
    hop_test: str | None = None  # None | pass | pain
    cleared_by_clinician: bool = False
