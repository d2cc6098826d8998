"""`/log`: a session the runner did (walk, run, walk-run, cross-training, strength), how long, and
how much it hurt during. The coach sees it at once (pain over the limit steps back that day)."""

from __future__ import annotations

from bot.core import coaching, zones
from bot.core import questions as q
from bot.core.state import IDLE, State
from bot.core.text import text
from bot.core.turn import Step, ask, key_of, moved_to
from bot.core.types import Event, Reply


def begin(state: State) -> Step:
    return Step(state.at(q.LOG_KIND.name), [ask(q.LOG_KIND)], [])


def answer(state: State, question: q.Question, value: object, event: Event) -> Step:
    data = {**state.data, key_of(question): value}
    if question is q.LOG_KIND:
        return moved_to(state, q.LOG_MINUTES, **data)
    if question is q.LOG_MINUTES:
        return moved_to(state, q.LOG_PAIN, **data)
    profile = state.profile
    assert profile is not None
    today = zones.local_date(profile.timezone, event.now)
    minutes, pain = int(str(data["minutes"])), int(str(data["pain"]))
    updated, lines, effects = coaching.session(
        profile, str(data["kind"]), minutes, pain, today, event.now
    )
    kind = text(f"button.kind.{data['kind']}", mark="")
    logged = text("log.saved", kind=kind, minutes=minutes, pain=pain)
    return Step(State(IDLE, {}, updated), [Reply((logged, *lines))], effects)
