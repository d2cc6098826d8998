"""`/export`: the runner's data as a versioned JSON document (docs/export.md) and the check-ins
and sessions as CSV files a spreadsheet opens. Pure functions of `Store.export()`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

# Bump when a field changes meaning or goes away (adding a field does not): docs/export.md.
SCHEMA_VERSION = 1
JSON_NAME, CHECKINS_NAME, SESSIONS_NAME = (
    "comeback-export.json", "comeback-checkins.csv", "comeback-sessions.csv",
)  # fmt: skip

CHECKIN_COLUMNS = (
    "day", "morning_pain", "swelling", "daily_activity_pain", "compared_to_before", "red_flags",
    "walk_test", "hop_test", "decision", "stage", "rules", "at",
)  # fmt: skip
SESSION_COLUMNS = ("day", "kind", "minutes", "pain_during", "at")
# Lists in one CSV cell: "night_pain;limp", "2;8".
LIST_SEPARATOR = ";"


def document(data: Mapping[str, Any], exported_at: datetime) -> dict[str, Any]:
    """The export with its schema version and the moment it was made, first."""
    return {"schema_version": SCHEMA_VERSION, "exported_at": exported_at.isoformat(), **data}


def to_json(data: Mapping[str, Any], exported_at: datetime) -> bytes:
    return json.dumps(document(data, exported_at), indent=2, ensure_ascii=False).encode()


def checkins_csv(data: Mapping[str, Any]) -> bytes:
    return _csv(CHECKIN_COLUMNS, data.get("checkins", []))


def sessions_csv(data: Mapping[str, Any]) -> bytes:
    return _csv(SESSION_COLUMNS, data.get("sessions", []))


def _csv(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    # UTF-8 with a byte order mark: Excel then reads accents right; other tools skip it.
    return out.getvalue().encode("utf-8-sig")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)
