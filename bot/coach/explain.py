"""Why the coach decided what it did, in plain words that start from what the runner told me.

Only what is true today: a referral carried over from an earlier day says when it was made and
why it still stands, not the reasons of that day again; counts are counted ("1 day", "4 days");
a session is named as it was logged ("your 30-minute bike ride").
"""

from __future__ import annotations

from datetime import date

from bot.coach.areas import canonical_area
from bot.coach.counts import count
from bot.coach.model import (
    ACTIVITIES,
    COUNTED_STAGES,
    EARLY_STAGES,
    RED_FLAGS,
    URGENT_SIGNS,
    Decision,
    Injury,
    Morning,
    Rule,
    Session,
    Stage,
)
from bot.coach.verdict import Verdict
from bot.text import Text, text

_EMERGENCY_SIGNS = frozenset({"chest_pain", "breathless"})
# The reason a standing referral was made, named by the first of its rules found here.
_STANDING_REASONS = (
    Rule.ONBOARDING_SCREEN, Rule.URGENT_SIGN, Rule.RED_FLAG, Rule.AFTER_STEP_BACK,
    Rule.DAILY_PAIN, Rule.PROTECT_TO_WALK,
)  # fmt: skip
# Rules whose line is the same whatever the decision.
_OWN_LINE = frozenset({
    Rule.URGENT_SIGN, Rule.RED_FLAG, Rule.SESSION_PAIN, Rule.MORNING_AFTER, Rule.RISING_PAIN,
    Rule.LOAD_CAP, Rule.MISSED_CHECK_IN,
})  # fmt: skip
_SIGNS = frozenset({Rule.URGENT_SIGN, Rule.RED_FLAG})


def explain(
    verdict: Verdict, injury: Injury, morning: Morning | None, session: Session | None
) -> tuple[Text, ...]:
    v = verdict.date.toordinal()
    stage = stage_name(verdict.stage)
    lines: list[Text] = [headline(verdict)]
    lines += _what_you_told_me(verdict, injury, morning, session, v)
    lines += _why(verdict, v, stage)
    lines += _what_now(verdict, v)
    return unique(lines)


def headline(verdict: Verdict) -> Text:
    """The decision in one line."""
    v = verdict.date.toordinal()
    # A step back at the bottom of the ladder leaves the stage where it is: say that instead.
    kind = "floor" if at_floor(verdict) else verdict.decision.value
    return text(f"coach.decision.{kind}", variant=v, stage=stage_name(verdict.stage))


def stage_name(stage: Stage) -> Text:
    return text(f"coach.stage.{stage.value}")


def session_name(session: Session) -> Text:
    """The session as the runner logged it: "bike ride", "walk-run", "strength session"."""
    named = session.activity if session.activity in ACTIVITIES else session.kind
    return text(f"coach.activity.{named if named in ACTIVITIES else 'cross'}")


def on_date(day: date) -> Text:
    return text("coach.date", day=day.day, month=text(f"coach.month.{day.month}"))


def unique(lines: list[Text]) -> tuple[Text, ...]:
    """No sentence twice in one message (two rules can lead to the same line)."""
    seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
    kept: list[Text] = []
    for line in lines:
        identity = (line.key, tuple(sorted((k, repr(p)) for k, p in line.params.items())))
        if identity not in seen:
            seen.add(identity)
            kept.append(line)
    return tuple(kept)


