"""State and effects <-> plain column dicts. No I/O here: store.py does the talking."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table

from bot.coach import CoachState
from bot.core.effects import CheckinRecorded, Effect, PauseChanged, SessionLogged, StageChanged
from bot.core.state import Profile
from storage.models import checkins, pause_changes, sessions, stage_history

# Profile field -> runners column, in one place. Only `coach` is renamed.
PROFILE_COLUMNS: dict[str, str] = {
    f.name: ("coach_state" if f.name == "coach" else f.name) for f in fields(Profile)
}
# Column names of the profile part of a runner row, in Profile field order.
COLUMNS = tuple(PROFILE_COLUMNS.values())


def profile_columns(profile: Profile | None) -> dict[str, Any]:
    """The runners columns for `profile`; all NULL for None (not onboarded, or restarted)."""
    if profile is None:
        return dict.fromkeys(COLUMNS)
    values = {column: getattr(profile, name) for name, column in PROFILE_COLUMNS.items()}
    # JSON has no sets; sorted so that equal profiles give equal rows.
    values["cross_training"] = sorted(profile.cross_training)
    # The coach's state is stored as its own JSON (CoachState.to_dict); {} when it has none.
    values["coach_state"] = {} if profile.coach is None else profile.coach.to_dict()
    return values


def profile_from(row: Mapping[Any, Any]) -> Profile | None:
    """`row` holds the runners columns by name. A NULL area means onboarding is not done."""
    if row["area"] is None:
        return None
    return Profile(
        area=row["area"],
        onset=row["onset"],
        feel=row["feel"],
        kind=row["kind"],
        seen_professional=bool(row["seen_professional"]),
        baseline=int(row["baseline"]),
        timezone=row["timezone"],
        checkin_time=row["checkin_time"],
        cross_training=frozenset(row["cross_training"] or ()),
        cleared_by_clinician=bool(row["cleared_by_clinician"]),
        paused=bool(row["paused"]),
        coach=_coach_state(row["coach_state"]),
        last_checkin=row["last_checkin"],
        skip_date=row["skip_date"],
        cause=row["cause"],
        goal=row["goal"],
        paused_since=row["paused_since"],
        paused_until=row["paused_until"],
    )


# The profile's columns stored as JSON: a read gives them back as JSON decodes them.
_JSON_COLUMNS = ("cross_training", "coach_state")


def through_json(value: Any) -> Any:
    """`value` as storing it in a JSON column and reading it back gives it (lists for tuples,
    string keys): what the next turn would see had it read the row."""
    return json.loads(json.dumps(value))


def as_read(values: Mapping[str, Any]) -> dict[str, Any]:
    """profile_columns() output as a read of the runner row would give it."""
    return {k: through_json(v) if k in _JSON_COLUMNS else v for k, v in values.items()}


def _coach_state(stored: Mapping[str, Any] | None) -> CoachState | None:
    """The coach's state from its JSON column: decoded here and nowhere else."""
    return CoachState.from_dict(dict(stored)) if stored else None


EFFECT_TABLES: dict[type, Table] = {
    CheckinRecorded: checkins,
    SessionLogged: sessions,
    StageChanged: stage_history,
    PauseChanged: pause_changes,
}
_EFFECT_FIELDS: dict[type, tuple[str, ...]] = {
    kind: tuple(f.name for f in fields(kind)) for kind in EFFECT_TABLES
}


EffectRows = dict[Table, list[dict[str, Any]]]


def effect_rows(runner_id: int, effects: Iterable[Effect]) -> EffectRows:
    """Rows to insert (keys `b_<column>`, see statements.insert_rows), grouped by table so
    that each table takes one executemany."""
    rows: EffectRows = {}
    for effect in effects:
        kind = type(effect)
        table = EFFECT_TABLES.get(kind)
        if table is None:
            continue  # ForgetRunner is handled by the store, not recorded
        row = {f"b_{name}": getattr(effect, name) for name in _EFFECT_FIELDS[kind]}
        row["b_runner_id"] = runner_id
        rows.setdefault(table, []).append(row)
    return rows


def checkin_from(row: Mapping[Any, Any]) -> CheckinRecorded:
    return CheckinRecorded(
        day=row["day"],
        at=row["at"],
        morning_pain=row["morning_pain"],
        swelling=row["swelling"],
        daily_activity_pain=bool(row["daily_activity_pain"]),
        compared_to_before=row["compared_to_before"],
        red_flags=tuple(row["red_flags"]),
        walk_test=row["walk_test"],
        hop_test=row["hop_test"],
        decision=row["decision"],
        stage=row["stage"],
        rules=tuple(row["rules"]),
    )


def jsonable(value: Any) -> Any:
    """Dates and datetimes as ISO strings, containers recursively; for export()."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, CoachState):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items) if isinstance(value, set | frozenset) else items
    return value
