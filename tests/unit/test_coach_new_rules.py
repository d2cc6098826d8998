"""The baseline that moves down, rule 15 (the onboarding screen and signs named outside a
check-in), rule 16 (a run over the plan)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
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
    effective_baseline,
    log_session,
    onboarding_screen,
    report_signs,
)

START = date(2026, 7, 6)
KNEE = Injury("knee", Kind.OTHER)
SHIN_BONE = Injury("shin", Kind.BONE)


def on(offset: int) -> date:
    return START + timedelta(days=offset)


def morning(offset: int, pain: int = 0, **kw: Any) -> Morning:
    flags = frozenset(kw.pop("red_flags", ()))
    return Morning(date=on(offset), morning_pain=pain, red_flags=flags, **kw)


def run(minutes: int = 30, pain: int = 0) -> Session:
    return Session("run", minutes, pain)


def replay(
    stage: Stage,
    days: list[tuple[Morning, Session | None]],
    injury: Injury = KNEE,
    baseline: int = 0,
    state: CoachState | None = None,
) -> tuple[CoachState, list[Verdict]]:
    state = state or CoachState.start(stage, days[0][0].date)
    verdicts: list[Verdict] = []
    for m, s in days:
        state, v = decide_day(state, injury, baseline, m, s)
        verdicts.append(v)
    return state, verdicts


def with_mornings(pains: dict[int, int], stage: Stage = Stage.WALK_RUN_2) -> CoachState:
    """A state that remembers these morning pains, keyed by day offset."""
    history = tuple((on(offset), pain) for offset, pain in sorted(pains.items()))
    return replace(CoachState.start(stage, on(-30)), morning_pains=history)


# --- the baseline moves down ------------------------------------------------------------------


def test_exactly_four_check_ins_in_the_week_before_move_the_baseline() -> None:
    state = with_mornings({0: 1, 2: 1, 4: 1, 6: 1})
    assert effective_baseline(state, 3, on(7)) == 1


def test_three_check_ins_are_not_enough() -> None:
    state = with_mornings({0: 1, 2: 1, 4: 1})
    assert effective_baseline(state, 3, on(7)) == 3


def test_a_median_on_a_half_rounds_down() -> None:
    state = with_mornings({0: 0, 1: 1, 2: 2, 3: 3})  # median 1.5
    assert effective_baseline(state, 3, on(4)) == 1
    state = with_mornings({0: 1, 1: 1, 2: 2, 3: 2, 4: 2})  # odd count: the middle one
    assert effective_baseline(state, 3, on(5)) == 2


def test_the_baseline_never_moves_up() -> None:
    state = with_mornings({0: 5, 1: 6, 2: 5, 3: 6})
    assert effective_baseline(state, 2, on(4)) == 2


def test_only_the_seven_days_before_today_count() -> None:
    # Day 0 is 8 days before day 8, and today's own morning is not part of "usual".
    state = with_mornings({0: 0, 2: 0, 4: 0, 6: 0, 8: 0})
    assert effective_baseline(state, 3, on(8)) == 3
    assert effective_baseline(state, 3, on(7)) == 0


def test_a_run_that_lingers_above_the_usual_morning_steps_back() -> None:
    days = [(morning(i, pain=1), None) for i in range(4)]
    days += [(morning(4, pain=1), run(30, pain=2)), (morning(5, pain=3), None)]
    _, vs = replay(Stage.WALK_RUN_2, days, baseline=3)
    assert vs[-1].decision == Decision.STEP_BACK and vs[-1].rules == (4,)
    assert vs[-1].baseline == 1 and vs[-1].baseline_moved
    assert not vs[0].baseline_moved and vs[0].baseline == 3


def test_the_same_morning_with_fewer_check_ins_is_judged_on_the_onboarding_baseline() -> None:
    days = [(morning(i, pain=1), None) for i in (2, 3)]  # with day 4: only 3 before day 5
    days += [(morning(4, pain=1), run(30, pain=2)), (morning(5, pain=3), None)]
    _, vs = replay(Stage.WALK_RUN_2, days, baseline=3)
    assert vs[-1].decision == Decision.HOLD and vs[-1].baseline == 3


def test_protect_needs_mornings_at_the_usual_level_to_move_on() -> None:
    # Four mornings at 1 with everyday pain (not good days), then 2/10 against a baseline of 3:
    # above the usual 1, so the three-day count never starts.
    days = [(morning(i, pain=1, daily_activity_pain=True), None) for i in range(4)]
    days += [(morning(i, pain=2), None) for i in range(4, 8)]
    _, vs = replay(Stage.PROTECT, days, baseline=3)
    assert all(v.decision == Decision.HOLD and v.stage == Stage.PROTECT for v in vs)
    assert vs[-1].protect_streak == 0


def test_a_session_is_compliant_only_at_or_below_the_usual_morning() -> None:
    days = [(morning(i, pain=0), None) for i in range(4)]
    days += [
        (morning(4), run(30)),
        (morning(5, pain=1), None),  # above the usual 0 (baseline 2): a step back, not a count
    ]
    _, vs = replay(Stage.WALK_RUN_3, days, baseline=2)
    assert vs[-1].decision == Decision.STEP_BACK and vs[-1].compliant_sessions == 0


# --- rule 16: a run over the plan -------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "fine", "over"),
    [
        (Stage.WALK_RUN_1, 33, 34),
        (Stage.WALK_RUN_5, 33, 34),
        (Stage.CONTINUOUS, 33, 34),
        (Stage.WALK_RUN_6, 36, 37),  # its session is 33 minutes: 36.3 is the limit
    ],
)
def test_a_run_up_to_a_tenth_over_the_session_is_in_the_plan(
    stage: Stage, fine: int, over: int
) -> None:
    state, _ = check_in(CoachState.start(stage, START), KNEE, 0, morning(0))
    _, ok = log_session(state, KNEE, 0, START, run(fine))
    _, too_long = log_session(state, KNEE, 0, START, run(over))
    assert ok.unplanned_run is None and 16 not in ok.rules
    assert too_long.unplanned_run == "too_long" and too_long.rules == (16,)
    assert too_long.decision == Decision.HOLD and too_long.run_minutes == over


def test_over_plan_runs_never_count_towards_moving_up() -> None:
    days = [
        (morning(0), run(40)),
        (morning(1), None),
        (morning(2), run(40)),
        (morning(3), None),
        (morning(4), run(40)),
        (morning(5), None),
    ]
    state, vs = replay(Stage.WALK_RUN_1, days)
    assert all(v.decision == Decision.HOLD and v.stage == Stage.WALK_RUN_1 for v in vs)
    assert state.compliant_sessions == 0
    assert [v.planned_minutes for v in vs[::2]] == [30, 30, 30]


def test_the_example_advances_on_the_two_runs_that_kept_to_the_plan() -> None:
    days = [
        (morning(0), run(40)),
        (morning(1), None),
        (morning(2), run(30)),
        (morning(3), None),
        (morning(4), run(30)),
        (morning(5), None),
    ]
    _, vs = replay(Stage.WALK_RUN_1, days)
    assert [v.decision for v in vs] == [Decision.HOLD] * 5 + [Decision.ADVANCE]
    assert vs[0].rules == (16,)


def test_an_over_plan_run_on_the_day_of_a_move_up_takes_the_move_back_for_a_day() -> None:
    days = [
        (morning(0), run(30)),
        (morning(1), None),
        (morning(2), run(30)),
        (morning(3), run(45)),  # the morning advances to walk_run_2; then 45 minutes
        (morning(4), None),
    ]
    state, vs = replay(Stage.WALK_RUN_1, days)
    assert (vs[3].decision, vs[3].stage, vs[3].rules) == (Decision.HOLD, Stage.WALK_RUN_1, (16,))
    assert vs[3].advance_withheld
    # The sessions that earned it still count: a settled next morning moves up.
    assert (vs[4].decision, vs[4].stage) == (Decision.ADVANCE, Stage.WALK_RUN_2)
    assert state.stage == Stage.WALK_RUN_2


@pytest.mark.parametrize(("stage", "why"), [(Stage.PROTECT, "protect"), (Stage.WALK, "walk")])
def test_running_at_a_stage_without_running_is_over_the_plan(stage: Stage, why: str) -> None:
    _, vs = replay(stage, [(morning(0), run(10))])
    assert vs[0].unplanned_run == why and vs[0].rules == (16,)


def test_a_bone_injury_not_yet_cleared_says_so() -> None:
    _, vs = replay(Stage.WALK, [(morning(0), run(10))], injury=SHIN_BONE)
    assert vs[0].unplanned_run == "bone" and vs[0].rules == (16,)


def test_rules_one_to_eight_still_decide_an_over_plan_run() -> None:
    _, vs = replay(Stage.WALK_RUN_1, [(morning(0), run(45, pain=6))])
    assert vs[0].decision == Decision.STEP_BACK and vs[0].rules == (3,)
    assert vs[0].unplanned_run == "too_long"


def test_an_over_plan_run_while_a_referral_stands_keeps_the_referral() -> None:
    days = [(morning(0, red_flags={"night_pain"}), None), (morning(1), run(45))]
    _, vs = replay(Stage.WALK_RUN_3, days)
    assert vs[1].decision == Decision.REFER and vs[1].unplanned_run == "clinician"


def test_rebuild_is_judged_by_the_load_cap_not_the_stage_session() -> None:
    state = replace(CoachState.start(Stage.REBUILD, START), runs=((on(-3), 50),))
    _, vs = replay(Stage.REBUILD, [(morning(0), run(55))], state=state)
    assert vs[0].unplanned_run is None and vs[0].rules == (14,)


# --- rule 15: the onboarding screen -----------------------------------------------------------


def screen(injury: Injury, **answers: Any) -> tuple[CoachState, Verdict]:
    answers.setdefault("seen_by_professional", False)
    answers.setdefault("daily_activity_pain", False)
    answers["red_flags"] = frozenset(answers.get("red_flags", ()))
    return onboarding_screen(CoachState.start(Stage.PROTECT, START), injury, today=START, **answers)


def test_an_unseen_bone_injury_that_hurts_in_daily_life_is_referred_from_day_one() -> None:
    state, verdict = screen(SHIN_BONE, daily_activity_pain=True)
    assert (verdict.decision, verdict.rules) == (Decision.REFER, (15,))
    assert verdict.unseen_bone_pain and verdict.screen == "onboarding"
    assert state.standing == Decision.REFER


@pytest.mark.parametrize(
    ("injury", "answers"),
    [
        (SHIN_BONE, {"daily_activity_pain": True, "seen_by_professional": True}),
        (SHIN_BONE, {"daily_activity_pain": False}),
        (Injury("achilles", Kind.TENDON), {"daily_activity_pain": True}),
    ],
)
def test_no_referral_without_all_three(injury: Injury, answers: dict[str, Any]) -> None:
    state, verdict = screen(injury, **answers)
    assert verdict.decision == Decision.HOLD and verdict.rules == ()
    assert state == CoachState.start(Stage.PROTECT, START)


def test_signs_at_onboarding_refer_or_send_for_care() -> None:
    _, refer = screen(KNEE, red_flags={"night_pain"})
    _, urgent = screen(KNEE, red_flags={"night_pain", "chest_pain"})
    assert (refer.decision, refer.red_flags) == (Decision.REFER, ("night_pain",))
    assert refer.rules == (2, 15) and urgent.decision == Decision.URGENT and urgent.rules == (1, 15)


def test_an_onboarding_referral_stands_until_a_clinician_clears_it() -> None:
    state, _ = screen(SHIN_BONE, daily_activity_pain=True)
    cleared = morning(2, cleared_by_clinician=True)
    days = [(morning(0), None), (morning(1), run(10)), (cleared, None)]
    _, vs = replay(Stage.PROTECT, days, injury=SHIN_BONE, state=state)
    assert [v.decision for v in vs] == [Decision.REFER, Decision.REFER, Decision.HOLD]
    assert vs[0].rules == (15,) and vs[1].standing and vs[1].standing_since == START
    assert vs[2].cleared


# --- signs named outside a check-in -----------------------------------------------------------


def test_signs_named_in_a_message_refer_and_stand() -> None:
    state, _ = check_in(CoachState.start(Stage.WALK_RUN_3, START), KNEE, 0, morning(0))
    state, said = report_signs(state, KNEE, 0, START, frozenset({"numbness"}))
    assert (said.decision, said.rules, said.screen) == (Decision.REFER, (2,), "report")
    _, next_day = check_in(state, KNEE, 0, morning(1))
    assert next_day.decision == Decision.REFER and next_day.standing


def test_signs_named_before_the_morning_check_in_decide_that_day() -> None:
    start = CoachState.start(Stage.WALK_RUN_3, START)
    state, said = report_signs(start, KNEE, 0, START, frozenset({"calf_swelling_warmth"}))
    assert said.decision == Decision.URGENT and not said.checked_in
    _, later = check_in(state, KNEE, 0, morning(0))
    assert later.decision == Decision.URGENT


def test_a_refer_sign_named_later_does_not_soften_an_urgent() -> None:
    state, _ = check_in(
        CoachState.start(Stage.WALK, START), KNEE, 0, morning(0, red_flags={"breathless"})
    )
    _, said = report_signs(state, KNEE, 0, on(1), frozenset({"limp"}))
    assert said.decision == Decision.URGENT


def test_no_signs_change_nothing() -> None:
    state, _ = check_in(CoachState.start(Stage.WALK_RUN_3, START), KNEE, 0, morning(0))
    after, said = report_signs(state, KNEE, 0, START, frozenset())
    assert after == state and said.decision == Decision.HOLD
