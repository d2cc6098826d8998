"""The shape of one engine step, and small helpers every flow shares."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from bot.core import multi
from bot.core.effects import Effect
from bot.core.questions import ALL as ALL_QUESTIONS
from bot.core.questions import Question
from bot.core.state import State
from bot.core.types import Button, Reply
from bot.text import Text, text


class Step(NamedTuple):
    state: State
    replies: list[Reply]
    effects: list[Effect]


def ask(question: Question, *before: Text, picked: Iterable[str] = (), **params: object) -> Reply:
    """The question as one message: any lead-in lines, then the question with its buttons."""
    return Reply((*before, question.prompt(**params)), question.buttons(frozenset(picked)))


def say(state: State, *lines: Text, effects: Iterable[Effect] = ()) -> Step:
    return Step(state, [Reply(tuple(lines))], list(effects))


def moved_to(state: State, question: Question, *before: Text, **data: object) -> Step:
    """Go to `question` keeping the flow's answers so far, plus `data`."""
    return Step(
        State(question.name, {**state.data, **data}, state.profile), [ask(question, *before)], []
    )


def unchanged(state: State, *lines: Text) -> Step:
    return Step(state, [Reply(tuple(lines))] if lines else [], [])


def repeat(state: State, *lines: Text) -> Step:
    """Answer, then ask the open question again (if any) so the runner knows where they are.
    Nothing changes: this is the answer to anything we could not use."""
    question = ALL_QUESTIONS.get(state.flow)
    if question is None:
        return unchanged(state, *lines)
    picked = [*state.data.get("cross", []), *state.data.get("red_flags", [])]
    return Step(state, [ask(question, *lines, picked=picked)], [])


_NOTES = {
    "kept": "multi.kept",
    "confirm": "checkin.red_flags_confirm",
    "which": "multi.which",
}


def choose(
    state: State,
    question: Question,
    value: object,
    *,
    key: str,
    finish: Callable[[State], Step],
    safety: bool = False,
) -> Step:
    """One answer to a multi-choice question (multi.apply's rule): ask again showing what is
    ticked, or hand the state with the final ticks (in `data[key]`) to `finish`."""
    outcome = multi.apply(state.data.get(key, ()), value, safety=safety)
    picked = list(outcome.picked)
    moved = state.with_data(**{key: picked})
    if outcome.finished:
        return finish(moved)
    lead = [text(_NOTES[outcome.note])] if outcome.note else []
    return Step(moved, [ask(question, *lead, picked=picked)], [])


def screen_signs(
    state: State, question: Question, value: object, finish: Callable[[State], Step]
) -> Step:
    """An answer on a red-flag screen: the multi-choice rule in its safety mode, the signs
    kept in `data["red_flags"]`."""
    return choose(state, question, value, key="red_flags", finish=finish, safety=True)


# The "Full plan" button under the short reply after a check-in: /today, from any state.
FULL_PLAN = "today"


def full_plan_button() -> Button:
    return Button(text("button.full_plan", mark=""), FULL_PLAN)


__all__ = [
    "FULL_PLAN",
    "Step",
    "ask",
    "choose",
    "full_plan_button",
    "moved_to",
    "repeat",
    "say",
    "screen_signs",
    "text",
    "unchanged",
]
