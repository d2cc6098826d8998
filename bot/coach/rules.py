"""The decision of the day: rules 1-14 and 16 of docs/coaching.md (rule 15 is in `screen`).

`check_in` decides on the morning's answers; `log_session` updates the day when a session is
logged; `decide_day` is both, as the simulator replays a day. All three are pure: the date comes
from the caller, never from a clock.

How precedence is applied: every rule that fires is collected, and the most cautious decision wins
(urgent > refer > step_back > hold > advance); the rules reported are the ones behind that
decision. This is the numbered order of docs/coaching.md wherever the numbers and caution agree,
and the cautious choice where they do not (swelling's `hold`, rule 6, never hides a `step_back` or a
`refer` from a later rule).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from bot.coach.load import (
    STAGE_SESSION_MINUTES,
    effective_baseline,
    load_cap,
    morning_pain_rising,
    over_load_cap,
    over_plan,
    rest_days_left,
)
from bot.coach.model import (
    COUNTED_STAGES,
    LADDER,
    RUNNING_STAGES,
    URGENT_SIGNS,
    Decision,
    Injury,
    Kind,
    Morning,
    Rule,
    Session,
    Stage,
    step_down,
    step_up,
)
from bot.coach.state import AdvanceUndo, CoachState, PendingSession
from bot.coach.verdict import Verdict

# Rule 13.
SESSIONS_TO_ADVANCE = 2
REBUILD_SESSIONS = 6
REBUILD_SPAN_DAYS = 14  # calendar days from the first to the sixth session, both included
# Rule 11.
PROTECT_GOOD_DAYS = 3
PROTECT_REFER_AFTER_DAYS = 14
# Rule 12.
WALK_TEST_PASSES = 2
# Rule 10.
MISSED_DAYS_BEFORE_SESSION_NEEDED = 3
# Rule 7: how long after a daily-pain step back the same pain means "still there".
RULE7_WINDOW_DAYS = 7
# Rule 5: at most once a week.
RULE5_EVERY_DAYS = 7
# Rule 8: sessions of the lower stage that are "the first two".
PROBATION_SESSIONS = 2


SEVERITY = {
    Decision.ADVANCE: 0,
    Decision.HOLD: 1,
    Decision.STEP_BACK: 2,
    Decision.REFER: 3,
    Decision.URGENT: 4,
}


@dataclass(frozen=True, slots=True)
class Outcome:
    """A decision and the rules behind it."""

    decision: Decision
    rules: tuple[Rule, ...]


def sessions_needed(stage: Stage) -> int:
    return REBUILD_SESSIONS if stage == Stage.REBUILD else SESSIONS_TO_ADVANCE


def is_progress_session(stage: Stage, kind: str) -> bool:
    """The kind of session a stage is judged on: runs in running stages, walks in `walk`."""
    if stage in RUNNING_STAGES:
        return kind == "run"
    if stage == Stage.WALK:
        return kind == "walk"
    return False


def check_in(
    state: CoachState, injury: Injury, baseline: int, morning: Morning
) -> tuple[CoachState, Verdict]:
    today = morning.date
    if state.last_check_in is not None and today <= state.last_check_in:
        raise ValueError(f"check-in for {today} is not after the last one ({state.last_check_in})")
    if state.day is not None and today < state.day:
        raise ValueError(f"check-in for {today} is before the last logged day ({state.day})")
    missed = 0 if state.last_check_in is None else max((today - state.last_check_in).days - 1, 0)
    s = open_day(state.pruned(today), today)
    # Only the session of yesterday is confirmed by this morning; an older one missed its morning
    # and never counts (rule 10: a missed check-in is never a pass). One logged earlier today
    # waits for tomorrow.
    yesterday = today - timedelta(days=1)
    pending = s.pending if s.pending is not None and s.pending.date == yesterday else None
    keep_pending = s.pending if s.pending is not None and s.pending.date == today else None
    swelling_run = s.swelling_run + 1 if morning.swelling else 0
    s = replace(
        s,
        last_check_in=today,
        morning_pains=(*s.morning_pains, (today, morning.morning_pain)),
        swelling_run=swelling_run,
        pending=keep_pending,
        clearance_reported=s.clearance_reported or morning.cleared_by_clinician,
        needs_session=s.needs_session or missed >= MISSED_DAYS_BEFORE_SESSION_NEEDED,
    )

    # The baseline of rules 4, 11 and 13 moves down with the runner's usual morning.
    usual = effective_baseline(s, baseline, today)
    safety = safety_screen(morning.red_flags, hop_pain=morning.hop_test == "pain")
    was_standing = s.standing is not None
    cleared_today = was_standing and morning.cleared_by_clinician and safety is None
    if (
        safety is not None
        and safety.decision == Decision.REFER
        and s.standing == Decision.URGENT
        and not morning.cleared_by_clinician
    ):
        # An urgent stands until cleared; a new refer sign does not soften it.
        safety = Outcome(Decision.URGENT, s.standing_rules)
    if safety is None and s.standing is not None and not morning.cleared_by_clinician:
        outcome = Outcome(s.standing, s.standing_rules)
    elif safety is None and s.standing is not None:
        # Cleared: a hold at the current stage, and the stage's counts start again.
        s = _reset_stage_counts(replace(s, standing=None, standing_rules=(), standing_since=None))
        s = replace(s, probation_sessions=0, step_back_on=None, rule7_step_back_on=None)
        outcome = Outcome(Decision.HOLD, (Rule.OTHERWISE_HOLD,))
    elif safety is not None:
        outcome = safety
    else:
        s, outcome = _progress(s, injury, usual, morning, pending)

    earlier = s.day_decision
    if earlier is not None and SEVERITY[earlier] > SEVERITY[outcome.decision]:
        # A session logged before this check-in already decided more cautiously today.
        outcome = Outcome(earlier, s.day_rules)
    counted = (s.compliant_sessions, sessions_needed(s.stage))
    s = apply_outcome(s, today, outcome)
    verdict = day_verdict(
        s,
        injury,
        baseline,
        today,
        outcome,
        morning=morning,
        missed=missed,
        cleared=cleared_today,
        usual=usual,
    )
    if outcome.decision == Decision.ADVANCE:
        # The explanation talks about the sessions that earned the move, not the new stage's 0.
        verdict = replace(verdict, compliant_sessions=counted[0], sessions_needed=counted[1])
    if pending is not None:
        verdict = replace(verdict, yesterday_pain_during=pending.pain_during)
    return s, verdict


def log_session(
    state: CoachState, injury: Injury, baseline: int, day: date, session: Session
) -> tuple[CoachState, Verdict]:
    if state.day is not None and day < state.day:
        raise ValueError(f"session for {day} is before the last logged day ({state.day})")
    s = state.pruned(day)
    checked_in = s.last_check_in == day
    if s.day != day:
        # No check-in this day (rule 10): the day is a hold, or the standing refer/urgent.
        s = open_day(s, day)
        standing = s.standing
        s = replace(
            s,
            day_decision=standing or Decision.HOLD,
            day_rules=s.standing_rules if standing else (Rule.MISSED_CHECK_IN,),
        )
    resting = rest_days_left(s, day) > 0
    unplanned = _unplanned_run(s, injury, day, session)
    over_cap = session.kind == "run" and over_load_cap(s, day, session.minutes)
    if session.kind == "run":
        s = replace(s, runs=(*s.runs, (day, session.minutes)), last_run_on=day)
    outcome = Outcome(s.day_decision or Decision.HOLD, s.day_rules)
    withheld = False
    run_stage = s.stage  # the stage whose plan the run is judged against

    if s.standing is None:
        if unplanned is not None and outcome.decision == Decision.ADVANCE:
            # Rule 16 caps the day at hold: the morning's move up waits for a day that keeps to
            # the plan (the sessions that earned it still count).
            s, withheld = _undo_advance(s), True
            outcome = Outcome(Decision.HOLD, outcome.rules)
        counts_ok = not over_cap and unplanned is None
        s = replace(s, pending=_pending_after(s, day, session, injury, resting, counts_ok))
        if session.pain_during > injury.pain_limit:
            if s.probation_sessions > 0 or _stepped_back_today(s):
                outcome = Outcome(Decision.REFER, (Rule.SESSION_PAIN, Rule.AFTER_STEP_BACK))
            else:
                outcome = Outcome(Decision.STEP_BACK, (Rule.SESSION_PAIN,))
            s = apply_outcome(s, day, outcome)
        elif outcome.decision == Decision.HOLD:
            # Rules 16 and 9 name themselves beside whatever else held the day.
            extra = ({Rule.OVER_PLAN} if unplanned is not None else set()) | (
                {Rule.LOAD_CAP} if over_cap else set()
            )
            if extra:
                kept = set() if withheld else set(outcome.rules) - {Rule.OTHERWISE_HOLD}
                outcome = Outcome(Decision.HOLD, tuple(sorted(kept | extra)))
        s = replace(s, day_decision=outcome.decision, day_rules=outcome.rules)

    verdict = day_verdict(
        s,
        injury,
        baseline,
        day,
        outcome,
        session=session,
        checked_in=checked_in,
        usual=effective_baseline(s, baseline, day),
    )
    planned = STAGE_SESSION_MINUTES.get(run_stage)
    return s, replace(
        verdict,
        unplanned_run=unplanned,
        run_stage=run_stage if session.kind == "run" else None,
        planned_minutes=planned if unplanned == "too_long" else None,
        advance_withheld=withheld,
    )


def decide_day(
    state: CoachState,
    injury: Injury,
    baseline: int,
    morning: Morning,
    session: Session | None,
) -> tuple[CoachState, Verdict]:
    state, verdict = check_in(state, injury, baseline, morning)
    if session is None:
        return state, verdict
    state, after = log_session(state, injury, baseline, morning.date, session)
    # The session verdict has no morning facts; keep the morning's where the session adds none.
    return state, replace(
        after,
        morning_pain=verdict.morning_pain,
        red_flags=verdict.red_flags,
        hop_pain=verdict.hop_pain,
        yesterday_pain_during=verdict.yesterday_pain_during,
        swelling_mornings=verdict.swelling_mornings,
        missed_days=verdict.missed_days,
        checked_in=True,
    )


# --- the morning, step by step -------------------------------------------------------------


def safety_screen(red_flags: frozenset[str], *, hop_pain: bool = False) -> Outcome | None:
    """Rules 1 and 2: checked before anything else, even on the day of a clearance."""
    if red_flags & URGENT_SIGNS:
        return Outcome(Decision.URGENT, (Rule.URGENT_SIGN,))
    if red_flags or hop_pain:
        return Outcome(Decision.REFER, (Rule.RED_FLAG,))
    return None


def _progress(
    s: CoachState,
    injury: Injury,
    baseline: int,
    morning: Morning,
    pending: PendingSession | None,
) -> tuple[CoachState, Outcome]:
    today = morning.date
    pain_ok = morning.morning_pain <= baseline
    good_morning = pain_ok and not morning.swelling and not morning.daily_activity_pain

    triggers: list[Rule] = []  # step-back triggers (rules 4-7)
    refers: list[Rule] = []
    holds: list[Rule] = []
    if pending is not None and not pain_ok:
        triggers.append(Rule.MORNING_AFTER)
    if _rule5_due(s, today) and morning_pain_rising(s, today):
        triggers.append(Rule.RISING_PAIN)
    if s.swelling_run >= 2:
        triggers.append(Rule.SWELLING)
    elif morning.swelling:
        holds.append(Rule.SWELLING)
    if morning.daily_activity_pain:
        since_rule7 = None if s.rule7_step_back_on is None else (today - s.rule7_step_back_on).days
        if since_rule7 is not None and 1 <= since_rule7 <= RULE7_WINDOW_DAYS:
            refers.append(Rule.DAILY_PAIN)
        elif s.stage in RUNNING_STAGES:
            triggers.append(Rule.DAILY_PAIN)
        if s.stage == Stage.PROTECT and (today - s.stage_since).days >= PROTECT_REFER_AFTER_DAYS:
            refers.append(Rule.PROTECT_TO_WALK)
    if triggers and (s.probation_sessions > 0 or _stepped_back_today(s)):
        refers.extend([*triggers, Rule.AFTER_STEP_BACK])

    s = _count_morning(s, baseline, morning, pending, good_morning)

    if refers:
        return s, Outcome(Decision.REFER, tuple(sorted(set(refers))))
    if triggers:
        return s, Outcome(Decision.STEP_BACK, tuple(triggers))
    if holds:
        return s, Outcome(Decision.HOLD, tuple(holds))
    return s, _advance_or_hold(s, injury, today, good_morning)


def _count_morning(
    s: CoachState,
    baseline: int,
    morning: Morning,
    pending: PendingSession | None,
    good_morning: bool,
) -> CoachState:
    """Update the counters rules 8, 10, 11, 12 and 13 advance on."""
    today = morning.date
    if s.stage == Stage.PROTECT:
        consecutive = s.protect_streak > 0 and _previous_check_in_was_yesterday(s, today)
        streak = (s.protect_streak + 1 if consecutive else 1) if good_morning else 0
        s = replace(s, protect_streak=streak)
    if s.stage == Stage.WALK:
        passed = (
            morning.walk_test == "pain_free"
            and morning.hop_test == "pass"
            and not morning.daily_activity_pain
            and not morning.swelling
        )
        failed = morning.walk_test == "pain" or morning.daily_activity_pain or morning.swelling
        passes = s.walk_test_passes + 1 if passed else 0 if failed else s.walk_test_passes
        s = replace(s, walk_test_passes=passes)
    if pending is None or pending.stage != s.stage:
        return s
    if pending.progress and s.probation_sessions > 0:
        s = replace(s, probation_sessions=s.probation_sessions - 1)
    compliant = pending.counts and morning.morning_pain <= baseline and not morning.swelling
    if not compliant:
        return s
    s = replace(s, needs_session=False)
    spaced = s.last_compliant_on is None or (pending.date - s.last_compliant_on).days >= 2
    if s.stage in COUNTED_STAGES and spaced:
        s = replace(
            s,
            compliant_sessions=s.compliant_sessions + 1,
            first_compliant_on=s.first_compliant_on or pending.date,
            last_compliant_on=pending.date,
        )
    return s


def _advance_or_hold(s: CoachState, injury: Injury, today: date, good_morning: bool) -> Outcome:
    ready: Rule | None = None
    if s.stage == Stage.PROTECT and s.protect_streak >= PROTECT_GOOD_DAYS:
        ready = Rule.PROTECT_TO_WALK
    elif s.stage == Stage.WALK and s.walk_test_passes >= WALK_TEST_PASSES:
        ready = Rule.READINESS
    elif s.stage in COUNTED_STAGES and _sessions_done(s):
        ready = Rule.COMPLIANT_SESSIONS
    if rest_days_left(s, today) > 0:
        return Outcome(Decision.HOLD, (Rule.AFTER_STEP_BACK,))
    # Advance at most one stage a day, and never on a morning with swelling, daily-activity
    # pain or pain above baseline (red flags never reach this point).
    if ready is None or not good_morning or s.stage != s.day_start_stage:
        return Outcome(Decision.HOLD, (Rule.OTHERWISE_HOLD,))
    cleared = injury.cleared_by_clinician or s.clearance_reported
    if ready == Rule.READINESS and injury.kind == Kind.BONE and not cleared:
        return Outcome(Decision.HOLD, (Rule.READINESS,))
    # Rule 10 guards session-judged stages; in `protect` rule 11's 3 consecutive days already
    # restart after any missed day.
    if s.needs_session and s.stage != Stage.PROTECT:
        return Outcome(Decision.HOLD, (Rule.MISSED_CHECK_IN,))
    return Outcome(Decision.ADVANCE, (ready,))


def _sessions_done(s: CoachState) -> bool:
    if s.compliant_sessions < sessions_needed(s.stage):
        return False
    if s.stage != Stage.REBUILD:
        return True
    assert s.first_compliant_on is not None and s.last_compliant_on is not None
    return (s.last_compliant_on - s.first_compliant_on).days + 1 >= REBUILD_SPAN_DAYS


# --- state changes --------------------------------------------------------------------------


def apply_outcome(s: CoachState, day: date, outcome: Outcome) -> CoachState:
    """Carry out a decision on the state: move the stage, start rest days, stand a refer."""
    decision = outcome.decision
    if decision in (Decision.REFER, Decision.URGENT):
        if s.standing is None or decision == Decision.URGENT or s.standing == decision:
            since = s.standing_since if s.standing == decision else day
            s = replace(s, standing=decision, standing_rules=outcome.rules, standing_since=since)
        # Nothing done while referred counts towards progress.
        s = _reset_stage_counts(replace(s, pending=None))
    elif decision == Decision.ADVANCE:
        s = replace(s, advance_undo=_undo_of(s))
        s = _reset_stage_counts(replace(s, stage=step_up(s.stage), stage_since=day))
        s = replace(s, probation_sessions=0, needs_session=False)
    elif decision == Decision.STEP_BACK:
        s = _step_back(s, day, outcome.rules)
    return replace(s, day_decision=decision, day_rules=outcome.rules)


def _step_back(s: CoachState, day: date, rules: tuple[Rule, ...]) -> CoachState:
    start = s.day_start_stage or s.stage
    # Never two stage changes in one day: if the day already moved down, it stays there.
    already_down = LADDER.index(s.stage) < LADDER.index(start)
    lower = s.stage if already_down else step_down(s.stage)
    if lower != s.stage:
        s = replace(s, stage=lower, stage_since=day)
    s = _reset_stage_counts(s)
    s = replace(
        s,
        step_back_on=day,
        probation_sessions=PROBATION_SESSIONS,
        # Today's session (if any) was at the higher stage: it is not a session of the lower one.
        pending=None if s.pending is None else replace(s.pending, counts=False, progress=False),
    )
    if Rule.RISING_PAIN in rules:
        s = replace(s, rule5_step_back_on=day)
    if Rule.SWELLING in rules:
        s = replace(s, swelling_run=0)
    if Rule.DAILY_PAIN in rules:
        s = replace(s, rule7_step_back_on=day)
    return s


def _reset_stage_counts(s: CoachState) -> CoachState:
    return replace(
        s,
        compliant_sessions=0,
        first_compliant_on=None,
        last_compliant_on=None,
        protect_streak=0,
        walk_test_passes=0,
    )


def open_day(s: CoachState, day: date) -> CoachState:
    if s.day == day:
        return s
    return replace(
        s, day=day, day_start_stage=s.stage, day_decision=None, day_rules=(), advance_undo=None
    )


def _undo_of(s: CoachState) -> AdvanceUndo:
    return AdvanceUndo(
        stage=s.stage,
        stage_since=s.stage_since,
        compliant_sessions=s.compliant_sessions,
        first_compliant_on=s.first_compliant_on,
        last_compliant_on=s.last_compliant_on,
        protect_streak=s.protect_streak,
        walk_test_passes=s.walk_test_passes,
        probation_sessions=s.probation_sessions,
        needs_session=s.needs_session,
    )


def _undo_advance(s: CoachState) -> CoachState:
    undo = s.advance_undo
    if undo is None:  # an advance always leaves its undo for the day; keep the stage if not
        return s
    return replace(
        s,
        stage=undo.stage,
        stage_since=undo.stage_since,
        compliant_sessions=undo.compliant_sessions,
        first_compliant_on=undo.first_compliant_on,
        last_compliant_on=undo.last_compliant_on,
        protect_streak=undo.protect_streak,
        walk_test_passes=undo.walk_test_passes,
        probation_sessions=undo.probation_sessions,
        needs_session=undo.needs_session,
        advance_undo=None,
    )


def _stepped_back_today(s: CoachState) -> bool:
    return s.day is not None and s.step_back_on == s.day


def _previous_check_in_was_yesterday(s: CoachState, today: date) -> bool:
    # `last_check_in` is already today here; the streak itself records the previous day.
    previous = [on for on, _ in s.morning_pains if on < today]
    return bool(previous) and previous[-1] == today - timedelta(1)


def _rule5_due(s: CoachState, today: date) -> bool:
    return s.rule5_step_back_on is None or (today - s.rule5_step_back_on).days >= RULE5_EVERY_DAYS


def _unplanned_run(s: CoachState, injury: Injury, day: date, session: Session) -> str | None:
    """Rule 16: why a logged run was over today's plan, or None when the plan held it.

    "clinician" (a refer/urgent stands), "bone" (a bone injury not yet cleared, before the
    running stages), "protect" or "walk" (stages without running), "rest_days" (rule 8's days
    without running), "too_long" (more than 11/10 of the stage's session)."""
    if session.kind != "run":
        return None
    if s.standing is not None:
        return "clinician"
    if s.stage in RUNNING_STAGES:
        if not over_plan(s, day, session.kind, session.minutes):
            return None
        return "rest_days" if rest_days_left(s, day) > 0 else "too_long"
    if injury.kind == Kind.BONE and not (injury.cleared_by_clinician or s.clearance_reported):
        return "bone"
    return s.stage.value


def _pending_after(
    s: CoachState, day: date, session: Session, injury: Injury, resting: bool, within_plan: bool
) -> PendingSession:
    progress = is_progress_session(s.stage, session.kind) and not resting
    clean = session.pain_during <= injury.pain_limit and within_plan
    earlier = s.pending if s.pending is not None and s.pending.date == day else None
    pain = session.pain_during
    if earlier is not None:
        # Two sessions in a day: the day counts only if no session broke the limits.
        clean = clean and (earlier.counts or not earlier.progress)
        progress = progress or earlier.progress
        pain = max(pain, earlier.pain_during)
    return PendingSession(
        date=day, stage=s.stage, counts=progress and clean, progress=progress, pain_during=pain
    )


def day_verdict(
    s: CoachState,
    injury: Injury,
    baseline: int,
    day: date,
    outcome: Outcome,
    *,
    morning: Morning | None = None,
    session: Session | None = None,
    checked_in: bool = True,
    missed: int = 0,
    cleared: bool = False,
    usual: int | None = None,
    red_flags: frozenset[str] = frozenset(),
) -> Verdict:
    start = s.day_start_stage or s.stage
    standing = outcome.decision in (Decision.REFER, Decision.URGENT) and (
        s.standing_since is not None and s.standing_since < day
    )
    flags = morning.red_flags if morning else red_flags
    compared = baseline if usual is None else usual
    return Verdict(
        date=day,
        decision=outcome.decision,
        stage=s.stage,
        previous_stage=start,
        rules=outcome.rules,
        red_flags=tuple(sorted(flags)),
        hop_pain=morning is not None and morning.hop_test == "pain",
        morning_pain=morning.morning_pain if morning else None,
        baseline=compared,
        baseline_moved=compared < baseline,
        pain_during=session.pain_during if session else None,
        pain_limit=injury.pain_limit,
        swelling_mornings=s.swelling_run if morning and morning.swelling else 0,
        compliant_sessions=s.compliant_sessions,
        sessions_needed=sessions_needed(s.stage),
        rest_days_left=rest_days_left(s, day),
        missed_days=missed,
        days_in_stage=(day - s.stage_since).days,
        load_cap_minutes=load_cap(s, day) if s.stage == Stage.REBUILD else None,
        run_minutes=session.minutes if session and session.kind == "run" else None,
        walk_test_passes=s.walk_test_passes,
        protect_streak=s.protect_streak,
        standing=standing,
        standing_since=s.standing_since if standing else None,
        cleared=cleared,
        checked_in=checked_in,
        needs_clearance=outcome.rules == (Rule.READINESS,) and outcome.decision == Decision.HOLD,
    )
