"""What the coach remembers between days, and how it is stored (as plain JSON).

The state is small and bounded: it keeps only the history the rules look back on (21 days of
morning pain for rule 5, 30 days of runs for rule 9); everything else is a counter or a date.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from typing import Any

from bot.coach.model import Decision, Rule, Stage

# Rule 5 compares three 7-day windows ending today: 21 days of morning pain.
PAIN_HISTORY_DAYS = 21
# Rule 9 looks at the longest run of the previous 30 days.
RUN_HISTORY_DAYS = 30


@dataclass(frozen=True, slots=True)
class PendingSession:
    """A session waiting for the next morning's check-in to confirm it (rules 4 and 13)."""

    date: date
    stage: Stage
    # True when the session can count towards rule 13 (or lift rule 10): the stage's own kind of
    # session, pain within the limit, not on a rest day, not over the load cap.
    counts: bool
    # True when the session was a progress session at all (a run in a running stage, a walk in
    # `walk`): it is one of "the first two sessions" of rule 8 even if it was not compliant.
    progress: bool
    # The highest pain during that day's sessions, for the explanation the next morning.
    pain_during: int = 0


@dataclass(frozen=True, slots=True)
class AdvanceUndo:
    """The counters of the stage a morning advanced from, kept for that day only: an over-plan
    run later the same day caps the day at hold (rule 16), which takes the advance back."""

    stage: Stage
    stage_since: date
    compliant_sessions: int
    first_compliant_on: date | None
    last_compliant_on: date | None
    protect_streak: int
    walk_test_passes: int
    probation_sessions: int
    needs_session: bool


