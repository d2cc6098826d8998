"""Linked accounts in the database (issue 12): linking codes (hashed), merging two runners into
one, unlinking, and where the morning prompts go. Read by bot/linking/desk.py.

Every method is one short transaction. The merge locks both runner rows first (PostgreSQL:
SELECT ... FOR UPDATE, as a turn does; SQLite: the write transaction begins IMMEDIATE), so it
never interleaves with a turn of either account.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.core import link
from bot.core.state import IDLE, NEW
from storage.codec import profile_from
from storage.engine import reader
from storage.models import (
    checkins,
    conversations,
    identities,
    link_codes,
    runners,
    sessions,
    team_members,
)
from storage.names import fit_display_name
from storage.statements import ONE, insert_ignore


@dataclass(frozen=True, slots=True)
class CodeRow:
    id: int
    pending: link.Pending
    claimed_platform: str | None
    claimed_user: str | None


@dataclass(frozen=True, slots=True)
class Linked:
    """A runner and its accounts, as /link shows them."""

    runner_id: int
    accounts: tuple[link.Account, ...]
    prompt_platform: str | None

    @property
    def platforms(self) -> tuple[str, ...]:
        return tuple(a.platform for a in self.accounts)

    @property
    def prompt(self) -> str:
        """Where the prompts go: the chosen platform, else the first (as storage/outbox.py)."""
        if self.prompt_platform in self.platforms:
            return str(self.prompt_platform)
        return self.platforms[0]


class LinkStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    # ---- runners and accounts -------------------------------------------------------------

    async def linked(self, platform: str, user: str) -> Linked | None:
        """The runner behind (platform, user) and all its accounts; None if we never met."""
        async with reader(self.engine) as conn:
            runner_id = await _runner_of(conn, platform, user)
            if runner_id is None:
                return None
            return await _linked(conn, runner_id)

    async def history(self, runner_id: int, platform: str) -> link.History:
        async with reader(self.engine) as conn:
            row = (
                (await conn.execute(select(runners).where(runners.c.id == runner_id)))
                .mappings()
                .one()
            )
            count, first = (
                await conn.execute(
                    select(func.count(), func.min(checkins.c.day)).where(
                        checkins.c.runner_id == runner_id
                    )
                )
            ).one()
            logged = (
                await conn.execute(select(func.count()).where(sessions.c.runner_id == runner_id))
            ).scalar_one()
        return link.History(platform, profile_from(row), int(count), int(logged), first)

    # ---- codes ----------------------------------------------------------------------------

    async def new_code(
        self, runner_id: int, platform: str, user: str, code: str, code_hash: str, now: datetime
    ) -> bool:
        """Store `code` for this account (its lookup and `code_hash`, never the code), replacing
        its earlier ones; expired codes of anyone are cleared on the way. False if its lookup is
        taken: draw another."""
        async with self.engine.begin() as conn:
            await conn.execute(delete(link_codes).where(link_codes.c.expires_at <= now))
            await conn.execute(
                delete(link_codes).where(
                    link_codes.c.platform == platform, link_codes.c.user_id == user
                )
            )
            try:
                async with conn.begin_nested():
                    await conn.execute(
                        insert(link_codes).values(
                            runner_id=runner_id, platform=platform, user_id=user,
                            lookup=link.lookup(code), code_hash=code_hash,
                            expires_at=now + link.LIFETIME, attempts=0, created_at=now,
                        )
                    )  # fmt: skip
            except IntegrityError:
                return False
        return True

    async def code(self, lookup: str) -> CodeRow | None:
        async with reader(self.engine) as conn:
            row = (
                (await conn.execute(select(link_codes).where(link_codes.c.lookup == lookup)))
                .mappings()
                .first()
            )
        return None if row is None else _code_row(row)

    async def waiting_for(self, platform: str, user: str, now: datetime) -> CodeRow | None:
        """The code this account typed and that now waits for the runner's choice."""
        async with reader(self.engine) as conn:
            row = (
                (
                    await conn.execute(
                        select(link_codes).where(
                            link_codes.c.claimed_platform == platform,
                            link_codes.c.claimed_user == user,
                            link_codes.c.expires_at > now,
                        )
                    )
                )
                .mappings()
                .first()
            )
        return None if row is None else _code_row(row)

    async def showed(self, platform: str, user: str, now: datetime) -> bool:
        """Did this account ask for a code that is still live (so a code typed here is an
        answer to "got a code from your other app?")."""
        async with reader(self.engine) as conn:
            found = (
                await conn.execute(
                    select(link_codes.c.id).where(
                        link_codes.c.platform == platform,
                        link_codes.c.user_id == user,
                        link_codes.c.expires_at > now,
                    )
                )
            ).first()
        return found is not None

    async def take_try(self, code_id: int) -> int | None:
        """Count one try at the code, atomically, before it is judged; the tries so far, this
        one included, or None when none is left (or the code is gone). One UPDATE, so tries
        at the same moment each get their own count and never more than MAX_WRONG pass."""
        async with self.engine.begin() as conn:
            tries = (
                await conn.execute(
                    update(link_codes)
                    .where(link_codes.c.id == code_id, link_codes.c.attempts < link.MAX_WRONG)
                    .values(attempts=link_codes.c.attempts + 1)
                    .returning(link_codes.c.attempts)
                )
            ).scalar()
        return None if tries is None else int(tries)

    async def drop(self, code_id: int) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(delete(link_codes).where(link_codes.c.id == code_id))

    async def claim(self, code_id: int, platform: str, user: str, now: datetime) -> None:
        """The right code, typed on (platform, user): it waits for the runner's choice (a
        fresh 10 minutes), and works for nobody else."""
        async with self.engine.begin() as conn:
            await conn.execute(
                update(link_codes)
                .where(link_codes.c.id == code_id)
                .values(
                    claimed_platform=platform,
                    claimed_user=user,
                    expires_at=now + link.LIFETIME,
                )
            )

    # ---- linking and unlinking ------------------------------------------------------------

    async def attach(self, runner_id: int, platform: str, user: str, name: str) -> None:
        """An account we never met joins `runner_id` (no history to merge). Every code of the
        runner is used up: a linked runner has none waiting."""
        async with self.engine.begin() as conn:
            await conn.execute(
                insert_ignore(self.dialect, identities).values(
                    platform=platform,
                    user_id=user,
                    runner_id=runner_id,
                    display_name=fit_display_name(name),
                )
            )
            await conn.execute(delete(link_codes).where(link_codes.c.runner_id == runner_id))

    async def merge(self, keep: int, drop: int) -> None:
        """Runner `drop` becomes part of runner `keep`: its accounts and chats move over
        (the chats start afresh, nothing half-answered), its check-ins on days `keep` has none,
        all its sessions, its teams; then it is deleted with the rest (stage history, prompts,
        team milestones) by the cascades. Every code of both is used up in the same transaction:
        a linked runner has none waiting."""
        async with self.engine.begin() as conn:
            locked = select(runners).where(runners.c.id.in_((keep, drop))).order_by(runners.c.id)
            if self.dialect == "postgresql":
                locked = locked.with_for_update()
            rows = {row["id"]: row for row in (await conn.execute(locked)).mappings()}
            kept, other = rows[keep], rows[drop]
            kept_days = await _days(conn, keep)
            moving = link.days_to_move(kept_days, await _days(conn, drop))
            if moving:
                await conn.execute(
                    update(checkins)
                    .where(checkins.c.runner_id == drop, checkins.c.day.in_(sorted(moving)))
                    .values(runner_id=keep)
                )
            await conn.execute(
                update(sessions).where(sessions.c.runner_id == drop).values(runner_id=keep)
            )
            await conn.execute(
                update(identities).where(identities.c.runner_id == drop).values(runner_id=keep)
            )
            flow = IDLE if kept["area"] is not None else NEW
            await conn.execute(
                update(conversations)
                .where(conversations.c.runner_id == drop)
                .values(runner_id=keep, flow=flow, data={}, version=conversations.c.version + ONE)
            )
            await conn.execute(
                update(team_members)
                .where(
                    team_members.c.runner_id == drop,
                    team_members.c.team_id.not_in(
                        select(team_members.c.team_id).where(team_members.c.runner_id == keep)
                    ),
                )
                .values(runner_id=keep)
            )
            # The kept runner's version goes up even when nothing of its own changed: its
            # conversations and identities did, and a turn that started before (or from what
            # a process saved last, storage/recent.py) must not save over them.
            last = link.later(kept["last_checkin"], other["last_checkin"])
            newest = last if kept["area"] is not None else kept["last_checkin"]
            await conn.execute(
                update(runners)
                .where(runners.c.id == keep)
                .values(last_checkin=newest, version=runners.c.version + ONE)
            )
            await conn.execute(delete(link_codes).where(link_codes.c.runner_id.in_((keep, drop))))
            await conn.execute(delete(runners).where(runners.c.id == drop))

    async def set_prompt(self, runner_id: int, platform: str | None) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(runners).where(runners.c.id == runner_id).values(prompt_platform=platform)
            )

    async def unlink(self, runner_id: int, platform: str) -> bool:
        """The runner's account on `platform` leaves it (and its chats): it starts afresh the
        next time it writes. Never the last account. True if one left."""
        async with self.engine.begin() as conn:
            linked = await _linked(conn, runner_id)
            if len(linked.accounts) < 2 or platform not in linked.platforms:
                return False
            leaving = and_(identities.c.runner_id == runner_id, identities.c.platform == platform)
            users = [
                u for (u,) in (await conn.execute(select(identities.c.user_id).where(leaving)))
            ]
            await conn.execute(
                delete(conversations).where(
                    conversations.c.runner_id == runner_id,
                    tuple_(conversations.c.platform, conversations.c.user_id).in_(
                        [(platform, u) for u in users]
                    ),
                )
            )
            await conn.execute(delete(identities).where(leaving))
            await conn.execute(
                delete(link_codes).where(
                    link_codes.c.runner_id == runner_id, link_codes.c.platform == platform
                )
            )
            # Its version goes up: a turn that began in a chat just deleted must not save (the
            # account may even have come back since as a new runner, its conversation's
            # version counted again from 0).
            prompt = None if linked.prompt_platform == platform else linked.prompt_platform
            await conn.execute(
                update(runners)
                .where(runners.c.id == runner_id)
                .values(prompt_platform=prompt, version=runners.c.version + ONE)
            )
        return True


