"""Free text that asks something gets a short, honest answer from the catalog: the words pick the
topic, the runner's injury kind and stage pick the answer. Never a diagnosis, never "yes, run"
to a bone injury that no clinician has cleared."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

import messages
from bot.coach import CoachState, Decision, Stage
from bot.core import faq
from bot.core.machine import step
from bot.core.state import IDLE, Profile, State
from bot.core.types import ConversationKey, Typed

TODAY = date(2026, 3, 4)  # a Wednesday
YESTERDAY = date(2026, 3, 3)
NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
KEY = ConversationKey("test", "c1", "u1")

PHRASES = [
    # (what the runner types, the topic it names)
    ("can I still swim?", "swim"),
    ("is swimming ok", "swim"),
    ("what about aqua jogging", "swim"),
    ("can i cycle", "bike"),
    ("Is the bike OK?", "bike"),
    ("spin class tonight?", "bike"),
    ("can I do yoga", "cross"),
    ("what about the elliptical", "cross"),
    ("can I do my strength work?", "strength"),
    ("should I go to the gym", "strength"),
    ("lifting weights ok?", "strength"),
    ("can I run today?", "run_today"),
    ("Can I go for a run", "run_today"),
    ("is it ok to run", "run_today"),
    ("should i try a jog", "run_today"),
    ("running tomorrow?", "run_today"),
    ("can I walk?", "walk"),
    ("is walking ok", "walk"),
    ("how long will this take?", "how_long"),
    ("when can I run again", "how_long"),
    ("how many weeks until I'm back", "how_long"),
    ("what's the timeline", "how_long"),
    ("what is a clinician?", "clinician"),
    ("should I see a physio", "clinician"),
    ("do I need a doctor", "clinician"),
    ("who should I see", "clinician"),
    ("why am I holding?", "why"),
    ("why am i still on hold", "why"),
    ("why did you step me back", "why"),
    ("why can't I move up", "why"),
    ("I'm frustrated", "frustrated"),
    ("so fed up with this", "frustrated"),
    ("this sucks", "frustrated"),
    ("I'm bored out of my mind", "frustrated"),
    ("scared I'll lose my fitness", "fitness"),
    ("am I losing fitness", "fitness"),
    ("I'm getting so unfit", "fitness"),
    ("my club ran without me", "club"),
    ("everyone is running parkrun and I'm not", "club"),
    ("jealous of everyone on strava", "club"),
    ("is this normal", "normal"),
    ("is it normal that it still hurts", "normal"),
    ("had a bad day", "normal"),
    ("should I ice it", "ice"),
    ("ice or heat?", "ice"),
    ("can I take painkillers", "painkillers"),
    ("is ibuprofen ok", "painkillers"),
    ("can i take anti-inflammatories", "painkillers"),
    ("I'm worried", "scared"),
    ("feeling anxious about it", "scared"),
    ("feeling really down", "low"),
    ("i'm a bit lost without running", "low"),
    ("will it happen again", "again"),
    ("scared of getting injured again", "again"),
    ("my marathon is in 8 weeks", "race"),
    ("should I buy new shoes", "shoes"),
    ("do I need insoles", "shoes"),
    ("should I stretch it", "stretch"),
    ("foam roller?", "stretch"),
    ("I can't sleep", "sleep"),
    ("what should I eat", "food"),
    ("how much protein", "food"),
    ("it hurts at night", "warning"),
    ("the pain wakes me up", "warning"),
    ("I'm limping", "warning"),
    ("my foot feels numb", "warning"),
    ("one spot hurts when I press it", "warning"),
    ("I've missed my period", "warning"),
    ("my calf is swollen and warm", "warning_urgent"),
    ("chest pain when I breathe", "warning_urgent"),
    # Not questions we answer: the caller says what it always said.
    ("thanks!", None),
    ("I hurt myself on a run last month", None),
    ("banana", None),
    ("slow down", None),
]


@pytest.mark.parametrize(("typed", "topic"), PHRASES)
def test_the_words_pick_the_topic(typed: str, topic: str | None) -> None:
    assert faq.topic_of(typed) == topic


def test_there_are_at_least_fifteen_topics_each_with_several_phrasings() -> None:
    covered = {topic for _, topic in PHRASES if topic}
    assert len(covered) >= 15
    assert {t.name for t in faq.TOPICS} == covered


def runner(kind: str = "tendon", stage: Stage = Stage.PROTECT, **coach: object) -> Profile:
    state = replace(CoachState.start(stage, date(2026, 2, 20)), **coach)
    return Profile(
        area="shin" if kind == "bone" else "calf_achilles", onset="gradual", feel=kind,
        kind=kind, seen_professional=False, baseline=1, timezone="Europe/Berlin",
        checkin_time="07:00", coach=state,
    )  # fmt: skip


def keys(lines) -> list[str]:
    return [line.key for line in lines or ()]


@pytest.mark.parametrize(
    ("profile", "first"),
    [
        (runner("bone", Stage.PROTECT), "faq.run.no.bone"),
        (runner("bone", Stage.WALK), "faq.run.no.bone"),
        # Even a bone runner somehow at a running stage hears no until a clinician cleared them.
        (runner("bone", Stage.WALK_RUN_2), "faq.run.no.bone"),
        (runner("bone", Stage.WALK_RUN_2, clearance_reported=True), "faq.run.yes"),
        (runner("tendon", Stage.PROTECT), "faq.run.no.protect"),
        (runner("tendon", Stage.WALK), "faq.run.no.walk"),
        (runner("tendon", Stage.WALK_RUN_3), "faq.run.yes"),
        (runner("tendon", Stage.WALK_RUN_3, last_run_on=YESTERDAY), "faq.run.no.rest_between"),
        (runner("tendon", Stage.WALK_RUN_3, last_run_on=TODAY), "faq.run.no.ran_today"),
        (runner("other", Stage.WALK_RUN_1, step_back_on=YESTERDAY), "faq.run.no.rest_days"),
        (runner("tendon", Stage.WALK_RUN_3, standing=Decision.REFER), "faq.run.no.standing"),
        (None, "faq.run.no_profile"),
    ],
)  # fmt: skip
def test_can_i_run_today_follows_the_plan_and_the_injury(profile, first) -> None:
    said = keys(faq.answer("can I run today?", profile, TODAY))
    assert said[0] == first


def test_a_yes_to_running_names_the_pain_limit_of_the_injury() -> None:
    (line,) = faq.answer("can I run?", runner("other", Stage.WALK_RUN_3), TODAY) or ()
    assert messages.render(line.key, line.params).endswith(
        "3/10 or less during; more than that, stop and walk."
    )


@pytest.mark.parametrize("kind", ["tendon", "bone", "other"])
def test_cross_training_and_strength_answers_depend_on_the_injury(kind: str) -> None:
    for typed, topic in (
        ("can I swim", "swim"),
        ("can I cycle", "bike"),
        ("strength?", "strength"),
    ):
        assert keys(faq.answer(typed, runner(kind), TODAY)) == [f"faq.{topic}.{kind}"]


def test_while_referred_a_bone_runner_keeps_only_non_impact_work() -> None:
    referred = runner("bone", standing=Decision.REFER, standing_since=TODAY)
    said = keys(faq.answer("can I do my strength work", referred, TODAY))
    assert said == ["faq.strength.bone", "faq.while_referred.bone"]
    rendered = messages.render(said[1])
    assert "no hopping" in rendered and "upper body and core" in rendered


@pytest.mark.parametrize(
    ("coach", "reason"),
    [
        ({"standing": Decision.REFER, "standing_since": TODAY}, "faq.why.refer"),
        ({"standing": Decision.URGENT, "standing_since": TODAY}, "faq.why.urgent"),
        ({"day": TODAY, "day_decision": Decision.HOLD, "day_rules": (6,)}, "faq.why.rule6"),
        ({"day": TODAY, "day_decision": Decision.HOLD, "day_rules": (14,)}, "faq.why.rule14"),
        ({"day": TODAY, "day_decision": Decision.HOLD, "day_rules": (11,)}, "faq.why.rule14"),
        ({"day": TODAY, "day_decision": Decision.STEP_BACK, "day_rules": (4,)}, "faq.why.step_back"),  # noqa: E501
        ({}, "faq.why.no_decision"),
    ],
)  # fmt: skip
def test_why_am_i_holding_gives_the_standing_or_last_decision_and_the_next_step(coach, reason):
    said = keys(faq.answer("why am I holding?", runner("tendon", **coach), TODAY))
    assert said[0] == reason and said[-1] == "faq.next"


def test_how_long_is_honest_about_the_fastest_path_and_a_bone_injury() -> None:
    lines = faq.answer("how long will this take?", runner("bone"), TODAY) or ()
    rendered = " ".join(messages.render(t.key, t.params) for t in lines)
    assert "at least 7 weeks" in rendered and "clinician's all-clear" in rendered
    late = faq.answer("how long?", runner("tendon", Stage.REBUILD), TODAY) or ()
    assert "at least 3 weeks" in messages.render(late[0].key, late[0].params)


def test_a_warning_sign_is_answered_alone_and_sends_to_a_clinician() -> None:
    said = keys(faq.answer("it hurts at night, I'm frustrated, can I run?", runner(), TODAY))
    assert said == ["faq.warning"]
    assert "see a clinician" in messages.render("faq.warning")


def test_medicines_are_never_advised() -> None:
    rendered = messages.render("faq.painkillers", {"variant": 0}).lower()
    assert "pharmacist" in rendered and "can't give medical advice" in rendered


def test_two_topics_at_most_and_no_line_twice() -> None:
    said = keys(faq.answer("I'm frustrated and scared, can I swim? can I cycle?", runner(), TODAY))
    assert len(said) <= 3 and len(said) == len(set(said))


def idle(profile: Profile) -> State:
    return State(IDLE, {}, profile)


def test_free_text_when_idle_gets_an_answer_not_i_didnt_catch_that() -> None:
    result = step(idle(runner()), Typed(KEY, NOW, text="can I still swim?"))
    assert keys(result.replies[0].lines) == ["faq.swim.tendon"]
    assert result.state.flow == IDLE


def test_a_question_asked_instead_of_an_answer_is_answered_then_the_question_comes_again():
    state = State("checkin.pain", {"day": TODAY.isoformat()}, runner())
    result = step(state, Typed(KEY, NOW, text="can I take ibuprofen for it?"))
    said = keys(result.replies[0].lines)
    assert said == ["faq.painkillers", "checkin.pain"]
    assert result.state == state  # nothing recorded, the pain question still open


def test_an_answer_is_still_an_answer() -> None:
    state = State("checkin.pain", {"day": TODAY.isoformat()}, runner())
    result = step(state, Typed(KEY, NOW, text="3"))
    assert result.state.flow == "checkin.swelling"


PROFILES = [
    None,
    *(runner(kind, stage) for kind in ("tendon", "bone", "other") for stage in Stage),
    *(
        runner(kind, Stage.WALK_RUN_2, standing=decision, standing_since=TODAY)
        for kind in ("tendon", "bone")
        for decision in (Decision.REFER, Decision.URGENT)
    ),
]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_answer_renders_for_every_runner(profile):
    for typed, _ in PHRASES:
        for line in faq.answer(typed, profile, TODAY) or ():
            rendered = messages.render(line.key, line.params)  # a missing key raises
            assert rendered.strip() and "{" not in rendered


def test_a_profile_without_coach_state_yet_is_answered_from_the_first_stage():
    bare = runner("bone").with_(coach=None)
    for typed in ("can I run today?", "why am I holding?", "how long?"):
        assert faq.answer(typed, bare, TODAY)
    assert keys(faq.answer("can I run today?", bare, TODAY))[0] == "faq.run.no.bone"
