"""Privacy, proven: nothing from a check-in beyond a member's level ever reaches a team message,
and team messages use no health words at all, not even to reassure.

Random teams (names, levels, check-in histories with any pain, stage and decision) go through
the same path the bot uses (board.roll_call over model.shown), and every team sentence in the
catalog is rendered too; each is scanned for forbidden content."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach.model import Decision, Stage
from bot.teams import board
from bot.teams.model import Level, MemberDay, shown
from messages import CATALOG, render
from messages.replies import reply_text

# Words about bodies, injuries and care: none may appear in anything a team reads.
HEALTH = re.compile(
    r"pain|hurt|sore|ache|swell|swollen|injur|red.?flag|refer|urgent|clinic|doctor|physio|"
    r"diagnos|symptom|health|medical|bone|tendon|muscle|joint|fractur|numb|tingl|limp|"
    r"\brest\b|relative|protect|score|\bshin|calf|achilles|knee|\bit.?band|\bhip|groin|foot|"
    r"heel|hamstring|warmth|chest|breath|\bice\b|emergency|a&e|\b(?:er|gp)\b",
    re.IGNORECASE,
)
NAMES = ("Ada", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo")

members = st.builds(
    MemberDay,
    name=st.sampled_from(NAMES),
    level=st.sampled_from(Level),
    checked_in=st.booleans(),
    stage=st.one_of(st.none(), st.sampled_from([s.value for s in Stage])),
    decision=st.one_of(st.none(), st.sampled_from([d.value for d in Decision])),
    pain_today=st.one_of(st.none(), st.integers(0, 10)),
    pain_before=st.one_of(st.none(), st.integers(0, 10)),
)
teams = st.lists(members, max_size=10, unique_by=lambda d: d.name)


def said(days: list[MemberDay], variant: int = 0) -> str:
    return reply_text(board.roll_call("Harriers", [shown(d) for d in days], variant))


def forbidden(message: str) -> list[str]:
    return [found.group(0) for found in HEALTH.finditer(message)]


@settings(max_examples=300, deadline=None)
@given(teams, st.integers(0, 10))
def test_no_roll_call_says_anything_about_health(days: list[MemberDay], variant: int) -> None:
    message = said(days, variant)
    assert not forbidden(message), message
    for member, line in zip(
        sorted((d for d in days if d.checked_in), key=lambda d: d.name.lower()),
        [line for line in message.splitlines() if line.startswith("\u2713")],
        strict=True,
    ):
        if member.level is not Level.DETAILS or member.decision in ("refer", "urgent"):
            assert "trending" not in line and "steady" not in line and "tougher" not in line


@settings(max_examples=300, deadline=None)
@given(teams, st.integers(0, 10), st.integers(-3, 3))
def test_pain_numbers_never_change_a_roll_call_beyond_their_direction(
    days: list[MemberDay], variant: int, shift: int
) -> None:
    """Non-interference: moving every pain score up or down together (same direction, other
    numbers) leaves the message word for word as it was, so no number can be read from it."""
    moved = [
        replace(
            d,
            pain_today=None if d.pain_today is None else d.pain_today + shift,
            pain_before=None if d.pain_before is None else d.pain_before + shift,
        )
        for d in days
    ]
    assert said(moved, variant) == said(days, variant)


@settings(max_examples=300, deadline=None)
@given(teams, st.integers(0, 10))
def test_a_level_shows_nothing_of_the_levels_above_it(days: list[MemberDay], variant: int) -> None:
    """A member at `checkin` reads the same whatever their stage, decision and pain; at `stage`,
    the same whatever their pain."""
    hidden = [
        replace(d, stage=None, decision=None, pain_today=None, pain_before=None)
        if d.level is Level.CHECKIN
        else replace(d, pain_today=None, pain_before=None)
        if d.level is Level.STAGE
        else d
        for d in days
    ]
    assert said(hidden, variant) == said(days, variant)


@settings(max_examples=200, deadline=None)
@given(teams, st.sampled_from(["refer", "urgent"]), st.integers(0, 10))
def test_a_referral_or_urgent_is_never_visible_even_at_details(
    days: list[MemberDay], decision: str, variant: int
) -> None:
    """A member whose latest check-in ended in a referral or an urgent decision reads exactly
    like a member who shares only that they checked in."""
    flagged = [replace(d, level=Level.DETAILS, decision=decision) for d in days]
    only_checkin = [replace(d, level=Level.CHECKIN) for d in days]
    assert said(flagged, variant) == said(only_checkin, variant)


def test_no_team_sentence_uses_a_health_word() -> None:
    params = {"team": "Harriers", "name": "Ada", "link": "https://t.me/ComebackBot?start=join_x",
              "time": "07:30", "zone": "Europe/London", "count": 2, "total": 3,
              "current": "", "level": "", "stage": "", "trend": "", "done": 5,
              "counted": 6, "milestone": ""}  # fmt: skip
    keys = [key for key in CATALOG if key.startswith("team.")]
    assert len(keys) > 30
    for key in keys:
        template = CATALOG[key]
        for variant in range(len(template) if isinstance(template, tuple) else 1):
            sentence = render(key, {**params, "variant": variant})
            assert not forbidden(sentence), (key, sentence)
