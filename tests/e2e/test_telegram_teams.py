"""Teams on Telegram, end to end: a real python-telegram-bot Application against the fake Bot
API, the real App and SQLite. An admin sets the team up (a member is refused), a newcomer joins
through the deep link and private onboarding, and the roll-call comes at the team's time."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from telegram import Bot

from bot import compose
from bot.adapters.telegram_send import TelegramSender
from bot.app import App
from bot.core.effects import StageChanged
from bot.core.state import IDLE, Profile, State
from bot.core.types import ConversationKey
from bot.settings import Settings
from storage.teams import TeamStore
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.e2e.test_telegram import onboard_by_text, running, tg_app, tg_db, tg_settings
from tests.fakes.telegram_api import FakeChat, FakeTelegram, FakeUser

__all__ = ["tg_app", "tg_db", "tg_settings"]  # fixtures


async def test_an_admin_sets_up_a_team_and_a_member_is_refused(
    tg: FakeTelegram, tg_app: App, tg_settings: Settings
) -> None:
    group = tg.group("Track Tuesday")
    ada, bo = tg.user("Ada"), tg.user("Bo")
    tg.make_admin(group, ada)
    async with running(tg, tg_app, tg_settings):
        await tg.user_says(bo, "/team setup 07:30 Europe/London", group)
        refused = await tg.bot_reply(group)
        assert refused.text.startswith("Only an admin of this chat")
        await tg.user_says(bo, "/team", group)
        assert "no team in this chat yet" in (await tg.bot_reply(group)).text
        await tg.user_says(ada, "/team@ComebackBot setup 07:30 Europe/London", group)
        done = await tg.bot_reply(group)
        assert "every day at 07:30 (Europe/London)" in done.text


async def test_a_newcomer_joins_through_the_deep_link_and_the_roll_call_comes_on_time(
    tg: FakeTelegram, tg_app: App, tg_settings: Settings
) -> None:
    group = tg.group("Track Tuesday")
    ada, cy = tg.user("Ada"), tg.user("Cy")
    tg.make_admin(group, ada)
    tg.never_started(cy)
    # A roll-call a couple of minutes from now is posted today.
    soon = datetime.now(UTC) + timedelta(minutes=2)
    async with running(tg, tg_app, tg_settings):
        await tg.user_says(ada, f"/team setup {soon:%H:%M} UTC", group)
        await tg.bot_reply(group)
        await tg.user_says(cy, "/join", group)
        invite = await tg.bot_reply(group)
        link = re.search(r"https://t\.me/ComebackBot\?start=(join_[0-9a-f]+)", invite.text)
        assert link is not None, invite.text
        # Cy follows the link: Telegram opens the private chat with /start join_<code>.
        await tg.user_says(cy, f"/start {link[1]}")
        intro = await tg.bot_reply(cy)
        assert "You asked to join Team" in intro.text
        await tg.bot_reply(cy)  # the first onboarding question
        await onboard_by_text(tg, cy)
        level = await tg.bot_reply(cy)  # offered privately, right after onboarding
        assert "You're in Team" in level.text and len(level.buttons) == 3
        joined = await tg.bot_reply(group)
        assert joined.text == "Cy joined the team. Welcome!"
        await tg.press(cy, "That, and my stage", on=level)
        assert "That, and my stage" in (await tg.bot_reply(cy)).text

        async with Bot(TELEGRAM_TOKEN, base_url=tg.base_url, base_file_url=tg.base_file_url) as bot:
            scheduler = compose.scheduler(
                tg_app,
                tg_settings,
                senders=[TelegramSender(bot)],
                clock=lambda: soon + timedelta(seconds=30),
            )
            await scheduler.tick()
            roll_call = await tg.bot_reply(group)
            assert roll_call.text.startswith("Team roll-call: 0 of 1 checked in today.")
            assert "Cy" not in roll_call.text  # never a public call-out
            await scheduler.tick()  # once a day
            await scheduler.dispatch()
            assert not tg.unread(group)
            await scheduler.dispatcher.close()


async def test_a_group_that_becomes_a_supergroup_keeps_its_team(
    tg: FakeTelegram, tg_app: App, tg_settings: Settings
) -> None:
    old = FakeChat(-4242, "group", title="Harriers")
    new = FakeChat(-1004242, "supergroup", title="Harriers")
    ada = tg.user("Ada")
    tg.make_admin(old, ada)
    async with running(tg, tg_app, tg_settings):
        await tg.user_says(ada, "/team setup 07:30 Europe/London", old)
        await tg.bot_reply(old)
        # Telegram's service message in the old group: it moved to the new id.
        await tg._push(
            {
                "message": {
                    "message_id": 99, "date": int(time.time()), "chat": old.as_json(),
                    "from": ada.as_json(), "migrate_to_chat_id": new.id,
                }
            }
        )  # fmt: skip
        teams = TeamStore(tg_app.store.engine)

        async def moved() -> bool:
            return await teams.team_in("telegram", str(new.id)) is not None

        async with asyncio.timeout(10):
            while not await moved():  # noqa: ASYNC110 (a database cannot notify us)
                await asyncio.sleep(0.02)
        await tg.user_says(ada, "/team", new)
        board = await tg.bot_reply(new)
        assert board.text == "Team has nobody in it yet: type /join to be part of it."
        assert await teams.team_in("telegram", str(old.id)) is None


async def test_a_milestone_post_gets_a_cheer_that_reaches_the_runner_privately(
    tg: FakeTelegram, tg_app: App, tg_settings: Settings
) -> None:
    group = tg.group("Track Tuesday")
    ada, bo = tg.user("Ada"), tg.user("Bo")
    tg.make_admin(group, ada)
    later = datetime.now(UTC) + timedelta(hours=6)  # no roll-call due during the test
    async with running(tg, tg_app, tg_settings):
        await tg.user_says(ada, f"/team setup {later:%H:%M} UTC", group)
        await tg.bot_reply(group)
        for user in (ada, bo):
            await onboard_by_text(tg, user)
            await tg.user_says(user, "/join", group)
            assert "joined the team" in (await tg.bot_reply(group)).text
        level = tg.unread(ada)[-1]
        await tg.press(ada, "That, and my stage", on=level)
        await tg.wait_until(lambda: "That, and my stage" in tg.unread(ada)[-1].text, 10, "level")
        now = datetime.now(UTC)
        key = ConversationKey("telegram", str(ada.id), str(ada.id))
        async with tg_app.store.turn(key) as turn:
            change = StageChanged(now.date(), now, "walk_run_6", "continuous", "advance", (6,))
            await turn.save(turn.state, [change])

        async with Bot(TELEGRAM_TOKEN, base_url=tg.base_url, base_file_url=tg.base_file_url) as bot:
            scheduler = compose.scheduler(
                tg_app, tg_settings, senders=[TelegramSender(bot)], clock=lambda: now
            )
            await scheduler.tick()
            post = await tg.bot_reply(group)
            assert post.text == "\u2605 Ada: first continuous run! Press Cheer to let them know."
            await scheduler.tick()  # posted once
            assert not tg.unread(group)
            await scheduler.dispatcher.close()
        seen = len(tg.unread(ada))
        await tg.press(bo, "Cheer", on=post)
        await tg.wait_until(lambda: len(tg.unread(ada)) > seen, 10, "the cheer")
        assert tg.unread(ada)[-1].text == "Bo cheered your first continuous run."
        assert tg.current(post).get("reply_markup")  # the button stays for every teammate
        assert tg.current(post)["text"] == post.text  # and the post is not edited
        await tg.press(bo, "Cheer", on=post)
        await tg.wait_until(
            lambda: "already" in (tg.unread(bo) or [post])[-1].text, 10, "a second press"
        )
        await tg.press_data(bo, "team.cheer:424242", on=post)  # forged: refused, nobody told
        await tg.wait_until(lambda: "can't find" in tg.unread(bo)[-1].text, 10, "forged")
        assert tg.unread(ada)[-1].text == "Bo cheered your first continuous run."
        assert not tg.unread(group)


async def _onboarded(app: App, user: FakeUser) -> None:
    """A runner the bot already coaches (onboarded in a private chat before the test)."""
    profile = Profile(
        area="knee", onset="gradual", feel="muscle", kind="other", seen_professional=False,
        baseline=1, timezone="UTC", checkin_time="06:00",
    )  # fmt: skip
    key = ConversationKey("telegram", str(user.id), str(user.id))
    async with app.store.turn(key, user.first_name) as turn:
        await turn.save(State(IDLE, {}, profile))


async def _until(what: str, condition: Callable[[], Awaitable[bool]]) -> None:
    async with asyncio.timeout(10):
        while not await condition():  # noqa: ASYNC110 (a database cannot notify us)
            await asyncio.sleep(0.02)


async def test_a_groups_life_members_who_leave_a_lost_right_to_post_and_the_bot_removed(
    tg: FakeTelegram, tg_app: App, tg_settings: Settings
) -> None:
    group = tg.group("Harriers")
    ada, bo, cy = tg.user("Ada"), tg.user("Bo"), tg.user("Cy")
    tg.make_admin(group, ada)
    teams = TeamStore(tg_app.store.engine)
    soon = datetime.now(UTC) + timedelta(hours=1)
    for user in (bo, cy):
        await _onboarded(tg_app, user)

    async def teams_of(user: FakeUser) -> int:
        runner = await teams.runner("telegram", str(user.id))
        assert runner is not None
        return len(await teams.memberships(runner.id))

    async with running(tg, tg_app, tg_settings):
        await tg.user_says(ada, f"/team setup {soon:%H:%M} UTC", group)
        await tg.bot_reply(group)
        for user in (bo, cy):
            await tg.user_says(user, "/join", group)
            assert "joined the team" in (await tg.bot_reply(group)).text
        # Bo leaves the group (a chat_member update), Cy too (the service message).
        await tg.member_left(group, bo)
        await _until("Bo out", lambda: _is(teams_of(bo), 0))
        await tg.member_left(group, cy, service=True)
        await _until("Cy out", lambda: _is(teams_of(cy), 0))

        # The admins take the bot's right to post: Ada, who set the team up, hears it once.
        tg.take_rights(group)
        async with Bot(TELEGRAM_TOKEN, base_url=tg.base_url, base_file_url=tg.base_file_url) as bot:
            clock = [soon + timedelta(seconds=30)]
            scheduler = compose.scheduler(
                tg_app, tg_settings, senders=[TelegramSender(bot)], clock=lambda: clock[0]
            )
            await scheduler.tick()
            told = await tg.bot_reply(ada)
            assert told.text.startswith("I can't post in Team's chat any more")
            clock[0] += timedelta(days=1)
            await scheduler.tick()  # the next day: still no right, and nobody told again
            assert tg.calls_of("sendMessage")[-1].status == 400
            assert not tg.unread(ada) and not tg.unread(group)
            await scheduler.dispatcher.close()
        team = await teams.team_in("telegram", str(group.id))
        assert team is not None and team.active

        # Removed from the group: the team ends quietly; Bo and Cy's choices are not touched.
        await tg.bot_removed(group, by=ada)
        await _until("ended", lambda: _team_ended(teams, group))
        assert not tg.unread(group)


async def _is(value: Awaitable[int], expected: int) -> bool:
    return await value == expected


async def _team_ended(teams: TeamStore, group: FakeChat) -> bool:
    team = await teams.team_in("telegram", str(group.id))
    return team is not None and not team.active
