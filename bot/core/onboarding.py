"""Onboarding: consent, the injury, a baseline, when to check in, what cross-training is possible.
Answers collect in the conversation data; the profile is created only at the end."""

from __future__ import annotations

from datetime import datetime

from bot.core import coaching, zones
from bot.core import questions as q
from bot.core.effects import StageChanged
from bot.core.state import IDLE, NEW, Profile, State
from bot.core.text import Text, text
from bot.core.turn import Step, ask, choose, key_of, moved_to
from bot.core.types import Event, Reply

ORDER = (q.CONSENT, q.AREA, q.ONSET, q.FEEL, q.SEEN_PRO, q.BASELINE, q.TIMEZONE,
         q.CHECKIN_TIME, q.CROSS)  # fmt: skip

# Where bone stress injuries are common, "not sure" is treated as bone: the strictest pain
# limit (0/10) and a clinician's clearance before running. Elsewhere "not sure" gets the 3/10
# limit of `other`, stricter than a tendon's 5/10.
_BONE_PRONE_AREAS = frozenset({"shin", "foot_heel", "hip_groin"})


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
        return _cross_training(state, value, event)
    data = {key_of(question): value}
    after = ORDER[ORDER.index(question) + 1]
    return moved_to(state, after, *_comment(question, value, event), **data)


def _comment(question: q.Question, value: object, event: Event) -> tuple[Text, ...]:
    """What a fellow runner would say back before the next question."""
    if question is q.CONSENT:
        return (text("onboard.mindset"),)
    if question is q.FEEL and value == "unsure":
        return (text("onboard.feel_unsure"),)
    if question is q.SEEN_PRO:
        return (text("onboard.seen_pro.yes" if value == "yes" else "onboard.seen_pro.no"),)
    if question is q.TIMEZONE:
        local = event.now.astimezone(zones.zone(str(value)))
        return (text("onboard.timezone_ok", zone=value, local_time=local.strftime("%H:%M")),)
    return ()


def _cross_training(state: State, value: object, event: Event) -> Step:
    return choose(state, q.CROSS, value, key="cross", finish=lambda done: _finish(done, event.now))


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
    )
    today = zones.local_date(profile.timezone, now)
    profile = profile.with_(coach=coaching.start(today))
    started = StageChanged(today, now, "", coaching.stage_of(profile), "start", ())
    lines = (
        text("onboard.done", time=profile.checkin_time, zone=profile.timezone),
        *coaching.plan(profile, today),
    )
    return Step(State(IDLE, {}, profile), [Reply(lines)], [started])
