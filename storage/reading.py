"""Read-only queries for the runner's own eyes: the /export file and chart history."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Table, bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.core.effects import CheckinRecorded
from storage import statements as q
from storage.codec import checkin_from, jsonable, profile_from
from storage.engine import reader
from storage.models import (
    checkins,
    conversations,
    identities,
    pause_changes,
    runners,
    sessions,
    stage_history,
)

# Rows in export(): internal keys are left out, the rest is the runner's data verbatim.
_HIDDEN = {"id", "runner_id"}


def _ordered(table: Table) -> Any:
    return select(table).where(table.c.runner_id == bindparam("b_runner"))


class Reading:
    engine: AsyncEngine

    async def export(self, platform: str, user_id: str) -> dict[str, Any]:
        """Everything stored about the runner behind (platform, user_id), as JSON-able values.
        An unknown user gets the same shape, empty."""
        out: dict[str, Any] = {
            "profile": None,
            "identities": [],
            "conversations": [],
            "checkins": [],
            "sessions": [],
            "stage_history": [],
            "pauses": [],
        }
        async with reader(self.engine) as conn:
            runner = await runner_row(conn, platform, user_id)
            if runner is None:
                return out
            profile = profile_from(runner)
            out["runner"] = jsonable({"created_at": runner["created_at"]})
            out["profile"] = None if profile is None else jsonable(_profile_dict(profile))
            params = {"b_runner": runner["id"]}
            for key, table, order in (
                ("identities", identities, (identities.c.platform, identities.c.user_id)),
                ("conversations", conversations, (conversations.c.chat_id,)),
                ("checkins", checkins, (checkins.c.day, checkins.c.at, checkins.c.id)),
                ("sessions", sessions, (sessions.c.day, sessions.c.at, sessions.c.id)),
                ("stage_history", stage_history, (stage_history.c.day, stage_history.c.id)),
                ("pauses", pause_changes, (pause_changes.c.at, pause_changes.c.id)),
            ):
                result = await conn.execute(_ordered(table).order_by(*order), params)
                out[key] = [
                    jsonable({k: v for k, v in row.items() if k not in _HIDDEN})
                    for row in result.mappings()
                ]
        return out

    async def history(
        self, platform: str, user_id: str, days: int, today: date | None = None
    ) -> list[CheckinRecorded]:
        """Check-ins of the last `days` local days (today included), oldest first. `today`
        defaults to the date in the runner's time zone (UTC before onboarding)."""
        async with reader(self.engine) as conn:
            runner = await runner_row(conn, platform, user_id)
            if runner is None:
                return []
            if today is None:
                today = datetime.now(_zone(runner["timezone"])).date()
            since = today - timedelta(days=max(days, 1) - 1)
            result = await conn.execute(
                select(checkins)
                .where(checkins.c.runner_id == runner["id"], checkins.c.day >= since)
                .order_by(checkins.c.day, checkins.c.at, checkins.c.id)
            )
            return [checkin_from(row) for row in result.mappings()]


async def runner_row(conn: AsyncConnection, platform: str, user_id: str) -> Any:
    result = await conn.execute(
        select(runners).where(runners.c.id.in_(q.IDENTITY.scalar_subquery())),
        {"b_platform": platform, "b_user": user_id},
    )
    return result.mappings().first()


def _profile_dict(profile: Any) -> dict[str, Any]:
    return {name: getattr(profile, name) for name in profile.__dataclass_fields__}


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
