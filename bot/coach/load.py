"""Small calendar helpers shared by the rules and the plan: rest days (rule 8), load cap (rule 9),
rising morning pain (rule 5), the baseline that moves down, and the longest run a stage's plan
holds (rule 16)."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from itertools import pairwise

from bot.coach.model import RUNNING_STAGES, Stage
from bot.coach.state import RUN_HISTORY_DAYS, CoachState

# Rule 8: the step-back day and the 3 days after it have no running.
REST_DAYS_AFTER_STEP_BACK = 3
# Rule 9: a single run may be at most 11/10 of the longest run of the previous 30 days.
CAP_NUMERATOR, CAP_DENOMINATOR = 11, 10
# Rule 9 with no run in the last 30 days (e.g. a scenario that starts in `rebuild`): the
# `continuous` stage ends at 30 minutes, which a runner in `rebuild` has done.
CAP_FALLBACK_LONGEST = 30
# Rule 5: each 7-day window needs at least this many check-ins to be compared.
WINDOW_DAYS, WINDOW_MIN_CHECK_INS, WINDOWS = 7, 4, 3
# The moving baseline: the median of the check-ins of the 7 days before today, when there are at
# least 4 of them.
BASELINE_WINDOW_DAYS, BASELINE_MIN_CHECK_INS = 7, 4
# Rule 16: the session each stage's plan holds, in minutes (walk-run: (walk + jog) x repeats).
# A run more than 11/10 of it is over the plan. `rebuild` has rule 9's cap instead; `recovered`
# is normal training.
STAGE_SESSION_MINUTES: dict[Stage, int] = {
    Stage.WALK_RUN_1: 30,
    Stage.WALK_RUN_2: 30,
    Stage.WALK_RUN_3: 30,
    Stage.WALK_RUN_4: 30,
    Stage.WALK_RUN_5: 30,
    Stage.WALK_RUN_6: 33,
    Stage.CONTINUOUS: 30,
}


def rest_days_left(state: CoachState, day: date) -> int:
    """No-running days left counting `day` itself (0 once running may resume)."""
    if state.step_back_on is None:
        return 0
    resume_on = state.step_back_on + timedelta(days=REST_DAYS_AFTER_STEP_BACK + 1)
    return max((resume_on - day).days, 0)


def longest_recent_run(state: CoachState, day: date) -> int | None:
    """The longest run in the 30 days before `day` (the day itself excluded)."""
    since = day - timedelta(days=RUN_HISTORY_DAYS)
    recent = [minutes for on, minutes in state.runs if since <= on < day]
    return max(recent) if recent else None


def load_cap(state: CoachState, day: date) -> int:
    """Longest run in whole minutes that `day` allows under rule 9 (rounded down, never over)."""
    longest = longest_recent_run(state, day)
    base = CAP_FALLBACK_LONGEST if longest is None else longest
    return base * CAP_NUMERATOR // CAP_DENOMINATOR


def over_load_cap(state: CoachState, day: date, minutes: int) -> bool:
    return state.stage == Stage.REBUILD and minutes > load_cap(state, day)


def morning_pain_rising(state: CoachState, today: date) -> bool:
    """Rule 5: the averages of the three 7-day windows ending today rise strictly."""
    averages: list[Fraction] = []
    for back in range(WINDOWS - 1, -1, -1):
        end = today - timedelta(days=WINDOW_DAYS * back)
        start = end - timedelta(days=WINDOW_DAYS - 1)
        pains = [pain for on, pain in state.morning_pains if start <= on <= end]
        if len(pains) < WINDOW_MIN_CHECK_INS:
            return False
        averages.append(Fraction(sum(pains), len(pains)))
    return all(older < newer for older, newer in pairwise(averages))


def effective_baseline(state: CoachState, baseline: int, today: date) -> int:
    """The baseline rules 4, 11 and 13 compare with: the onboarding baseline, or the runner's
    usual morning of the past week when that is lower (never higher: a worse week does not make
    worse mornings normal). The usual morning is the median of the check-ins of the 7 days
    before today, with at least 4 of them; a median that falls on a half rounds down."""
    usual = usual_morning(state, today)
    return baseline if usual is None else min(baseline, usual)


def usual_morning(state: CoachState, today: date) -> int | None:
    """The median morning pain of the 7 days before `today` (rounded down), or None with fewer
    than 4 check-ins there."""
    since = today - timedelta(days=BASELINE_WINDOW_DAYS)
    pains = sorted(pain for on, pain in state.morning_pains if since <= on < today)
    if len(pains) < BASELINE_MIN_CHECK_INS:
        return None
    middle = len(pains) // 2
    if len(pains) % 2:
        return pains[middle]
    return (pains[middle - 1] + pains[middle]) // 2


def over_plan(state: CoachState, day: date, kind: str, minutes: int) -> bool:
    """Rule 16 for the running stages: a run on a no-running day of rule 8, or longer than
    11/10 of the stage's session. (`protect`, `walk` and a standing referral have no run in the
    plan at all; the rules name those on their own.)"""
    if kind != "run" or state.stage not in RUNNING_STAGES:
        return False
    if rest_days_left(state, day) > 0:
        return True
    session = STAGE_SESSION_MINUTES.get(state.stage)
    return session is not None and minutes * CAP_DENOMINATOR > session * CAP_NUMERATOR
