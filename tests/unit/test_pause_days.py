"""`/pause [days]`: a break that ends by itself on the morning it is over, dated, and shown in
/status; lengths people type; lengths refused with the rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.coach import CoachState, Stage
from bot.core.effects import PauseChanged
from bot.core.machine import step
from bot.core.pausing import days_asked
from bot.core.state import IDLE, Profile, State
from bot.core.types import ConversationKey, Prompted, Typed
from messages import render
from messages.replies import reply_text

TODAY = date(2026, 3, 8)  # a Sunday
KEY = ConversationKey("test", "c1", "u1")
NOW = datetime(2026, 3, 8, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
PROFILE = Profile(
    area="calf_achilles", onset="gradual", feel="tendon", kind="tendon",
    seen_professional=True, baseline=2, timezone="Europe/Berlin", checkin_time="07:00",
    coach=CoachState.start(Stage.WALK, TODAY - timedelta(days=3)), last_checkin=TODAY,
)  # fmt: skip


def typed(profile: Profile, words: str, at: datetime = NOW):
    return step(State(IDLE, {}, profile), Typed(KEY, at, text=words))


def morning(profile: Profile, days_later: int):
    # 07:00 in Berlin (UTC+1 in March before the change), `days_later` days after TODAY.
    at = datetime(2026, 3, 8, 6, 0, tzinfo=UTC) + timedelta(days=days_later)
    return step(State(IDLE, {}, profile), Prompted(KEY, at, prompt="checkin"))


@pytest.mark.parametrize(
    ("typed_length", "days"),
    [("7", 7), ("7 days", 7), ("a week", 7), ("week", 7), ("2 weeks", 14), ("ten days", 10),
     ("", None)],
)  # fmt: skip
def test_lengths_people_type(typed_length: str, days: int | None) -> None:
    assert days_asked(typed_length) == days


def test_a_pause_for_seven_days_ends_by_itself_on_the_eighth_morning() -> None:
    paused = typed(PROFILE, "/pause 7")
    profile = paused.state.profile
    assert profile is not None and profile.paused and profile.paused_until == date(2026, 3, 15)
    assert paused.effects == [PauseChanged(TODAY, NOW, True)]
    assert "No check-ins until Sun 15 Mar" in reply_text(paused.replies[0])
    assert "start again by themselves on Sun 15 Mar" in reply_text(
        typed(profile, "/status").replies[0]
    )
    quiet = morning(profile, 6)  # Sat 14 Mar: still paused
    assert quiet.replies == [] and quiet.effects == [] and quiet.state.profile == profile
    back = morning(profile, 7)  # Sun 15 Mar: the pause is over, the check-in is asked
    assert back.effects[0] == PauseChanged(date(2026, 3, 15), back_at(7), False)
    resumed = back.state.profile
    assert resumed is not None and not resumed.paused and resumed.paused_until is None
    assert back.state.flow.startswith("checkin.")


def back_at(days_later: int) -> datetime:
    return datetime(2026, 3, 8, 6, 0, tzinfo=UTC) + timedelta(days=days_later)


def test_an_open_ended_pause_waits_for_resume() -> None:
    profile = typed(PROFILE, "/pause").state.profile
    assert profile is not None and profile.paused_until is None
    assert morning(profile, 60).replies == []


def test_a_second_pause_keeps_the_first_day_and_takes_the_new_length() -> None:
    first = typed(PROFILE, "/pause 3").state.profile
    assert first is not None
    later = typed(first, "/pause 10", NOW + timedelta(days=1))
    profile = later.state.profile
    assert later.effects == []  # still the same pause
    assert profile is not None and profile.paused_since == TODAY
    assert profile.paused_until == date(2026, 3, 19)


@pytest.mark.parametrize("length", ["100", "0", "20 weeks", "forever and ever"])
def test_lengths_out_of_range_are_refused_and_nothing_changes(length: str) -> None:
    refused = typed(PROFILE, f"/pause {length}")
    assert reply_text(refused.replies[0]) == render("pause.days_refused", {"most": 90})
    assert refused.state.profile == PROFILE and refused.effects == []


def test_resume_before_the_end_lifts_the_pause() -> None:
    profile = typed(PROFILE, "/pause 7").state.profile
    assert profile is not None
    resumed = typed(profile, "/resume", NOW + timedelta(days=2)).state.profile
    assert resumed == replace(PROFILE, paused=False, paused_since=None, paused_until=None)
