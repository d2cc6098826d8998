"""Teams end to end on the real App and store, with the Platform contract in memory
(tests/fakes/platform.py): setup and refusal, joining (also before onboarding), sharing levels,
the daily roll-call at the team's local time (exactly once, across a clock change), the private
nudge, /delete, and a team whose group removed the bot."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert

from bot.adapters.platform import Destination, Posted
from bot.app import App
from bot.core.effects import CheckinRecorded, ForgetRunner, StageChanged
from bot.core.state import IDLE, Profile, State
from bot.core.types import ChatKind, ConversationKey, Pressed, Reply, Typed
from bot.delivery import RetryLater
from bot.scheduling.channel import Channel
from bot.scheduling.ratelimit import PlatformLimiter
from bot.teams.desk import TeamDesk
from bot.teams.model import Level
from bot.teams.roll_call import roll_calls
from messages.replies import reply_text
from storage.models import outbox
from storage.outbox import OutboxStore
from storage.store import Store
from storage.teams import TeamStore
from tests.fakes.platform import Bucket, FakePlatform

GROUP = "-100"
OTHER_GROUP = "-200"
GRACE = timedelta(hours=2)


def utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(UTC)


class Club:
    """One platform, its groups, and the people in them."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.platform = FakePlatform()
        self.platform.text_limit = 4000  # type: ignore[misc]
        self.teams = TeamStore(app.store.engine)
        self.desk = TeamDesk(app, self.teams, self.platform)
        self.outbox = OutboxStore(app.store.engine)

    async def says(
        self, user: str, words: str, now: datetime, chat: str | None = None, name: str = ""
    ) -> list[Reply]:
        kind = ChatKind.GROUP if chat else ChatKind.PRIVATE
        key = ConversationKey("fake", chat or user, user)
        event = Typed(key, now, words, chat_kind=kind, display_name=name or user.title())
        return await self.desk.handle(event)

    async def presses(self, user: str, payload: str, now: datetime) -> list[Reply]:
        key = ConversationKey("fake", user, user)
        return await self.desk.handle(Pressed(key, now, payload, display_name=user.title()))

    async def runner(self, user: str, zone: str = "Europe/London", at: str = "07:00") -> None:
        """An onboarded runner (their first contact in private), asked daily at `at`."""
        profile = Profile(
            area="knee", onset="gradual", feel="muscle", kind="other", seen_professional=False,
            baseline=1, timezone=zone, checkin_time=at,
        )  # fmt: skip
        async with self.app.store.turn(ConversationKey("fake", user, user), user.title()) as turn:
            await turn.save(State(IDLE, {}, profile))

    async def checks_in(
        self, user: str, day: date, now: datetime, pain: int = 2, decision: str = "hold"
    ) -> None:
        async with self.app.store.turn(ConversationKey("fake", user, user)) as turn:
            profile = turn.state.profile
            assert profile is not None
            checkin = CheckinRecorded(
                day=day, at=now, morning_pain=pain, swelling="some", daily_activity_pain=True,
                compared_to_before=None, red_flags=("night_pain",), walk_test=None,
                hop_test=None, decision=decision, stage="walk_run_2", rules=(3,),
            )  # fmt: skip
            await turn.save(
                State(IDLE, {}, replace(profile, last_checkin=day)), [checkin]
            )  # fmt: skip

    async def prompted(self, user: str, day: date, at: datetime) -> None:
        """The runner's own check-in prompt went out that day (the scheduler's outbox)."""
        runner = await self.teams.runner("fake", user)
        assert runner is not None
        async with self.app.store.engine.begin() as conn:
            await conn.execute(
                insert(outbox).values(
                    runner_id=runner.id, kind="checkin", local_date=day, due_at=at,
                    expires_at=at + GRACE, status="sent", platform="fake", chat_id=user,
                    user_id=user, attempts=1, next_attempt_at=at, sent_at=at, created_at=at,
                )
            )  # fmt: skip

    async def team_up(self, now: datetime, chat: str = GROUP, at: str = "07:30") -> None:
        self.platform.admins.add((chat, "coach"))
        said = await self.says("coach", f"/team setup {at} Europe/London", now, chat)
        assert "is set up" in text_of(said)

    def channels(self) -> dict[str, Channel]:
        """The platform as the scheduler has it: with a send rate (here, no limit to speak of)."""
        return {"fake": Channel(self.platform, PlatformLimiter(1000.0))}

    def group_posts(self, chat: str = GROUP) -> list[str]:
        return [reply_text(r) for r in self.platform.to(chat)]


