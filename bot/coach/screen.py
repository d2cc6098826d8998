"""Warning signs read outside the morning check-in: the onboarding screen (rule 15), and signs a
runner names in /log or a message (rules 1 and 2 applied to that day).

Both stand like a check-in's refer or urgent: every following day keeps the decision until a
check-in reports `cleared_by_clinician`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.coach.load import effective_baseline
from bot.coach.model import Decision, Injury, Kind, Rule
from bot.coach.rules import SEVERITY, Outcome, apply_outcome, day_verdict, open_day, safety_screen
from bot.coach.state import CoachState
from bot.coach.verdict import Verdict


def onboarding_screen(
    state: CoachState,
    injury: Injury,
    *,
    seen_by_professional: bool,
    daily_activity_pain: bool,
    red_flags: frozenset[str],
    today: date,
    baseline: int = 0,
) -> tuple[CoachState, Verdict]:
    """Rule 15, before the first plan: an urgent sign -> urgent, a red flag -> refer, and a bone
    injury that hurts in daily activities and has not been seen by a professional -> refer.

    The verdict is a `hold` with no rules when nothing was found (the state is unchanged)."""
    unseen_bone_pain = injury.kind == Kind.BONE and daily_activity_pain and not seen_by_professional
    found = safety_screen(red_flags)
    if found is None and unseen_bone_pain:
        found = Outcome(Decision.REFER, (Rule.ONBOARDING_SCREEN,))
    if found is None:
        verdict = day_verdict(state, injury, baseline, today, Outcome(Decision.HOLD, ()))
        return state, replace(verdict, screen="onboarding", checked_in=False)
    # Rule 15 ran the screen; rule 1 or 2 beside it says a sign was the reason, and (15,) alone
    # is the unseen bone injury (which needs seeing before any more running).
    outcome = Outcome(found.decision, tuple(sorted({*found.rules, Rule.ONBOARDING_SCREEN})))
    s = apply_outcome(open_day(state, today), today, outcome)
    verdict = day_verdict(s, injury, baseline, today, outcome, red_flags=red_flags)
    return s, replace(
        verdict, screen="onboarding", checked_in=False, unseen_bone_pain=unseen_bone_pain
    )


def report_signs(
    state: CoachState, injury: Injury, baseline: int, day: date, red_flags: frozenset[str]
) -> tuple[CoachState, Verdict]:
    """Red flags a runner named outside a check-in (in /log or a chat message): rules 1 and 2
    for `day`, standing like a check-in's. Without a sign the state is unchanged and the verdict
    is the day's decision so far."""
    s = open_day(state.pruned(day), day)
    checked_in = s.last_check_in == day
    if s.day_decision is not None:
        day_so_far = Outcome(s.day_decision, s.day_rules)
    elif s.standing is not None:
        day_so_far = Outcome(s.standing, s.standing_rules)
    else:
        day_so_far = Outcome(Decision.HOLD, (Rule.MISSED_CHECK_IN,))  # no check-in yet today
    found = safety_screen(red_flags)
    if found is None:
        verdict = day_verdict(
            state, injury, baseline, day, day_so_far, usual=effective_baseline(s, baseline, day)
        )
        return state, replace(verdict, screen="report", checked_in=checked_in)
    if s.standing == Decision.URGENT and found.decision == Decision.REFER:
        # An urgent stands until cleared; a new refer sign does not soften it.
        found = Outcome(Decision.URGENT, s.standing_rules)
    if SEVERITY[day_so_far.decision] > SEVERITY[found.decision]:
        found = day_so_far
    s = apply_outcome(s, day, found)
    verdict = day_verdict(
        s,
        injury,
        baseline,
        day,
        found,
        red_flags=red_flags,
        usual=effective_baseline(s, baseline, day),
    )
    return s, replace(verdict, screen="report", checked_in=checked_in)
