"""Random event sequences never crash the engine, every message gets an answer, and the state
always stays one the engine can continue from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.commands import COMMANDS
from bot.core.machine import step
from bot.core.questions import ALL
from bot.core.state import IDLE, NEW, State
from bot.core.types import ConversationKey, Pressed, Prompted, Typed

KEY = ConversationKey("test", "c", "u")
_EVENTS = {"text": Typed, "payload": Pressed, "prompt": Prompted}
START = datetime(2026, 3, 1, 5, 0, tzinfo=UTC)

_payloads = [q.payload(c.value) for q in ALL.values() for c in q.choices]
_words = ["3", "3/10", "pain 3", "yes", "nah", "👍", "berlin", "7:30", "swim and bike", "walk",
          "30", "none", "a little", "", "   ", "11", "-4", "🏃‍♀️💥", "\x00\xff", "x" * 5000,
          "Europe/Berlin", "done", "shin", "tendon", "/start join_abc"]  # fmt: skip

events = st.lists(
    st.tuples(
        st.one_of(
            st.sampled_from([f"/{c}" for c in COMMANDS] + ["/nope"]).map(lambda t: ("text", t)),
            st.sampled_from(_words).map(lambda t: ("text", t)),
            st.text(max_size=40).map(lambda t: ("text", t)),
            st.sampled_from([*_payloads, "", "x=y", "onboard.area=moon"]).map(
                lambda p: ("payload", p)
            ),
            st.sampled_from(["checkin", "nudge", "weekly", "bogus"]).map(lambda p: ("prompt", p)),
        ),
        st.integers(min_value=0, max_value=40),  # hours until the next event
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events)
def test_random_events_never_crash_and_messages_always_get_an_answer(sequence):
    state = State()
    now = START
    for (kind, value), hours in sequence:
        now += timedelta(hours=hours)
        event = _EVENTS[kind](KEY, now, value)
        result = step(state, event)
        if kind != "prompt":
            assert result.replies, f"no answer to {kind} {value!r} in {state.flow}"
        state = result.state
        assert state.flow in ALL or state.flow in (IDLE, NEW)
        if state.flow.startswith(("checkin.", "log.", "settings.")):
            assert state.profile is not None