def text_of(replies: list[Reply]) -> str:
    return "\n".join(reply_text(r) for r in replies)


@pytest.fixture
async def club(database_url: str) -> AsyncIterator[Club]:
    store = await Store.open(database_url, migrate=True)
    yield Club(App(store, retries=()))
    await store.close()


NOW = utc("2026-03-10T09:00:00+00:00")
# Typed answers to onboarding's questions, consent first (tests/e2e/test_telegram.py's too).
ONBOARDING = (
    "I understand", "my knee", "it came on gradually", "I upped my mileage", "muscle", "no",
    "no", "1", "just running again", "Europe/Berlin", "7:30", "swim and bike", "none of these",
)  # fmt: skip


async def test_an_admin_sets_the_team_up_and_anyone_else_is_refused(club: Club) -> None:
    said = await club.says("bo", "/team setup 07:30 Europe/London", NOW, GROUP)
    assert "Only an admin" in text_of(said) and not said[0].private
    assert await club.teams.team_in("fake", GROUP) is None  # nothing changed
    club.platform.admins.add((GROUP, "ada"))
    said = await club.says("ada", "/team setup", NOW, GROUP)
    assert "/team setup 07:30 Europe/London" in text_of(said)  # asked for what is missing
    said = await club.says("ada", "/team setup 6pm berlin", NOW, GROUP)
    team = await club.teams.team_in("fake", GROUP)
    assert team is not None and (team.roll_call_time, team.timezone) == ("18:00", "Europe/Berlin")
    assert "18:00 (Europe/Berlin)" in text_of(said)
    assert "Only an admin" in text_of(await club.says("bo", "/team off", NOW, GROUP))
    assert "team is off" in text_of(await club.says("ada", "/team off", NOW, GROUP))
    assert "no team" in text_of(await club.says("bo", "/team", NOW, GROUP))


async def test_an_onboarded_runner_joins_and_chooses_what_the_team_sees(club: Club) -> None:
    await club.team_up(NOW)
    await club.runner("ada")
    said = await club.says("ada", "/join", NOW, GROUP, name="Ada Lovelace")
    welcome, question = said
    assert reply_text(welcome) == "Ada joined the team. Welcome!" and not welcome.private
    assert question.private and len(question.payloads) == 3
    stage = next(p for p in question.payloads if p.endswith(":stage"))
    assert "That, and my stage" in text_of(await club.presses("ada", stage, NOW))
    await club.checks_in("ada", date(2026, 3, 10), NOW)
    board = text_of(await club.says("bo", "/team", NOW, GROUP))
    assert "1 of 1 checked in" in board and "\u2713 Ada, walk-run 2" in board
    # Privately, /team lists the teams with the choice and a way out.
    mine = await club.says("ada", "/team", NOW)
    leave = next(p for p in mine[0].payloads if p.startswith("team.leave:"))
    assert "left" in text_of(await club.presses("ada", leave, NOW))
    assert "nobody in it yet" in text_of(await club.says("bo", "/team", NOW, GROUP))


async def test_a_newcomer_is_sent_to_a_private_chat_and_is_in_the_team_when_done(
    club: Club,
) -> None:
    await club.team_up(NOW)
    said = await club.says("cy", "/join", NOW, GROUP)
    team = await club.teams.team_in("fake", GROUP)
    assert team is not None
    assert f"fake://bot?start=join_{team.code}" in text_of(said)
    # The deep link: /start join_<code> in private. Onboarding begins, with a word on why.
    said = await club.says("cy", f"/start join_{team.code}", NOW)
    assert "You asked to join Team" in text_of(said)
    assert any(r.buttons for r in said)  # the first onboarding question
    for answer in ONBOARDING[:-1]:
        assert not any(
            "You're in Team" in reply_text(r) for r in await club.says("cy", answer, NOW)
        )
    said = await club.says("cy", ONBOARDING[-1], NOW)  # the turn that ends onboarding
    question = said[-1]
    assert question.private and "You're in Team" in reply_text(question)
    assert club.group_posts()[-1] == "Cy joined the team. Welcome!"
    assert not any(r.payloads for r in await club.says("cy", "thanks", NOW))  # asked once
    assert club.group_posts().count("Cy joined the team. Welcome!") == 1


