"""The runner's road so far, as plain dataclasses: what the chart, the report and the CSV files
are drawn from. Built from `Store.export()` (one read, the same data the runner can download), so
the three can never disagree with the export."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

# Session kinds as logged -> the three bars of the chart (run, walk, other training).
BAR_KIND = {"run": "run", "walk_run": "run", "walk": "walk", "cross": "cross", "strength": "cross"}
REFERRALS = frozenset({"refer", "urgent"})


@dataclass(frozen=True, slots=True)
class Morning:
    day: date
    pain: int
    swelling: str  # none | some | visible
    daily_pain: bool
    red_flags: tuple[str, ...]
    decision: str
    stage: str
    rules: tuple[int, ...]

    @property
    def swollen(self) -> bool:
        return self.swelling not in ("none", "")


@dataclass(frozen=True, slots=True)
class Workout:
    day: date
    kind: str  # walk | run | walk_run | cross | strength
    minutes: int
    pain: int


@dataclass(frozen=True, slots=True)
class Move:
    day: date
    from_stage: str
    to_stage: str
    decision: str
    rules: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Band:
    """A stretch of days at one stage, both ends included."""

    stage: str
    first: date
    last: date


@dataclass(frozen=True, slots=True)
class Injury:
    area: str
    onset: str
    feel: str
    kind: str
    seen_professional: bool
    cleared_by_clinician: bool
    baseline: int
    cause: str | None
    goal: str | None
    timezone: str


@dataclass(frozen=True, slots=True)
class History:
    first_name: str
    started: date  # the day the runner first wrote to the coach
    stage: str  # where they are now
    injury: Injury | None  # None before onboarding is finished
    mornings: tuple[Morning, ...]
    workouts: tuple[Workout, ...]
    moves: tuple[Move, ...]
    pauses: tuple[tuple[date, date | None], ...]  # (first, last) paused day; None: still on

    @property
    def empty(self) -> bool:
        return not self.mornings and not self.workouts

    def bands(self, today: date) -> tuple[Band, ...]:
        """The stages from the start to today, from the stage moves."""
        start = self.moves[0].from_stage if self.moves else self.stage
        bands: list[Band] = []
        stage, since = start, self.started
        for move in self.moves:
            # Onboarding's "start" move comes from no stage (""): nothing to draw before it,
            # even when the runner's local day was already ahead of the UTC day they joined.
            if move.day > since and stage:
                bands.append(Band(stage, since, move.day - timedelta(days=1)))
                since = move.day
            stage = move.to_stage
        bands.append(Band(stage, since, max(today, since)))
        return tuple(bands)

    def paused_days(self, first: date, last: date) -> frozenset[date]:
        """Days between `first` and `last` with a pause on (a still-open pause runs to `last`)."""
        days: set[date] = set()
        for start, end in self.pauses:
            day = max(start, first)
            stop = min(end or last, last)
            while day <= stop:
                days.add(day)
                day += timedelta(days=1)
        return frozenset(days)

    def referrals(self) -> tuple[Morning, ...]:
        return tuple(m for m in self.mornings if m.decision in REFERRALS)

    def flagged(self) -> tuple[Morning, ...]:
        return tuple(m for m in self.mornings if m.red_flags)

    def step_backs(self) -> tuple[date, ...]:
        return tuple(m.day for m in self.mornings if m.decision == "step_back")


def from_export(data: Mapping[str, Any], today: date) -> History:
    """`Store.export()` -> History. Unknown or missing parts read as empty."""
    profile = data.get("profile") or {}
    names = [i.get("display_name") or "" for i in data.get("identities", [])]
    created = (data.get("runner") or {}).get("created_at")
    mornings = tuple(
        Morning(
            day=_day(c["day"]),
            pain=int(c["morning_pain"]),
            swelling=str(c.get("swelling") or "none"),
            daily_pain=bool(c.get("daily_activity_pain")),
            red_flags=tuple(c.get("red_flags") or ()),
            decision=str(c.get("decision") or ""),
            stage=str(c.get("stage") or ""),
            rules=tuple(int(r) for r in c.get("rules") or ()),
        )
        for c in data.get("checkins", [])
    )
    workouts = tuple(
        Workout(_day(s["day"]), str(s["kind"]), int(s["minutes"]), int(s["pain_during"]))
        for s in data.get("sessions", [])
    )
    moves = tuple(
        Move(
            _day(m["day"]),
            str(m["from_stage"]),
            str(m["to_stage"]),
            str(m.get("decision") or ""),
            tuple(int(r) for r in m.get("rules") or ()),
        )
        for m in data.get("stage_history", [])
    )
    coach = profile.get("coach") or {}
    stage = str(coach.get("stage") or (moves[-1].to_stage if moves else "protect"))
    days = [m.day for m in mornings] + [w.day for w in workouts] + [m.day for m in moves]
    started = _started(created, coach.get("stage_since"), days, today)
    return History(
        first_name=first_name(next((n for n in names if n), "")),
        started=started,
        stage=stage,
        injury=_injury(profile) if profile else None,
        mornings=mornings,
        workouts=workouts,
        moves=moves,
        pauses=_pauses(data.get("pauses", []), profile),
    )


def first_name(display_name: str) -> str:
    """'Ada Lovelace' -> 'Ada': the report names the runner by first name only."""
    parts = display_name.strip().split()
    return parts[0] if parts else ""


def _injury(profile: Mapping[str, Any]) -> Injury:
    return Injury(
        area=str(profile.get("area") or "other"),
        onset=str(profile.get("onset") or ""),
        feel=str(profile.get("feel") or ""),
        kind=str(profile.get("kind") or ""),
        seen_professional=bool(profile.get("seen_professional")),
        cleared_by_clinician=bool(profile.get("cleared_by_clinician")),
        baseline=int(profile.get("baseline") or 0),
        cause=profile.get("cause"),
        goal=profile.get("goal"),
        timezone=str(profile.get("timezone") or "UTC"),
    )


def _started(created: str | None, stage_since: str | None, days: list[date], today: date) -> date:
    known = [*days, today]
    if created:
        known.append(datetime.fromisoformat(created).date())
    if stage_since:
        known.append(_day(stage_since))
    return min(known)


def _pauses(
    rows: list[Mapping[str, Any]], profile: Mapping[str, Any]
) -> tuple[tuple[date, date | None], ...]:
    """/pause and /resume rows -> (first, last) paused days. The day of a /resume is not
    paused (the runner is back that day); a pause still on is open-ended."""
    spans: list[tuple[date, date | None]] = []
    since: date | None = None
    for row in rows:
        day = _day(row["day"])
        if row["paused"] and since is None:
            since = day
        elif not row["paused"] and since is not None:
            if day > since:
                spans.append((since, day - timedelta(days=1)))
            since = None
    if since is None and profile.get("paused") and profile.get("paused_since"):
        since = _day(profile["paused_since"])
    if since is not None:
        spans.append((since, None))
    return tuple(spans)


def _day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
