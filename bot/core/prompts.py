"""Scheduled prompts arriving as events: the morning check-in, one gentle nudge, the weekly note.
The scheduler decides when; the engine decides whether it still makes sense to say anything
(paused, already answered, skipped today) and what."""

from __future__ import annotations

from bot.core import checkin, coaching, zones
from bot.core import questions as q
from bot.core.state import State
from bot.core.text import text
from bot.core.turn import Step, ask, say, unchanged
from bot.core.types import Event

CHECKIN = "checkin"
NUDGE = "nudge"
WEEKLY = "weekly"
KINDS = frozenset({CHECKIN, NUDGE, WEEKLY})


def run(state: State, event: Event) -> Step:
    profile = state.profile
    if profile is None or profile.paused or event.prompt not in KINDS:
        return unchanged(state)
    today = zones.local_date(profile.timezone, event.now)
    if event.prompt == WEEKLY:
        return say(
            state,
            text("weekly.note", stage=coaching.stage_name(profile), variant=today.toordinal()),
        )
    if profile.last_checkin == today or profile.skip_date == today:
        return unchanged(state)
    if event.prompt == CHECKIN:
        if state.flow.startswith("checkin."):
            return unchanged(state)  # already asked and open: never a second copy
        return checkin.begin(state, event, scheduled=True)
    # The nudge: once, gently, repeating the open check-in question if there is one.
    question = q.ALL.get(state.flow)
    if question is not None and state.flow.startswith("checkin."):
        return Step(state, [ask(question, text("nudge.gentle"))], [])
    return checkin.begin(state, event, scheduled=True)
