"""`/settings`: time zone, check-in time, cross-training, or skipping today's check-in."""

from __future__ import annotations

from bot.core import questions as q
from bot.core import zones
from bot.core.state import IDLE, Profile, Runner, State
from bot.core.turn import Step, ask, choose, moved_to
from bot.core.types import Event, Reply
from bot.text import text


def begin(runner: Runner) -> Step:
    profile = runner.profile
    summary = text(
        "settings.summary",
        zone=profile.timezone,
        time=profile.checkin_time,
        cross=_labels(profile.cross_training),
    )
    return Step(runner.at(q.SETTINGS_MENU.name), [ask(q.SETTINGS_MENU, summary)], [])


# The menu's choices name the settings' questions by their keys (bot.core.questions.FLOWS).
_FOLLOW = {question.key: question for question in q.FLOWS[q.Flow.SETTINGS][1:]}


def answer(runner: Runner, question: q.Question, value: object, event: Event) -> Step:
    profile = runner.profile
    if question is q.SETTINGS_MENU:
        if value == "skip_today":
            today = zones.local_date(profile.timezone, event.now)
            return _saved(profile.with_(skip_date=today), "settings.skipped")
        follow = _FOLLOW[str(value)]
        if follow is not q.SETTINGS_CROSS:
            return moved_to(runner.state, follow)
        picked = sorted(profile.cross_training)
        return Step(
            runner.at(q.SETTINGS_CROSS.name, cross=picked),
            [ask(q.SETTINGS_CROSS, picked=picked)],
            [],
        )
    if question is q.SETTINGS_TIMEZONE:
        return _saved(profile.with_(timezone=str(value)), "settings.saved_timezone", zone=value)
    if question is q.SETTINGS_TIME:
        # A new time counts from tomorrow: today's prompt (sent or not) stays as it was, so
        # moving the time later in the day never brings a second prompt.
        return _saved(profile.with_(checkin_time=str(value)), "settings.saved_time", time=value)
    return _cross(runner, value)


def _cross(runner: Runner, value: object) -> Step:
    def save(done: State) -> Step:
        chosen = frozenset(done.data["cross"])
        changed = runner.profile.with_(cross_training=chosen)
        return _saved(changed, "settings.saved_cross", cross=_labels(chosen))

    return choose(runner.state, q.SETTINGS_CROSS, value, key="cross", finish=save)


def _labels(cross: frozenset[str]) -> object:
    """The activities as their button labels ("Swim, Bike"), or the word for none."""
    if not cross:
        return text("button.cross.none", mark="")
    return tuple(text(f"button.cross.{name}", mark="") for name in sorted(cross))


def _saved(profile: Profile, key: str, **params: object) -> Step:
    return Step(State(IDLE, {}, profile), [Reply((text(key, **params),))], [])
