"""The short reply after a check-in: the decision, the one reason that matters most, today's
session. Three lines, at most 600 characters rendered; the full explanation stays for /today."""

from __future__ import annotations

from bot.coach.model import Injury, Morning
from bot.coach.plan import Plan
from bot.coach.verdict import Verdict
from bot.core.text import Text


def brief(
    verdict: Verdict, injury: Injury, morning: Morning | None, plan: Plan | None
) -> tuple[Text, ...]:
    raise NotImplementedError
