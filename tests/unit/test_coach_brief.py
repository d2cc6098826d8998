"""The short reply after a check-in, and what every message the coach writes must respect, over
random histories: exactly three lines within 600 characters, every template filled, no line
twice in one message."""

from __future__ import annotations

import string
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import messages
from bot.coach import (
    CoachState,
    Decision,
    Injury,
    Kind,
    Morning,
    Plan,
    Session,
    Stage,
    Verdict,
    brief,
    check_in,
    explain,
    log_session,
    onboarding_screen,
    plan_for,
    report_signs,
)
from bot.coach.areas import AREAS
from bot.coach.model import CAUSES, CROSS_TRAINING, RED_FLAGS, URGENT_SIGNS
from bot.text import Text

START = date(2026, 1, 5)
FLAGS = sorted(RED_FLAGS | URGENT_SIGNS)
BRIEF_LIMIT = 600

flags = st.one_of(
    st.just(frozenset[str]()),
    st.just(frozenset[str]()),
    st.just(frozenset[str]()),
    st.frozensets(st.sampled_from(FLAGS), min_size=1, max_size=3),
)
sessions = st.one_of(
    st.none(),
    st.builds(
        Session,
        kind=st.sampled_from(["run", "run", "walk", "cross", "strength"]),
        minutes=st.integers(0, 120),
        pain_during=st.integers(0, 10),
        activity=st.sampled_from([None, "swim", "bike", "yoga", "elliptical", "walk_run"]),
    ),
)
days = st.fixed_dictionaries(
    {
        "gap": st.sampled_from([1, 1, 1, 1, 2, 5]),
        "pain": st.integers(0, 8),
        "swelling": st.sampled_from([False, False, True]),
        "daily": st.sampled_from([False, False, False, True]),
        "flags": flags,
        "walk_test": st.sampled_from([None, "pain_free", "pain_free", "pain"]),
        "hop_test": st.sampled_from([None, "pass", "pass", "pain"]),
        "cleared": st.sampled_from([False, False, False, True]),
        "session": sessions,
        "reported": st.one_of(st.none(), st.none(), st.none(), flags),
    }
)
runners = st.fixed_dictionaries(
    {
        "stage": st.sampled_from(list(Stage)),
        "injury": st.builds(
            Injury,
            area=st.sampled_from([*AREAS, "achilles"]),
            kind=st.sampled_from(list(Kind)),
            cleared_by_clinician=st.booleans(),
            cause=st.sampled_from([None, *sorted(CAUSES)]),
        ),
        "baseline": st.integers(0, 4),
        "cross": st.frozensets(st.sampled_from(sorted(CROSS_TRAINING))),
        "onboarding": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {
                    "seen_by_professional": st.booleans(),
                    "daily_activity_pain": st.booleans(),
                    "red_flags": flags,
                }
            ),
        ),
        "days": st.lists(days, min_size=1, max_size=25),
    }
)


def render(lines: tuple[Text, ...]) -> list[str]:
    rendered = []
    for line in lines:
        template = messages.CATALOG[line.key]
        for variant in template if isinstance(template, tuple) else (template,):
            fields = {name for _, name, _, _ in string.Formatter().parse(variant) if name}
            assert fields <= set(line.params), f"{line.key} misses {fields - set(line.params)}"
        rendered.append(messages.render(line.key, line.params))
    return rendered


def replies(
    runner: dict[str, Any],
) -> Iterator[tuple[Verdict, Morning | None, Session | None, Plan, Injury]]:
    """Every verdict the runner's history produces, with the plan shown beside it."""
    injury: Injury = runner["injury"]
    baseline: int = runner["baseline"]
    state = CoachState.start(runner["stage"], START)
    if runner["onboarding"] is not None:
        state, verdict = onboarding_screen(state, injury, today=START, **runner["onboarding"])
        yield verdict, None, None, plan_for(state, injury, runner["cross"], START), injury
    on = START - timedelta(days=1)
    for raw in runner["days"]:
        on += timedelta(days=raw["gap"])
        morning = Morning(
            date=on,
            morning_pain=raw["pain"],
            swelling=raw["swelling"],
            daily_activity_pain=raw["daily"],
            red_flags=raw["flags"],
            walk_test=raw["walk_test"],
            hop_test=raw["hop_test"],
            cleared_by_clinician=raw["cleared"],
        )
        state, verdict = check_in(state, injury, baseline, morning)
        yield verdict, morning, None, plan_for(state, injury, runner["cross"], on), injury
        if raw["session"] is not None:
            state, verdict = log_session(state, injury, baseline, on, raw["session"])
            plan = plan_for(state, injury, runner["cross"], on)
            yield verdict, None, raw["session"], plan, injury
        if raw["reported"] is not None:
            state, verdict = report_signs(state, injury, baseline, on, raw["reported"])
            yield verdict, None, None, plan_for(state, injury, runner["cross"], on), injury


@settings(max_examples=250, deadline=None)
@given(runners)
def test_the_short_reply_is_three_lines_within_600_characters(runner: dict[str, Any]) -> None:
    for verdict, morning, _, plan, injury in replies(runner):
        lines = render(brief(verdict, injury, morning, plan))
        assert len(lines) == 3 and all(line.strip() for line in lines)
        assert len("\n".join(lines)) <= BRIEF_LIMIT, lines
        assert len(set(lines)) == 3


@settings(max_examples=150, deadline=None)
@given(runners)
def test_the_full_reply_renders_and_never_repeats_a_line(runner: dict[str, Any]) -> None:
    for verdict, morning, session, plan, injury in replies(runner):
        full = explain(verdict, injury, morning, session)
        if verdict.decision != Decision.URGENT:
            full += plan.lines
        lines = render(full)
        assert len(lines) == len(set(lines)), lines


def reply(verdict: Verdict, injury: Injury, morning: Morning | None, plan: Plan) -> str:
    return "\n".join(render(brief(verdict, injury, morning, plan)))


def test_the_short_reply_after_a_refer_says_how_soon_and_keeps_what_is_safe() -> None:
    shin = Injury("shin", Kind.BONE)
    state, verdict = onboarding_screen(
        CoachState.start(Stage.PROTECT, START),
        shin,
        seen_by_professional=False,
        daily_activity_pain=True,
        red_flags=frozenset(),
        today=START,
    )
    said = reply(verdict, shin, None, plan_for(state, shin, frozenset({"swim"}), START))
    assert said.splitlines()[0].startswith(("Time to", "This needs", "I want", "This one", "Pl"))
    assert "bone" in said and "now, before any more running" in said and "no hopping" in said


def test_the_short_reply_names_the_one_reason_that_matters() -> None:
    knee = Injury("knee", Kind.OTHER)
    state = CoachState.start(Stage.WALK_RUN_3, START)
    state, _ = check_in(state, knee, 0, Morning(START, 0))
    state, _ = log_session(state, knee, 0, START, Session("run", 30, 1))
    sore = Morning(START + timedelta(1), 3)
    state, verdict = check_in(state, knee, 0, sore)
    plan = plan_for(state, knee, frozenset(), sore.date)
    decision, reason, today = brief(verdict, knee, sore, plan)
    assert decision.key == "coach.decision.step_back"
    assert verdict.decision == Decision.STEP_BACK
    assert reason.key == "coach.explain.rule4"  # the morning after, not the stage count
    assert today.key == "coach.plan.session.rest_days"
    assert len(reply(verdict, knee, sore, plan)) <= BRIEF_LIMIT
