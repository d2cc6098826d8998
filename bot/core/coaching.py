"""The bridge from the conversation to the coach: a profile becomes an Injury and a CoachState,
answers become a Morning or a Session, and the coach's verdict becomes lines and effects."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from bot import coach
from bot.core.effects import CheckinRecorded, Effect, SessionLogged, StageChanged
from bot.core.state import Profile
from bot.text import Text, text

START_STAGE = coach.Stage.PROTECT
# A walk-run in the log is a run to the coach: the jog intervals are what load the injury.
_COACH_SESSION_KIND = {"walk_run": "run"}


def start(today: date) -> dict[str, Any]:
    return coach.CoachState.start(START_STAGE, today).to_dict()


def state_of(profile: Profile) -> coach.CoachState:
    return coach.CoachState.from_dict(dict(profile.coach))


def stage_of(profile: Profile) -> str:
    return str(profile.coach.get("stage", START_STAGE))


def stage_name(profile: Profile) -> Text:
    return text(f"coach.stage.{stage_of(profile)}")


def area_name(profile: Profile) -> Text:
    return text(f"coach.area.{profile.area}")


def can_check_in(profile: Profile, today: date) -> bool:
    """One check-in per local day, and never for a day before one the coach has already seen
    (a runner who moved west can see their local date go back)."""
    last_check_in, last_day = (_date(profile.coach.get(k)) for k in ("last_check_in", "day"))
    checked_in = [d for d in (last_check_in, profile.last_checkin) if d is not None]
    return all(today > d for d in checked_in) and (last_day is None or today >= last_day)


def session_day(profile: Profile, today: date) -> date:
    """The day a session counts on: today, unless the coach has already seen a later day."""
    last_day = _date(profile.coach.get("day"))
    return today if last_day is None else max(today, last_day)


def injury_of(profile: Profile) -> coach.Injury:
    return coach.Injury(
        profile.area,
        coach.Kind(profile.kind),
        profile.cleared_by_clinician,
        cause=profile.cause if profile.cause in coach.CAUSES else None,  # "unsure": no target
    )


def standing(profile: Profile) -> str | None:
    """'refer' or 'urgent' while one stands, else None."""
    value = profile.coach.get("standing")
    return str(value) if value else None


def had_session_yesterday(profile: Profile, today: date) -> bool:
    pending = profile.coach.get("pending")
    yesterday = (today - timedelta(days=1)).isoformat()
    return isinstance(pending, dict) and str(pending.get("date")) == yesterday


def needs_readiness_tests(profile: Profile) -> bool:
    return stage_of(profile) == coach.Stage.WALK


def needs_clearance_question(profile: Profile) -> bool:
    """Ask whether a clinician cleared them when a refer/urgent stands, or when a bone injury
    waits at `walk` for the clearance rule 12 requires."""
    if standing(profile):
        return True
    return (
        profile.kind == coach.Kind.BONE
        and stage_of(profile) == coach.Stage.WALK
        and not profile.cleared_by_clinician
    )


def plan(profile: Profile, today: date, known: coach.CoachState | None = None) -> tuple[Text, ...]:
    """Today's plan; `known` spares decoding the coach state when the caller just made it."""
    state = known if known is not None else state_of(profile)
    return coach.plan_for(state, injury_of(profile), profile.cross_training, today).lines


