"""The coach as a conversation: the weekly note takes a reply, greetings know the time of day,
and the "Full plan" button works from anywhere without losing an open question."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core import coaching, commands, daypart
from bot.core.machine import step
from bot.core.state import IDLE, NEW, Profile, State
from bot.core.turn import full_plan_button
from bot.core.types import ConversationKey, Pressed, Prompted, Typed
from messages.replies import button_label

KEY = ConversationKey("test", "c1", "u1")
SUNDAY_EVENING = datetime(2026, 3, 8, 17, 0, tzinfo=UTC)  # 18:00 in Berlin


def runner(**changes: object) -> Profile:
    base = Profile(
        area="calf_achilles", onset="gradual", feel="tendon", kind="tendon",
        seen_professional=True, baseline=1, timezone="Europe/Berlin", checkin_time="07:00",
        coach=coaching.start(date(2026, 3, 1)),
    )  # fmt: skip
    return base.with_(**changes)


def keys(result) -> list[str]:
    return [line.key for reply in result.replies for line in reply.lines]


def weekly(state: State, at: datetime = SUNDAY_EVENING):
    return step(state, Prompted(KEY, at, prompt="weekly"))


def test_the_weekly_note_asks_how_they_are_holding_up_for_the_time_of_day():
    result = weekly(State(IDLE, {}, runner()))
    assert keys(result) == ["weekly.note", "weekly.ask.evening"]
    assert result.state.flow == "weekly.reply"
    labels = [button_label(b) for row in result.replies[0].buttons for b in row]
    assert labels == ["Good", "OK", "Frustrated", "Worried", "Low"]
    morning = weekly(State(IDLE, {}, runner()), datetime(2026, 3, 8, 8, 0, tzinfo=UTC))
    assert keys(morning)[1] == "weekly.ask.morning"


@pytest.mark.parametrize(
    ("reply", "said"),
    [
        ("frustrated", ["weekly.mood.frustrated"]),
        ("honestly pretty fed up", ["weekly.mood.frustrated"]),
        ("fine", ["weekly.mood.ok"]),
        ("good actually", ["weekly.mood.good"]),
        ("anxious", ["weekly.mood.worried"]),
        ("bored", ["weekly.mood.frustrated"]),
        ("not great", ["weekly.mood.low"]),
        ("my club ran the relay without me", ["faq.club"]),
        ("how long will this take?", ["faq.how_long"]),
        ("it's been a week", ["weekly.mood.other"]),
    ],
)
def test_a_typed_reply_to_the_weekly_note_is_answered_and_the_question_closes(reply, said):
    asked = weekly(State(IDLE, {}, runner())).state
    result = step(asked, Typed(KEY, SUNDAY_EVENING, text=reply))
    assert keys(result) == said
    assert result.state.flow == IDLE and result.state.profile == asked.profile


def test_a_mood_button_is_answered():
    asked = weekly(State(IDLE, {}, runner())).state
    result = step(asked, Pressed(KEY, SUNDAY_EVENING, payload="weekly.reply=low"))
    assert keys(result) == ["weekly.mood.low"] and result.state.flow == IDLE


def test_crisis_words_in_the_weekly_reply_still_come_first():
    asked = weekly(State(IDLE, {}, runner())).state
    result = step(asked, Typed(KEY, SUNDAY_EVENING, text="I don't want to live anymore"))
    assert keys(result) == ["crisis.help"]


def test_the_weekly_note_never_takes_over_a_half_answered_question():
    logging_state = State("log.minutes", {"kind": "walk"}, runner())
    result = weekly(logging_state)
    assert keys(result) == ["weekly.note"] and result.state == logging_state


def test_the_morning_check_in_replaces_an_unanswered_weekly_question():
    asked = weekly(State(IDLE, {}, runner())).state
    monday = datetime(2026, 3, 9, 6, 0, tzinfo=UTC)
    result = step(asked, Prompted(KEY, monday, prompt="checkin"))
    assert result.state.flow == "checkin.pain"


@pytest.mark.parametrize(
    ("utc_hour", "scheduled", "key"),
    [
        (6, True, "checkin.hello_scheduled"),  # 07:00 in Berlin
        (12, True, "checkin.hello_scheduled.afternoon"),
        (18, True, "checkin.hello_scheduled.evening"),
        (22, True, "checkin.hello_scheduled.night"),  # 23:00
        (2, False, "checkin.hello.night"),  # 03:00
        (9, False, "checkin.hello"),
        (15, False, "checkin.hello.afternoon"),
        (19, False, "checkin.hello.evening"),
    ],
)
def test_the_check_in_greeting_matches_the_runners_local_time(utc_hour, scheduled, key):
    now = datetime(2026, 3, 9, utc_hour, 0, tzinfo=UTC)
    event = Prompted(KEY, now, prompt="checkin") if scheduled else Typed(KEY, now, text="/checkin")
    assert keys(step(State(IDLE, {}, runner()), event))[0] == key


def test_the_time_of_day_is_the_runners_not_the_servers():
    now = datetime(2026, 3, 9, 13, 0, tzinfo=UTC)
    assert daypart.part_of_day("Europe/Berlin", now) == daypart.AFTERNOON
    assert daypart.part_of_day("America/Los_Angeles", now) == daypart.MORNING  # 06:00
    assert daypart.part_of_day("Asia/Tokyo", now) == daypart.NIGHT  # 22:00


def test_the_full_plan_button_shows_today_and_keeps_an_open_question():
    button = full_plan_button()
    assert button_label(button) == "Full plan"
    now = datetime(2026, 3, 9, 6, 0, tzinfo=UTC)
    open_check_in = State("checkin.swelling", {"day": "2026-03-09", "pain": "1"}, runner())
    result = step(open_check_in, Pressed(KEY, now, payload=button.payload))
    said = keys(result)
    assert said[0] == "today.header" and said[-1] == "checkin.swelling"
    assert result.state == open_check_in
    idle_result = step(State(IDLE, {}, runner()), Pressed(KEY, now, payload=button.payload))
    assert keys(idle_result)[0] == "today.header"


def test_the_full_plan_button_before_onboarding_is_a_stale_button():
    now = datetime(2026, 3, 9, 6, 0, tzinfo=UTC)
    result = step(State(NEW), Pressed(KEY, now, payload=commands.FULL_PLAN))
    assert keys(result) == ["error.stale_button_idle"] and result.state == State(NEW)