def _what_you_told_me(
    verdict: Verdict, injury: Injury, morning: Morning | None, session: Session | None, v: int
) -> list[Text]:
    lines: list[Text] = []
    area = text(f"coach.area.{canonical_area(injury.area)}")
    # A session logged later on a checked-in day: the morning was explained then.
    missed = not verdict.checked_in and verdict.decision == Decision.HOLD
    if morning is None and verdict.screen is None and missed:
        lines.append(text("coach.explain.no_check_in", variant=v))
    for flag in verdict.red_flags:
        known = flag in RED_FLAGS or flag in URGENT_SIGNS
        lines.append(text(f"coach.explain.flag.{flag if known else 'other'}", variant=v))
    if verdict.hop_pain:
        lines.append(text("coach.explain.hop_pain", variant=v))
    if verdict.unseen_bone_pain:
        lines.append(text("coach.explain.rule15.told", variant=v))
    if morning is not None:
        lines.append(_morning_line(verdict, morning, area, v))
        if verdict.missed_days >= 3:
            days = count(verdict.missed_days, "days")
            lines.append(text("coach.explain.missed_days", variant=v, days=days))
    if session is not None:
        lines.append(
            text(
                "coach.explain.session",
                variant=v,
                session=session_name(session),
                minutes=session.minutes,
                pain=session.pain_during,
                limit=verdict.pain_limit,
            )
        )
    lines += _over_plan(verdict, v)
    return lines


def _morning_line(verdict: Verdict, morning: Morning, area: Text, v: int) -> Text:
    usual = ".usual" if verdict.baseline_moved else ""
    if verdict.yesterday_pain_during is not None:
        yesterday = "walk" if verdict.previous_stage == Stage.WALK else "run"
        return text(
            f"coach.explain.yesterday{usual}",
            variant=v,
            session=text(f"coach.activity.{yesterday}"),
            pain=verdict.yesterday_pain_during,
            morning=morning.morning_pain,
            area=area,
            baseline=verdict.baseline,
        )
    return text(
        f"coach.explain.morning{usual}",
        variant=v,
        area=area,
        pain=morning.morning_pain,
        baseline=verdict.baseline,
    )


def _over_plan(verdict: Verdict, v: int) -> list[Text]:
    """Rule 16, said plainly: what was over the plan, and why that matters."""
    why = verdict.unplanned_run
    if why is None:
        return []
    if why == "too_long":
        run_stage = verdict.run_stage or verdict.stage
        line = text(
            "coach.explain.over_plan.too_long",
            variant=v,
            minutes=verdict.run_minutes or 0,
            planned=count(verdict.planned_minutes or 0, "minutes"),
            stage=stage_name(run_stage),
        )
    else:
        line = text(f"coach.explain.over_plan.{why}", variant=v)
    lines = [line]
    if verdict.advance_withheld:
        lines.append(
            text("coach.explain.over_plan.withheld", variant=v, stage=stage_name(verdict.stage))
        )
    return lines


def _why(verdict: Verdict, v: int, stage: Text) -> list[Text]:
    decision = verdict.decision
    if verdict.cleared:
        return [text("coach.explain.cleared", variant=v, stage=stage)]
    if verdict.standing and not (verdict.red_flags or verdict.hop_pain):
        # Carried over from an earlier day: say when and why it stands, not that day's reasons
        # again as if they were today's.
        return [standing_line(verdict, v)]
    lines: list[Text] = []
    for rule in verdict.rules:
        if rule == Rule.MISSED_CHECK_IN and not verdict.checked_in:
            continue  # the missed check-in has its own line
        line = rule_line(rule, verdict, v, stage)
        if line is not None:
            lines.append(line)
    if (
        decision == Decision.HOLD
        and verdict.stage in COUNTED_STAGES
        and Rule.COMPLIANT_SESSIONS not in verdict.rules
    ):
        lines.append(
            text(
                "coach.explain.rule13.progress",
                variant=v,
                count=verdict.compliant_sessions,
                needed=verdict.sessions_needed,
            )
        )
    if verdict.standing:
        lines.append(standing_line(verdict, v))
    return lines


def standing_line(verdict: Verdict, v: int) -> Text:
    reason = next((r for r in _STANDING_REASONS if r in verdict.rules), None)
    since = verdict.standing_since or verdict.date
    return text(
        f"coach.explain.standing.{verdict.decision.value}",
        variant=v,
        since=on_date(since),
        reason=text(f"coach.reason.{reason if reason is not None else 'other'}"),
    )


