"""The short reply after a check-in: the decision, the one reason that matters most, and today's
session, one line each (at most 600 characters rendered). The full explanation and plan stay
for /today.
"""

from __future__ import annotations

from bot.coach.explain import (
    headline,
    how_soon,
    rule_line,
    stage_name,
    standing_line,
)
from bot.coach.model import RED_FLAGS, URGENT_SIGNS, Decision, Injury, Kind, Morning, Rule
from bot.coach.plan import Plan
from bot.coach.verdict import Verdict
from bot.text import Text, text

_EMERGENCY_SIGNS = frozenset({"chest_pain", "breathless"})
# When several rules decided the day, the one whose reason the runner most needs to hear.
_REASON_ORDER = (
    Rule.URGENT_SIGN, Rule.RED_FLAG, Rule.ONBOARDING_SCREEN, Rule.SESSION_PAIN,
    Rule.AFTER_STEP_BACK, Rule.DAILY_PAIN, Rule.PROTECT_TO_WALK, Rule.MORNING_AFTER,
    Rule.RISING_PAIN, Rule.SWELLING, Rule.LOAD_CAP, Rule.MISSED_CHECK_IN, Rule.READINESS,
    Rule.COMPLIANT_SESSIONS,
)  # fmt: skip


def brief(
    verdict: Verdict, injury: Injury, morning: Morning | None, plan: Plan
) -> tuple[Text, ...]:
    """Exactly three lines: the decision, the main reason, today's session."""
    return (headline(verdict), main_reason(verdict, morning), todays_session(verdict, injury, plan))


def main_reason(verdict: Verdict, morning: Morning | None) -> Text:
    v = verdict.date.toordinal()
    stage = stage_name(verdict.stage)
    if verdict.cleared:
        return text("coach.explain.cleared", variant=v, stage=stage)
    if verdict.standing and not (verdict.red_flags or verdict.hop_pain):
        return standing_line(verdict, v)
    flags = set(verdict.red_flags)
    if verdict.decision == Decision.URGENT:
        if flags & _EMERGENCY_SIGNS:
            return text("coach.explain.urgent.emergency", variant=v)
        if "calf_swelling_warmth" in flags:
            return text("coach.explain.urgent.dvt", variant=v)
    if flags:
        named = tuple(
            text(f"coach.flag.{f if f in RED_FLAGS | URGENT_SIGNS else 'other'}")
            for f in verdict.red_flags
        )
        return text("coach.brief.flags", variant=v, flags=named)
    if verdict.hop_pain:
        return text("coach.explain.hop_pain", variant=v)
    if verdict.unplanned_run is not None and verdict.decision == Decision.HOLD:
        return _over_plan(verdict, v)
    for rule in _REASON_ORDER:
        if rule in verdict.rules:
            line = rule_line(rule, verdict, v, stage)
            if line is not None:
                return line
    return _progress(verdict, morning, v)


def _over_plan(verdict: Verdict, v: int) -> Text:
    why = verdict.unplanned_run
    if why == "too_long":
        return text(
            "coach.brief.over_plan.too_long",
            variant=v,
            minutes=verdict.run_minutes or 0,
            planned=verdict.planned_minutes or 0,
        )
    return text(f"coach.brief.over_plan.{why}", variant=v)


def _progress(verdict: Verdict, morning: Morning | None, v: int) -> Text:
    """A plain hold: where the runner stands towards the next step."""
    if Rule.OTHERWISE_HOLD in verdict.rules:
        line = rule_line(Rule.OTHERWISE_HOLD, verdict, v, stage_name(verdict.stage))
        if line is not None:
            return line
    if verdict.stage.value not in ("protect", "walk", "recovered"):
        return text(
            "coach.explain.rule13.progress",
            variant=v,
            count=verdict.compliant_sessions,
            needed=verdict.sessions_needed,
        )
    if morning is not None:
        return text(
            "coach.brief.morning",
            variant=v,
            pain=morning.morning_pain,
            baseline=verdict.baseline,
        )
    return text("coach.brief.steady", variant=v)


def todays_session(verdict: Verdict, injury: Injury, plan: Plan) -> Text:
    v = verdict.date.toordinal()
    if verdict.decision == Decision.URGENT or (
        plan.session and plan.session[0].key == ("coach.plan.urgent")
    ):
        return text("coach.plan.urgent", variant=v)
    if verdict.decision == Decision.REFER:
        bone = "bone" if injury.kind == Kind.BONE else "other"
        return text(f"coach.brief.today.refer.{how_soon(verdict.rules)}.{bone}", variant=v)
    if plan.session:
        return plan.session[0]
    return text("coach.brief.steady", variant=v)
