"""What the runner reads after a check-in or a /log: the explanation matches what really happened
that day (checked in or not, a stage that cannot go lower, a run the plan did not have)."""

from __future__ import annotations

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
    Verdict,
    check_in,
    explain,
    log_session,
)

DAY = date(2026, 3, 2)
KNEE = Injury("knee", Kind.OTHER)
NO_CHECK_IN = "No morning check-in today"


def said(verdict: Verdict, injury: Injury, session: Session | None = None) -> str:
    """The reply to a /log (no morning passed, as the live product calls it)."""
    lines = explain(verdict, injury, None, session)
    return "\n".join(messages.render(t.key, t.params) for t in lines)


def morning(offset: int = 0, pain: int = 0, **kw: object) -> Morning:
    return Morning(date=DAY + timedelta(offset), morning_pain=pain, **kw)  # type: ignore[arg-type]


# --- 1. the missed-check-in line only when the check-in was really missed ---------------------


def test_a_log_after_the_morning_check_in_does_not_claim_it_was_missed() -> None:
    state, _ = check_in(CoachState.start(Stage.WALK_RUN_2, DAY), KNEE, 0, morning())
    run = Session("run", 20, 1)
    state, verdict = log_session(state, KNEE, 0, DAY, run)
    reply = said(verdict, KNEE, run)
    assert NO_CHECK_IN not in reply
    assert "1/10" in reply  # the run itself is still explained


def test_a_log_without_a_check_in_says_the_day_counts_as_a_hold() -> None:
    run = Session("run", 20, 1)
    _, verdict = log_session(CoachState.start(Stage.WALK_RUN_2, DAY), KNEE, 0, DAY, run)
    reply = said(verdict, KNEE, run)
    assert NO_CHECK_IN in reply and "counts as a hold" in reply
    assert verdict.decision == Decision.HOLD


def test_a_log_the_day_after_a_check_in_still_notices_todays_missing_one() -> None:
    state, _ = check_in(CoachState.start(Stage.WALK_RUN_2, DAY), KNEE, 0, morning())
    walk = Session("walk", 30, 0)
    _, verdict = log_session(state, KNEE, 0, DAY + timedelta(1), walk)
    assert NO_CHECK_IN in said(verdict, KNEE, walk)


def test_no_hold_claimed_when_a_missed_check_in_day_steps_back() -> None:
    run = Session("run", 20, 7)  # over the 3/10 limit: a step back, not a hold
    _, verdict = log_session(CoachState.start(Stage.WALK_RUN_2, DAY), KNEE, 0, DAY, run)
    reply = said(verdict, KNEE, run)
    assert verdict.decision == Decision.STEP_BACK
    assert "counts as a hold" not in reply and "7/10" in reply


# --- 2. a step back in `protect` keeps the stage, and says so ---------------------------------


def _stepped_back_in_protect_by_a_session() -> tuple[Verdict, str]:
    state, _ = check_in(CoachState.start(Stage.PROTECT, DAY), KNEE, 0, morning())
    walk = Session("walk", 20, 6)  # over the 3/10 limit
    _, verdict = log_session(state, KNEE, 0, DAY, walk)
    return verdict, said(verdict, KNEE, walk)


def _stepped_back_in_protect_next_morning() -> tuple[Verdict, str]:
    state, _ = check_in(CoachState.start(Stage.PROTECT, DAY), KNEE, 1, morning(pain=1))
    state, _ = log_session(state, KNEE, 1, DAY, Session("walk", 20, 2))
    reading = morning(1, pain=4)  # above the baseline of 1 the morning after
    _, verdict = check_in(state, KNEE, 1, reading)
    lines = explain(verdict, KNEE, reading, None)
    return verdict, "\n".join(messages.render(t.key, t.params) for t in lines)


@pytest.mark.parametrize(
    ("step_back", "reason"),
    [
        (_stepped_back_in_protect_by_a_session, ("6/10", "3/10")),  # pain past the limit
        (_stepped_back_in_protect_next_morning, ("4/10 this morning", "baseline")),
    ],
)
def test_a_step_back_in_protect_says_we_stay_there_with_the_reason(
    step_back: object, reason: tuple[str, ...]
) -> None:
    assert callable(step_back)
    verdict, reply = step_back()
    assert verdict.decision == Decision.STEP_BACK and verdict.stage == Stage.PROTECT
    lowered = reply.lower()
    assert "step down" not in lowered and "step back" not in lowered
    assert "protect (relative rest)" in reply and "stay" in lowered
    assert all(part in reply for part in reason)
    assert len(reply.splitlines()) >= 4  # headline, what you told us, why, what now


