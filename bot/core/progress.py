"""`/progress` and `/report`: what the core says, and the effect that asks the shell for the file.

The chart and the PDF are drawn by the shell (bot/progress), which reads the whole history from
storage; the core only knows the coach's short memory, enough for the text summary that goes
beside the chart ("Walk-run 3 for 6 days. Mornings 1/10 on average, down from 3. ...") and for
anyone who cannot see the image.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.core import coaching, status, zones
from bot.core.effects import ChartRequested, ReportRequested
from bot.core.state import Profile, Runner
from bot.core.turn import Step, repeat
from bot.core.types import Event, Reply
from bot.text import Text, text

WEEK = 7


def has_history(profile: Profile) -> bool:
    """A chart needs at least one check-in; before that the runner gets a kind sentence."""
    return profile.last_checkin is not None or bool(
        profile.coach is not None and profile.coach.morning_pains
    )


def chart(runner: Runner, event: Event) -> Step:
    """`/progress`: read-only, so an open question stays open (it is asked again after)."""
    profile = runner.profile
    if not has_history(profile):
        return repeat(runner.state, text("progress.empty"))
    today = zones.local_date(profile.timezone, event.now)
    return Step(
        runner.state,
        [Reply(summary(profile, today))],
        [ChartRequested(today)],
    )


def weekly_chart(profile: Profile, today: date) -> tuple[list[Reply], list[ChartRequested]]:
    """The chart that rides along with the weekly note: nothing for a runner with no history."""
    if not has_history(profile):
        return [], []
    return [Reply(summary(profile, today))], [ChartRequested(today)]


def report(runner: Runner, event: Event) -> Step:
    """`/report`: one page for a clinician, even before the first check-in (it then holds the
    injury as told and the stage)."""
    today = zones.local_date(runner.profile.timezone, event.now)
    return Step(runner.state, [Reply((text("report.ready"),))], [ReportRequested(today)])


def summary(profile: Profile, today: date) -> tuple[Text, ...]:
    """Stage and days at it, the mornings of this week against last week, what the next step
    needs, and a pause if there is one: one short paragraph."""
    state = coaching.state_of(profile, today)
    days = (today - state.stage_since).days + 1
    stage = text(f"progress.stage.{state.stage.value}")
    said = [
        text(
            "progress.summary.stage.one" if days == 1 else "progress.summary.stage.many",
            stage=stage,
            days=days,
        )
    ]
    pains = dict(state.morning_pains)
    this_week = _mean(pains, today - timedelta(days=WEEK - 1), today)
    last_week = _mean(pains, today - timedelta(days=2 * WEEK - 1), today - timedelta(days=WEEK))
    if this_week is not None:
        if last_week is None:
            key = "progress.summary.mornings"
        elif round(this_week, 1) < round(last_week, 1):
            key = "progress.summary.mornings.down"
        elif round(this_week, 1) > round(last_week, 1):
            key = "progress.summary.mornings.up"
        else:
            key = "progress.summary.mornings.same"
        said.append(text(key, now=_number(this_week), before=_number(last_week or 0.0)))
    said.append(text("progress.summary.next", needs=status.next_step(profile, today, state)))
    if profile.paused:
        since = profile.paused_since
        said.append(
            text("progress.summary.paused_since", since=status.short_date(since))
            if since is not None
            else text("progress.summary.paused")
        )
    # One paragraph, whatever the number of parts: a caption reads better without blank lines.
    return (
        text(f"progress.summary.{len(said)}", **{f"p{i}": part for i, part in enumerate(said)}),
    )


def _mean(pains: dict[date, int], first: date, last: date) -> float | None:
    values = [pain for day, pain in pains.items() if first <= day <= last]
    return sum(values) / len(values) if values else None


def _number(value: float) -> str:
    """1.0 -> "1", 1.25 -> "1.3": one decimal at most, none when it is whole."""
    return f"{value:.1f}".removesuffix(".0")
