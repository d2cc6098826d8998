"""Onboarding: consent, the injury (where, how it started, what changed before, what it feels
like, whether anyone has looked at it, whether it hurts in daily life), a baseline, the goal, when
to check in, what cross-training is possible, and the red-flag screen (rule 15) before the first
plan. Answers collect in the conversation data; the profile is created only at the end."""

from __future__ import annotations

import re
from datetime import datetime

from bot.core import coaching, zones
from bot.core import questions as q
from bot.core.effects import StageChanged
from bot.core.state import IDLE, NEW, Profile, State
from bot.core.turn import Step, ask, choose, moved_to, screen_signs
from bot.core.types import Event, Reply
from bot.text import Text, text

# Where bone stress injuries are common, "not sure" is treated as bone: the strictest pain
# limit (0/10) and a clinician's clearance before running. Elsewhere "not sure" gets the 3/10
# limit of `other`, stricter than a tendon's 5/10.
_BONE_PRONE_AREAS = frozenset({"shin", "foot_heel", "hip_groin"})

# "back", "go back", "oops", "wait, I meant tendon": the previous question again, answered by
# whatever follows the words when it can be read there.
_BACK = re.compile(
    r"^(?:(?:no,? )?wait,? )?(?:go back|back|previous|undo|oops|sorry|"
    r"(?:no,? |sorry,? |oops,? )?i meant|actually)\b[\s,:.!-]*(?P<rest>.*)$"
)


def coach_kind(area: str, feel: str) -> str:
    if feel == "bone" or (feel == "unsure" and area in _BONE_PRONE_AREAS):
        return "bone"
    return "tendon" if feel == "tendon" else "other"


def begin(state: State) -> Step:
    if state.profile is not None:  # never start over on top of a runner's recovery
        return Step(
            state.at(IDLE),
            [Reply((text("start.welcome_back", stage=coaching.stage_name(state.profile)),))],
            [],
        )
    return Step(State(q.CONSENT.name, {}, None), [ask(q.CONSENT, text("onboard.welcome"))], [])


def answer(state: State, question: q.Question, value: object, event: Event) -> Step:
    if question is q.CONSENT and value == "no":
        return Step(State(NEW), [Reply((text("onboard.declined"),))], [])
    if question is q.CROSS:
        return choose(state, q.CROSS, value, key="cross", finish=_to_screen)
    if question is q.ONBOARD_RED_FLAGS:
        return screen_signs(
            state, q.ONBOARD_RED_FLAGS, value, lambda done: _finish(done, event.now)
        )
    after = q.after(question) or q.ONBOARD_RED_FLAGS  # the screen, last, is answered above
    return moved_to(state, after, *_comment(question, value, event), **{question.key: value})


def back(state: State, typed: str, event: Event) -> Step | None:
    """The previous question, when the runner asks for it; None when `typed` is not that."""
    question = q.ALL.get(state.flow)
    match = _BACK.match(re.sub(r"\s+", " ", typed.strip().lower()).replace("\u2019", "'"))
    if question is None or question.flow is not q.Flow.ONBOARD or match is None:
        return None
    previous = q.before(question)
    if previous is None:
        return None  # consent: there is nothing before it
    rest = match.group("rest").strip()
    earlier = {k: v for k, v in state.data.items() if k != previous.key}
    moved = State(previous.name, earlier, None)
    value = previous.from_text(rest) if rest and not previous.multi else None
    if value is not None and previous is not q.CONSENT:
        return answer(moved, previous, value, event)
    picked = state.data.get(previous.key, ()) if previous.multi else ()
    return Step(moved, [ask(previous, text("onboard.back"), picked=picked)], [])


def _comment(question: q.Question, value: object, event: Event) -> tuple[Text, ...]:
    """What a fellow runner would say back before the next question."""
    if question is q.CONSENT:
        return (text("onboard.mindset"),)
    if question is q.CAUSE and value != "unsure":
        return (text("onboard.cause_noted", cause=text(f"button.cause.{value}", mark="")),)
    if question is q.FEEL and value == "unsure":
        return (text("onboard.feel_unsure"),)
    if question is q.SEEN_PRO:
        return (text("onboard.seen_pro.yes" if value == "yes" else "onboard.seen_pro.no"),)
    if question is q.TIMEZONE:
        local = event.now.astimezone(zones.zone(str(value)))
        return (text("onboard.timezone_ok", zone=value, local_time=local.strftime("%H:%M")),)
    return ()


def _to_screen(state: State) -> Step:
    """Rule 15: the red-flag screen before the first plan, with any sign named during
    onboarding already ticked for the runner to confirm."""
    heard = sorted(state.data.get("heard", ()))
    moved = State(q.ONBOARD_RED_FLAGS.name, {**state.data, "red_flags": heard}, None)
    lead = text("checkin.red_flags_confirm") if heard else text("onboard.screen_why")
    return Step(moved, [ask(q.ONBOARD_RED_FLAGS, lead, picked=heard)], [])


def _goal(value: object) -> str | None:
    return None if value in (None, "skip") else str(value)


def _finish(state: State, now: datetime) -> Step:
    data = state.data
    profile = Profile(
        area=str(data["area"]),
        onset=str(data["onset"]),
        feel=str(data["feel"]),
        kind=coach_kind(str(data["area"]), str(data["feel"])),
        seen_professional=data["seen_pro"] == "yes",
        baseline=int(str(data["baseline"])),
        timezone=str(data["timezone"]),
        checkin_time=str(data["checkin_time"]),
        cross_training=frozenset(data.get("cross", ())),
        cause=str(data["cause"]),
        goal=_goal(data.get("goal")),
    )
    today = zones.local_date(profile.timezone, now)
    profile, verdict_lines = coaching.onboarding_screen(
        profile.with_(coach=coaching.start(today)),
        daily_activity_pain=data.get("daily_pain") == "yes",
        red_flags=frozenset(data.get("red_flags", ())),
        today=today,
    )
    started = StageChanged(today, now, "", coaching.stage_of(profile).value, "start", ())
    lines = (
        text("onboard.done", time=profile.checkin_time, zone=profile.timezone),
        *verdict_lines,
        *coaching.plan(profile, today),
    )
    return Step(State(IDLE, {}, profile), [Reply(lines)], [started])