async def test_the_roll_call_goes_out_once_at_the_teams_local_time_across_a_clock_change(
    club: Club,
) -> None:
    await club.team_up(utc("2026-03-27T12:00:00+00:00"))
    for user in ("ada", "bo", "cy"):
        await club.runner(user)
        await club.says(user, "/join", utc("2026-03-27T12:00:00+00:00"), GROUP)
    senders = club.channels()
    sent: list[datetime] = []
    now = utc("2026-03-28T00:00:00+00:00")
    while now < utc("2026-03-30T00:00:00+00:00"):  # clocks go forward on the 29th at 01:00
        now += timedelta(minutes=5)
        if now == utc("2026-03-29T06:00:00+00:00"):
            for user in ("ada", "bo"):  # Cy's own prompt is later: the team leaves it to that
                await club.prompted(user, date(2026, 3, 29), now)
            await club.checks_in("ada", date(2026, 3, 29), now)
            await club.checks_in("cy", date(2026, 3, 29), now, decision="refer")
        if await roll_calls(club.teams, senders, now, grace=GRACE):
            sent.append(now)
    # 07:30 GMT, then 07:30 BST: each the first tick at or after the local time, once a day.
    assert sent == [utc("2026-03-28T07:30:00+00:00"), utc("2026-03-29T06:30:00+00:00")]
    posts = club.group_posts()
    assert "0 of 3 checked in" in posts[-2]
    assert "2 of 3 checked in" in posts[-1]
    assert "\u2713 Ada" in posts[-1] and "\u2713 Cy" in posts[-1] and "Bo" not in posts[-1]
    # Bo, prompted and not checked in, gets one private nudge that day (the runners' outbox).
    nudges = await club.outbox.rows(kind="nudge", local_date=date(2026, 3, 29))
    assert [(r["user_id"], r["chat_id"]) for r in nudges] == [("bo", "bo")]


async def test_one_nudge_a_day_however_many_teams(club: Club) -> None:
    now = utc("2026-03-10T07:00:00+00:00")
    await club.team_up(now, GROUP, at="07:30")
    await club.team_up(now, OTHER_GROUP, at="08:00")
    await club.runner("bo")
    await club.says("bo", "/join", now, GROUP)
    await club.says("bo", "/join", now, OTHER_GROUP)
    await club.prompted("bo", date(2026, 3, 10), now)
    senders = club.channels()
    for minute in range(0, 120, 5):
        await roll_calls(club.teams, senders, now + timedelta(minutes=minute), grace=GRACE)
    assert len(club.group_posts(GROUP)) > 0 and len(club.group_posts(OTHER_GROUP)) > 0
    assert len(await club.outbox.rows(kind="nudge", user_id="bo")) == 1


async def test_delete_takes_the_runner_out_of_every_team(club: Club) -> None:
    await club.team_up(NOW)
    await club.team_up(NOW, OTHER_GROUP)
    await club.runner("ada")
    for chat in (GROUP, OTHER_GROUP):
        await club.says("ada", "/join", NOW, chat)
    async with club.app.store.turn(ConversationKey("fake", "ada", "ada")) as turn:
        await turn.save(State(), [ForgetRunner()])
    for chat in (GROUP, OTHER_GROUP):
        board = text_of(await club.says("bo", "/team", NOW, chat))
        assert "Ada" not in board and "nobody in it yet" in board


async def test_a_group_that_removed_the_bot_ends_its_team_quietly(club: Club) -> None:
    now = utc("2026-03-10T07:00:00+00:00")
    await club.team_up(now)
    await club.runner("ada")
    await club.says("ada", "/join", now, GROUP)
    club.platform.blocked.add(GROUP)
    assert await roll_calls(club.teams, club.channels(), utc("2026-03-10T07:30:00+00:00"),
                            grace=GRACE) == 0  # fmt: skip
    team = await club.teams.team_in("fake", GROUP)
    assert team is not None and not team.active
    ada = await club.teams.runner("fake", "ada")
    assert ada is not None and await club.teams.memberships(ada.id) == []  # the team ended


