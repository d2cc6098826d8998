"""Teams over time, on the real App and store with the Platform contract in memory: the private
nudge of a member who has not checked in (one a day, also when their own prompt is still to
come), the roll-call at most once per team and local date whoever ticks, a chat where the bot
may not post (its admin told once), milestone posts that failed coming back, and the chat
events (the bot removed, a member who left)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

from bot import compose
from bot.core.effects import StageChanged
from bot.core.types import ConversationKey
from bot.delivery import RetryLater
from bot.settings import Settings
from bot.teams.model import Level
from bot.teams.roll_call import roll_calls
from messages.replies import reply_text
from storage.teams import TeamStore
from tests.integration.test_teams import GRACE, GROUP, NOW, OTHER_GROUP, Club, club, text_of, utc

__all__ = ["club"]  # the fixture


def private_to(club: Club, user: str) -> list[str]:
    return [
        reply_text(r) for where, r in club.platform.posts if where.private and where.chat == user
    ]


async def test_a_member_whose_own_prompt_is_still_to_come_is_nudged_at_the_roll_call_once(
    club: Club,
) -> None:
    """Ada's prompt (07:00) went before the 07:30 roll-call; Bo's is at 09:00. Each gets one
    nudge that day: Ada hers three hours after her prompt, Bo his at the roll-call (it opens
    his check-in, so his 09:00 prompt stays quiet and no second nudge follows)."""
    start = utc("2026-03-10T06:50:00+00:00")
    await club.team_up(start)
    await club.runner("ada", at="07:00")
    await club.runner("bo", at="09:00")
    for user in ("ada", "bo"):
        await club.says(user, "/join", start, GROUP)
    clock = [start]
    scheduler = compose.scheduler(
        club.app, Settings(), senders=[club.platform], clock=lambda: clock[0]
    )
    seen: dict[str, list[tuple[datetime, str]]] = {"ada": [], "bo": []}
    try:
        while clock[0] < utc("2026-03-10T14:00:00+00:00"):
            await scheduler.tick()
            await scheduler.dispatch()
            for user, got in seen.items():
                for sentence in private_to(club, user)[len(got) :]:
                    got.append((clock[0], sentence))
            clock[0] += timedelta(minutes=5)
    finally:
        await scheduler.dispatcher.close()
    assert "0 of 2 checked in" in club.group_posts()[-1]  # the roll-call named nobody
    ada, bo = seen["ada"], seen["bo"]
    assert [at for at, _ in ada] == [utc("2026-03-10T07:00:00+00:00"),
                                     utc("2026-03-10T10:00:00+00:00")]  # fmt: skip
    assert "nudge" in ada[1][1].lower()  # the gentle nudge of an open check-in
    assert [at for at, _ in bo] == [utc("2026-03-10T07:30:00+00:00")]
    rows = await club.outbox.rows(kind="nudge", local_date=date(2026, 3, 10))
    assert sorted((r["user_id"], r["status"]) for r in rows) == [("ada", "sent"), ("bo", "sent")]


async def test_the_roll_call_goes_out_at_most_once_whoever_ticks(club: Club) -> None:
    now = utc("2026-03-10T07:00:00+00:00")
    await club.team_up(now)
    await club.team_up(now, OTHER_GROUP)
    await club.runner("ada")
    await club.says("ada", "/join", now, GROUP)
    workers = [TeamStore(club.app.store.engine) for _ in range(3)]  # three processes' stores
    channels = club.channels()
    for minute in range(30, 120, 5):
        at = now + timedelta(minutes=minute)
        await asyncio.gather(*(roll_calls(w, channels, at, grace=GRACE) for w in workers))
    assert len(club.group_posts(GROUP)) == 1 and len(club.group_posts(OTHER_GROUP)) == 1
    for chat in (GROUP, OTHER_GROUP):
        team = await club.teams.team_in("fake", chat)
        assert team is not None
        assert await club.teams.posts(team.id) == [(date(2026, 3, 10), "sent")]


async def test_without_the_right_to_post_the_admin_is_told_privately_once(club: Club) -> None:
    now = utc("2026-03-10T07:00:00+00:00")
    await club.team_up(now)  # "coach" set it up
    club.platform.muted.add(GROUP)
    for day in range(3):
        await roll_calls(club.teams, club.channels(), now + timedelta(days=day, minutes=30),
                         grace=GRACE)  # fmt: skip
    told = private_to(club, "coach")
    assert told == [
        "I can't post in Team's chat any more: I've lost the right to send messages there. "
        "Give it back and the roll-call carries on the next day."
    ]
    team = await club.teams.team_in("fake", GROUP)
    assert team is not None and team.active  # the team stays; the days were lost
    club.platform.muted.clear()
    await roll_calls(club.teams, club.channels(), now + timedelta(days=3, minutes=30), grace=GRACE)
    assert len(club.group_posts()) == 1  # the day's post went through
    club.platform.muted.add(GROUP)  # lost again: news again
    await roll_calls(club.teams, club.channels(), now + timedelta(days=4, minutes=30), grace=GRACE)
    assert len(private_to(club, "coach")) == 2


async def test_a_milestone_post_that_failed_comes_back_on_a_later_tick(club: Club) -> None:
    joined = utc("2026-03-10T08:00:00+00:00")
    await club.team_up(joined)
    team = await club.teams.team_in("fake", GROUP)
    assert team is not None
    await club.runner("ada")
    await club.says("ada", "/join", joined, GROUP, name="Ada Smith")
    runner = await club.teams.runner("fake", "ada")
    assert runner is not None
    await club.teams.set_level(team.id, runner.id, Level.STAGE)
    moved = joined + timedelta(hours=1)
    async with club.app.store.turn(ConversationKey("fake", "ada", "ada")) as turn:
        change = StageChanged(moved.date(), moved, "walk_run_6", "continuous", "advance", (6,))
        await turn.save(turn.state, [change])
    club.platform.failures[GROUP] = [RetryLater(1.0)]  # a rate limit at the first try
    for minute in (0, 5, 10):
        await roll_calls(club.teams, club.channels(), moved + timedelta(minutes=minute),
                         grace=GRACE)  # fmt: skip
    cheers = [p for p in club.group_posts() if "Press Cheer" in p]
    assert cheers == ["\u2605 Ada: first continuous run! Press Cheer to let them know."]
    # Held back by a lost right to post: it waits, and goes once the right is back.
    club.platform.muted.add(GROUP)
    later = moved + timedelta(hours=2)
    async with club.app.store.turn(ConversationKey("fake", "ada", "ada")) as turn:
        change = StageChanged(later.date(), later, "continuous", "rebuild", "advance", (7,))
        await turn.save(turn.state, [change])
    await roll_calls(club.teams, club.channels(), later, grace=GRACE)
    club.platform.muted.clear()
    next_day = utc("2026-03-11T07:30:00+00:00")  # the roll-call goes through: unmuted
    await roll_calls(club.teams, club.channels(), next_day, grace=GRACE)
    await roll_calls(club.teams, club.channels(), next_day + timedelta(minutes=5), grace=GRACE)
    cheers = [p for p in club.group_posts() if "Press Cheer" in p]
    assert cheers[-1] == "\u2605 Ada: moved up a stage! Press Cheer to let them know."
    assert len(cheers) == 2


async def test_the_bot_removed_ends_the_team_and_a_member_who_left_leaves_it(
    club: Club,
) -> None:
    now = utc("2026-03-10T07:00:00+00:00")
    await club.team_up(now)
    await club.team_up(now, OTHER_GROUP)
    for user in ("ada", "bo"):
        await club.runner(user)
        for chat in (GROUP, OTHER_GROUP):
            await club.says(user, "/join", now, chat)
    await club.desk.left([GROUP], "bo")
    assert "0 of 1 checked in" in text_of(await club.says("ada", "/team", now, GROUP))
    bo = await club.teams.runner("fake", "bo")
    assert bo is not None
    assert [m.team.chat_id for m in await club.teams.memberships(bo.id)] == [OTHER_GROUP]
    posted = len(club.platform.posts)
    await club.desk.gone([OTHER_GROUP])
    team = await club.teams.team_in("fake", OTHER_GROUP)
    assert team is not None and not team.active
    assert len(club.platform.posts) == posted  # quietly: nothing posted on the way out
    await roll_calls(club.teams, club.channels(), now + timedelta(minutes=30), grace=GRACE)
    assert all("roll-call" not in reply_text(r) for r in club.platform.to(OTHER_GROUP))
    # Set up again, the members and their choices are still there.
    await club.team_up(now, OTHER_GROUP)
    board = text_of(await club.says("ada", "/team", now, OTHER_GROUP))
    assert "of 2 checked in" in board


async def test_the_join_link_followed_again_mid_onboarding_carries_on(club: Club) -> None:
    await club.team_up(NOW)
    team = await club.teams.team_in("fake", GROUP)
    assert team is not None
    await club.says("cy", "/join", NOW, GROUP)
    first = await club.says("cy", f"/start join_{team.code}", NOW)
    assert "You asked to join Team" in text_of(first)
    (area,) = await club.says("cy", "I understand", NOW)  # consent given: where does it hurt?
    note, question = await club.says("cy", f"/start join_{team.code}", NOW)  # the link again
    assert "where we left off" in reply_text(note)
    assert reply_text(question) == "Where does it hurt?"  # the open question, not a restart
    assert question.payloads == area.payloads
