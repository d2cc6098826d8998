"""/pause [days] and /resume: a break from check-ins, open-ended or for a number of days.

A pause for N days ends by itself: the first morning prompt on or after its last day + 1
resumes the runner (prompts.py calls `resume_if_over`), so nobody has to remember /resume
after a holiday. Every change is dated (PauseChanged) for the chart, the report and /status."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from bot.core import parse, status, zones
from bot.core.effects import PauseChanged
from bot.core.state import Profile, Runner
from bot.core.turn import Step, say
from bot.core.types import Event
from bot.text import text

MAX_DAYS = 90  # longer than a season off is not a pause; /pause alone stays until /resume
# Typed lengths people use besides a number of days.
_WEEK_WORDS = ("week", "a week", "one week")


def days_asked(argument: str) -> int | None:
    """'7', '7 days', 'a week', '2 weeks' -> days; 0 when nothing usable was given."""
    words = parse.fold(argument)
    if not words:
        return None
    weeks = "week" in words
    count = 1 if words in _WEEK_WORDS else parse.integer(words, 1, MAX_DAYS)
    if count is None:
        return 0
    return count * 7 if weeks else count


def pause(runner: Runner, event: Event, argument: str) -> Step:
    profile = runner.profile
    today = zones.local_date(profile.timezone, event.now)
    days = days_asked(argument)
    if days == 0 or (days is not None and days > MAX_DAYS):
        return say(runner.idle(), text("pause.days_refused", most=MAX_DAYS))
    until = today + timedelta(days=days) if days else None
    # Already paused: keep the day it started; a new length replaces the old one.
    since = profile.paused_since if profile.paused else today
    changed = [] if profile.paused else [PauseChanged(today, event.now, paused=True)]
    paused = profile.with_(paused=True, paused_since=since, paused_until=until)
    if until is None:
        return say(runner.idle(paused), text("pause.done"), effects=changed)
    return say(
        runner.idle(paused),
        text("pause.done_until", until=status.short_date(until)),
        effects=changed,
    )


def resume(runner: Runner, event: Event) -> Step:
    profile = runner.profile
    if not profile.paused:
        return say(runner.idle(), text("resume.done"))
    today = zones.local_date(profile.timezone, event.now)
    changed = PauseChanged(today, event.now, paused=False)
    return say(runner.idle(_resumed(runner)), text("resume.done"), effects=[changed])


def resume_if_over(runner: Runner, today: date, event: Event) -> tuple[Runner, list[PauseChanged]]:
    """The runner with a pause whose days are over lifted (and the dated change), else as is."""
    profile = runner.profile
    if not profile.paused or profile.paused_until is None or today < profile.paused_until:
        return runner, []
    profile = _resumed(runner)
    resumed = Runner(replace(runner.state, profile=profile), profile)
    return resumed, [PauseChanged(today, event.now, paused=False)]


def _resumed(runner: Runner) -> Profile:
    return runner.profile.with_(paused=False, paused_since=None, paused_until=None)
