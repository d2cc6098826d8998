"""The coach's answer for one day, with the facts its explanation needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.coach.model import Decision, Stage


@dataclass(frozen=True, slots=True)
class Verdict:
    date: date
    decision: Decision
    stage: Stage  # after the decision
    previous_stage: Stage  # at the start of the day
    rules: tuple[int, ...]
    # What the runner reported that mattered today.
    red_flags: tuple[str, ...] = ()
    hop_pain: bool = False
    morning_pain: int | None = None
    baseline: int = 0
    pain_during: int | None = None  # today's session
    yesterday_pain_during: int | None = None  # the session this morning confirmed (rules 4, 13)
    pain_limit: int = 3
    swelling_mornings: int = 0
    # Where the runner stands on the ladder.
    compliant_sessions: int = 0
    sessions_needed: int = 2
    rest_days_left: int = 0
    missed_days: int = 0
    days_in_stage: int = 0
    load_cap_minutes: int | None = None
    run_minutes: int | None = None
    walk_test_passes: int = 0
    protect_streak: int = 0
    # A refer/urgent carried over from an earlier day, or lifted today.
    standing: bool = False
    cleared: bool = False
    checked_in: bool = True
    needs_clearance: bool = False  # rule 12 for a bone injury
    # A run logged on a day whose plan had none, and why the plan had none: "clinician" (a
    # refer/urgent stands), "bone" (a bone injury not yet cleared), else the stage ("protect",
    # "walk"). None when the run was in the plan, or the session was not a run.
    unplanned_run: str | None = None
