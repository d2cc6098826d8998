"""Typed transcripts over weeks: answer whatever the check-in asks from what the runner would type,
and keep a diary of what the coach said back, to check it is short, varied and understood.

    diary = Diary(ana)
    await diary.morning(pain="about a 2", swelling="no swelling", daily="nope")
    await diary.types("/log walk-run 30 min pain 2")
    assert diary.problems() == []

`morning` answers the questions in the order the check-in asks them, by the question asked (read
from the reply's catalog keys, never from its wording): a question asked with no answer given, or
an answer given to a question never asked, fails the test, so the transcript states exactly which
questions the day called for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from bot.core.types import Reply
from messages.replies import reply_text
from tests.support.transcript import Runner

# The check-in's questions, by catalog key, and the keyword `morning` takes the answer by.
QUESTIONS = {
    "checkin.pain": "pain",
    "checkin.swelling": "swelling",
    "checkin.daily_pain": "daily",
    "checkin.compared": "compared",
    "checkin.walk_test": "walk",
    "checkin.hop_test": "hop",
    "checkin.cleared": "cleared",
    "checkin.red_flags": "flags",
}
# Replies that mean "I did not understand what you typed".
_REFUSALS = ("idle.unknown", "error.")
MAX_CHECKIN_REPLY = 600


def keys(replies: list[Reply]) -> list[str]:
    return [line.key for reply in replies for line in reply.lines]


def refusals(replies: list[Reply]) -> list[str]:
    return [key for key in keys(replies) if key.startswith(_REFUSALS)]


def paragraphs(message: str) -> list[str]:
    return [p.strip() for p in message.split("\n\n") if p.strip()]


@dataclass
class Diary:
    runner: Runner
    zone: str = "Europe/Berlin"  # the runner's, for the local day
    # The reply after the last answer of each day's check-in, by the runner's local day.
    checkins: dict[date, str] = field(default_factory=dict)
    _problems: list[str] = field(default_factory=list)

    @property
    def today(self) -> date:
        return self.runner.clock.now.astimezone(ZoneInfo(self.zone)).date()

    async def types(self, line: str) -> str:
        """Type one line; a refusal of it is a problem (a person wrote it)."""
        said = await self.runner.says(line)
        self._heard(line)
        if refused := refusals(self.runner.replies):
            self._problems.append(f"{self.today}: {line!r} refused ({refused}): {said!r}")
        return said

    async def types_through(self, line: str, answers: dict[str, str]) -> tuple[str, list[str]]:
        """Type `line`, then answer whatever follows up from `answers` (question catalog key ->
        typed answer, each used once) while one of them is asked. What was said last, and
        every catalog key said on the way."""
        said = await self.types(line)
        seen = keys(self.runner.replies)
        left = dict(answers)
        while (asked := self._open_question(left)) is not None:
            said = await self.types(left.pop(asked))
            seen += keys(self.runner.replies)
        return said, seen

    def _open_question(self, among: dict[str, str]) -> str | None:
        said = keys(self.runner.replies)
        return said[-1] if said and said[-1] in among else None

    async def prompted(self, kind: str) -> str:
        said = await self.runner.prompted(kind)
        self._heard(f"<{kind} prompt>")
        return said

    def asked(self) -> str | None:
        """The check-in question the last reply asks, by catalog key, if any."""
        open_questions = [k for k in keys(self.runner.replies) if k in QUESTIONS]
        return open_questions[-1] if open_questions else None

    async def morning(self, *, maybe: dict[str, str] | None = None, **answers: str) -> str:
        """One check-in after the scheduled prompt, typed. `maybe`: answers to questions the day
        may or may not call for (they depend on a fix still to come, say)."""
        said = await self.prompted("checkin")
        left = dict(answers)
        asked: list[str] = []
        while (question := self.asked()) is not None:
            name = QUESTIONS[question]
            asked.append(name)
            if name not in left and maybe and name in maybe:
                left[name] = maybe.pop(name)
            assert name in left, (
                f"{self.today}: the check-in asked {question} and the transcript has no answer "
                f"(asked so far: {asked}); it said: {said!r}"
            )
            said = await self.types(left.pop(name))
            assert len(asked) < 12, f"{self.today}: the check-in does not end: {said!r}"
        assert not left, f"{self.today}: never asked {sorted(left)} (asked: {asked}): {said!r}"
        assert "checkin.thanks" in keys(self.runner.replies), f"{self.today}: {said!r}"
        self.checkins[self.today] = said
        return said

    def _heard(self, typed: str) -> None:
        for message in self.runner.replies:
            lines = [line.strip() for line in reply_text(message).splitlines() if line.strip()]
            twice = sorted({line for line in lines if lines.count(line) > 1})
            if twice:
                self._problems.append(f"{self.today}: after {typed!r} a line twice: {twice}")

    def expect(self, holds: bool, problem: str) -> None:
        """A check on what was said that should not stop the three weeks: collected, and
        reported with the rest by problems()."""
        if not holds:
            self._problems.append(problem)

    def problems(self) -> list[str]:
        """Everything wrong with what was said: refusals, lines said twice in one message,
        check-in replies over 600 characters, a paragraph repeated on consecutive days."""
        found = list(self._problems)
        repeated: dict[str, list[str]] = {}
        for day, said in sorted(self.checkins.items()):
            if len(said) > MAX_CHECKIN_REPLY:
                found.append(f"{day}: check-in reply of {len(said)} characters: {said!r}")
            yesterday = self.checkins.get(date.fromordinal(day.toordinal() - 1))
            for paragraph in paragraphs(said):
                if yesterday is not None and paragraph in paragraphs(yesterday):
                    repeated.setdefault(paragraph, []).append(day.isoformat())
        found += [
            f"said again the day after, on {', '.join(days)}: {paragraph!r}"
            for paragraph, days in repeated.items()
        ]
        return found
