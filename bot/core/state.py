"""What the engine remembers between events: the conversation (a flow name and a small data
dict) and, once onboarding is done, the runner's profile. Plain values, so they persist as rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from bot.coach import CoachState

IDLE = "idle"
NEW = "new"


@dataclass(frozen=True, slots=True)
class Profile:
    """The runner, as onboarding left them and the coach keeps them."""

    area: str  # shin | calf_achilles | knee | it_band | hip_groin | foot_heel | hamstring | other
    onset: str  # sudden | gradual
    feel: str  # bone | tendon | muscle | joint | unsure (what the runner said)
    kind: str  # tendon | bone | other (the coach's kind, derived from feel)
    seen_professional: bool
    baseline: int  # usual morning pain, 0-10
    timezone: str  # IANA name
    checkin_time: str  # "HH:MM" local
    cross_training: frozenset[str] = frozenset()
    cleared_by_clinician: bool = False
    paused: bool = False
    # What the coach remembers; None for a profile stored before the coach kept state.
    coach: CoachState | None = None
    last_checkin: date | None = None  # local date of the last completed morning check-in
    skip_date: date | None = None  # "skip today": no prompt on this local date
    cause: str | None = None  # what changed before it started: mileage | hills | speed | ...
    goal: str | None = None  # what they are coming back for: "running", or their own words
    paused_since: date | None = None  # local date of the /pause that is still on
    paused_until: date | None = None  # `/pause 7`: the local date check-ins come back by themselves

    def with_(self, **changes: Any) -> Profile:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class State:
    flow: str = NEW
    data: Mapping[str, Any] = field(default_factory=dict)
    profile: Profile | None = None

    def at(self, flow: str, **data: Any) -> State:
        """The same runner, moved to `flow` with fresh scratch data."""
        return State(flow, data, self.profile)

    def with_data(self, **changes: Any) -> State:
        return State(self.flow, {**self.data, **changes}, self.profile)


@dataclass(frozen=True, slots=True)
class Runner:
    """The state of someone who finished onboarding, with the profile known to be there: what
    every flow after onboarding works on."""

    state: State
    profile: Profile

    @classmethod
    def of(cls, state: State) -> Runner | None:
        return None if state.profile is None else cls(state, state.profile)

    @property
    def flow(self) -> str:
        return self.state.flow

    @property
    def data(self) -> Mapping[str, Any]:
        return self.state.data

    def at(self, flow: str, **data: Any) -> State:
        return self.state.at(flow, **data)

    def idle(self, profile: Profile | None = None) -> State:
        """Nothing open, with the profile as it is now (or as `profile` changed it)."""
        return State(IDLE, {}, self.profile if profile is None else profile)
