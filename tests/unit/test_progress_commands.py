"""/progress, /report, /pause and /resume in the pure core: what the runner reads beside the
chart, the kind sentence before any data, the effects that ask the shell for the files, and
paused days in /status."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.coach import CoachState, Stage
from bot.core.effects import ChartRequested, PauseChanged, ReportRequested
from bot.core.machine import step
from bot.core.state import IDLE, Profile, State
from bot.core.types import ConversationKey, Prompted, Typed
from messages import render
from messages.replies import reply_text

TODAY = date(2026, 3, 8)  # a Sunday
KEY = ConversationKey("test", "c1", "u1")
NOW = datetime(2026, 3, 8, 9, 0, tzinfo=UTC)


def runner(stage: Stage = Stage.WALK_RUN_3, since: int = 5, **coach: object) -> Profile:
    state = replace(CoachState.start(stage, TODAY - timedelta(days=since)), **coach)
    return Profile(
        area="calf_achilles", onset="gradual", feel="tendon", kind="tendon",
        seen_professional=True, baseline=3, timezone="Europe/Berlin", checkin_time="07:00",
        coach=state, last_checkin=TODAY,
    )  # fmt: skip


def pains(*by_days_ago: tuple[int, int]) -> tuple[tuple[date, int], ...]:
    return tuple(sorted((TODAY - timedelta(days=ago), pain) for ago, pain in by_days_ago))


def typed(profile: Profile | None, words: str, at: datetime = NOW):
    return step(State(IDLE, {}, profile), Typed(KEY, at, text=words))


def test_the_summary_says_stage_days_mornings_against_last_week_and_the_next_step():
    week_ago = [(ago, 3) for ago in range(7, 14)]
    profile = runner(morning_pains=pains(*week_ago, (2, 1), (1, 1), (0, 1)))
    done = typed(profile, "/progress")
    (reply,) = done.replies
    said = reply_text(reply)
    assert said.startswith("Walk-run 3 for 6 days. Mornings 1/10 on average, down from 3. Next:")
    assert done.effects == [ChartRequested(TODAY)]
    assert done.state.flow == IDLE


def test_a_runner_with_no_check_in_yet_gets_a_kind_sentence_and_no_chart():
    profile = replace(runner(since=0), last_checkin=None)
    done = typed(profile, "/progress")
    assert reply_text(done.replies[0]) == render("progress.empty")
    assert done.effects == []


def test_one_morning_is_enough_for_a_chart():
    done = typed(runner(since=0, morning_pains=pains((0, 2))), "/progress")
    assert done.effects == [ChartRequested(TODAY)]
    assert "Walk-run 3, day 1. Mornings 2/10 on average this week." in reply_text(done.replies[0])


def test_report_asks_for_the_pdf_even_before_the_first_check_in():
    done = typed(replace(runner(), last_checkin=None), "/report")
    assert done.effects == [ReportRequested(TODAY)]
    assert reply_text(done.replies[0]) == render("report.ready")


def test_pause_is_dated_and_status_shows_the_paused_days():
    paused = typed(runner(morning_pains=pains((4, 2))), "/pause", NOW - timedelta(days=2))
    assert paused.effects == [
        PauseChanged(TODAY - timedelta(days=2), NOW - timedelta(days=2), True)
    ]
    profile = paused.state.profile
    assert profile is not None and profile.paused_since == TODAY - timedelta(days=2)
    assert typed(profile, "/pause").effects == []  # a second /pause keeps the first day
    said = reply_text(typed(profile, "/status").replies[0])
    assert "Check-ins paused since Fri 6 Mar: 3 days." in said
    assert "Fri  - paused" in said and "Sun  - paused" in said and "Thu  - missed" in said
    assert "Check-ins paused since Fri 6 Mar." in reply_text(typed(profile, "/progress").replies[0])
    resumed = typed(profile, "/resume")
    assert resumed.effects == [PauseChanged(TODAY, NOW, False)]
    assert resumed.state.profile is not None and resumed.state.profile.paused_since is None


def test_the_weekly_note_carries_the_chart_for_a_runner_with_history():
    profile = runner(morning_pains=pains((1, 2)))
    done = step(State(IDLE, {}, profile), Prompted(KEY, NOW, prompt="weekly"))
    assert done.effects == [ChartRequested(TODAY)]
    note, chart = done.replies
    assert note.buttons and chart.lines[0].key.startswith("progress.summary.")
    fresh = replace(runner(since=0), last_checkin=None)
    quiet = step(State(IDLE, {}, fresh), Prompted(KEY, NOW, prompt="weekly"))
    assert quiet.effects == [] and len(quiet.replies) == 1
