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
    faq,
    leaving,
    logbook,
    multi,
    onboarding,
    parse,
    prompts,
    screen,
    settings_flow,
    signs,
    small_talk,
    zones,
)
from bot.core import (
    questions as q,
)
from bot.core.crisis import is_crisis
from bot.core.slash import is_command
from bot.core.state import IDLE, Runner, State
from bot.core.turn import Step, repeat, say, unchanged
from bot.core.types import MAX_TEXT_CHARS, ChatKind, Event, Pressed, Prompted, Reply
from bot.text import Text, text

Answer = Callable[[Runner, q.Question, object, Event], Step]


def step(state: State, event: Event) -> Step:
    result = _step(state, event)
    if event.chat_kind == ChatKind.GROUP:
        # Health data: in a group, everything about the runner is said to the runner alone.
        # Only replies addressed elsewhere on purpose (`to`) are exempt.
        replies = [r if r.private or r.to else replace(r, private=True) for r in result.replies]
        return Step(result.state, replies, result.effects)
    return result


def _step(state: State, event: Event) -> Step:
    if isinstance(event, Prompted):
        return prompts.run(state, event)
    if isinstance(event, Pressed):
        return _button(state, event, event.payload)
    typed = event.text
    if is_crisis(typed):
        # Before anything else, even the length limit: outside the coaching flow, and the
        # state (with any open question) is left as it was.
        return say(state, text("crisis.help"))
    if len(typed) > MAX_TEXT_CHARS:
        return repeat(state, text("error.too_long", limit=MAX_TEXT_CHARS))
    if not typed.strip():
        return repeat(state, text("error.empty"))
    if is_command(typed):
        name, argument = commands.parse(typed)
        return _listening(
            state, event, argument, lambda s: commands.run(s, event, name, argument), command=True
        )
    return _listening(state, event, typed, lambda s: _typed(s, event, typed))


def _listening(
    state: State,
    event: Event,
    typed: str,
    respond: Callable[[State], Step],
    *,
    command: bool = False,
) -> Step:
    """Red-flag words anywhere are never lost: the signs named in `typed` ride along in the
    flow's data (a check-in or onboarding screens them at its end, already ticked); when the
    flow ends without a screen, or nothing was open, the standalone screen asks now."""
    named = signs.heard(typed) if state.flow not in q.RED_FLAG_SCREENS else frozenset()
    if not named and not state.data.get("heard"):
        return respond(state)
    if named and event.chat_kind == ChatKind.GROUP and state.flow not in q.ALL:
        return respond(state)  # group chatter is not addressed to us
    heard = sorted({*state.data.get("heard", ()), *named})
    told_a_session = command or logbook.is_report(typed)  # logged first, then the screen
    if state.profile is not None and state.flow not in q.ALL and not told_a_session:
        return screen.open_screen(state, heard)  # nothing open: the screen comes first
    result = respond(state.with_data(heard=heard))
    after = result.state
    if after.flow in q.RED_FLAG_SCREENS:
        return result  # the flow's own screen has them
    if after.flow in q.ALL:
        # Still answering: keep them for the end, and say they were heard.
        kept = State(after.flow, {**after.data, "heard": heard}, after.profile)
        noted = [Reply((text("signs.noted"),))] if named and after.flow == state.flow else []
        return Step(kept, [*noted, *result.replies], result.effects)
    if after.profile is None:
        return result  # declined or deleted: nobody to screen
    return screen.open_screen(after, heard, result.replies, result.effects)


def _button(state: State, event: Event, payload: str) -> Step:
    if payload in commands.GLOBAL_PAYLOADS:
        return commands.press(state, event, payload)  # read-only, valid in any state
    question = q.ALL.get(state.flow)
    value = question.from_payload(payload) if question else None
    if question is None or value is None:
        # A stale keyboard or a forged payload: say so, change nothing, re-ask what is open.
        stale = "error.stale_button" if question else "error.stale_button_idle"
        return repeat(state, text(stale))
    return _answer(state, question, value, event)


def _typed(state: State, event: Event, typed: str) -> Step:
    question = q.ALL.get(state.flow)
    if question is not None and question.name in q.RED_FLAG_SCREENS:
        # On a screen, every way of naming a sign counts, not only the buttons' own words.
        read = question.from_text(typed)
        ticks = read if isinstance(read, multi.Ticks) else multi.Ticks()
        ticks = replace(ticks, add=ticks.add | signs.heard(typed))
        if not ticks:
            return repeat(state, _why_unreadable(question, typed))
        return _answer(state, question, ticks, event)
    if question is not None and leaving.wants_out(typed, question.name):
        return commands.run(state, event, "cancel", "")
    if question is not None and question.flow is q.Flow.ONBOARD:
        went_back = onboarding.back(state, typed, event)
        if went_back is not None:
            return went_back
    if question is None:
        if event.chat_kind == ChatKind.GROUP:
            return unchanged(state)  # group chatter is not addressed to us
        runner = Runner.of(state)
        if runner is None:
            return onboarding.begin(state)
        # A runner with a profile writing in a chat we have not talked in yet is not new.
        if logbook.is_report(typed):
            return logbook.begin(runner, event, typed)  # "did 30 min on the bike, no pain"
        if small_talk.is_thanks(typed):
            return say(state.at(IDLE), text("idle.thanks", variant=event.now.toordinal()))
        if answered := _faq(state, event, typed):
            return say(state.at(IDLE), *answered)
        return say(state.at(IDLE), text("idle.unknown"))
    value = question.from_text(typed)
    if value is None:
        if answered := _faq(state, event, typed):
            return repeat(state, *answered)  # answered, and the open question comes again
        return repeat(state, _why_unreadable(question, typed))
    return _answer(state, question, value, event)


def _faq(state: State, event: Event, typed: str) -> tuple[Text, ...] | None:
    """A question or a feeling rather than an answer: "can I still swim?", "I'm frustrated"."""
    profile = state.profile
    today = zones.local_date(profile.timezone, event.now) if profile else event.now.date()
    return faq.answer(typed, profile, today)


def _why_unreadable(question: q.Question, typed: str) -> Text:
    """A refusal that says what is expected, with the options or an example."""
    if question.invalid == "error.pain_scale" and parse.number_out_of_range(typed, 0, 10):
        return text("error.out_of_range")
    if question.invalid == "error.minutes" and (refused := logbook.duration_refusal(typed)):
        return refused
    if question.invalid == "error.pick_one":
        options = tuple(text(c.label, mark="", value=c.value) for c in question.choices)
        return text("error.pick_one", options=options)
    return text(question.invalid)


def _answer(state: State, question: q.Question, value: object, event: Event) -> Step:
    if question.flow is q.Flow.DELETE:
        return commands.confirm_delete(state, value)
    if question.flow is q.Flow.ONBOARD:
        return onboarding.answer(state, question, value, event)
    runner = Runner.of(state)
    if runner is None:
        return onboarding.begin(state)
    return _FLOWS[question.flow](runner, question, value, event)


# Who takes an answer, by the flow of the question it answers (the questions themselves, in
# order: bot.core.questions.FLOWS). Onboarding and /delete work without a profile (above).
_FLOWS: dict[q.Flow, Answer] = {
    q.Flow.CHECKIN: checkin.answer,
    q.Flow.LOG: logbook.answer,
    q.Flow.SETTINGS: settings_flow.answer,
    q.Flow.SIGNS: screen.answer,
    q.Flow.WEEKLY: prompts.reply,
}