def rule_line(rule: Rule, verdict: Verdict, v: int, stage: Text) -> Text | None:
    """The sentence explaining `rule` behind today's decision; None when another line covers
    it."""
    key = _rule_key(rule, verdict.decision, verdict)
    if key is None:
        return None
    days = verdict.rest_days_left if rule == Rule.AFTER_STEP_BACK else verdict.swelling_mornings
    return text(
        key,
        variant=v,
        pain=verdict.pain_during if verdict.pain_during is not None else "",
        limit=verdict.pain_limit,
        days=count(days, "days"),
        mornings=verdict.swelling_mornings,
        stage=stage,
        cap=verdict.load_cap_minutes or "",
        streak=verdict.protect_streak,
        passes=verdict.walk_test_passes,
        count=verdict.compliant_sessions,
        needed=verdict.sessions_needed,
    )


def _rule_key(rule: Rule, decision: Decision, verdict: Verdict) -> str | None:
    if rule in _OWN_LINE:
        if rule == Rule.SESSION_PAIN and verdict.pain_during is None:
            return None
        return f"coach.explain.rule{rule}"
    if rule == Rule.SWELLING:
        return (
            "coach.explain.rule6.step_back"
            if decision != Decision.HOLD
            else ("coach.explain.rule6.hold")
        )
    if rule == Rule.DAILY_PAIN:
        return (
            "coach.explain.rule7.refer"
            if decision == Decision.REFER
            else ("coach.explain.rule7.step_back")
        )
    if rule == Rule.AFTER_STEP_BACK:
        if decision == Decision.REFER:
            return "coach.explain.rule8.refer"
        if verdict.rest_days_left == 0:
            return None
        if verdict.stage == Stage.PROTECT:
            return "coach.explain.rule8.protect"  # no running to pause, no stage to repeat
        return "coach.explain.rule8.rest"
    if rule == Rule.PROTECT_TO_WALK:
        return (
            "coach.explain.rule11.refer"
            if decision == Decision.REFER
            else ("coach.explain.rule11.advance")
        )
    if rule == Rule.READINESS:
        return (
            "coach.explain.rule12.advance"
            if decision == Decision.ADVANCE
            else ("coach.explain.rule12.clearance")
        )
    if rule == Rule.COMPLIANT_SESSIONS:
        # A session logged later on the day of a move up: the morning said why; the new stage's
        # count (0) is no reason to repeat.
        return "coach.explain.rule13.advance" if verdict.compliant_sessions > 0 else None
    if rule == Rule.OTHERWISE_HOLD:
        return _progress_key(verdict)
    if rule == Rule.ONBOARDING_SCREEN:
        # With rule 1 or 2 beside it, the signs were the reason and that line says it.
        return None if _SIGNS & set(verdict.rules) else "coach.explain.rule15"
    return None  # rule 16 has its own line (what was over the plan)


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
        return [text(f"coach.explain.refer.{how_soon(verdict.rules)}", variant=v)]
    if verdict.unplanned_run is not None and verdict.stage in EARLY_STAGES:
        # What to do instead of running, at the stage the runner is at now.
        return [text(f"coach.explain.instead.{verdict.stage.value}", variant=v)]
    if at_floor(verdict):
        return [text("coach.explain.today.floor", variant=v)]
    return [text(f"coach.explain.today.{decision.value}", variant=v)]


def how_soon(rules: tuple[Rule, ...]) -> str:
    """ "now" for rule 15's unseen bone injury (before any more running), else "who" (within
    days)."""
    return "now" if rules == (Rule.ONBOARDING_SCREEN,) else "who"


def at_floor(verdict: Verdict) -> bool:
    """A step back that left the stage unchanged: already at `protect`, the lowest stage."""
    return verdict.decision == Decision.STEP_BACK and verdict.stage == verdict.previous_stage
