"""`/status`: the stage and days at it, the last 7 mornings as a small chart, a standing referral
with its date, and what the next step needs, in under 700 characters."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.coach import CoachState, Decision, Stage
from bot.core import status
from bot.core.machine import step
from bot.core.state import IDLE, Profile, State
from bot.core.types import ConversationKey, Typed
from messages.replies import reply_text

TODAY = date(2026, 3, 8)  # a Sunday
KEY = ConversationKey("test", "c1", "u1")
NOW = datetime(2026, 3, 8, 9, 0, tzinfo=UTC)


def runner(kind: str = "tendon", stage: Stage = Stage.PROTECT, **coach: object) -> Profile:
    state = replace(CoachState.start(stage, date(2026, 2, 20)), **coach)
    return Profile(
        area="calf_achilles", onset="gradual", feel=kind, kind=kind, seen_professional=True,
        baseline=1, timezone="Europe/Berlin", checkin_time="07:00", coach=state,
        last_checkin=TODAY - timedelta(days=1),
    )  # fmt: skip


def shown(profile: Profile) -> str:
    return reply_text(step(State(IDLE, {}, profile), Typed(KEY, NOW, text="/status")).replies[0])


def pains(*by_days_ago: tuple[int, int]) -> tuple[tuple[date, int], ...]:
    return tuple(sorted((TODAY - timedelta(days=ago), pain) for ago, pain in by_days_ago))


def test_the_chart_shows_each_morning_missed_days_and_today_not_yet():
    said = shown(runner(morning_pains=pains((6, 3), (5, 2), (3, 0), (1, 1))))
    chart = said[said.index("Last 7 mornings") :].splitlines()[1:8]
    assert chart == [
        "Mon  3 ▇▇▇",
        "Tue  2 ▇▇",
        "Wed  - missed",
        "Thu  0 ",
        "Fri  - missed",
        "Sat  1 ▇",
        "Sun  - not yet",
    ]


def test_days_before_the_runner_started_are_not_shown_as_missed():
    profile = runner(stage_since=TODAY - timedelta(days=2), morning_pains=pains((1, 2)))
    said = shown(profile)
    chart = said.split("Your mornings so far (pain 0-10):\n", 1)[1].splitlines()[:3]
    assert chart == ["Sat  2 ▇▇", "Sun  - not yet", ""]  # the onboarding Friday asked nothing
    assert "missed" not in said


def test_stage_and_days_at_it():
    said = shown(runner(stage=Stage.WALK_RUN_3, stage_since=TODAY - timedelta(days=4)))
    assert "Stage: walk-run 3 (walk 3 / jog 3), day 5 at this stage." in said


def test_a_standing_referral_says_since_when_and_that_clearance_is_next():
    said = shown(runner(standing=Decision.REFER, standing_since=date(2026, 3, 3)))
    assert "Seeing a clinician: stands since Tue 3 Mar." in said
    assert "Next step needs: a clinician's clearance." in said


@pytest.mark.parametrize(
    ("profile", "needs"),
    [
        (runner(stage=Stage.WALK_RUN_3), "2 more pain-free runs at walk-run 3 (walk 3 / jog 3)"),
        (runner(stage=Stage.WALK_RUN_3, compliant_sessions=1), "1 more pain-free run at walk-run"),
        (runner(stage=Stage.WALK_RUN_3, compliant_sessions=2), "a good morning tomorrow"),
        (runner(protect_streak=1), "2 more good days in a row"),
        (runner(protect_streak=2), "1 more good day (no pain in daily life"),
        (runner(stage=Stage.WALK), "2 more mornings with both readiness tests pain-free"),
        (runner("bone", Stage.WALK), "a clinician's clearance, and 2 mornings"),
        (runner(stage=Stage.WALK_RUN_2, step_back_on=TODAY - timedelta(days=1)),
         "3 more days without running, then walk-run 2"),
        (runner(stage=Stage.REBUILD, compliant_sessions=4), "2 more pain-free runs, spread over"),
        (runner(stage=Stage.RECOVERED), "nothing: you're back"),
    ],
)  # fmt: skip
def test_what_the_next_step_needs(profile: Profile, needs: str):
    assert f"Next step needs: {needs}" in shown(profile)


def test_status_fits_a_phone_screen():
    busy = runner(
        "bone", Stage.WALK, standing=Decision.URGENT, standing_since=date(2026, 3, 1),
        morning_pains=pains(*((d, 10) for d in range(7))),
    )  # fmt: skip
    assert len(shown(busy.with_(paused=True))) < 700


def test_the_next_step_helper_is_the_same_sentence_the_faq_uses():
    profile = runner(stage=Stage.WALK_RUN_1)
    assert status.next_step(profile, TODAY).key == "status.needs.runs.many"
