"""`/settings`: time zone, check-in time, cross-training, or skipping today's check-in."""

from __future__ import annotations

from bot.core import questions as q
from bot.core import zones
from bot.core.state import IDLE, Profile, State
from bot.core.turn import Step, ask, choose, moved_to
from bot.core.types import Event, Reply
from bot.text import text


def begin(state: State) -> Step:
    profile = state.profile
    assert profile is not None
    summary = text(
        "settings.summary",
        zone=profile.timezone,
        time=profile.checkin_time,
        cross=_labels(profile.cross_training),
    )
    return Step(state.at(q.SETTINGS_MENU.name), [ask(q.SETTINGS_MENU, summary)], [])


def answer(state: State, question: q.Question, value: object, event: Event) -> Step:
    profile = state.profile
    assert profile is not None
    if question is q.SETTINGS_MENU:
        if value == "skip_today":
            today = zones.local_date(profile.timezone, event.now)
            return _saved(state.at(IDLE), profile.with_(skip_date=today), "settings.skipped")
        follow = {"timezone": q.SETTINGS_TIMEZONE, "checkin_time": q.SETTINGS_TIME}
        if value in follow:
            return moved_to(state, follow[str(value)])
        picked = sorted(profile.cross_training)
        return Step(
            state.at(q.SETTINGS_CROSS.name, cross=picked),
            [ask(q.SETTINGS_CROSS, picked=picked)],
            [],
        )
    if question is q.SETTINGS_TIMEZONE:
        return _saved(
            state, profile.with_(timezone=str(value)), "settings.saved_timezone", zone=value
        )
    if question is q.SETTINGS_TIME:
        # A new time counts from tomorrow: today's prompt (sent or not) stays as it was, so
        # moving the time later in the day never brings a second prompt.
        return _saved(
            state, profile.with_(checkin_time=str(value)), "settings.saved_time", time=value
        )
    return _cross(state, value)


def _cross(state: State, value: object) -> Step:
    profile = state.profile
    assert profile is not None

    def save(done: State) -> Step:
        chosen = frozenset(done.data["cross"])
        return _saved(
            done,
            profile.with_(cross_training=chosen),
            "settings.saved_cross",
            cross=_labels(chosen),
        )

    return choose(state, q.SETTINGS_CROSS, value, key="cross", finish=save)


def _labels(cross: frozenset[str]) -> object:
    """The activities as their button labels ("Swim, Bike"), or the word for none."""
    if not cross:
        return text("button.cross.none", mark="")
    return tuple(text(f"button.cross.{name}", mark="") for name in sorted(cross))


def _saved(state: State, profile: Profile, key: str, **params: object) -> Step:
    return Step(State(IDLE, {}, profile), [Reply((text(key, **params),))], [])
