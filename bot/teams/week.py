"""The weekly digest, pure: each member's consistency over the days that counted, and the
week's milestones at the member's level. Built from `MemberWeek` (what the store reads); only
`Seen` values leave this module, and they carry no health detail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.teams.model import PRIVATE_DECISIONS, Level

# Stage order, to tell a step up from a step back (the coach's ladder, bot/coach/model.py).
LADDER = (
    "protect", "walk", "walk_run_1", "walk_run_2", "walk_run_3", "walk_run_4", "walk_run_5",
    "walk_run_6", "continuous", "rebuild", "recovered",
)  # fmt: skip
STAGE_UP, FIRST_CONTINUOUS, RECOVERED = "stage_up", "first_continuous", "recovered"
MILESTONES = (STAGE_UP, FIRST_CONTINUOUS, RECOVERED)
REST_DAYS_AFTER_STEP_BACK = 3  # bot/coach/load.py: rest prescribed after a step back


@dataclass(frozen=True, slots=True)
class Move:
    """One row of the stage history."""

    day: date
    from_stage: str
    to_stage: str
    decision: str


@dataclass(frozen=True, slots=True)
class MemberWeek:
    """One member over the digest's week, as the store reads it."""

    name: str
    level: Level
    joined: date
    paused: bool
    checkin_days: frozenset[date]
    step_back_days: frozenset[date]  # check-ins that stepped back (rest follows), from before too
    moves: tuple[Move, ...]  # the week's stage changes
    continuous_before: bool  # reached continuous running before this week


@dataclass(frozen=True, slots=True)
class Seen:
    """What the team may see of one member's week."""

    name: str
    done: int
    counted: int
    milestones: tuple[str, ...]


def week_of(digest_day: date) -> tuple[date, date]:
    """The seven local days before the digest's day (its own day is still under way)."""
    return digest_day - timedelta(days=7), digest_day - timedelta(days=1)


def rest_days(step_backs: frozenset[date]) -> frozenset[date]:
    return frozenset(
        day + timedelta(days=n)
        for day in step_backs
        for n in range(1, REST_DAYS_AFTER_STEP_BACK + 1)
    )


def consistency(member: MemberWeek, first: date, last: date) -> tuple[int, int]:
    """(check-ins, days that counted). A day before joining, a prescribed rest day without a
    check-in, and any day of a paused member without one count against nobody. No streaks."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    done = [d for d in days if d in member.checkin_days]
    if member.paused:  # no pause history is kept: a paused member is judged on nothing missed
        return len(done), len(done)
    resting = rest_days(member.step_back_days)
    counted = [
        d for d in days if d in member.checkin_days or (d >= member.joined and d not in resting)
    ]
    return len(done), len(counted)


def move_milestones(move: Move, level: Level, continuous_before: bool) -> tuple[str, ...]:
    """The milestones one stage move makes, in ladder order; none for `checkin` members, and
    none from a move whose decision is nobody's business but the runner's."""
    if level is Level.CHECKIN or move.decision in PRIVATE_DECISIONS or move.to_stage not in LADDER:
        return ()
    found: set[str] = set()
    rank = LADDER.index(move.to_stage)
    if move.from_stage in LADDER and rank > LADDER.index(move.from_stage):
        found.add(STAGE_UP)
    if move.to_stage == "continuous" and not continuous_before:
        found.add(FIRST_CONTINUOUS)
    if move.to_stage == "recovered":
        found.add(RECOVERED)
    return tuple(m for m in MILESTONES if m in found)


def milestones(member: MemberWeek) -> tuple[str, ...]:
    """The week's milestones, in ladder order (see move_milestones)."""
    found = {
        kind
        for move in member.moves
        for kind in move_milestones(move, member.level, member.continuous_before)
    }
    return tuple(m for m in MILESTONES if m in found)


def seen(members: Sequence[MemberWeek], digest_day: date) -> list[Seen]:
    first, last = week_of(digest_day)
    out: list[Seen] = []
    for member in sorted(members, key=lambda m: m.name.lower()):
        done, counted = consistency(member, first, last)
        out.append(Seen(member.name, done, counted, milestones(member)))
    return out
