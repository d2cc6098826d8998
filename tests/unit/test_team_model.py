"""The team domain, pure: what a setup line says, what each sharing level shows, and the words
of the roll-call."""

from __future__ import annotations

import pytest

from bot.teams import board
from bot.teams.model import Level, MemberDay, Setup, Shown, Trend, first_name, parse_setup, shown
from messages.replies import reply_text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("07:30 Europe/London", Setup("07:30", "Europe/London", None)),
        ("7:05 berlin sunday", Setup("07:05", "Europe/Berlin", 6)),
        ("at 18.00 in New York, digest on Mondays", Setup("18:00", "America/New_York", 0)),
        ("6pm London", Setup("18:00", "Europe/London", None)),
        ("Europe/London", Setup(None, "Europe/London", None)),
        ("07:30", Setup("07:30", None, None)),
        ("", Setup(None, None, None)),
    ],
)
def test_a_setup_line_gives_the_time_the_zone_and_the_digest_day(
    typed: str, expected: Setup
) -> None:
    assert parse_setup(typed) == expected


def test_a_setup_without_time_or_zone_is_not_complete() -> None:
    assert parse_setup("07:30 Europe/London").complete
    assert not parse_setup("Europe/London").complete
    assert not parse_setup("07:30 Atlantis").complete


def day(level: Level, **kw: object) -> MemberDay:
    base: dict[str, object] = {
        "checked_in": True, "stage": "walk_run_2", "decision": "stay",
        "pain_today": 2, "pain_before": 3,
    }  # fmt: skip
    return MemberDay("Ada", level, **{**base, **kw})  # type: ignore[arg-type]


def test_each_level_adds_to_the_one_before() -> None:
    assert shown(day(Level.CHECKIN)) == Shown("Ada", True)
    assert shown(day(Level.STAGE)) == Shown("Ada", True, "walk_run_2")
    assert shown(day(Level.DETAILS)) == Shown("Ada", True, "walk_run_2", Trend.BETTER)
    assert shown(day(Level.DETAILS, pain_today=3)).trend is Trend.SAME
    assert shown(day(Level.DETAILS, pain_today=5)).trend is Trend.WORSE
    assert shown(day(Level.DETAILS, pain_before=None)).trend is None  # a first check-in


def test_a_member_who_has_not_checked_in_shows_only_that() -> None:
    assert shown(day(Level.DETAILS, checked_in=False)) == Shown("Ada", False)


@pytest.mark.parametrize("decision", ["refer", "urgent"])
def test_a_referral_or_urgent_leaves_only_the_check_in_even_at_details(decision: str) -> None:
    assert shown(day(Level.DETAILS, decision=decision, pain_today=9)) == Shown("Ada", True)


def test_the_roll_call_counts_and_names_who_checked_in_never_who_did_not() -> None:
    members = [
        Shown("Cy", True, "walk_run_2", Trend.BETTER),
        Shown("Bo", False),
        Shown("Ada", True),
    ]
    said = reply_text(board.roll_call("Track Tuesday", members, variant=0))
    lines = said.splitlines()
    assert "2 of 3 checked in" in lines[0] and "Track Tuesday" in lines[0]
    assert [line for line in lines if line.startswith("\u2713")] == [
        "\u2713 Ada",
        "\u2713 Cy, walk-run 2, trending better",
    ]
    assert "Bo" not in said


def test_an_empty_team_invites_a_join() -> None:
    assert "/join" in reply_text(board.roll_call("Track Tuesday", [], variant=0))


def test_the_level_question_offers_every_level_as_a_private_button() -> None:
    question = board.level_question(7, "Track Tuesday", Level.CHECKIN)
    assert question.private
    assert {board.parse_level_payload(p) for p in question.payloads} == {
        (7, level) for level in Level
    }
    assert board.parse_level_payload("team.level:7:everything") is None
    assert board.parse_level_payload("team.level:x:stage") is None


def test_first_names() -> None:
    assert first_name("Ada Lovelace") == "Ada"
    assert first_name("", fallback="ada_runs") == "ada_runs"


def test_a_roll_call_time_the_clocks_skip_comes_at_the_first_instant_after() -> None:
    """01:30 does not exist in London on 29 March 2026 (01:00 GMT becomes 02:00 BST)."""
    from datetime import UTC, datetime, timedelta

    from bot.teams.roll_call import due_now
    from storage.teams import TeamRow

    team = TeamRow(1, "fake", "-1", "c0de", "Team", "01:30", "Europe/London", None, True)
    grace = timedelta(hours=2)
    assert due_now([team], datetime(2026, 3, 29, 0, 59, tzinfo=UTC), grace) == []
    assert due_now([team], datetime(2026, 3, 29, 1, 0, tzinfo=UTC), grace) == [
        (1, datetime(2026, 3, 29).date(), datetime(2026, 3, 29, 1, 0, tzinfo=UTC))
    ]
