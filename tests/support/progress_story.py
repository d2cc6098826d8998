"""Runner histories in the shape `Store.export()` returns, for the chart, report and export tests
and bench/chart.py: none, one day, or N days with every kind of event (swelling, warning signs,
a referral, step backs, stage moves up, every kind of session, a pause)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

TODAY = date(2026, 3, 30)
LONG_NAME = "Maximiliana-Josefina " + "Wolkenstein-Trostburg " * 5
LONG_GOAL = (
    "the Berlin marathon in September with my sister, and after that the whole of the "
    "Rennsteiglauf, which I promised my grandfather I would run one day, no matter how long "
    "it takes"
)[:160]
LADDER = (
    "protect",
    "walk",
    "walk_run_1",
    "walk_run_2",
    "walk_run_3",
    "walk_run_4",
    "walk_run_5",
    "walk_run_6",
    "continuous",
)


def _at(day: date, hour: int = 7) -> str:
    return datetime.combine(day, time(hour), UTC).isoformat()


def profile(goal: str | None = LONG_GOAL, paused_since: date | None = None) -> dict[str, Any]:
    return {
        "area": "calf_achilles",
        "onset": "gradual",
        "feel": "tendon",
        "kind": "tendon",
        "seen_professional": False,
        "baseline": 3,
        "timezone": "Europe/Berlin",
        "checkin_time": "07:00",
        "cross_training": ["bike", "swim"],
        "cleared_by_clinician": False,
        "paused": paused_since is not None,
        "coach": None,
        "last_checkin": None,
        "skip_date": None,
        "cause": "mileage",
        "goal": goal,
        "paused_since": paused_since.isoformat() if paused_since else None,
    }


def empty(today: date = TODAY, name: str = LONG_NAME) -> dict[str, Any]:
    """Onboarded today, nothing reported yet."""
    return {
        "runner": {"created_at": _at(today, 6)},
        "profile": profile(),
        "identities": [{"platform": "telegram", "user_id": "1", "display_name": name}],
        "conversations": [],
        "checkins": [],
        "sessions": [],
        "stage_history": [],
        "pauses": [],
    }


def story(days: int, today: date = TODAY, name: str = LONG_NAME) -> dict[str, Any]:
    """`days` days up to today. Every 9th day a stage up, days 20-21 swelling and a step back,
    day 30 a warning sign and a referral, days 40-43 paused (no check-in), sessions of every
    kind most days."""
    first = today - timedelta(days=days - 1)
    data = empty(first, name)
    stage = 0
    kinds = ("walk", "run", "walk_run", "cross", "strength")
    paused = range(40, 44)
    for n in range(days):
        day = first + timedelta(days=n)
        if n in paused:
            continue
        pain = max(0, 4 - n // 10) + (2 if n in (20, 21) else 0) + (3 if n == 30 else 0)
        decision, rules, flags = "hold", [14], []
        if n and n % 9 == 0 and stage < len(LADDER) - 1:
            decision, rules = "advance", [13]
        if n == 21:
            decision, rules = "step_back", [5, 6]
        if n == 30:
            decision, rules, flags = "refer", [2], ["night_pain", "bone_tenderness"]
        before = LADDER[stage]
        if decision == "advance":
            stage += 1
        elif decision == "step_back":
            stage = max(stage - 1, 0)
        if LADDER[stage] != before:
            data["stage_history"].append(
                {
                    "day": day.isoformat(),
                    "at": _at(day),
                    "from_stage": before,
                    "to_stage": LADDER[stage],
                    "decision": decision,
                    "rules": rules,
                }
            )
        data["checkins"].append(
            {
                "day": day.isoformat(),
                "at": _at(day),
                "morning_pain": min(pain, 10),
                "swelling": "visible" if n in (20, 21) else "none",
                "daily_activity_pain": n == 21,
                "compared_to_before": "same",
                "red_flags": flags,
                "walk_test": None,
                "hop_test": None,
                "decision": decision,
                "stage": LADDER[stage],
                "rules": rules,
            }
        )
        if n % 3 != 2:
            kind = kinds[n % len(kinds)]
            data["sessions"].append(
                {
                    "day": day.isoformat(),
                    "at": _at(day, 18),
                    "kind": kind,
                    "minutes": 20 + (n % 4) * 10,
                    "pain_during": (n % 4),
                }
            )
    if days > 40:
        data["pauses"] = [
            {"day": (first + timedelta(days=40)).isoformat(), "at": _at(first), "paused": True},
            {"day": (first + timedelta(days=44)).isoformat(), "at": _at(first), "paused": False},
        ]
    return data
