"""The standalone red-flag screen: signs a runner names outside a check-in ("ran 20 minutes,
limping after", "it wakes me up at night" in passing) open it with those signs ticked. Confirmed
signs go to the coach (rules 1 and 2 for today); "none of these" changes nothing."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core import coaching, zones
from bot.core import questions as q
from bot.core.effects import Effect
from bot.core.state import Runner, State
from bot.core.turn import Step, ask, screen_signs
from bot.core.types import Event, Reply
from bot.text import text


def open_screen(
    state: State,
    heard: Iterable[str],
    before: Iterable[Reply] = (),
    effects: Iterable[Effect] = (),
) -> Step:
    """Ask about the signs heard, after any replies the step already had."""
    ticked = sorted(set(heard))
    moved = State(q.SIGNS.name, {"red_flags": ticked}, state.profile)
    return Step(moved, [*before, ask(q.SIGNS, text("signs.heard"), picked=ticked)], list(effects))


def answer(runner: Runner, question: q.Question, value: object, event: Event) -> Step:
    return screen_signs(
        runner.state, q.SIGNS, value, lambda done: _finish(Runner(done, runner.profile), event)
    )


def _finish(runner: Runner, event: Event) -> Step:
    profile = runner.profile
    flags = frozenset(runner.data.get("red_flags", ()))
    if not flags:
        return Step(runner.idle(), [Reply((text("signs.none"),))], [])
    today = zones.local_date(profile.timezone, event.now)
    updated, lines = coaching.report_signs(profile, flags, today)
    return Step(runner.idle(updated), [Reply(lines)], [])
