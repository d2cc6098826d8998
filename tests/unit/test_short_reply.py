"""The reply after a check-in is short (decision, reason, today's session, at most 600
characters) with the full plan one tap away; the weekly note names the runner's goal."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core import coaching
from bot.core.machine import step
from bot.core.state import IDLE, Profile, State
from bot.core.types import ConversationKey, Pressed, Prompted, Typed
from messages.replies import reply_text

KEY = ConversationKey("test", "c1", "u1")
TUESDAY = datetime(2026, 3, 3, 6, 0, tzinfo=UTC)


def runner(**changes: object) -> State:
    profile = Profile(
        area="calf_achilles", onset="gradual", feel="tendon", kind="tendon",
        seen_professional=True, baseline=1, timezone="Europe/Berlin", checkin_time="07:00",
        cross_training=frozenset({"swim", "bike"}), coach=coaching.start(TUESDAY.date()),
        cause="hills", goal="the Berlin half",
    ).with_(**changes)  # fmt: skip
    return State(IDLE, {}, profile)


def test_the_check_in_reply_is_short_and_offers_the_full_plan():
    state = runner()
    for typed in ("/checkin", "1", "no swelling", "no"):
        result = step(state, Typed(KEY, TUESDAY, text=typed))
        state = result.state
    (reply,) = result.replies
    assert state.flow == IDLE and len(reply_text(reply)) <= 600
    (button,) = [b for row in reply.buttons for b in row]
    full = step(state, Pressed(KEY, TUESDAY, payload=button.payload))
    assert len(reply_text(full.replies[0])) > len(reply_text(reply))


def test_the_weekly_note_names_the_goal():
    result = step(runner(), Prompted(KEY, TUESDAY, prompt="weekly"))
    assert "the Berlin half" in reply_text(result.replies[0])
    plain = step(runner(goal="running"), Prompted(KEY, TUESDAY, prompt="weekly"))
    assert "running without thinking about it" in reply_text(plain.replies[0])
