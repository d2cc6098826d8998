"""Properties over random histories: the guarantees that must hold whatever a runner reports."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach import (
    CoachState,
    Decision,
    Injury,
    Kind,
    Morning,
    Session,
    Stage,
    decide_day,
    plan_for,
)
from bot.coach.load import load_cap
from bot.coach.model import LADDER, RED_FLAGS, URGENT_SIGNS

START = date(2026, 1, 5)
FLAGS = sorted(RED_FLAGS | URGENT_SIGNS)

sessions = st.one_of(
    st.none(),
    st.builds(
        Session,
        kind=st.sampled_from(["run", "run", "walk", "cross", "strength"]),
        minutes=st.integers(0, 90),
        pain_during=st.integers(0, 10),
    ),
)

day_inputs = st.fixed_dictionaries(
    {
        "gap": st.sampled_from([1, 1, 1, 1, 2, 4]),
        "pain": st.integers(0, 6),
        "swelling": st.sampled_from([False, False, True]),
        "daily": st.sampled_from([False, False, False, True]),
        "flags": st.one_of(
            st.just(frozenset()),
            st.just(frozenset()),
            st.just(frozenset()),
            st.frozensets(st.sampled_from(FLAGS), min_size=1, max_size=2),
        ),
        "walk_test": st.sampled_from([None, "pain_free", "pain_free", "pain"]),
        "hop_test": st.sampled_from([None, "pass", "pass", "pass", "pain"]),
        "cleared": st.sampled_from([False, False, False, True]),
        "session": sessions,
    }
)

histories = st.tuples(
    st.sampled_from(list(Stage)),
    st.sampled_from(list(Kind)),
    st.integers(0, 3),
    st.lists(day_inputs, min_size=1, max_size=30),
)


def _replay(history: tuple[Stage, Kind, int, list[dict[str, object]]]):  # type: ignore[no-untyped-def]
    stage, kind, baseline, raw_days = history
    injury = Injury("calf_achilles", kind)
    state = CoachState.start(stage, START)
    on = START - timedelta(days=1)
    for raw in raw_days:
        on = on + timedelta(days=int(raw["gap"]))  # type: ignore[call-overload]
        morning = Morning(
            date=on,
            morning_pain=raw["pain"],  # type: ignore[arg-type]
            swelling=raw["swelling"],  # type: ignore[arg-type]
            daily_activity_pain=raw["daily"],  # type: ignore[arg-type]
            red_flags=raw["flags"],  # type: ignore[arg-type]
            walk_test=raw["walk_test"],  # type: ignore[arg-type]
            hop_test=raw["hop_test"],  # type: ignore[arg-type]
            cleared_by_clinician=raw["cleared"],  # type: ignore[arg-type]
        )
        session: Session | None = raw["session"]  # type: ignore[assignment]
        before = state
        state, verdict = decide_day(state, injury, baseline, morning, session)
        yield injury, baseline, before, morning, session, state, verdict


@settings(max_examples=300, deadline=None)
@given(histories)
def test_never_advance_on_a_bad_day(history) -> None:  # type: ignore[no-untyped-def]
    for injury, baseline, _, morning, session, _, verdict in _replay(history):
        if verdict.decision != Decision.ADVANCE:
            continue
        assert not morning.red_flags and morning.hop_test != "pain"
        assert not morning.swelling and not morning.daily_activity_pain
        assert morning.morning_pain <= baseline
        assert session is None or session.pain_during <= injury.pain_limit


@settings(max_examples=300, deadline=None)
@given(histories)
def test_at_most_one_stage_per_day_and_decisions_match_moves(history) -> None:  # type: ignore[no-untyped-def]
    for _, _, before, _, _, _, verdict in _replay(history):
        start, end = LADDER.index(before.stage), LADDER.index(verdict.stage)
        assert -1 <= end - start <= 1
        assert verdict.previous_stage == before.stage
        if verdict.decision == Decision.ADVANCE:
            assert end == start + 1
        elif verdict.decision == Decision.HOLD:
            assert end == start
        else:
            assert end <= start
        assert verdict.stage in LADDER  # never below protect


@settings(max_examples=300, deadline=None)
@given(histories)
def test_refer_and_urgent_stand_until_cleared(history) -> None:  # type: ignore[no-untyped-def]
    standing: Decision | None = None
    for _, _, _, morning, _, _, verdict in _replay(history):
        if standing is not None:
            if morning.cleared_by_clinician:
                # Clearance day: a hold, unless the same check-in brings a new warning sign.
                signs = bool(morning.red_flags) or morning.hop_test == "pain"
                expected = {Decision.REFER, Decision.URGENT} if signs else {Decision.HOLD}
                assert verdict.decision in expected | {Decision.STEP_BACK, Decision.REFER}
                assert verdict.decision != Decision.ADVANCE
            else:
                assert verdict.decision in (Decision.REFER, Decision.URGENT)
                if standing == Decision.URGENT:
                    assert verdict.decision == Decision.URGENT
        if verdict.decision in (Decision.REFER, Decision.URGENT):
            standing = verdict.decision
        elif standing is not None:
            standing = None


@settings(max_examples=300, deadline=None)
@given(histories, st.frozensets(st.sampled_from(["swim", "bike", "yoga", "elliptical"])))
def test_plan_never_proposes_a_run_over_the_cap(history, cross) -> None:  # type: ignore[no-untyped-def]
    for injury, _, _, morning, _, state, _ in _replay(history):
        tomorrow = morning.date + timedelta(days=1)
        plan = plan_for(state, injury, cross, tomorrow)
        if state.stage in (Stage.REBUILD, Stage.RECOVERED) and plan.max_run_minutes is not None:
            assert plan.max_run_minutes <= load_cap(state, tomorrow)
        if state.standing is not None:
            assert not plan.running_allowed
        if state.stage in (Stage.PROTECT, Stage.WALK):
            assert not plan.running_allowed


@settings(max_examples=200, deadline=None)
@given(histories)
def test_state_round_trips_through_json_and_stays_small(history) -> None:  # type: ignore[no-untyped-def]
    for _, _, _, _, _, state, _ in _replay(history):
        stored = json.loads(json.dumps(state.to_dict()))
        assert CoachState.from_dict(stored) == state
        assert len(state.morning_pains) <= 21
        assert len(state.runs) <= 31


@settings(max_examples=100, deadline=None)
@given(histories)
def test_deterministic(history) -> None:  # type: ignore[no-untyped-def]
    first = [v for *_, v in _replay(history)]
    second = [v for *_, v in _replay(history)]
    assert first == second
