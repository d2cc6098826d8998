"""The morning check-in: pain, swelling, daily-activity pain, and the questions the day calls for
(the morning after a session, the readiness tests at `walk`, a clinician's clearance, and a short
red-flag screen when the answers suggest it). The coach decides at the end."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.core import coaching, daypart, zones
from bot.core import questions as q
from bot.core.state import Profile, Runner, State
from bot.core.turn import Step, ask, full_plan_button, moved_to, screen_signs
from bot.core.types import Event, Reply
from bot.text import Text, text

# Answers that make the red-flag screen worth the runner's time. Asked every day it would be
# noise; never asked it would miss the stress fracture that hurts at night.
_SCREEN_PAIN = 5
_SCREEN_ABOVE_BASELINE = 2
# And once a week whatever the answers: night pain at 3/10 is still a red flag.
_WEEKLY_SCREEN_DAY = 0  # Monday


def begin(runner: Runner, event: Event, *, scheduled: bool = False) -> Step:
    profile = runner.profile
    greeting = daypart.greeting(profile, event.now, scheduled=scheduled)
    today = zones.local_date(profile.timezone, event.now)
    lead: list[Text] = [text(greeting, variant=today.toordinal())]
    if coaching.had_session_yesterday(profile, today):
        lead.append(text("checkin.after_session"))
    return Step(State(q.PAIN.name, {"day": today.isoformat()}, profile), [ask(q.PAIN, *lead)], [])


def answer(runner: Runner, question: q.Question, value: object, event: Event) -> Step:
    profile, state = runner.profile, runner.state
    if _day(state) != zones.local_date(profile.timezone, event.now):
        # A check-in left open from an earlier day: its answers would be filed under the
        # wrong morning. Start today's instead.
        return begin(runner, event)
    if question is q.RED_FLAGS:
        return _red_flags(runner, value, event)
    data = {**state.data, question.key: value}
    after = _next(profile, data, question)
    if after is None:
        return _finish(Runner(state.with_data(**data), profile), event)
    heard = sorted(data.pop("heard", ()))
    if after is q.RED_FLAGS and heard:
        # Signs named earlier in the check-in come ticked, for the runner to confirm.
        moved = State(q.RED_FLAGS.name, {**data, "red_flags": heard}, profile)
        confirm = text("checkin.red_flags_confirm")
        return Step(moved, [ask(q.RED_FLAGS, confirm, picked=heard)], [])
    if heard:
        data["heard"] = heard
    return moved_to(State(state.flow, {}, profile), after, **data)


def _day(state: State) -> date:
    return date.fromisoformat(str(state.data["day"]))


def _next(profile: Profile, data: dict[str, Any], current: q.Question) -> q.Question | None:
    """The question after `current` (bot.core.questions.FLOWS), skipping those the day does not
    call for."""
    today = date.fromisoformat(str(data["day"]))
    called_for = {
        q.COMPARED: lambda: coaching.had_session_yesterday(profile, today),
        q.WALK_TEST: lambda: coaching.needs_readiness_tests(profile),
        q.HOP_TEST: lambda: coaching.needs_readiness_tests(profile),
        q.CLEARED: lambda: coaching.needs_clearance_question(profile),
        q.RED_FLAGS: lambda: _screen_called_for(profile, data, today),
    }
    return q.after(current, lambda question: called_for.get(question, lambda: True)())


def _screen_called_for(profile: Profile, data: dict[str, Any], today: date) -> bool:
    pain = int(data["pain"])
    return (
        today.weekday() == _WEEKLY_SCREEN_DAY
        or pain >= _SCREEN_PAIN
        or pain > profile.baseline + _SCREEN_ABOVE_BASELINE
        or data.get("swelling") == "visible"
        or data.get("compared") == "worse"
        or (profile.kind == "bone" and data.get("daily_pain") == "yes")
        or bool(data.get("heard"))
    )


def _red_flags(runner: Runner, value: object, event: Event) -> Step:
    """Several signs may apply (the multi-choice rule of bot.core.multi, in its safety mode):
    signs named in typed text are ticked and shown for confirmation, so "my calf is fine" can
    never become an urgent on its own, and no phrasing clears a tick but an untick."""
    return screen_signs(
        runner.state, q.RED_FLAGS, value, lambda done: _finish(Runner(done, runner.profile), event)
    )


def _finish(runner: Runner, event: Event) -> Step:
    profile = runner.profile
    today = _day(runner.state)
    if not coaching.can_check_in(profile, today):
        # A second check-in the same day (two open check-ins, say) must not run the coach twice.
        return Step(runner.idle(), [Reply((text("checkin.already_done"),))], [])
    updated, lines, effects = coaching.morning(profile, dict(runner.data), today, event.now)
    # The short reply; the whole plan is one tap (or /today) away.
    thanks = text("checkin.thanks", variant=today.toordinal())
    reply = Reply((thanks, *lines), ((full_plan_button(),),))
    return Step(runner.idle(updated), [reply], effects)
