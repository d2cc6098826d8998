"""`/log` in one line: what the line gives is not asked again, and the confirmation names the
session the way the runner did ("45 min bike ride"), while the coach gets its kind."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core import coaching, logbook
from bot.core.effects import SessionLogged
from bot.core.machine import step
from bot.core.state import IDLE, Profile, State
from bot.core.types import ConversationKey, Pressed, Typed
from messages.replies import reply_text

KEY = ConversationKey("test", "c1", "u1")
NOW = datetime(2026, 3, 3, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "kind", "activity", "minutes", "pain"),
    [
        ("walk-run 30 min pain 2", "walk_run", "walk_run", 30, 2),
        ("bike 45", "cross", "bike", 45, None),
        ("ran 20 minutes, pain 3/10", "run", "run", 20, 3),
        ("strength", "strength", "strength", None, None),
        ("swam 40 min, pain-free", "cross", "swim", 40, 0),
        ("30 min walk, no pain", "walk", "walk", 30, 0),
        ("yoga 1 hour", "cross", "yoga", 60, None),
        ("elliptical 25", "cross", "elliptical", 25, None),
        ("jogged 1h15 pain 1", "run", "run", 75, 1),
        ("cycling 1.5 hours 0/10", "cross", "bike", 90, 0),
        ("run walk 35 mins pain: 4", "walk_run", "walk_run", 35, 4),
        ("gym 45 min pain level 2", "strength", "strength", 45, 2),
        ("run 5k pain 2", "run", "run", None, 2),  # a distance is not a duration
        ("45 min", None, None, 45, None),
        ("pain 12", None, None, None, None),  # off the scale: asked again, not guessed
        ("", None, None, None, None),
    ],
)
def test_one_line_reads_what_it_gives(line, kind, activity, minutes, pain):
    assert logbook.read(line) == logbook.Parsed(kind, activity, minutes, pain)


def runner() -> Profile:
    return Profile(
        area="calf_achilles", onset="gradual", feel="tendon", kind="tendon",
        seen_professional=True, baseline=1, timezone="Europe/Berlin", checkin_time="07:00",
        coach=coaching.start(date(2026, 3, 1)),
    )  # fmt: skip


def say(state: State, typed: str):
    return step(state, Typed(KEY, NOW, text=typed))


def test_everything_in_one_line_logs_at_once():
    result = say(State(IDLE, {}, runner()), "/log walk-run 30 min pain 2")
    assert result.state.flow == IDLE
    (logged,) = [e for e in result.effects if isinstance(e, SessionLogged)]
    assert (logged.kind, logged.minutes, logged.pain_during) == ("walk_run", 30, 2)
    assert reply_text(result.replies[0]).startswith("Logged: 30 min walk-run, pain 2/10.")


def test_only_what_is_missing_is_asked_and_the_activity_is_named_back():
    asked = say(State(IDLE, {}, runner()), "/log bike 45")
    assert asked.state.flow == "log.pain"
    assert asked.state.data["activity"] == "bike"
    done = say(asked.state, "0")
    (logged,) = [e for e in done.effects if isinstance(e, SessionLogged)]
    assert (logged.kind, logged.minutes) == ("cross", 45)
    assert reply_text(done.replies[0]).startswith("Logged: 45 min bike ride, pain 0/10.")


def test_a_log_with_only_the_kind_asks_minutes_then_pain():
    state = say(State(IDLE, {}, runner()), "/log strength").state
    assert state.flow == "log.minutes"
    state = say(state, "20").state
    assert state.flow == "log.pain"


def test_typed_activity_at_the_kind_question_is_named_and_a_button_says_cross_training():
    state = say(State(IDLE, {}, runner()), "/log").state
    assert state.flow == "log.kind"
    typed = say(say(say(state, "swimming").state, "30").state, "0")
    assert reply_text(typed.replies[0]).startswith("Logged: 30 min swim, pain 0/10.")
    pressed = step(state, Pressed(KEY, NOW, payload="log.kind=cross")).state
    done = say(say(pressed, "30").state, "0")
    assert reply_text(done.replies[0]).startswith("Logged: 30 min cross-training, pain 0/10.")