def morning(
    profile: Profile, answers: dict[str, Any], today: date, now: datetime
) -> tuple[Profile, tuple[Text, ...], list[Effect]]:
    """Run the coach on a finished check-in: the new profile, what to tell the runner, and the
    rows to record."""
    cleared = answers.get("cleared") == "yes"
    reading = coach.Morning(
        date=today,
        morning_pain=int(answers["pain"]),
        swelling=answers["swelling"] != "none",
        daily_activity_pain=answers["daily_pain"] == "yes",
        red_flags=frozenset(answers.get("red_flags", ())),
        walk_test=_tested(answers.get("walk_test")),
        hop_test=_tested(answers.get("hop_test")),
        cleared_by_clinician=cleared,
    )
    injury = injury_of(profile)
    before = state_of(profile)
    after, verdict = coach.check_in(before, injury, profile.baseline, reading)
    profile = profile.with_(
        coach=after.to_dict(),
        last_checkin=today,
        cleared_by_clinician=profile.cleared_by_clinician or cleared,
    )
    recorded = CheckinRecorded(
        day=today,
        at=now,
        morning_pain=reading.morning_pain,
        swelling=str(answers["swelling"]),
        daily_activity_pain=reading.daily_activity_pain,
        compared_to_before=answers.get("compared"),
        red_flags=tuple(sorted(reading.red_flags)),
        walk_test=reading.walk_test,
        hop_test=reading.hop_test,
        decision=verdict.decision.value,
        stage=verdict.stage.value,
        rules=verdict.rules,
    )
    # Short: the decision, the reason, today's session. The full plan is behind /today.
    today_plan = coach.plan_for(after, injury, profile.cross_training, today)
    lines = coach.brief(verdict, injury, reading, today_plan)
    return profile, lines, [recorded, *_stage_change(before, verdict, today, now)]


def onboarding_screen(
    profile: Profile, *, daily_activity_pain: bool, red_flags: frozenset[str], today: date
) -> tuple[Profile, tuple[Text, ...]]:
    """Rule 15 before the first plan: the profile (a refer or urgent standing from day one, or
    as it was) and what to tell the runner about it (nothing when the screen is clear)."""
    injury = injury_of(profile)
    after, verdict = coach.onboarding_screen(
        state_of(profile),
        injury,
        seen_by_professional=profile.seen_professional,
        daily_activity_pain=daily_activity_pain,
        red_flags=red_flags,
        today=today,
        baseline=profile.baseline,
    )
    if verdict.decision not in (coach.Decision.REFER, coach.Decision.URGENT):
        return profile, ()
    return profile.with_(coach=after.to_dict()), coach.explain(verdict, injury, None, None)


def report_signs(
    profile: Profile, red_flags: frozenset[str], today: date
) -> tuple[Profile, tuple[Text, ...]]:
    """Signs a runner named outside a check-in and confirmed: rules 1 and 2 for today."""
    injury = injury_of(profile)
    day = session_day(profile, today)
    after, verdict = coach.report_signs(state_of(profile), injury, profile.baseline, day, red_flags)
    lines = coach.explain(verdict, injury, None, None)
    if verdict.decision != coach.Decision.URGENT:
        lines += plan(profile.with_(coach=after.to_dict()), today, after)
    return profile.with_(coach=after.to_dict()), lines


def session(
    profile: Profile,
    kind: str,
    minutes: int,
    pain: int,
    today: date,
    now: datetime,
    activity: str | None = None,
) -> tuple[Profile, tuple[Text, ...], list[Effect]]:
    """`activity` names the session as logged (bike, swim...) where `kind` is wider (cross)."""
    named = next((a for a in (activity, kind) if a in coach.ACTIVITIES), None)
    done = coach.Session(_COACH_SESSION_KIND.get(kind, kind), minutes, pain, activity=named)
    injury = injury_of(profile)
    before = state_of(profile)
    today = session_day(profile, today)
    after, verdict = coach.log_session(before, injury, profile.baseline, today, done)
    profile = profile.with_(coach=after.to_dict())
    logged = SessionLogged(day=today, at=now, kind=kind, minutes=minutes, pain_during=pain)
    lines = coach.explain(verdict, injury, None, done)
    return profile, lines, [logged, *_stage_change(before, verdict, today, now)]


def _date(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _tested(answer: object) -> str | None:
    return None if answer in (None, "skipped") else str(answer)


def _stage_change(
    before: coach.CoachState, verdict: coach.Verdict, today: date, now: datetime
) -> list[Effect]:
    if verdict.stage == before.stage:
        return []
    return [
        StageChanged(
            today, now, before.stage.value, verdict.stage.value, verdict.decision.value,
            verdict.rules,
        )
    ]  # fmt: skip
