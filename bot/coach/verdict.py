"""The coach's answer for one day, with the facts its explanation needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date

from bot.coach.model import Decision, Rule, Stage


@dataclass(frozen=True, slots=True)
class Verdict:
    date: date
    decision: Decision
    stage: Stage  # after the decision
    previous_stage: Stage  # at the start of the day
    rules: tuple[Rule, ...]
    # What the runner reported that mattered today.
    red_flags: tuple[str, ...] = ()
    hop_pain: bool = False
    morning_pain: int | None = None
    # The baseline today's morning was compared with: the onboarding baseline, or the runner's
    # usual morning of the past week when that is lower (`baseline_moved`).
    baseline: int = 0
    baseline_moved: bool = False
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
    # A refer/urgent carried over from an earlier day (since `standing_since`), or lifted today.
    standing: bool = False
    standing_since: dt.date | None = None  # (`date` is a field name here)
    cleared: bool = False
    checked_in: bool = True
    needs_clearance: bool = False  # rule 12 for a bone injury
    # Rule 16: a run over today's plan, and why: "clinician" (a refer/urgent stands), "bone" (a
    # bone injury not yet cleared), "protect" or "walk" (no running at the stage), "rest_days"
    # (rule 8), "too_long" (more than 11/10 of `planned_minutes`). None when the run was in the
    # plan, or the session was not a run.
    unplanned_run: str | None = None
    planned_minutes: int | None = None
    run_stage: Stage | None = None  # the stage whose plan a logged run was judged against
    # The morning advanced, and an over-plan run later that day took the move back (rule 16).
    advance_withheld: bool = False
    # Where the signs were read when not in a check-in: "onboarding" (rule 15) or "report" (a
    # runner naming them in /log or a message). None for a check-in or a session.
    screen: str | None = None
    # Rule 15: a bone injury that hurts in daily activities and has not been seen by anyone.
    unseen_bone_pain: bool = False