class LimitedPlatform(FakePlatform):
    """Answers 429 above `rate` posts a second, as Telegram does, on a virtual clock."""

    def __init__(self, rate: float, clock: Callable[[], float]) -> None:
        super().__init__()
        self.bucket = Bucket(rate, clock=clock)  # a whole second saved up, as Telegram
        self.rejected = 0

    async def post(self, to: Destination, reply: Reply) -> list[Posted]:
        wait = self.bucket.take()
        if wait:
            self.rejected += 1
            raise RetryLater(wait)
        return await super().post(to, reply)


async def test_two_hundred_roll_calls_due_at_one_minute_go_out_at_the_limit_without_a_429(
    club: Club,
) -> None:
    virtual = [0.0]

    def clock() -> float:
        return virtual[0]

    async def sleep(seconds: float) -> None:
        virtual[0] += seconds

    rate = 30.0
    platform = LimitedPlatform(rate, clock)
    limiter = PlatformLimiter(rate, group_per_minute=20, clock=clock, sleep=sleep)
    now = utc("2026-03-10T07:00:00+00:00")
    chats = [f"-{1000 + n}" for n in range(200)]
    for chat in chats:
        await club.teams.set_up("fake", chat, "Team", "07:30", "Europe/London", None, now)
    posted = await roll_calls(
        club.teams, {"fake": Channel(platform, limiter)}, utc("2026-03-10T07:30:00+00:00"),
        grace=GRACE,
    )  # fmt: skip
    assert posted == 200 and platform.rejected == 0
    assert sorted(where.chat for where, _ in platform.posts) == sorted(chats)
    # At the platform's pace: 200 posts at 30 a second take 6.6 s (a token or two saved up).
    assert (200 - 2) / rate <= virtual[0] <= 200 / rate + 1


async def test_the_weekly_digest_goes_out_once_on_the_digest_day_with_each_members_week(
    club: Club,
) -> None:
    joined = utc("2026-03-01T12:00:00+00:00")
    club.platform.admins.add((GROUP, "coach"))
    said = await club.says("coach", "/team setup 07:30 Europe/London sunday", joined, GROUP)
    assert "is set up" in text_of(said)
    team = await club.teams.team_in("fake", GROUP)
    assert team is not None
    levels = {"ada": Level.STAGE, "bo": Level.CHECKIN, "cy": Level.DETAILS}
    for user, level in levels.items():
        await club.runner(user)
        await club.says(user, "/join", joined, GROUP, name=f"{user.title()} Smith")
        runner = await club.teams.runner("fake", user)
        assert runner is not None
        await club.teams.set_level(team.id, runner.id, level)
    week = [date(2026, 3, 8) + timedelta(days=n) for n in range(7)]  # the digest's week
    for day in week:
        if day != date(2026, 3, 9):
            await club.checks_in("ada", day, joined)
    for day in week[:3]:
        await club.checks_in("bo", day, joined)
    await club.checks_in("cy", date(2026, 3, 7), joined, decision="step_back")  # rest 8th-10th
    for day in week[3:6]:
        await club.checks_in("cy", day, joined)
    moves = {
        "ada": StageChanged(week[2], joined, "walk_run_6", "continuous", "advance", (6,)),
        "bo": StageChanged(week[2], joined, "walk_run_6", "continuous", "advance", (6,)),
        "cy": StageChanged(week[4], joined, "rebuild", "recovered", "refer", (2,)),
    }
    for user, move in moves.items():
        async with club.app.store.turn(ConversationKey("fake", user, user)) as turn:
            await turn.save(turn.state, [move])
    senders = club.channels()
    now = utc("2026-03-14T00:00:00+00:00")
    while now < utc("2026-03-16T12:00:00+00:00"):
        now += timedelta(minutes=30)
        await roll_calls(club.teams, senders, now, grace=GRACE)
        await roll_calls(club.teams, senders, now, grace=GRACE)  # a second worker, same tick
    digests = [p for p in club.group_posts() if "the week that was" in p]
    assert len(digests) == 1
    assert await club.teams.posts(team.id, kind="digest") == [(date(2026, 3, 15), "sent")]
    digest = digests[0]
    assert "Ada: 6 of 7 check-ins" in digest
    assert "Bo: 3 of 7 check-ins" in digest
    assert "Cy: 3 of 4 check-ins" in digest  # the prescribed rest days count against nobody
    assert "Ada: first continuous run" in digest and "Ada: moved up a stage" in digest
    assert "Bo:" not in digest.split("\u2605", 1)[-1]  # a checkin member: no milestones named
    assert "Cy: back to full training" not in digest  # a move that came with a referral


