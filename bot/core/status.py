"""`/status` in a few lines: the stage and days at it, the last 7 mornings as a small text chart,
a standing referral, and what the next step needs. Also the "next step" line the FAQ reuses.

Everything is read from the profile and the coach's state; nothing here decides anything.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.coach import CoachState, Kind, Stage
from bot.coach.load import rest_days_left
from bot.coach.model import RUNNING_STAGES
from bot.coach.rules import PROTECT_GOOD_DAYS, REBUILD_SPAN_DAYS, WALK_TEST_PASSES, sessions_needed
from bot.core import coaching
from bot.core.state import Profile
from bot.text import Text, text

CHART_DAYS = 7
# One block per point of pain: 10/10 is ten blocks, short enough for a phone line.
BAR = "▇"


def lines(profile: Profile, today: date) -> tuple[Text, ...]:
    state = coaching.state_of(profile, today)
    said = [
        text(
            "status.summary",
            stage=coaching.stage_name(profile),
            days=(today - state.stage_since).days + 1,
            area=coaching.area_name(profile),
            baseline=profile.baseline,
            last=profile.last_checkin.isoformat() if profile.last_checkin else "-",
        ),
        chart(state, today, profile.paused_since if profile.paused else None),
    ]
    if state.standing is not None and state.standing_since is not None:
        said.append(
            text(
                f"status.standing_since.{state.standing.value}",
                since=short_date(state.standing_since),
            )
        )
    said.append(text("status.next", needs=next_step(profile, today, state)))
    if profile.paused and profile.paused_since is not None:
        days = (today - profile.paused_since).days + 1
        said.append(
            text(_counted("status.paused_since", days), since=short_date(profile.paused_since),
                 days=days)
        )  # fmt: skip
    if profile.paused and profile.paused_until is not None:
        said.append(text("status.paused_until", until=short_date(profile.paused_until)))
    elif profile.paused and profile.paused_since is None:  # paused before pauses were dated
        said.append(text("status.paused"))
    return tuple(said)


def chart(state: CoachState, today: date, paused_since: date | None = None) -> Text:
    """One line a day, oldest first: "Mon 3 ▇▇▇", "Tue - missed", "Wed - not yet" (today,
    unanswered), "Thu - paused" (from the day of a /pause still on). The chart starts after the
    day the runner started (onboarding asks no check-in that day), unless that day has a
    morning: days before are not missed ones."""
    pains = dict(state.morning_pains)
    started = min([state.stage_since, *pains])
    days: list[Text] = []
    for back in range(CHART_DAYS - 1, -1, -1):
        day = today - timedelta(days=back)
        weekday = text(f"date.weekday.{day.weekday()}")
        if day in pains:
            days.append(
                text("status.day.pain", weekday=weekday, pain=pains[day], bar=BAR * pains[day])
            )
        elif paused_since is not None and day >= paused_since:
            days.append(text("status.day.paused", weekday=weekday))
        elif day == today:
            days.append(text("status.day.open", weekday=weekday))
        elif day > started:
            days.append(text("status.day.missed", weekday=weekday))
    return text(f"status.chart.{len(days)}", **{f"d{i}": line for i, line in enumerate(days)})


def next_step(profile: Profile, today: date, state: CoachState | None = None) -> Text:
    """What the next stage needs, in the runner's terms ("2 more pain-free runs at walk-run 3")."""
    s = state if state is not None else coaching.state_of(profile, today)
    stage_name = text(f"coach.stage.{s.stage.value}")
    if s.standing is not None:
        return text("status.needs.clearance")
    resting = rest_days_left(s, today)
    if s.stage in RUNNING_STAGES and resting > 0:
        return text(_counted("status.needs.rest", resting), days=resting, stage=stage_name)
    if s.stage == Stage.PROTECT:
        left = max(PROTECT_GOOD_DAYS - s.protect_streak, 1)
        return text(_counted("status.needs.protect", left), n=left, baseline=profile.baseline)
    if s.stage == Stage.WALK:
        left = max(WALK_TEST_PASSES - s.walk_test_passes, 1)
        cleared = profile.cleared_by_clinician or s.clearance_reported
        key = "status.needs.walk_bone" if profile.kind == Kind.BONE and not cleared else None
        return text(key or _counted("status.needs.walk", left), n=left)
    if s.stage == Stage.RECOVERED:
        return text("status.needs.recovered")
    left = sessions_needed(s.stage) - s.compliant_sessions
    if left <= 0:
        return text("status.needs.good_morning")
    if s.stage == Stage.REBUILD:
        return text(_counted("status.needs.rebuild", left), n=left, span=REBUILD_SPAN_DAYS)
    return text(_counted("status.needs.runs", left), n=left, stage=stage_name)


def short_date(day: date) -> Text:
    """'Mon 2 Mar', with the names from the catalog."""
    return text(
        "date.short",
        weekday=text(f"date.weekday.{day.weekday()}"),
        day=day.day,
        month=text(f"date.month.{day.month}"),
    )


def _counted(key: str, n: int) -> str:
    """'1 more good day' and '2 more good days' are different sentences."""
    return f"{key}.one" if n == 1 else f"{key}.many"
