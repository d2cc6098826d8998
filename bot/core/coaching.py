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


def start(today: date) -> coach.CoachState:
    return coach.CoachState.start(START_STAGE, today)


def state_of(profile: Profile, today: date) -> coach.CoachState:
    """The coach's state; a profile stored before the coach kept state starts today."""
    return profile.coach if profile.coach is not None else start(today)


def stage_of(profile: Profile) -> coach.Stage:
    return profile.coach.stage if profile.coach is not None else START_STAGE


def stage_name(profile: Profile) -> Text:
    return text(f"coach.stage.{stage_of(profile)}")


def area_name(profile: Profile) -> Text:
    return text(f"coach.area.{profile.area}")


def can_check_in(profile: Profile, today: date) -> bool:
    """One check-in per local day (whichever of the profile and the coach saw it last), and
    never for a day before one the coach has already seen."""
    if profile.last_checkin is not None and today <= profile.last_checkin:
        return False
    return profile.coach is None or profile.coach.accepts_check_in(today)


def session_day(profile: Profile, today: date) -> date:
    """The day a session counts on: today, unless the coach has already seen a later day."""
    return today if profile.coach is None else profile.coach.session_day(today)


def injury_of(profile: Profile) -> coach.Injury:
    return coach.Injury(
        profile.area,
        coach.Kind(profile.kind),
        profile.cleared_by_clinician,
        cause=profile.cause if profile.cause in coach.CAUSES else None,  # "unsure": no target
    )


def standing(profile: Profile) -> coach.Decision | None:
    """REFER or URGENT while one stands, else None."""
    return None if profile.coach is None else profile.coach.standing


def had_session_yesterday(profile: Profile, today: date) -> bool:
    yesterday = today - timedelta(days=1)
    return profile.coach is not None and profile.coach.had_session_on(yesterday)


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
    state = known if known is not None else state_of(profile, today)
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
    before = state_of(profile, today)
    after, verdict = coach.check_in(before, injury, profile.baseline, reading)
    profile = profile.with_(
        coach=after,
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
        state_of(profile, today),
        injury,
        seen_by_professional=profile.seen_professional,
        daily_activity_pain=daily_activity_pain,
        red_flags=red_flags,
        today=today,
        baseline=profile.baseline,
    )
    if verdict.decision not in (coach.Decision.REFER, coach.Decision.URGENT):
        return profile, ()
    return profile.with_(coach=after), coach.explain(verdict, injury, None, None)


def report_signs(
    profile: Profile, red_flags: frozenset[str], today: date
) -> tuple[Profile, tuple[Text, ...]]:
    """Signs a runner named outside a check-in and confirmed: rules 1 and 2 for today."""
    injury = injury_of(profile)
    day = session_day(profile, today)
    after, verdict = coach.report_signs(
        state_of(profile, today), injury, profile.baseline, day, red_flags
    )
    updated = profile.with_(coach=after)
    lines = coach.explain(verdict, injury, None, None)
    if verdict.decision != coach.Decision.URGENT:
        lines += plan(updated, today, after)
    return updated, lines


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
    before = state_of(profile, today)
    today = session_day(profile, today)
    after, verdict = coach.log_session(before, injury, profile.baseline, today, done)
    profile = profile.with_(coach=after)
    logged = SessionLogged(day=today, at=now, kind=kind, minutes=minutes, pain_during=pain)
    lines = coach.explain(verdict, injury, None, done)
    return profile, lines, [logged, *_stage_change(before, verdict, today, now)]


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
