"""The conversation engine: `step(state, event) -> Step(state, replies, effects)`.

Pure: no I/O, no clock (the time is in the event). Every event gets an answer or a deliberate
silence (a scheduled prompt that is not due, say); no input raises. The order of checks is the
order of what matters: crisis words first, then size limits, then commands, then the open
question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.core import (
    checkin,
    commands,
    logbook,
    onboarding,
    parse,
    prompts,
    settings_flow,
)
from bot.core import (
    questions as q,
)
from bot.core.crisis import is_crisis
from bot.core.state import IDLE, State
from bot.core.text import text
from bot.core.turn import Step, repeat, say, unchanged
from bot.core.types import MAX_TEXT_CHARS, ChatKind, Event

Answer = Callable[[State, q.Question, object, Event], Step]


def step(state: State, event: Event) -> Step:
    result = _step(state, event)
    if event.chat_kind == ChatKind.GROUP:
        # Health data: in a group, everything about the runner is said to the runner alone.
        # Only replies addressed elsewhere on purpose (`to`) are exempt.
        replies = [r if r.private or r.to else replace(r, private=True) for r in result.replies]
        return Step(result.state, replies, result.effects)
    return result


def _step(state: State, event: Event) -> Step:
    if event.prompt is not None:
        return prompts.run(state, event)
    if event.payload is not None:
        return _button(state, event, event.payload)
    typed = event.text or ""
    if is_crisis(typed):
        # Before anything else, even the length limit: outside the coaching flow, and the
        # state (with any open question) is left as it was.
        return say(state, text("crisis.help"))
    if len(typed) > MAX_TEXT_CHARS:
        return repeat(state, text("error.too_long", limit=MAX_TEXT_CHARS))
    if not typed.strip():
        return repeat(state, text("error.empty"))
    if typed.lstrip().startswith("/"):
        name, argument = commands.parse(typed)
        return commands.run(state, event, name, argument)
    return _typed(state, event, typed)


def _button(state: State, event: Event, payload: str) -> Step:
    question = q.ALL.get(state.flow)
    value = question.from_payload(payload) if question else None
    if question is None or value is None:
        # A stale keyboard or a forged payload: say so, change nothing, re-ask what is open.
        stale = "error.stale_button" if question else "error.stale_button_idle"
        return repeat(state, text(stale))
    return _answer(state, question, value, event)


def _typed(state: State, event: Event, typed: str) -> Step:
    question = q.ALL.get(state.flow)
    if question is None:
        if event.chat_kind == ChatKind.GROUP:
            return unchanged(state)  # group chatter is not addressed to us
        if state.profile is None:
            return onboarding.begin(state)
        # A runner with a profile writing in a chat we have not talked in yet is not new.
        return say(state.at(IDLE), text("idle.unknown"))
    value = question.from_text(typed)
    if value is None:
        return repeat(state, text(_why_unreadable(question, typed)))
    return _answer(state, question, value, event)


def _why_unreadable(question: q.Question, typed: str) -> str:
    if question.invalid == "error.pain_scale" and parse.number_out_of_range(typed, 0, 10):
        return "error.out_of_range"
    return question.invalid


def _answer(state: State, question: q.Question, value: object, event: Event) -> Step:
    flow = question.name.split(".", 1)[0]
    if flow == "delete":
        return commands.confirm_delete(state, value)
    if state.profile is None and flow != "onboard":
        return onboarding.begin(state)
    return _FLOWS[flow](state, question, value, event)


_FLOWS: dict[str, Answer] = {
    "onboard": onboarding.answer,
    "checkin": checkin.answer,
    "log": logbook.answer,
    "settings": settings_flow.answer,
}
