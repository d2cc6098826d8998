"""Small calendar helpers shared by the rules and the plan: rest days (rule 8), load cap (rule 9),
rising morning pain (rule 5)."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from itertools import pairwise

from bot.coach.model import Stage
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
