"""Things the engine asks the shell to record, beyond the state itself. Append-only facts:
the shell writes them as rows in the same transaction as the state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class CheckinRecorded:
    day: date  # the runner's local date
    at: datetime  # aware UTC
    morning_pain: int
    swelling: str  # none | some | visible
    daily_activity_pain: bool
    compared_to_before: str | None  # better | same | worse, the morning after a session
    red_flags: tuple[str, ...]
    walk_test: str | None
    hop_test: str | None
    decision: str
    stage: str
    rules: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class SessionLogged:
    day: date
    at: datetime
    kind: str  # walk | run | walk_run | cross | strength
    minutes: int
    pain_during: int


@dataclass(frozen=True, slots=True)
class StageChanged:
    day: date
    at: datetime
    from_stage: str
    to_stage: str
    decision: str
    rules: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PauseChanged:
    """`/pause` or `/resume`: dated, so the chart and /status can show the paused days."""

    day: date  # the runner's local date
    at: datetime
    paused: bool


@dataclass(frozen=True, slots=True)
class ForgetRunner:
    """`/delete` confirmed: remove every row about this runner."""


@dataclass(frozen=True, slots=True)
class ExportRequested:
    """`/export`: the shell attaches everything stored about the runner to the reply."""


@dataclass(frozen=True, slots=True)
class ChartRequested:
    """`/progress` or the weekly note: the shell attaches the progress chart (a PNG) to the last
    reply. `day` is the runner's local date, the chart's last day."""

    day: date


@dataclass(frozen=True, slots=True)
class ReportRequested:
    """`/report`: the shell attaches the one-page PDF for a clinician to the last reply."""

    day: date


Effect = (
    CheckinRecorded
    | SessionLogged
    | StageChanged
    | PauseChanged
    | ForgetRunner
    | ExportRequested
    | ChartRequested
    | ReportRequested
)
