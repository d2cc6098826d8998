"""Today's plan: the session of the stage, active rest, strength, and recovery basics.

Each line is a `Text` (a catalog key and its parameters); `variant` is the day's ordinal so the
wording changes day to day and stays the same when the plan is shown twice on one day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.coach.areas import OFFLOAD, Exercise, active_rest_for, cause_targeted, strength_for
from bot.coach.counts import count
from bot.coach.load import load_cap, rest_days_left
from bot.coach.model import EARLY_STAGES, RUNNING_STAGES, Decision, Injury, Kind, Rule, Stage
from bot.coach.state import CoachState
from bot.text import Text, text

# The walk-run table of docs/coaching.md: (walk minutes, jog minutes, repeats).
WALK_RUN: dict[Stage, tuple[int, int, int]] = {
    Stage.WALK_RUN_1: (5, 1, 5),
    Stage.WALK_RUN_2: (4, 2, 5),
    Stage.WALK_RUN_3: (3, 3, 5),
    Stage.WALK_RUN_4: (2, 4, 5),
    Stage.WALK_RUN_5: (1, 5, 5),
    Stage.WALK_RUN_6: (1, 10, 3),
}
CONTINUOUS_MAX_MINUTES = 30
# Active rest gets more time when there is no run that day.
ACTIVE_REST_MINUTES = {True: 20, False: 30}  # keyed by "there is a run today"
ACTIVE_REST_CHOICES = 2
# While a bone injury waits for a clinician: non-impact cross-training only.
NON_IMPACT = ("swim", "bike")


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
        return _referred(state, injury, cross_training, day)

    session, max_run = _session(state, injury, day, variant)
    return Plan(
        day=day,
        stage=stage,
        max_run_minutes=max_run,
        session=session,
        active_rest=_active_rest(injury, stage, cross_training, variant, max_run is not None),
        strength=_strength(injury, strength_for(injury.area, stage, injury.cause), variant),
        recovery=_recovery(stage, variant),
    )


def _referred(state: CoachState, injury: Injury, available: frozenset[str], day: date) -> Plan:
    """While a referral stands: no running, and how soon to be seen. A tendon or muscle keeps
    its pain-free strength and cross-training; a bone is offloaded (a suspected stress fracture
    takes no impact and no calf or hopping load): non-impact cross-training, upper body and core.
    """
    variant = day.toordinal()
    # Rule 15's unseen bone injury needs seeing before any more running: book it now.
    soon = "now" if state.standing_rules == (Rule.ONBOARDING_SCREEN,) else "this_week"
    session = [
        text("coach.plan.refer.no_running", variant=variant),
        text(f"coach.plan.refer.soon.{soon}", variant=variant),
    ]
    if injury.kind == Kind.BONE:
        session.append(text("coach.plan.refer.offload", variant=variant))
        suitable = tuple(a for a in NON_IMPACT if a in available)
        active = _chosen(suitable, variant, ACTIVE_REST_MINUTES[False], "none_bone")
        strength = _strength(injury, OFFLOAD, variant, with_cause=False)
    else:
        suitable = active_rest_for(injury.area, injury.kind, Stage.PROTECT, available)
        active = _chosen(suitable, variant, ACTIVE_REST_MINUTES[False], "none")
        early = strength_for(injury.area, Stage.PROTECT, injury.cause)
        strength = _strength(injury, early, variant)
    return Plan(
        day=day,
        stage=state.stage,
        max_run_minutes=None,
        session=tuple(session),
        active_rest=active,
        strength=strength,
        recovery=_recovery(state.stage, variant, referred=True),
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
            days=count(resting, "days"),
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
            walk=count(walk, "minutes"),
            jog=count(jog, "minutes"),
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
    return _chosen(suitable, variant, ACTIVE_REST_MINUTES[running], "none")


def _chosen(suitable: tuple[str, ...], variant: int, minutes: int, none: str) -> tuple[Text, ...]:
    if not suitable:
        return (text(f"coach.plan.active_rest.{none}", variant=variant),)
    # Rotate which activities come up, so a runner with several options gets variety.
    start = variant % len(suitable)
    chosen = (suitable[start:] + suitable[:start])[:ACTIVE_REST_CHOICES]
    return tuple(
        text(f"coach.plan.active_rest.{activity}", variant=variant, minutes=minutes)
        for activity in chosen
    )


def _strength(
    injury: Injury, exercises: tuple[Exercise, ...], variant: int, *, with_cause: bool = True
) -> tuple[Text, ...]:
    lines = [text(f"coach.plan.strength.{x.key}", sets=x.sets, reps=x.reps) for x in exercises]
    intro = [text("coach.plan.strength.intro", variant=variant)]
    if with_cause and (cause_targeted(injury.cause) or injury.cause == "sleep"):
        # One sentence tying the work to what the runner said started it.
        intro.append(text(f"coach.plan.cause.{injury.cause}", variant=variant))
    return (*intro, *lines)


def _recovery(stage: Stage, variant: int, *, referred: bool = False) -> tuple[Text, ...]:
    early = stage in EARLY_STAGES or stage in WALK_RUN
    if referred:
        mind = "coach.plan.mind.referred"
    elif stage in EARLY_STAGES:
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
