"""Why the coach decided what it did, in plain words that start from what the runner told us."""

from __future__ import annotations

from bot.coach.areas import canonical_area
from bot.coach.model import RED_FLAGS, URGENT_SIGNS, Decision, Injury, Morning, Session, Stage
from bot.coach.verdict import Verdict
from bot.core.text import Text, text

_EMERGENCY_SIGNS = frozenset({"chest_pain", "breathless"})


def explain(
    verdict: Verdict, injury: Injury, morning: Morning | None, session: Session | None
) -> tuple[Text, ...]:
    v = verdict.date.toordinal()
    stage = text(f"coach.stage.{verdict.stage.value}")
    # A step back at the bottom of the ladder leaves the stage where it is: say that instead.
    headline = "floor" if _at_floor(verdict) else verdict.decision.value
    lines: list[Text] = [text(f"coach.decision.{headline}", variant=v, stage=stage)]
    lines += _what_you_told_us(verdict, injury, morning, session, v)
    lines += _why(verdict, v, stage)
    lines += _what_now(verdict, v)
    return tuple(lines)


def _what_you_told_us(
    verdict: Verdict, injury: Injury, morning: Morning | None, session: Session | None, v: int
) -> list[Text]:
    lines: list[Text] = []
    area = text(f"coach.area.{canonical_area(injury.area)}")
    if morning is None:
        # A session logged later on a checked-in day: the morning was explained then.
        if not verdict.checked_in and verdict.decision == Decision.HOLD:
            lines.append(text("coach.explain.no_check_in", variant=v))
    else:
        for flag in sorted(morning.red_flags):
            known = flag in RED_FLAGS or flag in URGENT_SIGNS
            lines.append(text(f"coach.explain.flag.{flag if known else 'other'}", variant=v))
        if morning.hop_test == "pain":
            lines.append(text("coach.explain.hop_pain", variant=v))
        if verdict.yesterday_pain_during is not None:
            lines.append(
                text(
                    "coach.explain.yesterday",
                    variant=v,
                    session=text("coach.session.run")
                    if verdict.previous_stage != Stage.WALK
                    else text("coach.session.walk"),
                    pain=verdict.yesterday_pain_during,
                    morning=morning.morning_pain,
                    area=area,
                    baseline=verdict.baseline,
                )
            )
        else:
            lines.append(
                text(
                    "coach.explain.morning",
                    variant=v,
                    area=area,
                    pain=morning.morning_pain,
                    baseline=verdict.baseline,
                )
            )
        if verdict.missed_days >= 3:
            lines.append(text("coach.explain.missed_days", variant=v, days=verdict.missed_days))
    if session is not None:
        lines.append(
            text(
                "coach.explain.session",
                variant=v,
                session=text(f"coach.session.{session.kind}")
                if session.kind in ("walk", "run", "cross", "strength")
                else text("coach.session.cross"),
                pain=session.pain_during,
                limit=verdict.pain_limit,
            )
        )
    if verdict.unplanned_run is not None:
        lines.append(text(f"coach.explain.unplanned_run.{verdict.unplanned_run}", variant=v))
    return lines


def _why(verdict: Verdict, v: int, stage: Text) -> list[Text]:
    decision = verdict.decision
    if verdict.cleared:
        return [text("coach.explain.cleared", variant=v, stage=stage)]
    lines: list[Text] = []
    for rule in verdict.rules:
        if rule == 10 and not verdict.checked_in:
            continue  # the missed check-in has its own line
        key = _rule_key(rule, decision, verdict)
        if key is not None:
            lines.append(
                text(
                    key,
                    variant=v,
                    pain=verdict.pain_during if verdict.pain_during is not None else "",
                    limit=verdict.pain_limit,
                    days=verdict.rest_days_left if rule == 8 else verdict.swelling_mornings,
                    stage=stage,
                    cap=verdict.load_cap_minutes or "",
                    streak=verdict.protect_streak,
                    passes=verdict.walk_test_passes,
                    count=verdict.compliant_sessions,
                    needed=verdict.sessions_needed,
                )
            )
    if decision == Decision.HOLD and verdict.stage in _COUNTED and 13 not in verdict.rules:
        lines.append(
            text(
                "coach.explain.rule13.progress",
                variant=v,
                count=verdict.compliant_sessions,
                needed=verdict.sessions_needed,
            )
        )
    if verdict.standing:
        lines.append(text("coach.explain.standing", variant=v))
    return lines


