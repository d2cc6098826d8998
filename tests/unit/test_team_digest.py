"""The weekly digest, pure: consistency over the days that counted (rest and pauses count
against nobody, no streaks), milestones at each member's level, and privacy: random weeks with
any decisions and stage moves are rendered and scanned for health content."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach.model import Decision, Stage
from bot.teams import board
from bot.teams.model import Level
from bot.teams.week import (
    FIRST_CONTINUOUS,
    STAGE_UP,
    MemberWeek,
    Move,
    move_milestones,
    seen,
    week_of,
)
from messages.replies import reply_text
from tests.unit.test_team_privacy import HEALTH

DIGEST_DAY = date(2026, 3, 15)  # a Sunday: the week is Sunday 8th to Saturday 14th
FIRST, LAST = week_of(DIGEST_DAY)
WEEK = [FIRST + timedelta(days=n) for n in range(7)]


def ada(**changes: object) -> MemberWeek:
    base = MemberWeek(
        name="Ada", level=Level.STAGE, joined=date(2026, 1, 1), paused=False,
        checkin_days=frozenset(WEEK[:5]), step_back_days=frozenset(), moves=(),
        continuous_before=False,
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def digest(*members: MemberWeek) -> str:
    return reply_text(board.digest("Harriers", seen(members, DIGEST_DAY), 0))


def test_the_week_is_the_seven_days_before_the_digest_day() -> None:
    assert (date(2026, 3, 8), date(2026, 3, 14)) == (FIRST, LAST)


def test_consistency_is_check_ins_out_of_the_days_that_counted() -> None:
    assert "Ada: 5 of 7 check-ins" in digest(ada())


def test_prescribed_rest_days_do_not_count_against_anyone() -> None:
    # A step back on the 7th (before the week) prescribes rest on the 8th, 9th and 10th.
    member = ada(checkin_days=frozenset(WEEK[3:]), step_back_days=frozenset({date(2026, 3, 7)}))
    assert "Ada: 4 of 4 check-ins" in digest(member)


def test_a_rest_day_with_a_check_in_still_counts_for_them() -> None:
    member = ada(checkin_days=frozenset(WEEK), step_back_days=frozenset({date(2026, 3, 7)}))
    assert "Ada: 7 of 7 check-ins" in digest(member)


def test_a_paused_member_has_nothing_missed_held_against_them() -> None:
    assert "Ada: 2 of 2 check-ins" in digest(ada(paused=True, checkin_days=frozenset(WEEK[:2])))


def test_days_before_joining_do_not_count() -> None:
    member = ada(joined=date(2026, 3, 12), checkin_days=frozenset(WEEK[4:6]))
    assert "Ada: 2 of 3 check-ins" in digest(member)


def test_milestones_are_named_at_stage_and_details_only() -> None:
    moves = (
        Move(WEEK[1], "walk_run_6", "continuous", "advance"),
        Move(WEEK[5], "rebuild", "recovered", "advance"),
    )
    for level in (Level.STAGE, Level.DETAILS):
        said = digest(ada(level=level, moves=moves))
        assert "Ada: moved up a stage" in said
        assert "Ada: first continuous run" in said
        assert "Ada: back to full training" in said
    said = digest(ada(level=Level.CHECKIN, moves=moves))
    assert "Ada: 5 of 7 check-ins" in said and "\u2605" not in said


def test_a_return_to_continuous_running_is_not_a_first() -> None:
    moves = (Move(WEEK[1], "walk_run_6", "continuous", "advance"),)
    said = digest(ada(moves=moves, continuous_before=True))
    assert "moved up a stage" in said and "first continuous run" not in said


def test_a_step_back_is_no_milestone() -> None:
    said = digest(ada(moves=(Move(WEEK[1], "walk_run_3", "walk_run_2", "step_back"),)))
    assert "\u2605" not in said


def test_the_team_gets_one_encouraging_line() -> None:
    lines = [line for line in digest(ada(), ada(name="Bo")).splitlines() if line]
    assert lines[0] == "Harriers, the week that was:"
    assert len(lines) == 4 and "\u2022" not in lines[-1]


moves = st.builds(
    Move,
    day=st.sampled_from(WEEK),
    from_stage=st.sampled_from([s.value for s in Stage]),
    to_stage=st.sampled_from([s.value for s in Stage]),
    decision=st.sampled_from([d.value for d in Decision]),
)
weeks = st.lists(
    st.builds(
        MemberWeek,
        name=st.sampled_from(["Ada", "Bo", "Cy", "Dee"]),
        level=st.sampled_from(Level),
        joined=st.sampled_from([date(2026, 1, 1), *WEEK]),
        paused=st.booleans(),
        checkin_days=st.frozensets(st.sampled_from(WEEK)),
        step_back_days=st.frozensets(st.sampled_from([FIRST - timedelta(days=2), *WEEK])),
        moves=st.lists(moves, max_size=4).map(tuple),
        continuous_before=st.booleans(),
    ),
    max_size=6,
    unique_by=lambda m: m.name,
)


@settings(max_examples=300, deadline=None)
@given(weeks, st.integers(0, 5))
def test_no_digest_says_anything_about_health(members: list[MemberWeek], variant: int) -> None:
    said = reply_text(board.digest("Harriers", seen(members, DIGEST_DAY), variant))
    assert not HEALTH.search(said), said
    for line in said.splitlines():
        # the only numbers: check-ins out of days (never more than a week's)
        found = re.fullmatch(r"\u2022 \w+: (\d) of (\d) check-ins", line)
        if line.startswith("\u2022"):
            assert found and int(found[1]) <= int(found[2]) <= 7, line
        else:
            assert not re.search(r"\d", line), line


@settings(max_examples=200, deadline=None)
@given(weeks, st.sampled_from(["refer", "urgent"]))
def test_a_referral_or_urgent_move_is_never_a_milestone(
    members: list[MemberWeek], decision: str
) -> None:
    """A stage move that came with a referral or urgent decision reads as if it never happened,
    even at `details`."""
    flagged = [
        replace(m, level=Level.DETAILS, moves=tuple(replace(v, decision=decision) for v in m.moves))
        for m in members
    ]
    quiet = [replace(m, level=Level.DETAILS, moves=()) for m in members]
    assert board.digest("H", seen(flagged, DIGEST_DAY), 0) == board.digest(
        "H", seen(quiet, DIGEST_DAY), 0
    )


def test_a_milestone_post_names_the_most_notable_milestone_with_a_cheer_button() -> None:
    move = Move(WEEK[1], "walk_run_6", "continuous", "advance")
    assert move_milestones(move, Level.STAGE, False) == (STAGE_UP, FIRST_CONTINUOUS)
    assert move_milestones(move, Level.CHECKIN, False) == ()
    assert move_milestones(replace(move, decision="refer"), Level.DETAILS, False) == ()
    post = board.milestone_post("Ada", FIRST_CONTINUOUS, 42)
    assert reply_text(post) == "\u2605 Ada: first continuous run! Press Cheer to let them know."
    assert board.parse_cheer_payload(post.buttons[0][0].payload) == 42


def test_a_forged_cheer_payload_is_refused() -> None:
    for forged in ("team.cheer:", "team.cheer:-1", "team.cheer:1:2", "team.cheerx:1",
                   "team.cheer:99999999999999999999", "team.level:1"):  # fmt: skip
        assert board.parse_cheer_payload(forged) is None, forged
