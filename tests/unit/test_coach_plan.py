"""Today's plan and the explanation: every line is a real catalog sentence that renders fully."""

from __future__ import annotations

import itertools
import string
from dataclasses import replace
from datetime import date, timedelta

import pytest

import messages
from bot.coach import (
    CoachState,
    Decision,
    Injury,
    Kind,
    Morning,
    Session,
    Stage,
    decide_day,
    explain,
    plan_for,
)
from bot.coach.areas import AREAS
from bot.coach.load import load_cap
from bot.text import Text

DAY = date(2026, 3, 2)
ALL_CROSS = frozenset({"swim", "bike", "yoga", "elliptical"})


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def assert_renders(line: Text) -> str:
    template = messages.CATALOG[line.key]  # KeyError = a missing key
    variants = template if isinstance(template, tuple) else (template,)
    for variant in variants:
        missing = _fields(variant) - set(line.params)
        assert not missing, f"{line.key} misses {missing}"
    rendered = messages.render(line.key, line.params)
    assert rendered.strip()
    return rendered


def _states() -> list[CoachState]:
    states = [CoachState.start(stage, DAY) for stage in Stage]
    states += [replace(s, standing=Decision.REFER, standing_rules=(2,)) for s in states[:3]]
    states += [replace(states[4], standing=Decision.URGENT, standing_rules=(1,))]
    states += [replace(states[5], step_back_on=DAY)]  # rest days
    return states


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("area", [*AREAS, "achilles", "left big toe"])
def test_every_plan_line_renders(area: str, kind: Kind) -> None:
    injury = Injury(area, kind)
    for state, cross in itertools.product(_states(), [frozenset(), ALL_CROSS]):
        plan = plan_for(state, injury, cross, DAY)
        assert plan.lines
        for line in plan.lines:
            assert_renders(line)


def test_no_message_says_push_through() -> None:
    for key, template in messages.CATALOG.items():
        for variant in template if isinstance(template, tuple) else (template,):
            assert "push through" not in variant.lower(), key


def test_coach_keys_are_prefixed() -> None:
    from messages.coach import CATALOG

    assert all(key.startswith("coach.") for key in CATALOG)


def _rendered(state: CoachState, day: date) -> list[str]:
    plan = plan_for(state, Injury("knee", Kind.OTHER), ALL_CROSS, day)
    return [messages.render(t.key, t.params) for t in plan.lines]


def test_wording_rotates_across_days() -> None:
    state = CoachState.start(Stage.WALK_RUN_3, DAY)
    days = [_rendered(state, DAY + timedelta(days=2 * i)) for i in range(3)]
    assert days[0] != days[1] != days[2]
    assert _rendered(state, DAY) == _rendered(state, DAY)  # stable within a day


@pytest.mark.parametrize("stage", list(Stage))
def test_plan_has_strength_and_recovery(stage: Stage) -> None:
    plan = plan_for(CoachState.start(stage, DAY), Injury("hip_groin", Kind.OTHER), ALL_CROSS, DAY)
    assert 3 <= len(plan.strength) - 1 <= 5  # the intro line, then 3-5 exercises
    keys = [t.key for t in plan.recovery]
    assert keys[0] == "coach.plan.sleep" and keys[1] == "coach.plan.food"
    assert keys[2].startswith("coach.plan.alcohol") and keys[3].startswith("coach.plan.mind")
    assert "7" in messages.render("coach.plan.sleep", {"variant": DAY.toordinal()})


def test_walk_run_table() -> None:
    plan = plan_for(
        CoachState.start(Stage.WALK_RUN_6, DAY), Injury("knee", Kind.OTHER), frozenset(), DAY
    )
    walk, jog = plan.session[0].params["walk"], plan.session[0].params["jog"]
    assert walk.params["n"] == 1 and jog.params["n"] == 10
    assert plan.session[0].params["reps"] == 3 and plan.max_run_minutes == 33


@pytest.mark.parametrize("stage", [Stage.PROTECT, Stage.WALK])
def test_no_running_before_walk_run(stage: Stage) -> None:
    plan = plan_for(CoachState.start(stage, DAY), Injury("knee", Kind.OTHER), ALL_CROSS, DAY)
    assert not plan.running_allowed


def test_rest_days_after_step_back_have_no_running() -> None:
    state = replace(CoachState.start(Stage.WALK_RUN_2, DAY), step_back_on=DAY)
    for offset in range(4):
        plan = plan_for(state, Injury("knee", Kind.OTHER), ALL_CROSS, DAY + timedelta(offset))
        assert not plan.running_allowed
        assert plan.session[0].key == "coach.plan.session.rest_days"
    assert plan_for(
        state, Injury("knee", Kind.OTHER), ALL_CROSS, DAY + timedelta(4)
    ).running_allowed


def test_rest_day_between_runs() -> None:
    state = replace(CoachState.start(Stage.WALK_RUN_2, DAY), last_run_on=DAY - timedelta(1))
    plan = plan_for(state, Injury("knee", Kind.OTHER), ALL_CROSS, DAY)
    assert not plan.running_allowed


def test_rebuild_plan_runs_to_the_cap_never_over() -> None:
    state = replace(CoachState.start(Stage.REBUILD, DAY), runs=((DAY - timedelta(3), 47),))
    plan = plan_for(state, Injury("knee", Kind.OTHER), ALL_CROSS, DAY)
    assert plan.max_run_minutes == load_cap(state, DAY) == 51