_NO_RUNNING = frozenset({Stage.PROTECT, Stage.WALK})

_COUNTED = frozenset(
    {
        Stage.WALK_RUN_1,
        Stage.WALK_RUN_2,
        Stage.WALK_RUN_3,
        Stage.WALK_RUN_4,
        Stage.WALK_RUN_5,
        Stage.WALK_RUN_6,
        Stage.CONTINUOUS,
        Stage.REBUILD,
    }
)


def _rule_key(rule: int, decision: Decision, verdict: Verdict) -> str | None:
    """The sentence explaining `rule` behind `decision`; None when another line covers it."""
    if rule in (1, 2, 3, 4, 5, 9, 10):
        if rule == 3 and verdict.pain_during is None:
            return None
        return f"coach.explain.rule{rule}"
    if rule == 6:
        return (
            "coach.explain.rule6.step_back"
            if decision != Decision.HOLD
            else ("coach.explain.rule6.hold")
        )
    if rule == 7:
        return (
            "coach.explain.rule7.refer"
            if decision == Decision.REFER
            else ("coach.explain.rule7.step_back")
        )
    if rule == 8:
        if decision == Decision.REFER:
            return "coach.explain.rule8.refer"
        if verdict.rest_days_left == 0:
            return None
        if verdict.stage == Stage.PROTECT:
            return "coach.explain.rule8.protect"  # no running to pause, no stage to repeat
        return "coach.explain.rule8.rest"
    if rule == 11:
        if decision == Decision.REFER:
            return "coach.explain.rule11.refer"
        return "coach.explain.rule11.advance"
    if rule == 12:
        if decision == Decision.ADVANCE:
            return "coach.explain.rule12.advance"
        return "coach.explain.rule12.clearance"
    if rule == 13:
        return "coach.explain.rule13.advance"
    if rule == 14:
        return _progress_key(verdict)
    return None


def _progress_key(verdict: Verdict) -> str | None:
    if verdict.stage == Stage.PROTECT and verdict.protect_streak > 0:
        return "coach.explain.rule11.progress"
    if verdict.stage == Stage.WALK and verdict.walk_test_passes > 0:
        return "coach.explain.rule12.progress"
    return None


def _what_now(verdict: Verdict, v: int) -> list[Text]:
    decision = verdict.decision
    if decision == Decision.URGENT:
        lines = [text("coach.explain.urgent.now", variant=v)]
        if set(verdict.red_flags) & _EMERGENCY_SIGNS:
            lines.insert(0, text("coach.explain.urgent.emergency", variant=v))
        if "calf_swelling_warmth" in verdict.red_flags:
            lines.append(text("coach.explain.urgent.dvt", variant=v))
        return lines
    if decision == Decision.REFER:
        return [text("coach.explain.refer.who", variant=v)]
    if verdict.unplanned_run is not None and verdict.stage in _NO_RUNNING:
        # What to do instead of running, at the stage the runner is at now.
        return [text(f"coach.explain.instead.{verdict.stage.value}", variant=v)]
    if _at_floor(verdict):
        return [text("coach.explain.today.floor", variant=v)]
    return [text(f"coach.explain.today.{decision.value}", variant=v)]


def _at_floor(verdict: Verdict) -> bool:
    """A step back that left the stage unchanged: already at `protect`, the lowest stage."""
    return verdict.decision == Decision.STEP_BACK and verdict.stage == verdict.previous_stage