def test_the_days_after_a_step_back_in_protect_do_not_talk_of_repeating_a_stage() -> None:
    state, _ = check_in(CoachState.start(Stage.PROTECT, DAY), KNEE, 0, morning())
    state, _ = log_session(state, KNEE, 0, DAY, Session("walk", 20, 6))
    reading = morning(1)
    _, verdict = check_in(state, KNEE, 0, reading)
    reply = "\n".join(
        messages.render(t.key, t.params) for t in explain(verdict, KNEE, reading, None)
    )
    assert verdict.rest_days_left > 0
    assert "step back" not in reply.lower() and "repeat" not in reply.lower()
    assert "calm days" in reply


def test_a_real_step_back_is_still_called_one() -> None:
    state, _ = check_in(CoachState.start(Stage.WALK, DAY), KNEE, 0, morning())
    walk = Session("walk", 20, 6)
    _, verdict = log_session(state, KNEE, 0, DAY, walk)
    reply = said(verdict, KNEE, walk)
    assert verdict.stage == Stage.PROTECT and verdict.previous_stage == Stage.WALK
    assert "step" in reply.lower() and "protect (relative rest)" in reply


# --- 3. a run the plan did not have: said plainly, with what to do instead --------------------

PLAIN = "the plan had no running at this stage"
SAME_PLAN = "Same plan as before"


@pytest.mark.parametrize(
    ("stage", "instead"),
    [(Stage.PROTECT, "cross-training"), (Stage.WALK, "walk, up to 30 minutes")],
)
def test_a_run_in_a_stage_without_running(stage: Stage, instead: str) -> None:
    state, _ = check_in(CoachState.start(stage, DAY), KNEE, 0, morning())
    run = Session("run", 20, 1)
    _, verdict = log_session(state, KNEE, 0, DAY, run)
    reply = said(verdict, KNEE, run)
    assert verdict.decision == Decision.HOLD
    assert PLAIN in reply and SAME_PLAN not in reply
    assert "Instead of running" in reply and instead in reply
    assert "Thanks for logging it" in reply  # no telling-off


def test_a_run_with_an_uncleared_bone_injury_waits_for_a_clinician() -> None:
    shin = Injury("shin", Kind.BONE)
    state, _ = check_in(CoachState.start(Stage.WALK, DAY), shin, 0, morning())
    run = Session("run", 15, 0)
    _, verdict = log_session(state, shin, 0, DAY, run)
    reply = said(verdict, shin, run)
    assert "bone injury the plan has no running until a clinician" in reply
    assert "Instead of running" in reply and SAME_PLAN not in reply
    # Once cleared, what holds the run back is the stage, not the bone.
    cleared = Injury("shin", Kind.BONE, cleared_by_clinician=True)
    _, verdict = log_session(state, cleared, 0, DAY, run)
    assert PLAIN in said(verdict, cleared, run) and "clinician" not in said(verdict, cleared, run)


def test_a_run_while_a_refer_stands_waits_for_a_clinician() -> None:
    flagged = morning(red_flags=frozenset({"night_pain"}))
    state, _ = check_in(CoachState.start(Stage.WALK_RUN_3, DAY), KNEE, 0, flagged)
    run = Session("run", 20, 0)
    for day in (DAY, DAY + timedelta(2)):  # the same day, and a later day without a check-in
        state, verdict = log_session(state, KNEE, 0, day, run)
        reply = said(verdict, KNEE, run)
        assert verdict.decision == Decision.REFER
        assert "running waits until a clinician has seen you" in reply
        assert "physiotherapist" in reply  # what to do instead: get seen


def test_a_run_while_urgent_stands_says_care_first() -> None:
    flagged = morning(red_flags=frozenset({"calf_swelling_warmth"}))
    state, _ = check_in(CoachState.start(Stage.CONTINUOUS, DAY), KNEE, 0, flagged)
    run = Session("run", 20, 0)
    _, verdict = log_session(state, KNEE, 0, DAY + timedelta(1), run)
    reply = said(verdict, KNEE, run)
    assert verdict.decision == Decision.URGENT
    assert "running waits until a clinician has seen you" in reply and "today" in reply


def test_a_planned_run_gets_no_such_line() -> None:
    state, _ = check_in(CoachState.start(Stage.WALK_RUN_2, DAY), KNEE, 0, morning())
    run = Session("run", 20, 1)
    _, verdict = log_session(state, KNEE, 0, DAY, run)
    assert verdict.unplanned_run is None and "no running" not in said(verdict, KNEE, run)
    walk = Session("walk", 20, 0)  # a walk in protect is fine too
    state, _ = check_in(CoachState.start(Stage.PROTECT, DAY), KNEE, 0, morning())
    _, verdict = log_session(state, KNEE, 0, DAY, walk)
    assert PLAIN not in said(verdict, KNEE, walk)
