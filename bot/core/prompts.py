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
    if not coaching.can_check_in(profile, today) or profile.skip_date == today:
        return unchanged(state)
    open_today = state.flow.startswith("checkin.") and state.data.get("day") == today.isoformat()
    busy = state.flow.split(".", 1)[0] in ("log", "settings", "delete")
    if event.prompt == CHECKIN:
        if open_today:
            return unchanged(state)  # already asked and open: never a second copy
        if busy:
            # Never hijack a /log or /settings half answered: their next answer would be
            # read as a pain score. Say it is time, and let the runner come to it.
            return say(state, text("checkin.when_ready", variant=today.toordinal()))
        return checkin.begin(state, event, scheduled=True)
    # The nudge: once, gently, repeating the open check-in question if there is one.
    question = q.ALL.get(state.flow)
    if question is not None and open_today:
        return Step(state, [ask(question, text("nudge.gentle"))], [])
    if busy:
        return unchanged(state)
    return checkin.begin(state, event, scheduled=True)
