"""Teams in the database (issue 11): a team per group chat, its members and their sharing
levels, and its daily posts as rows (one per team, kind and local date, like the outbox).

Read by bot/teams/desk.py (the commands) and bot/teams/roll_call.py (the scheduled posts).
Every method is one short transaction; none holds a runner's turn lock.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, and_, delete, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core import zones
from bot.teams.model import Level, MemberDay, first_name
from bot.teams.week import (
    REST_DAYS_AFTER_STEP_BACK,
    MemberWeek,
    Move,
    move_milestones,
    week_of,
)
from storage.engine import reader
from storage.models import (
    checkins,
    identities,
    outbox,
    runners,
    stage_history,
    team_cheers,
    team_members,
    team_milestones,
    team_posts,
    teams,
)
from storage.statements import insert_ignore

ROLL_CALL = "rollcall"
DIGEST = "digest"  # the weekly digest: a row per team on its digest day (once a local week)
PENDING, CLAIMED, SENT, FAILED = "pending", "claimed", "sent", "failed"
MILESTONE_DAYS = 2  # a stage move older than this is no news for the team: not posted
HISTORY_DAYS = 14  # check-ins read back for the trend: the latest two within this window


@dataclass(frozen=True, slots=True)
class TeamRow:
    id: int
    platform: str
    chat_id: str
    code: str
    title: str
    roll_call_time: str
    timezone: str
    digest_day: int | None
    active: bool
    admin_user: str | None = None  # who ran /team setup last
    muted: bool = False  # the admin was told the bot may not post there (until a post goes)


@dataclass(frozen=True, slots=True)
class RunnerRow:
    id: int
    onboarded: bool
    display_name: str


@dataclass(frozen=True, slots=True)
class Membership:
    team: TeamRow
    level: Level


@dataclass(frozen=True, slots=True)
class MilestonePost:
    id: int
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class Cheer:
    """A teammate's press, as the store saw it: `outcome` is sent, self, again or gone."""

    outcome: str
    kind: str = ""
    runner_user: str = ""  # the runner's id on the platform, to tell them privately


@dataclass(frozen=True, slots=True)
class DuePost:
    id: int
    team: TeamRow
    local_date: date
    kind: str = ROLL_CALL


def _members(team: TeamRow, *columns: Any) -> Any:
    """`columns` for each onboarded member of `team`, joined to their identity on the team's
    platform (one row per identity)."""
    return (
        select(*columns)
        .join(team_members, team_members.c.runner_id == runners.c.id)
        .join(
            identities,
            and_(identities.c.runner_id == runners.c.id, identities.c.platform == team.platform),
        )
        .where(team_members.c.team_id == team.id, runners.c.area.is_not(None))
    )


def _team(row: Any) -> TeamRow:
    m = row._mapping
    return TeamRow(
        int(m["id"]), m["platform"], m["chat_id"], m["code"], m["title"], m["roll_call_time"],
        m["timezone"], m["digest_day"], bool(m["active"]), m["admin_user"],
        m["muted_at"] is not None,
    )  # fmt: skip


_TEAM = select(
    teams.c.id, teams.c.platform, teams.c.chat_id, teams.c.code, teams.c.title,
    teams.c.roll_call_time, teams.c.timezone, teams.c.digest_day, teams.c.active,
    teams.c.admin_user, teams.c.muted_at,
)  # fmt: skip


class TeamStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    # ---- teams --------------------------------------------------------------------------

    async def team_in(self, platform: str, chat: str) -> TeamRow | None:
        where = and_(teams.c.platform == platform, teams.c.chat_id == chat)
        return await self._one_team(where)

    async def team_by_code(self, code: str) -> TeamRow | None:
        return await self._one_team(teams.c.code == code)

    async def team_by_id(self, team_id: int) -> TeamRow | None:
        return await self._one_team(teams.c.id == team_id)

    async def _one_team(self, where: object) -> TeamRow | None:
        async with reader(self.engine) as conn:
            row = (await conn.execute(_TEAM.where(where))).first()  # type: ignore[arg-type]
        return _team(row) if row is not None else None

    async def set_up(
        self,
        platform: str,
        chat: str,
        title: str,
        hhmm: str,
        zone: str,
        digest_day: int | None,
        now: datetime,
        admin: str | None = None,
    ) -> TeamRow:
        """Create the chat's team, or change its times and switch it back on; members stay.
        `admin` (who typed it) is the one told privately if the bot may not post there; a new
        setup also forgets that they were told (they may have given the right back)."""
        async with self.engine.begin() as conn:
            await conn.execute(
                insert_ignore(self.dialect, teams).values(
                    platform=platform,
                    chat_id=chat,
                    code=secrets.token_hex(5),
                    title=title[:128],
                    roll_call_time=hhmm,
                    timezone=zone,
                    digest_day=digest_day,
                    active=True,
                    created_at=now,
                    admin_user=admin,
                )
            )
            await conn.execute(
                update(teams)
                .where(teams.c.platform == platform, teams.c.chat_id == chat)
                .values(
                    roll_call_time=hhmm,
                    timezone=zone,
                    digest_day=digest_day,
                    active=True,
                    title=title[:128],
                    admin_user=admin,
                    muted_at=None,
                )
            )
        team = await self.team_in(platform, chat)
        assert team is not None
        return team

    async def end(self, team_id: int) -> None:
        """The team stops posting; its members and their choices are kept (set up again)."""
        async with self.engine.begin() as conn:
            await conn.execute(update(teams).where(teams.c.id == team_id).values(active=False))

    async def end_in(self, platform: str, chats: Sequence[str]) -> int:
        """The bot was removed from these chats (a group, a guild's channels) or a chat was
        deleted: their active teams end quietly, members and choices kept. How many ended."""
        if not chats:
            return 0
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(teams)
                .where(teams.c.platform == platform, teams.c.chat_id.in_(chats), teams.c.active)
                .values(active=False)
            )
        return max(result.rowcount, 0)

    async def leave_in(self, platform: str, chats: Sequence[str], user: str) -> int:
        """The user left these chats (a group, a guild's channels): they leave those teams.
        How many memberships ended."""
        if not chats:
            return 0
        runner = select(identities.c.runner_id).where(
            identities.c.platform == platform, identities.c.user_id == user
        )
        in_chats = select(teams.c.id).where(
            teams.c.platform == platform, teams.c.chat_id.in_(chats)
        )
        async with self.engine.begin() as conn:
            result = await conn.execute(
                delete(team_members).where(
                    team_members.c.runner_id.in_(runner), team_members.c.team_id.in_(in_chats)
                )
            )
        return max(result.rowcount, 0)

    async def mute(self, team_id: int, now: datetime) -> bool:
        """The bot may not post in the team's chat. True the first time (tell the admin now);
        False while they were told already."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(teams)
                .where(teams.c.id == team_id, teams.c.muted_at.is_(None))
                .values(muted_at=now)
            )
        return result.rowcount == 1

    async def unmute(self, team_id: int) -> None:
        """A post went through: a later loss of the right is news again."""
        async with self.engine.begin() as conn:
            await conn.execute(
                update(teams)
                .where(teams.c.id == team_id, teams.c.muted_at.is_not(None))
                .values(muted_at=None)
            )

    async def move(self, platform: str, old_chat: str, new_chat: str) -> bool:
        """The group has a new id (a Telegram group became a supergroup): the team, its
        members and its posts follow. False if no team was there, or one is there already."""
        if await self.team_in(platform, new_chat) is not None:
            return False
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(teams)
                .where(teams.c.platform == platform, teams.c.chat_id == old_chat)
                .values(chat_id=new_chat)
            )
        return bool(result.rowcount)

    async def active_teams(self) -> list[TeamRow]:
        async with reader(self.engine) as conn:
            rows = (await conn.execute(_TEAM.where(teams.c.active))).all()
        return [_team(row) for row in rows]

    # ---- runners and members ------------------------------------------------------------

    async def runner(self, platform: str, user: str) -> RunnerRow | None:
        query = (
            select(runners.c.id, runners.c.area, identities.c.display_name)
            .join(identities, identities.c.runner_id == runners.c.id)
            .where(identities.c.platform == platform, identities.c.user_id == user)
        )
        async with reader(self.engine) as conn:
            row = (await conn.execute(query)).first()
        if row is None:
            return None
        return RunnerRow(int(row.id), row.area is not None, row.display_name or "")

    async def join(self, team_id: int, runner_id: int, now: datetime, *, offered: bool) -> bool:
        """True if they were not in the team before."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                insert_ignore(self.dialect, team_members).values(
                    team_id=team_id,
                    runner_id=runner_id,
                    level=Level.CHECKIN.value,
                    level_offered=offered,
                    joined_at=now,
                )
            )
        return bool(result.rowcount)

    async def leave(self, team_id: int, runner_id: int) -> bool:
        async with self.engine.begin() as conn:
            result = await conn.execute(
                delete(team_members).where(
                    team_members.c.team_id == team_id, team_members.c.runner_id == runner_id
                )
            )
        return bool(result.rowcount)

    async def set_level(self, team_id: int, runner_id: int, level: Level) -> bool:
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(team_members)
                .where(team_members.c.team_id == team_id, team_members.c.runner_id == runner_id)
                .values(level=level.value, level_offered=True)
            )
        return bool(result.rowcount)

    async def memberships(self, runner_id: int) -> list[Membership]:
        """The runner's active teams, with what each may see."""
        query = (
            _TEAM.add_columns(team_members.c.level)
            .join(team_members, team_members.c.team_id == teams.c.id)
            .where(team_members.c.runner_id == runner_id, teams.c.active)
            .order_by(teams.c.id)
        )
        async with reader(self.engine) as conn:
            rows = (await conn.execute(query)).all()
        return [Membership(_team(row), Level.of(row.level)) for row in rows]

    async def waiting_for_offer(self, platform: str, user: str) -> list[Membership]:
        """The active teams of an onboarded runner whose sharing level was never offered:
        one round trip, run after every private turn on the chat platforms (almost always
        empty)."""
        query = (
            _TEAM.add_columns(team_members.c.level)
            .join(team_members, team_members.c.team_id == teams.c.id)
            .join(identities, identities.c.runner_id == team_members.c.runner_id)
            .join(runners, runners.c.id == team_members.c.runner_id)
            .where(
                identities.c.platform == platform,
                identities.c.user_id == user,
                ~team_members.c.level_offered,
                teams.c.active,
                runners.c.area.is_not(None),
            )
            .order_by(teams.c.id)
        )
        async with reader(self.engine) as conn:
            rows = (await conn.execute(query)).all()
        return [Membership(_team(row), Level.of(row.level)) for row in rows]

    async def mark_offered(self, runner_id: int, team_ids: Sequence[int]) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(team_members)
                .where(team_members.c.runner_id == runner_id, team_members.c.team_id.in_(team_ids))
                .values(level_offered=True)
            )

    async def member_days(self, team: TeamRow, now: datetime) -> list[MemberDay]:
        """Every onboarded member as of `now`, each on their own local day (a member abroad
        checks in on their own calendar, not the team's)."""
        members = _members(
            team,
            runners.c.id,
            runners.c.timezone,
            runners.c.last_checkin,
            team_members.c.level,
            identities.c.display_name,
            identities.c.user_id,
        ).order_by(runners.c.id)
        history = (
            select(
                checkins.c.runner_id,
                checkins.c.day,
                checkins.c.morning_pain,
                checkins.c.stage,
                checkins.c.decision,
            )
            .join(team_members, team_members.c.runner_id == checkins.c.runner_id)
            .where(
                team_members.c.team_id == team.id,
                checkins.c.day >= now.date() - timedelta(days=HISTORY_DAYS),
            )
            .order_by(checkins.c.runner_id, checkins.c.day.desc(), checkins.c.id.desc())
        )
        async with reader(self.engine) as conn:
            people = (await conn.execute(members)).all()
            past = (await conn.execute(history)).all()
        latest: dict[int, list[Any]] = defaultdict(list)
        for row in past:
            if len(latest[row.runner_id]) < 2:
                latest[row.runner_id].append(row)
        days: list[MemberDay] = []
        seen: set[int] = set()
        for person in people:
            if person.id in seen:  # a second identity on the same platform
                continue
            seen.add(person.id)
            today = zones.local_date(person.timezone, now)
            recent = latest.get(person.id, [])
            done = person.last_checkin == today and bool(recent) and recent[0].day == today
            name = first_name(person.display_name, fallback=f"#{len(days) + 1}")
            if not done:
                days.append(MemberDay(name, Level.of(person.level), False))
                continue
            first = recent[0]
            before = recent[1] if len(recent) > 1 else None
            days.append(
                MemberDay(
                    name,
                    Level.of(person.level),
                    True,
                    stage=first.stage,
                    decision=first.decision,
                    pain_today=first.morning_pain,
                    pain_before=before.morning_pain if before is not None else None,
                )
            )
        return days

    async def member_weeks(self, team: TeamRow, digest_day: date) -> list[MemberWeek]:
        """Every onboarded member over the digest's week (the team's local days): their
        check-in days, the step-backs that prescribe rest, and the week's stage moves."""
        first, last = week_of(digest_day)
        since = first - timedelta(days=REST_DAYS_AFTER_STEP_BACK)
        members = _members(
            team,
            runners.c.id,
            runners.c.paused,
            team_members.c.level,
            team_members.c.joined_at,
            identities.c.display_name,
        ).order_by(runners.c.id)
        in_team = select(team_members.c.runner_id).where(team_members.c.team_id == team.id)
        days = select(checkins.c.runner_id, checkins.c.day, checkins.c.decision).where(
            checkins.c.runner_id.in_(in_team), checkins.c.day >= since, checkins.c.day <= last
        )
        moves = (
            select(
                stage_history.c.runner_id,
                stage_history.c.day,
                stage_history.c.from_stage,
                stage_history.c.to_stage,
                stage_history.c.decision,
            )
            .where(stage_history.c.runner_id.in_(in_team), stage_history.c.day <= last)
            .order_by(stage_history.c.id)
        )
        async with reader(self.engine) as conn:
            people = (await conn.execute(members)).all()
            checked = (await conn.execute(days)).all()
            history = (await conn.execute(moves)).all()
        checkin_days: dict[int, set[date]] = defaultdict(set)
        step_backs: dict[int, set[date]] = defaultdict(set)
        for row in checked:
            if row.day >= first:
                checkin_days[row.runner_id].add(row.day)
            if row.decision == "step_back":
                step_backs[row.runner_id].add(row.day)
        week_moves: dict[int, list[Move]] = defaultdict(list)
        continuous_before: set[int] = set()
        for row in history:
            if row.day >= first:
                week_moves[row.runner_id].append(
                    Move(row.day, row.from_stage, row.to_stage, row.decision)
                )
            elif row.to_stage == "continuous":
                continuous_before.add(row.runner_id)
        weeks: list[MemberWeek] = []
        seen: set[int] = set()
        for person in people:
            if person.id in seen:  # a second identity on the same platform
                continue
            seen.add(person.id)
            weeks.append(
                MemberWeek(
                    name=first_name(person.display_name, fallback=f"#{len(weeks) + 1}"),
                    level=Level.of(person.level),
                    joined=person.joined_at.date(),
                    paused=bool(person.paused),
                    checkin_days=frozenset(checkin_days[person.id]),
                    step_back_days=frozenset(step_backs[person.id]),
                    moves=tuple(week_moves[person.id]),
                    continuous_before=person.id in continuous_before,
                )
            )
        return weeks

    # ---- the daily roll-call ------------------------------------------------------------

    async def enqueue_roll_calls(
        self, due: Sequence[tuple[int, date, datetime]], kind: str = ROLL_CALL
    ) -> int:
        """A row per (team, local date, due instant), computed by bot/teams/roll_call.py in
        each team's own zone. The unique key keeps it to one a day whatever runs this."""
        inserted = 0
        if not due:
            return 0
        async with self.engine.begin() as conn:
            for team_id, day, at in due:
                row = {"team_id": team_id, "kind": kind, "local_date": day, "due_at": at,
                       "status": PENDING}  # fmt: skip
                result = await conn.execute(insert_ignore(self.dialect, team_posts).values(**row))
                inserted += max(result.rowcount, 0)
        return inserted

    async def claim_roll_calls(
        self, now: datetime, *, platforms: Sequence[str], limit: int = 500
    ) -> list[DuePost]:
        """Pending rows of active teams, each claimed by one compare-and-set: whoever flips it
        from pending sends it. A crash after the claim loses that day's post rather than
        doubling it (at most once, as a group sees it)."""
        query = (
            _TEAM.add_columns(
                team_posts.c.id.label("post_id"), team_posts.c.local_date, team_posts.c.kind
            )
            .join(team_posts, team_posts.c.team_id == teams.c.id)
            .where(
                team_posts.c.status == PENDING,
                team_posts.c.due_at <= now,
                teams.c.active,
                teams.c.platform.in_(platforms),
            )
            .order_by(team_posts.c.due_at)
            .limit(limit)
        )
        async with reader(self.engine) as conn:
            rows = (await conn.execute(query)).all()
        taken = await self._claim(team_posts, [row.post_id for row in rows])
        return [
            DuePost(int(row.post_id), _team(row), row.local_date, row.kind)
            for row in rows
            if row.post_id in taken
        ]

    async def finish(
        self, post_id: int, now: datetime, *, message_id: str | None, error: str | None = None
    ) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(team_posts)
                .where(team_posts.c.id == post_id)
                .values(
                    status=FAILED if error else SENT,
                    message_id=message_id,
                    sent_at=now,
                    last_error=error,
                )
            )

    async def release(self, post_id: int) -> None:
        """A transient failure: the row goes back to pending for the next tick."""
        async with self.engine.begin() as conn:
            await conn.execute(
                update(team_posts).where(team_posts.c.id == post_id).values(status=PENDING)
            )

    async def posts(self, team_id: int, kind: str = ROLL_CALL) -> list[tuple[date, str]]:
        async with reader(self.engine) as conn:
            rows = (
                await conn.execute(
                    select(team_posts.c.local_date, team_posts.c.status)
                    .where(team_posts.c.team_id == team_id, team_posts.c.kind == kind)
                    .order_by(team_posts.c.local_date)
                )
            ).all()
        return [(row.local_date, row.status) for row in rows]

    async def nudge_absent(
        self, team: TeamRow, now: datetime, day_end: Callable[[str, date], datetime]
    ) -> int:
        """A private nudge for each onboarded, unpaused member who has not checked in on their
        own local day: a `nudge` row in the runners' outbox, due now. It is the runner's one
        nudge of the day, shared with their personal nudge and every other team (the outbox's
        unique key: runner, kind, local date), so nobody is poked twice. When it goes is the
        dispatcher's rule for every nudge (bot/scheduling/outcomes.py): not sooner than
        nudge_after_hours after a check-in prompt that went out today, after one still on its
        way, and at once when none was sent today (the nudge then opens the check-in, and the
        runner's own prompt later that day finds it open and stays quiet)."""
        query = _members(
            team,
            runners.c.id,
            runners.c.timezone,
            runners.c.last_checkin,
            identities.c.user_id,
        ).where(
            runners.c.paused.is_not(True),
            runners.c.unreachable.is_not(True),
        )
        async with reader(self.engine) as conn:
            people = (await conn.execute(query)).all()
        rows = []
        for person in people:
            today = zones.local_date(person.timezone, now)
            if person.last_checkin == today:
                continue
            rows.append(
                {
                    "runner_id": person.id,
                    "kind": "nudge",
                    "local_date": today,
                    "due_at": now,
                    "expires_at": day_end(person.timezone, today),
                    "status": "pending",
                    "platform": team.platform,
                    "chat_id": person.user_id,
                    "user_id": person.user_id,
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                }
            )
        inserted = 0
        if rows:
            async with self.engine.begin() as conn:
                for row in rows:
                    result = await conn.execute(insert_ignore(self.dialect, outbox).values(**row))
                    inserted += max(result.rowcount, 0)
        return inserted

    # ---- milestones and cheers ------------------------------------------------------------

    async def enqueue_milestones(self, team: TeamRow, now: datetime) -> int:
        """A row per milestone of a `stage` or `details` member, from their stage moves since
        they joined and within MILESTONE_DAYS: the unique key posts each once."""
        members = select(
            team_members.c.runner_id, team_members.c.level, team_members.c.joined_at
        ).where(team_members.c.team_id == team.id)
        in_team = select(team_members.c.runner_id).where(team_members.c.team_id == team.id)
        cutoff = now - timedelta(days=MILESTONE_DAYS)
        # Only the recent moves are read each tick; "first" continuous run looks further back.
        moves = (
            select(stage_history)
            .where(stage_history.c.runner_id.in_(in_team), stage_history.c.at >= cutoff)
            .order_by(stage_history.c.runner_id, stage_history.c.id)
        )
        ran_before = select(stage_history.c.runner_id).where(
            stage_history.c.runner_id.in_(in_team),
            stage_history.c.at < cutoff,
            stage_history.c.to_stage == "continuous",
        )
        async with reader(self.engine) as conn:
            people = {row.runner_id: row for row in await conn.execute(members)}
            history = (await conn.execute(moves)).all()
            continuous = {row.runner_id for row in await conn.execute(ran_before)}
        rows: list[dict[str, Any]] = []
        for move in history:
            person = people.get(move.runner_id)
            before = move.runner_id in continuous
            if move.to_stage == "continuous":
                continuous.add(move.runner_id)
            at = _aware(move.at)
            if person is None or at < _aware(person.joined_at) or at < cutoff:
                continue
            step = Move(move.day, move.from_stage, move.to_stage, move.decision)
            # One post a move, its most notable milestone (a first run beats a stage up).
            for kind in move_milestones(step, Level.of(person.level), before)[-1:]:
                rows.append({"team_id": team.id, "runner_id": move.runner_id,
                             "move_id": move.id, "kind": kind, "status": PENDING,
                             "created_at": now})  # fmt: skip
        inserted = 0
        if rows:
            async with self.engine.begin() as conn:
                for row in rows:
                    result = await conn.execute(
                        insert_ignore(self.dialect, team_milestones).values(**row)
                    )
                    inserted += max(result.rowcount, 0)
        return inserted

    async def claim_milestones(self, team: TeamRow, now: datetime) -> list[MilestonePost]:
        """Pending milestones of the team that are still news (queued within MILESTONE_DAYS:
        one held back by a failed post waits no longer), each claimed by one compare-and-set
        (at most once)."""
        query = (
            select(team_milestones.c.id, team_milestones.c.kind, identities.c.display_name)
            .join(
                identities,
                and_(
                    identities.c.runner_id == team_milestones.c.runner_id,
                    identities.c.platform == team.platform,
                ),
            )
            .where(
                team_milestones.c.team_id == team.id,
                team_milestones.c.status == PENDING,
                team_milestones.c.created_at >= now - timedelta(days=MILESTONE_DAYS),
            )
            .order_by(team_milestones.c.id)
        )
        async with reader(self.engine) as conn:
            rows = (await conn.execute(query)).all()
        taken = await self._claim(team_milestones, [row.id for row in rows])
        return [
            MilestonePost(int(row.id), first_name(row.display_name), row.kind)
            for row in rows
            if row.id in taken
        ]

    async def _claim(self, table: Table, ids: Sequence[int]) -> set[int]:
        """Pending -> claimed, one conditional update a row: what another ticker took first is
        left out, so each post goes out once whoever ticks."""
        taken: set[int] = set()
        async with self.engine.begin() as conn:
            for row_id in ids:
                result = await conn.execute(
                    update(table)
                    .where(table.c.id == row_id, table.c.status == PENDING)
                    .values(status=CLAIMED)
                )
                if result.rowcount == 1:
                    taken.add(row_id)
        return taken

    async def release_milestone(self, milestone_id: int) -> None:
        """A post that failed for now (rate limit, network, no right to post): pending again."""
        async with self.engine.begin() as conn:
            await conn.execute(
                update(team_milestones)
                .where(team_milestones.c.id == milestone_id, team_milestones.c.status == CLAIMED)
                .values(status=PENDING)
            )

    async def milestone_posted(self, milestone_id: int, *, message_id: str | None) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(team_milestones)
                .where(team_milestones.c.id == milestone_id)
                .values(status=SENT if message_id is not None else FAILED, message_id=message_id)
            )

    async def cheer(
        self, milestone_id: int, platform: str, chat: str, user: str, now: datetime
    ) -> Cheer:
        """A press of Cheer in `chat` by `user`: refused unless the milestone is this chat's
        team's and the presser is in that team; a runner cannot cheer themself; one each."""
        presser = await self.runner(platform, user)
        query = (
            select(team_milestones.c.runner_id, team_milestones.c.kind, identities.c.user_id)
            .join(teams, teams.c.id == team_milestones.c.team_id)
            .join(team_members, and_(team_members.c.team_id == teams.c.id))
            .join(
                identities,
                and_(
                    identities.c.runner_id == team_milestones.c.runner_id,
                    identities.c.platform == platform,
                ),
            )
            .where(
                team_milestones.c.id == milestone_id,
                teams.c.platform == platform,
                teams.c.chat_id == chat,
                teams.c.active,
                team_members.c.runner_id == (presser.id if presser else -1),
            )
        )
        async with reader(self.engine) as conn:
            row = (await conn.execute(query)).first()
        if presser is None or row is None:
            return Cheer("gone")
        if row.runner_id == presser.id:
            return Cheer("self", row.kind)
        async with self.engine.begin() as conn:
            result = await conn.execute(
                insert_ignore(self.dialect, team_cheers).values(
                    milestone_id=milestone_id, runner_id=presser.id, at=now
                )
            )
        if not result.rowcount:
            return Cheer("again", row.kind)
        return Cheer("sent", row.kind, row.user_id)


def _aware(at: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