@pytest.mark.parametrize("standing", [Decision.REFER, Decision.URGENT])
def test_standing_refer_or_urgent_plan_says_no_running_and_see_someone(standing: Decision) -> None:
    state = replace(CoachState.start(Stage.CONTINUOUS, DAY), standing=standing)
    plan = plan_for(state, Injury("knee", Kind.OTHER), ALL_CROSS, DAY)
    assert not plan.running_allowed
    assert bool(plan.strength) == (standing == Decision.REFER)  # urgent: care first, nothing else
    text_ = " ".join(messages.render(t.key, t.params) for t in plan.session).lower()
    assert "running" in text_ or "no training" in text_
    assert ("physiotherapist" in text_) if standing == Decision.REFER else ("today" in text_)


def test_bone_walk_stage_waits_for_clearance_before_hopping() -> None:
    state = CoachState.start(Stage.WALK, DAY)
    keys = [t.key for t in plan_for(state, Injury("shin", Kind.BONE), frozenset(), DAY).session]
    assert "coach.plan.session.walk_tests_bone" in keys
    cleared = plan_for(state, Injury("shin", Kind.BONE, True), frozenset(), DAY).session
    assert "coach.plan.session.walk_tests" in [t.key for t in cleared]


def test_active_rest_suits_the_injury() -> None:
    state = CoachState.start(Stage.PROTECT, DAY)
    plan = plan_for(state, Injury("hip_groin", Kind.OTHER), frozenset({"bike", "swim"}), DAY)
    assert [t.key for t in plan.active_rest] == ["coach.plan.active_rest.swim"]
    plan = plan_for(state, Injury("knee", Kind.OTHER), frozenset(), DAY)
    assert [t.key for t in plan.active_rest] == ["coach.plan.active_rest.none"]


# --- explain ---------------------------------------------------------------------------------


def _m(offset: int, pain: int = 0, **kw: object) -> Morning:
    return Morning(date=DAY + timedelta(offset), morning_pain=pain, **kw)  # type: ignore[arg-type]


HISTORIES: list[tuple[Stage, Kind, list[tuple[Morning, Session | None]]]] = [
    (
        Stage.WALK_RUN_3,
        Kind.TENDON,
        [
            (_m(0), Session("run", 30, 4)),
            (_m(1), None),
            (_m(2), Session("run", 30, 3)),
            (_m(3), None),
        ],
    ),
    (
        Stage.WALK_RUN_3,
        Kind.OTHER,
        [
            (_m(0), Session("run", 30, 6)),
            (_m(1), None),
            (_m(4), Session("run", 30, 1)),
            (_m(5, 3), None),
        ],
    ),
    (
        Stage.WALK,
        Kind.BONE,
        [
            (_m(0, walk_test="pain_free", hop_test="pass"), None),
            (_m(1, walk_test="pain_free", hop_test="pass"), None),
            (_m(2, hop_test="pain"), None),
            (_m(3, cleared_by_clinician=True), None),
        ],
    ),
    (
        Stage.CONTINUOUS,
        Kind.OTHER,
        [
            (_m(0, swelling=True), None),
            (_m(1, swelling=True), None),
            (_m(2, daily_activity_pain=True), None),
            (_m(6, red_flags=frozenset({"chest_pain", "limp"})), None),
            (_m(7, red_flags=frozenset({"calf_swelling_warmth"})), None),
        ],
    ),
    (Stage.PROTECT, Kind.OTHER, [(_m(0), None), (_m(1), None), (_m(2), None)]),
    (Stage.REBUILD, Kind.OTHER, [(_m(0), Session("run", 50, 0)), (_m(1), None)]),
]


@pytest.mark.parametrize(("stage", "kind", "days"), HISTORIES)
def test_explanations_render_and_say_what_to_do(
    stage: Stage, kind: Kind, days: list[tuple[Morning, Session | None]]
) -> None:
    injury = Injury("calf_achilles", kind)
    state = CoachState.start(stage, days[0][0].date)
    for morning, session in days:
        state, verdict = decide_day(state, injury, 0, morning, session)
        lines = [assert_renders(t) for t in explain(verdict, injury, morning, session)]
        joined = " ".join(lines).lower()
        assert len(lines) >= 3
        if verdict.decision == Decision.REFER:
            assert "physiotherapist" in joined and "few days" in joined
        if verdict.decision == Decision.URGENT:
            assert "today" in joined and "emergency" in joined


def test_explain_names_what_the_runner_told_us() -> None:
    injury = Injury("achilles", Kind.TENDON)
    state = CoachState.start(Stage.WALK_RUN_3, DAY)
    for morning, session in HISTORIES[0][2]:
        state, verdict = decide_day(state, injury, 0, morning, session)
    lines = [messages.render(t.key, t.params) for t in explain(verdict, injury, morning, None)]
    assert verdict.decision == Decision.ADVANCE
    joined = " ".join(lines)
    assert "Achilles" in joined and "3/10" in joined and "yesterday" in joined
    assert any("2" in line and "session" in line for line in lines)


def test_explain_session_without_check_in() -> None:
    from bot.coach import log_session

    injury = Injury("knee", Kind.OTHER)
    state = CoachState.start(Stage.WALK_RUN_2, DAY)
    session = Session("run", 20, 1)
    _, verdict = log_session(state, injury, 0, DAY, session)
    keys = [t.key for t in explain(verdict, injury, None, session)]
    assert "coach.explain.no_check_in" in keys
