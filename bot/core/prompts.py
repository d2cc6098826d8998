"""Scheduled prompts arriving as events: the morning check-in, one gentle nudge, the weekly note.
The scheduler decides when; the engine decides whether it still makes sense to say anything
(paused, already answered, skipped today) and what.

The weekly note asks how the runner is holding up and takes a reply (`reply`): a mood word or
button gets its answer, other words get a FAQ answer when they ask something, else a warm line.
"""

from __future__ import annotations

from datetime import date

from bot.core import checkin, coaching, daypart, faq, pausing, progress, zones
from bot.core import questions as q
from bot.core.state import Runner, State
from bot.core.turn import Step, ask, say, unchanged
from bot.core.types import Event, Prompted, Reply, typed_text
from bot.text import text

CHECKIN = "checkin"
NUDGE = "nudge"
WEEKLY = "weekly"
KINDS = frozenset({CHECKIN, NUDGE, WEEKLY})
# Flows a prompt must never interrupt: their next answer would be read as something else.
_BUSY = frozenset({q.Flow.LOG, q.Flow.SETTINGS, q.Flow.DELETE})


def run(state: State, event: Prompted) -> Step:
    runner = Runner.of(state)
    if runner is None or event.prompt not in KINDS:
        return unchanged(state)
    today = zones.local_date(runner.profile.timezone, event.now)
    # A `/pause 7` whose days are over ends here, at the first prompt after it: dated, and
    # this prompt goes out as on any other morning.
    runner, resumed = pausing.resume_if_over(runner, today, event)
    if runner.profile.paused:
        return unchanged(state)
    step = _prompt(runner, event, today)
    return Step(step.state, step.replies, [*resumed, *step.effects]) if resumed else step


def _prompt(runner: Runner, event: Prompted, today: date) -> Step:
    state = runner.state
    profile = runner.profile
    flow = q.flow_of(state.flow)
    busy = flow in _BUSY
    if event.prompt == WEEKLY:
        return _weekly(runner, event, open_elsewhere=busy or flow in _HALF_ANSWERED)
    if not coaching.can_check_in(profile, today) or profile.skip_date == today:
        return unchanged(state)
    open_today = flow is q.Flow.CHECKIN and state.data.get("day") == today.isoformat()
    if event.prompt == CHECKIN:
        if open_today:
            return unchanged(state)  # already asked and open: never a second copy
        if busy:
            # Never hijack a /log or /settings half answered: their next answer would be
            # read as a pain score. Say it is time, and let the runner come to it.
            return say(
                state, text(daypart.when_ready(profile, event.now), variant=today.toordinal())
            )
        return checkin.begin(runner, event, scheduled=True)
    # The nudge: once, gently, repeating the open check-in question if there is one.
    question = q.ALL.get(state.flow)
    if question is not None and open_today:
        return Step(state, [ask(question, text("nudge.gentle", variant=today.toordinal()))], [])
    if busy:
        return unchanged(state)
    return checkin.begin(runner, event, scheduled=True)


# Flows whose question the weekly note leaves open: the note comes alone.
_HALF_ANSWERED = _BUSY | {q.Flow.CHECKIN, q.Flow.ONBOARD}


def _weekly(runner: Runner, event: Event, *, open_elsewhere: bool) -> Step:
    profile, state = runner.profile, runner.state
    today = zones.local_date(profile.timezone, event.now)
    variant = today.toordinal()
    # The week's chart comes after the note, as its own message (the shell draws it).
    chart, drawn = progress.weekly_chart(profile, today)
    note = text("weekly.note", stage=coaching.stage_name(profile), variant=variant)
    if profile.goal:
        # What they are coming back for, said back to them: the reason the patience is worth it.
        goal = text("goal.running") if profile.goal == "running" else profile.goal
        note = text("weekly.note_goal", note=note, goal=goal, variant=variant)
    if open_elsewhere:
        # A question is half answered: the note alone, and that question stays open.
        return Step(state, [Reply((note,)), *chart], [*drawn])
    part = daypart.part_of_day(profile.timezone, event.now)
    asked = text(f"weekly.ask.{part}", variant=variant)
    reply = Reply((note, asked), q.WEEKLY_REPLY.buttons())
    return Step(State(q.WEEKLY_REPLY.name, {}, profile), [reply, *chart], [*drawn])


def reply(runner: Runner, question: q.Question, value: object, event: Event) -> Step:
    """The runner's answer to the weekly note. The question closes either way."""
    profile = runner.profile
    today = zones.local_date(profile.timezone, event.now)
    after = runner.idle()
    if value != "other":
        return say(after, text(f"weekly.mood.{value}", variant=today.toordinal()))
    answered = faq.answer(typed_text(event), profile, today)
    if answered:
        return say(after, *answered)
    return say(after, text("weekly.mood.other", variant=today.toordinal()))