async def _runner_of(conn: AsyncConnection, platform: str, user: str) -> int | None:
    found = await conn.execute(
        select(identities.c.runner_id).where(
            identities.c.platform == platform, identities.c.user_id == user
        )
    )
    runner_id = found.scalar()
    return None if runner_id is None else int(runner_id)


async def _linked(conn: AsyncConnection, runner_id: int) -> Linked:
    accounts = (
        await conn.execute(
            select(identities.c.platform, identities.c.display_name)
            .where(identities.c.runner_id == runner_id)
            .order_by(identities.c.platform, identities.c.user_id)
        )
    ).all()
    prompt = (
        await conn.execute(select(runners.c.prompt_platform).where(runners.c.id == runner_id))
    ).scalar()
    return Linked(runner_id, tuple(link.Account(p, n or "") for p, n in accounts), prompt)


async def _days(conn: AsyncConnection, runner_id: int) -> list[date]:
    result = await conn.execute(select(checkins.c.day).where(checkins.c.runner_id == runner_id))
    return [day for (day,) in result]


def _code_row(row: Any) -> CodeRow:
    pending = link.Pending(
        runner_id=int(row["runner_id"]),
        platform=row["platform"],
        user=row["user_id"],
        digest=row["code_hash"],
        expires_at=row["expires_at"],
        attempts=int(row["attempts"]),
    )
    return CodeRow(int(row["id"]), pending, row["claimed_platform"], row["claimed_user"])


__all__: Sequence[str] = ["CodeRow", "LinkStore", "Linked"]
