"""The daily roll-call, from the scheduler's tick: enqueue what came due (one row per team and
local date), claim it, post it through the team platform's `post_to_group` at the platform's
group rate, and leave each absent member one private nudge in the runners' outbox.

    posted = await roll_calls(TeamStore(engine), senders, now, grace=..., limiter=...)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from bot.adapters.platform import Platform
from bot.delivery import RetryLater, Unreachable
from bot.scheduling.ratelimit import PlatformLimiter
from bot.teams import board
from bot.teams.model import shown
from storage.teams import TeamStore

log = logging.getLogger("comeback.teams")


async def roll_calls(
    store: TeamStore,
    senders: Mapping[str, object],
    now: datetime,
    *,
    grace: timedelta,
    limiter: Callable[[str], PlatformLimiter] | None = None,
) -> int:
    """Post every roll-call due at `now`; return how many went out. A platform without a
    connected Platform leaves its teams' rows pending for a later tick (within the grace)."""
    await store.enqueue_roll_calls(now, grace)
    platforms = {name: s for name, s in senders.items() if isinstance(s, Platform)}
    posted = 0
    for post in await store.claim_roll_calls(now, platforms=tuple(platforms)):
        team, platform = post.team, platforms[post.team.platform]
        days = await store.member_days(team, now)
        reply = board.roll_call(team.title, [shown(d) for d in days], post.local_date.toordinal())
        try:
            if limiter is not None:
                await limiter(team.platform).acquire(team.chat_id, group=True)
            message = await platform.post_to_group(team.chat_id, reply)
        except Unreachable as error:
            # Removed from the group, or no right to post: the team ends quietly; members
            # and their choices are kept for a new /team setup.
            log.info("%s: team %d cannot be posted to (%s); ended", team.platform, team.id, error)
            await store.finish(post.id, now, message_id=None, error="unreachable")
            await store.end(team.id)
            continue
        except RetryLater as error:
            await store.release(post.id)
            if limiter is not None:
                limiter(team.platform).pause(error.after)
            continue
        await store.finish(post.id, now, message_id=message)
        posted += 1
        await store.nudge_absent(team, now)
    return posted