@dataclass(frozen=True, slots=True)
class CoachState:
    stage: Stage
    stage_since: date
    last_check_in: date | None = None
    # (date, morning pain), oldest first, last PAIN_HISTORY_DAYS days only.
    morning_pains: tuple[tuple[date, int], ...] = ()
    # Consecutive check-ins reporting swelling (rule 6).
    swelling_run: int = 0
    # (date, minutes) of runs, last RUN_HISTORY_DAYS days only (rule 9).
    runs: tuple[tuple[date, int], ...] = ()
    pending: PendingSession | None = None
    # Rule 13 bookkeeping at the current stage.
    compliant_sessions: int = 0
    first_compliant_on: date | None = None
    last_compliant_on: date | None = None
    last_run_on: date | None = None
    # Rule 11: consecutive good check-ins in `protect`. Rule 12: passed readiness check-ins.
    protect_streak: int = 0
    walk_test_passes: int = 0
    # Rule 10: after 3+ missed days, a confirmed session is needed before any advance.
    needs_session: bool = False
    # Rule 8: the last step back (rest days follow it) and how many progress sessions of the
    # lower stage are still "the first two".
    step_back_on: date | None = None
    probation_sessions: int = 0
    # Rule 7: the last step back caused by daily-activity pain. Rule 5: at most once a week.
    rule7_step_back_on: date | None = None
    rule5_step_back_on: date | None = None
    # A refer/urgent stands until a check-in reports clearance.
    standing: Decision | None = None
    standing_rules: tuple[Rule, ...] = ()
    standing_since: date | None = None
    clearance_reported: bool = False
    # The day in progress: the morning's decision, so a session logged later that day can update
    # it without a second stage change.
    day: date | None = None
    day_start_stage: Stage | None = None
    day_decision: Decision | None = None
    day_rules: tuple[Rule, ...] = ()
    advance_undo: AdvanceUndo | None = None

    @classmethod
    def start(cls, stage: Stage, today: date) -> CoachState:
        return cls(stage=Stage(stage), stage_since=today)

    def to_dict(self) -> dict[str, object]:
        return {f.name: _encode(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> CoachState:
        base = cls.start(Stage(str(data["stage"])), date.fromisoformat(str(data["stage_since"])))
        # Unknown keys are ignored so an older build can read a newer state without crashing.
        known = {name: _DECODERS[name](value) for name, value in data.items() if name in _DECODERS}
        return replace(base, **known)

    # Questions the conversation asks of the state; it never reads the fields behind them.

    def accepts_check_in(self, today: date) -> bool:
        """One check-in per day, and never for a day before one already seen (a runner who
        moved west can see their local date go back)."""
        after_last = self.last_check_in is None or today > self.last_check_in
        return after_last and (self.day is None or today >= self.day)

    def session_day(self, today: date) -> date:
        """The day a session counts on: today, unless a later day has already been seen."""
        return today if self.day is None else max(today, self.day)

    def had_session_on(self, day: date) -> bool:
        """Whether a session logged on `day` waits for a morning to confirm it."""
        return self.pending is not None and self.pending.date == day

    def pruned(self, today: date) -> CoachState:
        """Forget history the rules no longer look at."""
        pain_from = today - timedelta(days=PAIN_HISTORY_DAYS - 1)
        runs_from = today - timedelta(days=RUN_HISTORY_DAYS)
        return replace(
            self,
            morning_pains=tuple(p for p in self.morning_pains if p[0] >= pain_from),
            runs=tuple(r for r in self.runs if r[0] >= runs_from),
        )


def _encode(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Stage | Decision):
        return value.value
    if isinstance(value, PendingSession):
        return {
            "date": value.date.isoformat(),
            "stage": value.stage.value,
            "counts": value.counts,
            "progress": value.progress,
            "pain_during": value.pain_during,
        }
    if isinstance(value, AdvanceUndo):
        return {f.name: _encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    return value


def _opt_date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def _dated_ints(value: Any) -> tuple[tuple[date, int], ...]:
    return tuple((date.fromisoformat(str(d)), int(n)) for d, n in value)


def _pending(value: Any) -> PendingSession | None:
    if value is None:
        return None
    return PendingSession(
        date=date.fromisoformat(str(value["date"])),
        stage=Stage(value["stage"]),
        counts=bool(value["counts"]),
        progress=bool(value["progress"]),
        pain_during=int(value.get("pain_during", 0)),
    )


def _advance_undo(value: Any) -> AdvanceUndo | None:
    if value is None:
        return None
    return AdvanceUndo(
        stage=Stage(value["stage"]),
        stage_since=date.fromisoformat(str(value["stage_since"])),
        compliant_sessions=int(value["compliant_sessions"]),
        first_compliant_on=_opt_date(value["first_compliant_on"]),
        last_compliant_on=_opt_date(value["last_compliant_on"]),
        protect_streak=int(value["protect_streak"]),
        walk_test_passes=int(value["walk_test_passes"]),
        probation_sessions=int(value["probation_sessions"]),
        needs_session=bool(value["needs_session"]),
    )


def _opt_decision(value: Any) -> Decision | None:
    return None if value is None else Decision(value)


def _opt_stage(value: Any) -> Stage | None:
    return None if value is None else Stage(value)


def _rules(value: Any) -> tuple[Rule, ...]:
    return tuple(Rule(int(v)) for v in value)


_DECODERS: dict[str, Any] = {
    "stage": Stage,
    "stage_since": lambda v: date.fromisoformat(str(v)),
    "last_check_in": _opt_date,
    "morning_pains": _dated_ints,
    "swelling_run": int,
    "runs": _dated_ints,
    "pending": _pending,
    "compliant_sessions": int,
    "first_compliant_on": _opt_date,
    "last_compliant_on": _opt_date,
    "last_run_on": _opt_date,
    "protect_streak": int,
    "walk_test_passes": int,
    "needs_session": bool,
    "step_back_on": _opt_date,
    "probation_sessions": int,
    "rule7_step_back_on": _opt_date,
    "rule5_step_back_on": _opt_date,
    "standing": _opt_decision,
    "standing_rules": _rules,
    "standing_since": _opt_date,
    "clearance_reported": bool,
    "day": _opt_date,
    "day_start_stage": _opt_stage,
    "day_decision": _opt_decision,
    "day_rules": _rules,
    "advance_undo": _advance_undo,
}
