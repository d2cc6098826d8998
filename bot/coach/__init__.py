"""The coach: a pure, deterministic rules engine (docs/coaching.md), today's plan, and why.

No I/O and no clock here: every function takes the date it is deciding for.
"""

from bot.coach.brief import brief
from bot.coach.explain import explain
from bot.coach.load import effective_baseline
from bot.coach.model import (
    ACTIVITIES,
    CAUSES,
    EARLY_STAGES,
    RUNNING_STAGES,
    Decision,
    Injury,
    Kind,
    Morning,
    Rule,
    Session,
    Stage,
)
from bot.coach.plan import Plan, plan_for
from bot.coach.rules import check_in, decide_day, log_session
from bot.coach.screen import onboarding_screen, report_signs
from bot.coach.simulate import Scenario, ScenarioError, parse_scenario, run_scenario
from bot.coach.state import CoachState
from bot.coach.verdict import Verdict

__all__ = [
    "ACTIVITIES",
    "CAUSES",
    "EARLY_STAGES",
    "RUNNING_STAGES",
    "CoachState",
    "Decision",
    "Injury",
    "Kind",
    "Morning",
    "Plan",
    "Rule",
    "Scenario",
    "ScenarioError",
    "Session",
    "Stage",
    "Verdict",
    "brief",
    "check_in",
    "decide_day",
    "effective_baseline",
    "explain",
    "log_session",
    "onboarding_screen",
    "parse_scenario",
    "plan_for",
    "report_signs",
    "run_scenario",
]
