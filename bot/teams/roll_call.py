"""The daily roll-call, from the scheduler's tick: enqueue what came due (one row per team and
local date), claim it, post it through the team platform's `post_to_group` at the channel's
rate (Telegram: 20 a minute per group counted), and queue each absent member's one nudge.

The composition root hands `RollCalls(TeamStore(engine), grace)` to the Scheduler as its
`on_tick`; the scheduler calls it with the instant and the channels it has.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from bot.adapters.platform import Destination, Platform, Where
from bot.core import zones
from bot.core.types import Reply
from bot.delivery import NotAllowed, RetryLater, Unreachable
from bot.scheduling.channel import Channel
from bot.scheduling.times import day_end, due_instant
from bot.teams import board
from bot.teams.model import shown
from bot.teams.week import seen
from bot.text import text
from storage.teams import DIGEST, TeamRow, TeamStore

log = logging.getLogger("comeback.teams")


class RollCalls:
    """The scheduler's team job (`Scheduler(on_tick=...)`)."""

    def __init__(self, store: TeamStore, grace: timedelta) -> None:
        self.store = store
        self.grace = grace

    async def __call__(self, now: datetime, channels: Mapping[str, Channel]) -> int:
        return await roll_calls(self.store, channels, now, grace=self.grace)


def due_now(
    teams: Sequence[TeamRow], now: datetime, grace: timedelta
) -> list[tuple[int, date, datetime]]:
    """(team, local date, due instant) for each team whose roll-call time came within `grace`
    and whose local day is not over: in the team's own zone, so a clock change moves it with
    the wall clock (a time the spring-forward skips comes at the first instant after)."""
    due: list[tuple[int, date, datetime]] = []
    for team in teams:
        today = zones.local_date(team.timezone, now)
        for day in (today - timedelta(days=1), today):
            at = due_instant(team.timezone, day, team.roll_call_time)
            if at <= now < min(at + grace, day_end(team.timezone, day)):
                due.append((team.id, day, at))
    return due


async def roll_calls(
    store: TeamStore, channels: Mapping[str, Channel], now: datetime, *, grace: timedelta
) -> int:
    """Post every roll-call due at `now`; return how many went out. A platform without a
    connected Platform leaves its teams' rows pending for a later tick (within the grace)."""
    active = await store.active_teams()
    due = due_now(active, now, grace)
    await store.enqueue_roll_calls(due)
    # The weekly digest rides the roll-call's time on the team's digest day: a row per team
    # and local date, and that date comes once a week.
    digest_days = {team.id: team.digest_day for team in active}
    await store.enqueue_roll_calls(
        [(team, day, at) for team, day, at in due if digest_days[team] == day.weekday()],
        kind=DIGEST,
    )
    ready = {
        name: channel for name, channel in channels.items() if isinstance(channel.sender, Platform)
    }
    posted = 0
    for post in await store.claim_roll_calls(now, platforms=tuple(ready)):
        team, channel = post.team, ready[post.team.platform]
        platform = channel.sender
        assert isinstance(platform, Platform)
        if post.kind == DIGEST:
            weeks = await store.member_weeks(team, post.local_date)
            reply = board.digest(
                team.title, seen(weeks, post.local_date), post.local_date.toordinal()
            )
        else:
            days = await store.member_days(team, now)
            reply = board.roll_call(
                team.title, [shown(d) for d in days], post.local_date.toordinal()
            )
        try:
            await channel.limiter.acquire(team.chat_id, group=True)
            message = await platform.post_to_group(team.chat_id, reply)
        except NotAllowed as error:
            # Still in the chat, without the right to post: the day's post is lost, the team
            # stays, and whoever set it up hears it privately, once.
            log.info("%s: no right to post in team %d (%s)", team.platform, team.id, error)
            await store.finish(post.id, now, message_id=None, error="not-allowed")
            await muted(store, platform, team, now)
            continue
        except Unreachable as error:
            # Removed from the group, or no right to post: the team ends quietly; members
            # and their choices are kept for a new /team setup.
            log.info("%s: team %d cannot be posted to (%s); ended", team.platform, team.id, error)
            await store.finish(post.id, now, message_id=None, error="unreachable")
            await store.end(team.id)
            continue
        except RetryLater as error:
            await store.release(post.id)
            channel.limiter.pause(error.after)
            continue
        await store.finish(post.id, now, message_id=message)
        posted += 1
        if team.muted:
            await store.unmute(team.id)
        if post.kind != DIGEST:
            await store.nudge_absent(team, now, day_end)
    for team in await store.active_teams():  # read again: a post above may have (un)muted one
        if team.platform in ready and not team.muted:
            posted += await milestones(store, ready[team.platform], team, now)
    return posted


async def muted(store: TeamStore, platform: Platform, team: TeamRow, now: datetime) -> None:
    """The bot may not post in the team's chat: tell the admin who set the team up, privately
    and once (until a post goes through again, or the team is set up again)."""
    if not await store.mute(team.id, now) or team.admin_user is None:
        return
    note = Reply((text("team.muted", team=board.named(team.title)),), private=True)
    try:
        await platform.post(Destination(Where.PRIVATE, team.admin_user), note)
    except (Unreachable, RetryLater) as error:  # they were "told": no second try every tick
        log.info("%s: the admin of team %d could not be told (%s)", team.platform, team.id, error)


async def milestones(store: TeamStore, channel: Channel, team: TeamRow, now: datetime) -> int:
    """Post each new milestone of the team's `stage` and `details` members (from the stage
    history) with a Cheer button, once each."""
    await store.enqueue_milestones(team, now)
    platform = channel.sender
    assert isinstance(platform, Platform)
    posted = 0
    claimed = await store.claim_milestones(team, now)
    for n, milestone in enumerate(claimed):
        reply = board.milestone_post(milestone.name, milestone.kind, milestone.id)
        try:
            await channel.limiter.acquire(team.chat_id, group=True)
            message = await platform.post_to_group(team.chat_id, reply)
        except (RetryLater, NotAllowed) as error:
            # A rate limit or the network (the next tick tries again), or no right to post
            # (kept for when it comes back): this one and the rest go back to pending. They
            # are posted while they are news (MILESTONE_DAYS), else never.
            log.info("%s: milestones held in team %d (%s)", team.platform, team.id, error)
            for held in claimed[n:]:
                await store.release_milestone(held.id)
            if isinstance(error, RetryLater):
                channel.limiter.pause(error.after)
            else:
                await muted(store, platform, team, now)
            break
        except Unreachable as error:  # removed: the roll-call or the lifecycle ends the team
            log.info("%s: milestone not posted in team %d (%s)", team.platform, team.id, error)
            await store.milestone_posted(milestone.id, message_id=None)
            continue
        await store.milestone_posted(milestone.id, message_id=message)
        posted += 1
    return posted
