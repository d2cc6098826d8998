"""Today's plan: the session of the stage, active rest, strength, and recovery basics.

Each line is a `Text` (a catalog key and its parameters); `variant` is the day's ordinal so the
wording changes day to day and stays the same when the plan is shown twice on one day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.coach.areas import active_rest_for, strength_for
from bot.coach.load import load_cap, rest_days_left
from bot.coach.model import RUNNING_STAGES, Decision, Injury, Kind, Stage
from bot.coach.state import CoachState
from bot.core.text import Text, text

# The walk-run table of COACHING.md: (walk minutes, jog minutes, repeats).
WALK_RUN: dict[Stage, tuple[int, int, int]] = {
    Stage.WALK_RUN_1: (5, 1, 5),
    Stage.WALK_RUN_2: (4, 2, 5),
    Stage.WALK_RUN_3: (3, 3, 5),
    Stage.WALK_RUN_4: (2, 4, 5),
    Stage.WALK_RUN_5: (1, 5, 5),
    Stage.WALK_RUN_6: (1, 10, 3),
}
CONTINUOUS_MAX_MINUTES = 30
EARLY_STAGES = frozenset({Stage.PROTECT, Stage.WALK})
# Active rest gets more time when there is no run that day.
ACTIVE_REST_MINUTES = {True: 20, False: 30}  # keyed by "there is a run today"
ACTIVE_REST_CHOICES = 2


@dataclass(frozen=True, slots=True)
class Plan:
    day: date
    stage: Stage
    # The longest run the plan proposes today, in minutes; None when it proposes no run.
    max_run_minutes: int | None
    session: tuple[Text, ...]
    active_rest: tuple[Text, ...]
    strength: tuple[Text, ...]
    recovery: tuple[Text, ...]

    @property
    def running_allowed(self) -> bool:
        return self.max_run_minutes is not None

    @property
    def lines(self) -> tuple[Text, ...]:
        return self.session + self.active_rest + self.strength + self.recovery


def plan_for(state: CoachState, injury: Injury, cross_training: frozenset[str], day: date) -> Plan:
    variant = day.toordinal()
    stage = state.stage
    if state.standing == Decision.URGENT:
        return Plan(day, stage, None, (text("coach.plan.urgent", variant=variant),), (), (), ())
    if state.standing == Decision.REFER:
        see_clinician = (
            text("coach.plan.refer.no_running", variant=variant),
            text("coach.plan.refer.see_clinician", variant=variant),
        )
        # Exercise waits for the clinician's view (a suspected stress fracture changes what is
        # safe); sleep, food and the mental side still help.
        return Plan(day, stage, None, see_clinician, (), (), _recovery(stage, variant))

    session, max_run = _session(state, injury, day, variant)
    return Plan(
        day=day,
        stage=stage,
        max_run_minutes=max_run,
        session=session,
        active_rest=_active_rest(injury, stage, cross_training, variant, max_run is not None),
        strength=_strength(injury, stage, variant),
        recovery=_recovery(stage, variant),
    )


def _session(
    state: CoachState, injury: Injury, day: date, variant: int
) -> tuple[tuple[Text, ...], int | None]:
    stage = state.stage
    pain_rule = text(f"coach.plan.pain_rule.{injury.kind.value}", variant=variant)
    resting = rest_days_left(state, day)
    if stage in RUNNING_STAGES and resting > 0:
        line = text(
            "coach.plan.session.rest_days",
            variant=variant,
            days=resting,
            stage=text(f"coach.stage.{stage.value}"),
        )
        return (line,), None
    if stage == Stage.PROTECT:
        return (text("coach.plan.session.protect", variant=variant), pain_rule), None
    if stage == Stage.WALK:
        cleared = injury.cleared_by_clinician or state.clearance_reported
        tests = "walk_tests_bone" if injury.kind == Kind.BONE and not cleared else "walk_tests"
        lines = (
            text("coach.plan.session.walk", variant=variant),
            text(f"coach.plan.session.{tests}", variant=variant),
            pain_rule,
        )
        return lines, None
    if stage != Stage.RECOVERED and state.last_run_on == day - timedelta(days=1):
        # Rule 13 counts runs on non-consecutive days; the plan keeps a rest day between them.
        return (text("coach.plan.session.rest_between_runs", variant=variant),), None
    if stage in WALK_RUN:
        walk, jog, reps = WALK_RUN[stage]
        total = (walk + jog) * reps
        line = text(
            "coach.plan.session.walk_run",
            variant=variant,
            walk=walk,
            jog=jog,
            reps=reps,
            total=total,
        )
        return (line, pain_rule), total
    if stage == Stage.CONTINUOUS:
        return (text("coach.plan.session.continuous", variant=variant), pain_rule), (
            CONTINUOUS_MAX_MINUTES
        )
    cap = load_cap(state, day)
    key = "coach.plan.session.rebuild" if stage == Stage.REBUILD else "coach.plan.session.recovered"
    return (text(key, variant=variant, cap=cap), pain_rule), cap


def _active_rest(
    injury: Injury, stage: Stage, available: frozenset[str], variant: int, running: bool
) -> tuple[Text, ...]:
    suitable = active_rest_for(injury.area, injury.kind, stage, available)
    if not suitable:
        return (text("coach.plan.active_rest.none", variant=variant),)
    # Rotate which activities come up, so a runner with several options gets variety.
    start = variant % len(suitable)
    chosen = (suitable[start:] + suitable[:start])[:ACTIVE_REST_CHOICES]
    minutes = ACTIVE_REST_MINUTES[running]
    return tuple(
        text(f"coach.plan.active_rest.{activity}", variant=variant, minutes=minutes)
        for activity in chosen
    )


def _strength(injury: Injury, stage: Stage, variant: int) -> tuple[Text, ...]:
    exercises = strength_for(injury.area, stage)
    lines = [text(f"coach.plan.strength.{x.key}", sets=x.sets, reps=x.reps) for x in exercises]
    return (text("coach.plan.strength.intro", variant=variant), *lines)


def _recovery(stage: Stage, variant: int) -> tuple[Text, ...]:
    early = stage in EARLY_STAGES or stage in WALK_RUN
    if stage in EARLY_STAGES:
        mind = "coach.plan.mind.protect"
    elif stage == Stage.RECOVERED:
        mind = "coach.plan.mind.recovered"
    else:
        mind = "coach.plan.mind.rebuilding"
    return (
        text("coach.plan.sleep", variant=variant),
        text("coach.plan.food", variant=variant),
        text("coach.plan.alcohol.early" if early else "coach.plan.alcohol.later", variant=variant),
        text(mind, variant=variant),
    )
