"""Rules 1-14 of docs/coaching.md: thresholds, boundaries, precedence, standing decisions.
(The moving baseline, rules 15 and 16 are in test_coach_new_rules.py.)"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pytest

from bot.coach import (
    CoachState,
    Decision,
    Injury,
    Kind,
    Morning,
    Session,
    Stage,
    Verdict,
    check_in,
    decide_day,
    log_session,
)

START = date(2026, 3, 2)


def on(offset: int) -> date:
    return START + timedelta(days=offset)


def morning(offset: int, pain: int = 0, **kw: Any) -> Morning:
    flags = frozenset(kw.pop("red_flags", ()))
    return Morning(date=on(offset), morning_pain=pain, red_flags=flags, **kw)


def run(minutes: int = 30, pain: int = 0, kind: str = "run") -> Session:
    return Session(kind=kind, minutes=minutes, pain_during=pain)


def replay(
    stage: Stage,
    days: list[tuple[Morning, Session | None]],
    kind: Kind = Kind.OTHER,
    baseline: int = 0,
    area: str = "knee",
    state: CoachState | None = None,
) -> tuple[CoachState, list[Verdict]]:
    injury = Injury(area=area, kind=kind)
    state = state or CoachState.start(stage, days[0][0].date)
    verdicts: list[Verdict] = []
    for m, s in days:
        state, v = decide_day(state, injury, baseline, m, s)
        verdicts.append(v)
    return state, verdicts


def decisions(verdicts: list[Verdict]) -> list[tuple[str, str]]:
    return [(v.decision.value, v.stage.value) for v in verdicts]


# --- rules 1 and 2: safety first -------------------------------------------------------------


@pytest.mark.parametrize("sign", ["calf_swelling_warmth", "chest_pain", "breathless"])
def test_rule1_urgent_signs(sign: str) -> None:
    _, vs = replay(Stage.WALK_RUN_3, [(morning(0, red_flags={sign}), None)])
    assert (vs[0].decision, vs[0].rules) == (Decision.URGENT, (1,))


@pytest.mark.parametrize(
    "flag",
    [
        "bone_tenderness",
        "night_pain",
        "rest_pain",
        "cannot_bear_weight",
        "limp",
        "numbness",
        "groin_pain",
        "missed_periods",
    ],
)
def test_rule2_red_flags_refer(flag: str) -> None:
    _, vs = replay(Stage.CONTINUOUS, [(morning(0, red_flags={flag}), None)])
    assert (vs[0].decision, vs[0].rules, vs[0].stage) == (Decision.REFER, (2,), Stage.CONTINUOUS)


def test_rule2_hop_pain_refers() -> None:
    _, vs = replay(Stage.WALK, [(morning(0, walk_test="pain_free", hop_test="pain"), None)])
    assert vs[0].decision == Decision.REFER and vs[0].hop_pain


def test_urgent_beats_red_flag_and_everything_else() -> None:
    m = morning(
        0, pain=9, swelling=True, daily_activity_pain=True, red_flags={"chest_pain", "limp"}
    )
    _, vs = replay(Stage.WALK_RUN_2, [(m, run(pain=9))])
    assert vs[0].decision == Decision.URGENT


def test_red_flag_beats_step_back_triggers() -> None:
    bad = morning(1, pain=5, swelling=True, red_flags={"limp"})
    days = [(morning(0), run(pain=2)), (bad, None)]
    _, vs = replay(Stage.WALK_RUN_2, days)
    assert vs[1].decision == Decision.REFER and vs[1].stage == Stage.WALK_RUN_2


def test_refer_stands_until_cleared_and_clearance_day_is_hold() -> None:
    days = [
        (morning(0, red_flags={"night_pain"}), None),
        (morning(1), run(pain=0)),
        (morning(2), None),
        (morning(3, cleared_by_clinician=True), None),
        (morning(4), None),
    ]
    _, vs = replay(Stage.WALK_RUN_4, days)
    assert [v.decision for v in vs] == [Decision.REFER] * 3 + [Decision.HOLD, Decision.HOLD]
    assert all(v.stage == Stage.WALK_RUN_4 for v in vs)
    assert vs[1].standing and vs[3].cleared


def test_urgent_stands_and_is_not_softened_by_a_later_red_flag() -> None:
    days = [
        (morning(0, red_flags={"breathless"}), None),
        (morning(1, red_flags={"limp"}), None),
        (morning(2), None),
        (morning(3, cleared_by_clinician=True), None),
    ]
    _, vs = replay(Stage.REBUILD, days)
    assert [v.decision for v in vs] == [Decision.URGENT] * 3 + [Decision.HOLD]


def test_refer_escalates_to_urgent() -> None:
    days = [(morning(0, red_flags={"limp"}), None), (morning(1, red_flags={"chest_pain"}), None)]
    _, vs = replay(Stage.WALK, days)
    assert [v.decision for v in vs] == [Decision.REFER, Decision.URGENT]


def test_clearance_with_a_new_red_flag_is_not_a_clearance() -> None:
    days = [
        (morning(0, red_flags={"limp"}), None),
        (morning(1, cleared_by_clinician=True, red_flags={"numbness"}), None),
        (morning(2), None),
    ]
    _, vs = replay(Stage.WALK, days)
    assert [v.decision for v in vs] == [Decision.REFER] * 3


def test_unknown_flag_is_treated_as_red_flag() -> None:
    _, vs = replay(Stage.WALK, [(morning(0, red_flags={"something_odd"}), None)])
    assert vs[0].decision == Decision.REFER


# --- rule 3: pain during a session -------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "allowed", "too_much"),
    [(Kind.TENDON, 5, 6), (Kind.BONE, 0, 1), (Kind.OTHER, 3, 4)],
)
def test_rule3_pain_limits_by_kind(kind: Kind, allowed: int, too_much: int) -> None:
    _, ok = replay(Stage.WALK_RUN_3, [(morning(0), run(pain=allowed))], kind=kind)
    _, bad = replay(Stage.WALK_RUN_3, [(morning(0), run(pain=too_much))], kind=kind)
    assert (ok[0].decision, ok[0].stage) == (Decision.HOLD, Stage.WALK_RUN_3)
    assert (bad[0].decision, bad[0].stage, bad[0].rules) == (
        Decision.STEP_BACK,
        Stage.WALK_RUN_2,
        (3,),
    )
    assert bad[0].pain_during == too_much and bad[0].pain_limit == allowed


def test_rule3_floor_at_protect() -> None:
    _, vs = replay(Stage.PROTECT, [(morning(0), run(kind="cross", pain=7))])
    assert (vs[0].decision, vs[0].stage) == (Decision.STEP_BACK, Stage.PROTECT)


def test_rule3_after_a_morning_advance_goes_back_to_the_start_stage() -> None:
    days = [
        (morning(0), run(pain=1)),
        (morning(1), None),
        (morning(2), run(pain=1)),
        (morning(3), run(pain=6)),  # advanced this morning, then the run hurt
    ]
    _, vs = replay(Stage.WALK_RUN_3, days)
    assert (vs[3].decision, vs[3].stage, vs[3].previous_stage) == (
        Decision.STEP_BACK,
        Stage.WALK_RUN_3,
        Stage.WALK_RUN_3,
    )


def test_no_two_stage_changes_in_a_day_morning_step_back_then_painful_run() -> None:
    days = [(morning(0), run(pain=2)), (morning(1, pain=3), run(pain=8))]
    _, vs = replay(Stage.WALK_RUN_4, days)
    # Down once only; the painful run is a second trigger on the lower stage (rule 8).
    assert vs[1].stage == Stage.WALK_RUN_3
    assert vs[1].decision == Decision.REFER and 8 in vs[1].rules


# --- rule 4: the next morning ------------------------------------------------------------------


def test_rule4_morning_at_baseline_is_fine_above_is_not() -> None:
    days_ok = [(morning(0, pain=2), run(pain=2)), (morning(1, pain=2), None)]
    days_bad = [(morning(0, pain=2), run(pain=2)), (morning(1, pain=3), None)]
    _, ok = replay(Stage.WALK_RUN_2, days_ok, baseline=2)
    _, bad = replay(Stage.WALK_RUN_2, days_bad, baseline=2)
    assert ok[1].decision == Decision.HOLD
    assert (bad[1].decision, bad[1].stage, bad[1].rules) == (
        Decision.STEP_BACK,
        Stage.WALK_RUN_1,
        (4,),
    )


def test_rule4_needs_a_session_the_day_before() -> None:
    _, vs = replay(Stage.WALK_RUN_2, [(morning(0), None), (morning(1, pain=3), None)])
    assert vs[1].decision == Decision.HOLD


def test_rule4_applies_to_walks_in_the_walk_stage() -> None:
    days = [(morning(0), run(kind="walk", pain=0)), (morning(1, pain=1), None)]
    _, vs = replay(Stage.WALK, days)
    assert (vs[1].decision, vs[1].stage) == (Decision.STEP_BACK, Stage.PROTECT)


# --- rule 5: morning pain rising week to week --------------------------------------------------


def _weeks(pains: list[int]) -> list[tuple[Morning, Session | None]]:
    return [(morning(i, pain=p), None) for i, p in enumerate(pains) if p >= 0]


def test_rule5_rising_windows_step_back_once_a_week() -> None:
    pains = [0] * 7 + [1] * 7 + [2] * 7 + [3] * 7
    _, vs = replay(Stage.WALK_RUN_3, _weeks(pains), baseline=5)
    steps = [i for i, v in enumerate(vs) if v.decision == Decision.STEP_BACK]
    # Day 17 is the first with 4+ check-ins in the oldest window (days 0-3 of days -3..3).
    assert steps and steps[0] == 17 and vs[17].rules == (5,)
    assert all(b - a >= 7 for a, b in pairwise(steps))


def test_rule5_needs_four_check_ins_in_each_window() -> None:
    # The oldest window has only 3 check-ins (-1 = missed day).
    pains = [0, 0, 0, -1, -1, -1, -1] + [1] * 7 + [2] * 7
    _, vs = replay(Stage.WALK_RUN_3, _weeks(pains), baseline=5)
    assert all(v.decision != Decision.STEP_BACK for v in vs)
    pains[3] = 0  # four check-ins now
    _, vs = replay(Stage.WALK_RUN_3, _weeks(pains), baseline=5)
    assert any(v.decision == Decision.STEP_BACK and v.rules == (5,) for v in vs)


def test_rule5_flat_or_equal_windows_do_not_trigger() -> None:
    for pains in ([2] * 7 + [1] * 7 + [2] * 7, [3] * 21):
        _, vs = replay(Stage.WALK_RUN_3, _weeks(pains), baseline=5)
        assert all(v.decision == Decision.HOLD for v in vs)


# --- rule 6: swelling ---------------------------------------------------------------------------


def test_rule6_swelling_holds_then_two_in_a_row_step_back() -> None:
    days = [(morning(0, swelling=True), None), (morning(1, swelling=True), None)]
    _, vs = replay(Stage.WALK_RUN_3, days)
    assert (vs[0].decision, vs[0].rules) == (Decision.HOLD, (6,))
    assert (vs[1].decision, vs[1].stage, vs[1].rules) == (
        Decision.STEP_BACK,
        Stage.WALK_RUN_2,
        (6,),
    )


def test_rule6_swelling_not_in_a_row_only_holds() -> None:
    days = [
        (morning(0, swelling=True), None),
        (morning(1), None),
        (morning(2, swelling=True), None),
    ]
    _, vs = replay(Stage.WALK_RUN_3, days)
    assert [v.decision for v in vs] == [Decision.HOLD] * 3


def test_rule6_swelling_does_not_hide_a_step_back() -> None:
    days = [(morning(0), run()), (morning(1, pain=2, swelling=True), None)]
    _, vs = replay(Stage.WALK_RUN_3, days)
    assert vs[1].decision == Decision.STEP_BACK and 4 in vs[1].rules


# --- rule 7: pain in daily activities ------------------------------------------------------------


def test_rule7_daily_pain_in_running_stage_steps_back_then_refers_within_7_days() -> None:
    days = [
        (morning(0, daily_activity_pain=True), None),
        (morning(5, daily_activity_pain=True), None),
    ]
    _, vs = replay(Stage.WALK_RUN_1, days)
    assert (vs[0].decision, vs[0].stage, vs[0].rules) == (Decision.STEP_BACK, Stage.WALK, (7,))
    assert vs[1].decision == Decision.REFER and 7 in vs[1].rules


def test_rule7_after_8_days_is_not_still_there() -> None:
    days = [
        (morning(0, daily_activity_pain=True), None),  # step back to walk_run_2
        (morning(4), run()),
        (morning(5), None),
        (morning(6), run()),
        (morning(7), None),  # back up to walk_run_3, rule 8's two sessions done
        (morning(8, daily_activity_pain=True), None),
    ]
    _, vs = replay(Stage.WALK_RUN_3, days)
    assert vs[4].decision == Decision.ADVANCE
    assert (vs[5].decision, vs[5].rules) == (Decision.STEP_BACK, (7,))


def test_rule7_not_in_walk_stage() -> None:
    _, vs = replay(Stage.WALK, [(morning(0, daily_activity_pain=True), None)])
    assert (vs[0].decision, vs[0].stage) == (Decision.HOLD, Stage.WALK)


# --- rule 8: after a step back ----------------------------------------------------------------


def test_rule8_no_running_for_three_days_runs_do_not_count() -> None:
    days = [
        (morning(0), run(pain=5)),  # step back to walk_run_2 (other: limit 3)
        (morning(1), run(pain=0)),  # rest day run: not counted, over the plan (rule 16)
        (morning(2), None),
        (morning(3), run(pain=0)),  # rest day run: not counted, over the plan (rule 16)
        (morning(4), None),
    ]
    state, vs = replay(Stage.WALK_RUN_3, days)
    assert [v.rest_days_left for v in vs] == [4, 3, 2, 1, 0]
    assert [v.rules for v in vs[1:4]] == [(8, 16), (8,), (8, 16)]
    assert [v.unplanned_run for v in vs[1:4]] == ["rest_days", None, "rest_days"]
    assert state.compliant_sessions == 0
    assert all(v.stage == Stage.WALK_RUN_2 for v in vs)


def test_rule8_second_trigger_in_first_two_sessions_refers() -> None:
    days = [
        (morning(0), run(pain=5)),  # step back
        (morning(4), run(pain=1)),  # first session of lower stage
        (morning(5, pain=2), None),  # its next morning: above baseline -> second trigger
    ]
    _, vs = replay(Stage.WALK_RUN_3, days)
    assert (vs[2].decision, vs[2].stage) == (Decision.REFER, Stage.WALK_RUN_2)
    assert 8 in vs[2].rules and 4 in vs[2].rules


def test_rule8_trigger_after_two_good_sessions_is_a_plain_step_back() -> None:
    days = [
        (morning(0), run(pain=5)),
        (morning(4), run(pain=1)),
        (morning(5), None),
        (morning(6), run(pain=1)),
        (morning(7), None),  # second session confirmed: advance
        (morning(8), run(pain=6)),
    ]
    _, vs = replay(Stage.WALK_RUN_3, days)
    assert vs[4].decision == Decision.ADVANCE and vs[4].stage == Stage.WALK_RUN_3
    assert vs[5].decision == Decision.STEP_BACK


def test_rule8_trigger_during_rest_days_refers() -> None:
    days = [
        (morning(0), run(pain=5)),
        (morning(1, swelling=True), None),
        (morning(2, swelling=True), None),
    ]
    _, vs = replay(Stage.WALK_RUN_3, days)
    assert vs[2].decision == Decision.REFER


# --- rule 9: load cap ----------------------------------------------------------------------------


def test_rule9_cap_is_110_percent_of_longest_run_in_30_days() -> None:
    days = [
        (morning(0), run(minutes=30)),  # no run in 30 days: cap from the 30-minute fallback
        (morning(1), None),
        (morning(2), run(minutes=33)),  # exactly 1.10x of 30: counts
        (morning(3), None),
        (morning(4), run(minutes=37)),  # cap is now 36 (33 x 1.1 rounded down): over
        (morning(5), None),
    ]
    _, vs = replay(Stage.REBUILD, days)
    assert vs[2].load_cap_minutes == 33 and vs[2].rules == (14,)
    assert vs[3].compliant_sessions == 2
    assert (vs[4].decision, vs[4].rules, vs[4].load_cap_minutes) == (Decision.HOLD, (9,), 36)
    assert vs[5].compliant_sessions == 2


def test_rule9_runs_older_than_30_days_do_not_set_the_cap() -> None:
    days = [(morning(0), run(minutes=60)), (morning(31), run(minutes=40))]
    _, vs = replay(Stage.REBUILD, days)
    # Only the fallback (30 min -> 33) applies on day 31: the 60-minute run is 31 days old.
    assert vs[1].load_cap_minutes == 33 and vs[1].rules == (9,)


def test_rule9_only_in_rebuild() -> None:
    # In `continuous` a 90-minute run is over the plan (rule 16), not over rule 9's cap.
    _, vs = replay(Stage.CONTINUOUS, [(morning(0), run(minutes=90))])
    assert vs[0].rules == (16,) and vs[0].load_cap_minutes is None


# --- rule 10: missed check-ins --------------------------------------------------------------------


def test_rule10_three_missed_days_need_a_session_before_advance() -> None:
    days = [
        (morning(0), run()),
        (morning(1), None),
        (morning(2), run()),
        # missed 3, 4, 5: the second session is unconfirmed and never counts
        (morning(6), None),
        (morning(7), run()),
        (morning(8), None),
    ]
    _, vs = replay(Stage.WALK_RUN_2, days)
    assert vs[3].decision == Decision.HOLD and vs[3].missed_days == 3
    assert vs[5].decision == Decision.ADVANCE


def test_rule10_gap_blocks_advance_until_a_session() -> None:
    days = [
        (morning(0), None),
        (morning(4, walk_test="pain_free", hop_test="pass"), None),
        (morning(5, walk_test="pain_free", hop_test="pass"), run(kind="walk")),
        (morning(6, walk_test="pain_free", hop_test="pass"), None),
    ]
    _, vs = replay(Stage.WALK, days)
    assert (vs[2].decision, vs[2].rules) == (Decision.HOLD, (10,))
    assert vs[3].decision == Decision.ADVANCE


def test_rule10_two_missed_days_do_not_block() -> None:
    days = [(morning(0), run()), (morning(1), None), (morning(2), run()), (morning(3), None)]
    _, vs = replay(Stage.WALK_RUN_2, days)
    assert vs[3].decision == Decision.ADVANCE


def test_session_without_check_in_is_a_hold() -> None:
    injury = Injury("knee", Kind.OTHER)
    state = CoachState.start(Stage.WALK_RUN_2, on(0))
    state, v = log_session(state, injury, 0, on(0), run(pain=1))
    assert (v.decision, v.rules, v.checked_in) == (Decision.HOLD, (10,), False)
    state, v = log_session(state, injury, 0, on(1), run(pain=6))
    assert v.decision == Decision.STEP_BACK


# --- rule 11: protect -> walk ---------------------------------------------------------------------


def test_rule11_three_consecutive_good_days() -> None:
    days = [(morning(i), None) for i in range(3)]
    _, vs = replay(Stage.PROTECT, days)
    assert [v.decision for v in vs] == [Decision.HOLD, Decision.HOLD, Decision.ADVANCE]
    assert vs[2].stage == Stage.WALK and vs[2].rules == (11,)


def test_rule11_missed_day_restarts_the_count() -> None:
    days = [(morning(i), None) for i in (0, 1, 3, 4, 5)]
    _, vs = replay(Stage.PROTECT, days)
    assert [v.decision for v in vs] == [Decision.HOLD] * 4 + [Decision.ADVANCE]


@pytest.mark.parametrize("bad", [{"pain": 1}, {"swelling": True}, {"daily_activity_pain": True}])
def test_rule11_bad_day_restarts(bad: dict[str, Any]) -> None:
    days = [(morning(0), None), (morning(1, **bad), None), (morning(2), None), (morning(3), None)]
    _, vs = replay(Stage.PROTECT, days)
    assert all(v.decision != Decision.ADVANCE for v in vs)


def test_rule11_daily_pain_after_14_days_in_protect_refers() -> None:
    days = [(morning(i, daily_activity_pain=True), None) for i in (0, 13, 14)]
    _, vs = replay(Stage.PROTECT, days)
    assert [v.decision for v in vs] == [Decision.HOLD, Decision.HOLD, Decision.REFER]
    assert vs[2].rules == (11,)


# --- rule 12: walk -> walk_run_1 ---------------------------------------------------------------


def _ready(offset: int, **kw: Any) -> Morning:
    return morning(offset, walk_test="pain_free", hop_test="pass", **kw)


def test_rule12_two_readiness_check_ins() -> None:
    _, vs = replay(Stage.WALK, [(_ready(0), None), (morning(1), None), (_ready(2), None)])
    assert [v.decision for v in vs] == [Decision.HOLD, Decision.HOLD, Decision.ADVANCE]
    assert vs[2].stage == Stage.WALK_RUN_1 and vs[2].rules == (12,)


def test_rule12_walk_pain_restarts() -> None:
    days = [(_ready(0), None), (morning(1, walk_test="pain"), None), (_ready(2), None)]
    _, vs = replay(Stage.WALK, days)
    assert vs[2].decision == Decision.HOLD


def test_rule12_bone_needs_clearance() -> None:
    days = [(_ready(0), None), (_ready(1), None), (_ready(2, cleared_by_clinician=True), None)]
    _, vs = replay(Stage.WALK, days, kind=Kind.BONE)
    assert (vs[1].decision, vs[1].rules) == (Decision.HOLD, (12,))
    assert vs[1].needs_clearance
    assert vs[2].decision == Decision.ADVANCE


def test_rule12_bone_cleared_at_onboarding() -> None:
    injury = Injury("shin", Kind.BONE, cleared_by_clinician=True)
    state = CoachState.start(Stage.WALK, on(0))
    state, _ = decide_day(state, injury, 0, _ready(0), None)
    _, v = decide_day(state, injury, 0, _ready(1), None)
    assert v.decision == Decision.ADVANCE


# --- rule 13: running stages --------------------------------------------------------------------


def test_rule13_consecutive_day_sessions_do_not_count_twice() -> None:
    days = [(morning(0), run()), (morning(1), run()), (morning(2), None)]
    state, vs = replay(Stage.WALK_RUN_1, days)
    assert all(v.decision == Decision.HOLD for v in vs)
    assert state.compliant_sessions == 1
    state, vs = replay(Stage.WALK_RUN_1, [(morning(3), run()), (morning(4), None)], state=state)
    assert vs[-1].decision == Decision.ADVANCE


def test_rule13_swelling_the_next_morning_is_not_compliant() -> None:
    days = [
        (morning(0), run()),
        (morning(1, swelling=True), None),
        (morning(2), run()),
        (morning(3), None),
    ]
    _, vs = replay(Stage.WALK_RUN_5, days)
    assert all(v.decision == Decision.HOLD for v in vs)


def test_rule13_cross_training_does_not_count() -> None:
    days = [
        (morning(0), run(kind="cross")),
        (morning(1), None),
        (morning(2), run(kind="cross")),
        (morning(3), None),
    ]
    _, vs = replay(Stage.WALK_RUN_5, days)
    assert all(v.decision == Decision.HOLD for v in vs)


def _rebuild_days(offsets: list[int]) -> list[tuple[Morning, Session | None]]:
    days: list[tuple[Morning, Session | None]] = []
    for o in offsets:
        days += [(morning(o), run(minutes=30)), (morning(o + 1), None)]
    return days


def test_rule13_rebuild_needs_six_sessions_over_fourteen_days() -> None:
    _, vs = replay(Stage.REBUILD, _rebuild_days([0, 2, 4, 6, 8, 10]))
    assert all(v.decision == Decision.HOLD for v in vs)  # 6 sessions over 11 days only
    _, vs = replay(Stage.REBUILD, _rebuild_days([0, 2, 4, 6, 8, 13]))
    assert vs[-1].decision == Decision.ADVANCE and vs[-1].stage == Stage.RECOVERED
    assert vs[-2].decision == Decision.HOLD


def test_recovered_is_the_top() -> None:
    days = [(morning(0), run()), (morning(2), run()), (morning(3), None)]
    _, vs = replay(Stage.RECOVERED, days)
    assert all(v.stage == Stage.RECOVERED for v in vs)


def test_recovered_daily_pain_steps_back_to_rebuild() -> None:
    _, vs = replay(Stage.RECOVERED, [(morning(0, daily_activity_pain=True), None)])
    assert (vs[0].decision, vs[0].stage) == (Decision.STEP_BACK, Stage.REBUILD)


# --- rule 14 and general guarantees --------------------------------------------------------------


def test_rule14_otherwise_hold() -> None:
    _, vs = replay(Stage.CONTINUOUS, [(morning(0), None)])
    assert (vs[0].decision, vs[0].rules) == (Decision.HOLD, (14,))


def test_step_back_never_below_protect() -> None:
    days = [(morning(0, swelling=True), None), (morning(1, swelling=True), None)]
    _, vs = replay(Stage.PROTECT, days)
    assert vs[1].stage == Stage.PROTECT


def test_never_advance_with_pain_above_baseline() -> None:
    days = [
        (morning(0), run()),
        (morning(1), None),
        (morning(2), run()),
        (morning(3, pain=1), None),
    ]
    _, vs = replay(Stage.WALK_RUN_1, days, baseline=0)
    assert vs[3].decision == Decision.STEP_BACK


def test_dates_must_increase() -> None:
    injury = Injury("knee", Kind.OTHER)
    state, _ = check_in(CoachState.start(Stage.WALK, on(0)), injury, 0, morning(1))
    with pytest.raises(ValueError):
        check_in(state, injury, 0, morning(1))


def test_session_logged_before_the_check_in_keeps_its_step_back() -> None:
    injury = Injury("knee", Kind.OTHER)
    state = CoachState.start(Stage.WALK_RUN_3, on(0))
    state, v = log_session(state, injury, 0, on(0), run(pain=6))
    assert (v.decision, v.stage) == (Decision.STEP_BACK, Stage.WALK_RUN_2)
    state, v = check_in(state, injury, 0, morning(0))
    assert (v.decision, v.stage, v.previous_stage) == (
        Decision.STEP_BACK,
        Stage.WALK_RUN_2,
        Stage.WALK_RUN_3,
    )
