"""What the runner reads, day after day: varied stock lines, counts that are counted, only what
is true today, the session named as logged, plans that fit a referral and the likely cause."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta

import pytest

import messages
from bot.coach import (
    CoachState,
    Decision,
    Injury,
    Kind,
    Morning,
    Session,
    Stage,
    Verdict,
    check_in,
    decide_day,
    explain,
    log_session,
    onboarding_screen,
    plan_for,
    report_signs,
)
from bot.coach.areas import AREAS
from bot.coach.model import CAUSES
from bot.text import Text

DAY = date(2026, 3, 2)
ALL_CROSS = frozenset({"swim", "bike", "yoga", "elliptical"})
KNEE = Injury("knee", Kind.OTHER)
SHIN_BONE = Injury("shin", Kind.BONE)
STOCK = ("coach.plan.sleep", "coach.plan.food", "coach.plan.alcohol.", "coach.plan.mind.")
ENCOURAGEMENT = ("coach.explain.today.", "coach.decision.", "coach.plan.strength.intro")


def rendered(lines: tuple[Text, ...]) -> list[str]:
    return [messages.render(t.key, t.params) for t in lines]


def said(lines: tuple[Text, ...]) -> str:
    return "\n".join(rendered(lines))


def every_state() -> list[CoachState]:
    states = [CoachState.start(stage, DAY) for stage in Stage]
    states += [replace(s, standing=Decision.REFER, standing_rules=(2,)) for s in states]
    states += [replace(states[0], standing=Decision.REFER, standing_rules=(15,))]
    states += [replace(states[3], standing=Decision.URGENT, standing_rules=(1,))]
    states += [replace(states[4], step_back_on=DAY), replace(states[4], last_run_on=DAY)]
    return states


def every_plan_line(day: date) -> list[Text]:
    lines: list[Text] = []
    for state, area, kind, cause in itertools.product(
        every_state(), AREAS, list(Kind), [None, *sorted(CAUSES)]
    ):
        lines += plan_for(state, Injury(area, kind, cause=cause), ALL_CROSS, day).lines
    return lines


# --- stock lines vary, day to day and within a message ----------------------------------------


def test_every_line_a_daily_plan_repeats_has_at_least_five_variants() -> None:
    keys = {line.key for line in every_plan_line(DAY) if "variant" in line.params}
    keys |= {k for k in messages.CATALOG if k.startswith(STOCK + ENCOURAGEMENT)}
    short = sorted(k for k in keys if len(messages.CATALOG[k]) < 5)
    assert keys and not short


@pytest.mark.parametrize("offset", range(7))
def test_no_varied_line_is_the_same_two_days_running(offset: int) -> None:
    today = DAY + timedelta(offset)
    for state, area, kind in itertools.product(every_state(), AREAS, list(Kind)):
        injury = Injury(area, kind, cause="hills")
        first = plan_for(state, injury, ALL_CROSS, today).lines
        second = plan_for(state, injury, ALL_CROSS, today + timedelta(1)).lines
        varied = {messages.render(t.key, t.params) for t in first if "variant" in t.params}
        next_day = {messages.render(t.key, t.params) for t in second if "variant" in t.params}
        assert not varied & next_day


def test_variant_picks_differ_on_consecutive_days_for_every_key() -> None:
    for key, template in messages.CATALOG.items():
        if not key.startswith("coach.") or not isinstance(template, tuple) or len(template) < 2:
            continue
        for day in range(DAY.toordinal(), DAY.toordinal() + 10):
            assert template[day % len(template)] != template[(day + 1) % len(template)], key


def test_no_plan_has_a_line_twice() -> None:
    for day in (DAY, DAY + timedelta(1)):
        for state, area, kind in itertools.product(every_state(), AREAS, list(Kind)):
            lines = rendered(
                plan_for(state, Injury(area, kind, cause="mileage"), ALL_CROSS, day).lines
            )
            assert len(lines) == len(set(lines))


# --- counts are counted -----------------------------------------------------------------------


def test_walk_run_minutes_are_counted() -> None:
    plan = plan_for(CoachState.start(Stage.WALK_RUN_1, DAY), KNEE, ALL_CROSS, DAY)
    line = messages.render(plan.session[0].key, plan.session[0].params)
    assert "1 minute" in line and "5 minutes" in line and "1 minutes" not in line


@pytest.mark.parametrize(("offset", "left"), [(0, "4 days"), (2, "2 days"), (3, "1 day")])
def test_days_left_after_a_step_back_are_counted(offset: int, left: str) -> None:
    state = replace(CoachState.start(Stage.WALK_RUN_2, DAY), step_back_on=DAY)
    plan = plan_for(state, KNEE, ALL_CROSS, DAY + timedelta(offset))
    line = messages.render(plan.session[0].key, plan.session[0].params)
    assert left in line and "(s)" not in line
    if left == "1 day":
        assert "1 days" not in line


def test_no_coach_sentence_says_day_s() -> None:
    for key, template in messages.CATALOG.items():
        for variant in template if isinstance(template, tuple) else (template,):
            assert "(s)" not in variant, key


# --- only what is true today ------------------------------------------------------------------


def replay(stage: Stage, injury: Injury, days: list[tuple[Morning, Session | None]], state=None):  # type: ignore[no-untyped-def]
    state = state or CoachState.start(stage, days[0][0].date)
    out: list[tuple[Verdict, Morning, Session | None]] = []
    for morning, session in days:
        state, verdict = decide_day(state, injury, 0, morning, session)
        out.append((verdict, morning, session))
    return state, out


def test_a_standing_referral_says_since_when_and_why_not_the_old_signs_again() -> None:
    flagged = Morning(DAY, 1, red_flags=frozenset({"night_pain"}))
    _, days = replay(
        Stage.WALK_RUN_2, KNEE, [(flagged, None), (Morning(DAY + timedelta(2), 0), None)]
    )
    first = said(explain(days[0][0], KNEE, days[0][1], None))
    later = said(explain(days[1][0], KNEE, days[1][1], None))
    assert "night" in first and "Signs like this" in first
    assert "2 March" in later and "warning signs you told me about" in later
    assert "Signs like this" not in later and "wakes you" not in later
    assert "clinician" in later and "physiotherapist" in later


def test_an_onboarding_referral_for_an_unseen_bone_explains_itself_then_stands() -> None:
    state, verdict = onboarding_screen(
        CoachState.start(Stage.PROTECT, DAY),
        SHIN_BONE,
        seen_by_professional=False,
        daily_activity_pain=True,
        red_flags=frozenset(),
        today=DAY,
    )
    first = said(explain(verdict, SHIN_BONE, None, None))
    assert "bone injury that hurts when you walk and has not been looked at" in first
    assert "before any more running" in first and "No morning check-in" not in first
    nxt = Morning(DAY + timedelta(1), 1)
    _, later = check_in(state, SHIN_BONE, 1, nxt)
    text_ = said(explain(later, SHIN_BONE, nxt, None))
    assert "2 March" in text_ and "had not been looked at" in text_
    assert "hurts when you walk and has not been looked at" not in text_


def test_signs_named_in_a_message_are_explained_like_a_check_in() -> None:
    state, _ = check_in(CoachState.start(Stage.WALK_RUN_3, DAY), KNEE, 0, Morning(DAY, 0))
    _, verdict = report_signs(state, KNEE, 0, DAY, frozenset({"numbness"}))
    text_ = said(explain(verdict, KNEE, None, None))
    assert "numbness" in text_ and "physiotherapist" in text_ and "few days" in text_


def test_the_moving_baseline_is_named_as_the_usual_morning() -> None:
    state = CoachState.start(Stage.WALK_RUN_2, DAY)
    for i in range(4):
        state, _ = check_in(state, KNEE, 3, Morning(DAY + timedelta(i), 1))
    for offset in (4, 5):  # two different wordings
        m = Morning(DAY + timedelta(offset), 2)
        state, verdict = check_in(state, KNEE, 3, m)
        text_ = said(explain(verdict, KNEE, m, None))
        assert verdict.baseline_moved and verdict.baseline == 1
        assert "usual morning" in text_ and "1/10" in text_ and "3/10" not in text_


def test_an_over_plan_run_says_what_was_over_and_why_it_matters() -> None:
    state, _ = check_in(CoachState.start(Stage.WALK_RUN_1, DAY), KNEE, 0, Morning(DAY, 0))
    long_run = Session("run", 40, 0, activity="walk_run")
    _, verdict = log_session(state, KNEE, 0, DAY, long_run)
    text_ = said(explain(verdict, KNEE, None, long_run))
    assert "40 minutes" in text_ and "the plan was 30 minutes" in text_
    assert "walk-run 1" in text_ and "does not count towards moving up" in text_
    assert "Thanks for" in text_ and "should not" not in text_


def test_a_session_is_named_as_logged() -> None:
    state, _ = check_in(CoachState.start(Stage.WALK, DAY), KNEE, 0, Morning(DAY, 0))
    ride = Session("cross", 30, 0, activity="bike")
    _, verdict = log_session(state, KNEE, 0, DAY, ride)
    assert "30-minute bike ride" in said(explain(verdict, KNEE, None, ride))


# --- plans that fit a referral ----------------------------------------------------------------

IMPACT_OR_CALF = ("calf", "hop", "step_down", "single_leg", "wall_sit", "tibialis")


def test_a_referred_bone_is_offloaded_and_told_how_soon() -> None:
    for rules, soon in (((15,), "before any more running"), ((2,), "this week")):
        state = replace(
            CoachState.start(Stage.WALK, DAY), standing=Decision.REFER, standing_rules=rules
        )
        plan = plan_for(state, SHIN_BONE, ALL_CROSS, DAY)
        assert not plan.running_allowed
        assert {t.key.rsplit(".", 1)[1] for t in plan.active_rest} <= {"swim", "bike"}
        assert not [t.key for t in plan.strength if any(w in t.key for w in IMPACT_OR_CALF)]
        assert "coach.plan.strength.push_up" in [t.key for t in plan.strength]
        session = said(plan.session).lower()
        assert "no calf raises" in session or "no calf" in session
        assert soon in session


def test_a_referred_tendon_keeps_its_pain_free_strength_and_cross_training() -> None:
    achilles = Injury("calf_achilles", Kind.TENDON)
    state = replace(
        CoachState.start(Stage.WALK_RUN_3, DAY), standing=Decision.REFER, standing_rules=(2,)
    )
    plan = plan_for(state, achilles, ALL_CROSS, DAY)
    assert len(plan.strength) >= 4 and len(plan.active_rest) == 2
    assert "coach.plan.strength.calf_hold" in [t.key for t in plan.strength]  # isometric, early
    assert (
        "this week" in said(plan.session)
        or "few days" in said(plan.session)
        or ("within days" in said(plan.session))
    )


def test_urgent_is_care_today_and_nothing_else() -> None:
    state = replace(CoachState.start(Stage.WALK, DAY), standing=Decision.URGENT)
    plan = plan_for(state, KNEE, ALL_CROSS, DAY)
    assert len(plan.lines) == 1 and "today" in said(plan.lines)


# --- strength targets the likely cause --------------------------------------------------------


@pytest.mark.parametrize(
    ("area", "stage", "cause", "first", "word"),
    [
        ("knee", Stage.WALK_RUN_2, "hills", "eccentric_calf_raise", "hills"),
        ("shin", Stage.PROTECT, "hills", "calf_hold", "hills"),
        ("knee", Stage.WALK_RUN_2, "speed", "hamstring_slider_curl", "speed"),
        ("it_band", Stage.PROTECT, "mileage", "clamshell", "mileage"),
        ("calf_achilles", Stage.CONTINUOUS, "shoes", "single_leg_balance", "shoes"),
    ],
)
def test_strength_puts_the_likely_cause_first_and_says_why(
    area: str, stage: Stage, cause: str, first: str, word: str
) -> None:
    plan = plan_for(
        CoachState.start(stage, DAY), Injury(area, Kind.OTHER, cause=cause), ALL_CROSS, DAY
    )
    keys = [t.key for t in plan.strength]
    assert keys[1] == f"coach.plan.cause.{cause}"
    assert keys[2] == f"coach.plan.strength.{first}"
    assert len(keys) == len(set(keys)) and 3 <= len(keys) - 2 <= 5
    for offset in range(5):  # every variant names the cause
        later = plan_for(
            CoachState.start(stage, DAY),
            Injury(area, Kind.OTHER, cause=cause),
            ALL_CROSS,
            DAY + timedelta(offset),
        )
        assert word in said(later.strength[1:2]).lower()


def test_a_cause_already_in_the_list_gets_an_extra_set_not_a_duplicate() -> None:
    plain = plan_for(
        CoachState.start(Stage.PROTECT, DAY), Injury("it_band", Kind.OTHER), ALL_CROSS, DAY
    )
    caused = plan_for(
        CoachState.start(Stage.PROTECT, DAY),
        Injury("it_band", Kind.OTHER, cause="mileage"),
        ALL_CROSS,
        DAY,
    )
    sets = {t.key: t.params["sets"] for t in plain.strength if "sets" in t.params}
    extra = {t.key: t.params["sets"] for t in caused.strength if "sets" in t.params}
    assert extra["coach.plan.strength.clamshell"] == sets["coach.plan.strength.clamshell"] + 1
    assert set(extra) == set(sets)


@pytest.mark.parametrize("cause", [None, "other"])
def test_no_cause_sentence_without_a_cause(cause: str | None) -> None:
    plan = plan_for(
        CoachState.start(Stage.WALK, DAY), Injury("knee", Kind.OTHER, cause=cause), ALL_CROSS, DAY
    )
    assert not [t for t in plan.strength if t.key.startswith("coach.plan.cause")]