async def test_a_milestone_is_posted_once_and_a_teammates_cheer_reaches_the_runner_privately(
    club: Club,
) -> None:
    joined = utc("2026-03-10T08:00:00+00:00")
    await club.team_up(joined)
    team = await club.teams.team_in("fake", GROUP)
    assert team is not None
    for user, level in {"ada": Level.STAGE, "bo": Level.CHECKIN, "cy": Level.DETAILS}.items():
        await club.runner(user)
        await club.says(user, "/join", joined, GROUP, name=f"{user.title()} Smith")
        runner = await club.teams.runner("fake", user)
        assert runner is not None
        await club.teams.set_level(team.id, runner.id, level)
    await club.runner("eve")  # onboarded, not in the team
    moved = joined + timedelta(hours=1)
    for user in ("ada", "bo"):  # Bo shares only check-ins: no post about Bo
        async with club.app.store.turn(ConversationKey("fake", user, user)) as turn:
            change = StageChanged(moved.date(), moved, "walk_run_6", "continuous", "advance", (6,))
            await turn.save(turn.state, [change])
    for minute in (0, 5):
        await roll_calls(
            club.teams, club.channels(), moved + timedelta(minutes=minute), grace=GRACE
        )
    posts = [r for r in club.platform.to(GROUP) if "Press Cheer" in reply_text(r)]
    assert [reply_text(r) for r in posts] == [
        "\u2605 Ada: first continuous run! Press Cheer to let them know."
    ]
    payload = posts[0].buttons[0][0].payload

    async def press(user: str, data: str, chat: str = GROUP) -> str:
        key = ConversationKey("fake", chat, user)
        event = Pressed(key, moved, data, chat_kind=ChatKind.GROUP, display_name=user.title())
        replies = await club.desk.handle(event)
        assert all(r.private for r in replies)
        return text_of(replies)

    assert "Sent" in await press("bo", payload)
    assert [reply_text(r) for r in club.platform.to("ada")][-1] == (
        "Bo cheered your first continuous run."
    )
    assert "cheered this one already" in await press("bo", payload)
    assert "That one's yours" in await press("ada", payload)
    assert "Sent" in await press("cy", payload)
    # Forged or misplaced presses change nothing and tell nobody.
    before = len(club.platform.to("ada"))
    assert "can't find" in await press("eve", payload)  # not in the team
    assert "can't find" in await press("cy", payload, chat=OTHER_GROUP)  # another chat
    assert "can't find" in await press("cy", "team.cheer:999999")
    assert "can't find" in await press("cy", "team.cheer:1;drop")
    assert len(club.platform.to("ada")) == before


async def test_a_return_to_continuous_running_is_a_stage_up_not_a_first(club: Club) -> None:
    joined = utc("2026-03-10T08:00:00+00:00")
    await club.team_up(joined)
    team = await club.teams.team_in("fake", GROUP)
    assert team is not None
    await club.runner("ada")
    await club.says("ada", "/join", joined, GROUP, name="Ada Smith")
    runner = await club.teams.runner("fake", "ada")
    assert runner is not None
    await club.teams.set_level(team.id, runner.id, Level.DETAILS)
    earlier = joined - timedelta(days=20)  # reached continuous before, then stepped back
    later = joined + timedelta(hours=1)
    async with club.app.store.turn(ConversationKey("fake", "ada", "ada")) as turn:
        await turn.save(
            turn.state,
            [
                StageChanged(earlier.date(), earlier, "walk_run_6", "continuous", "advance", (6,)),
                StageChanged(
                    earlier.date(), earlier, "continuous", "walk_run_6", "step_back", (3,)
                ),
                StageChanged(later.date(), later, "walk_run_6", "continuous", "advance", (6,)),
            ],
        )
    await roll_calls(club.teams, club.channels(), later, grace=GRACE)
    posts = [reply_text(r) for r in club.platform.to(GROUP) if "Press Cheer" in reply_text(r)]
    assert posts == ["\u2605 Ada: moved up a stage! Press Cheer to let them know."]
