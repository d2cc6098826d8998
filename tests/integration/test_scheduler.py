"""Scheduled prompts end to end through the real App and Store, on SQLite and PostgreSQL, with
an injected clock: nothing here waits for a schedule. A FakeSender records what went out."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot import compose
from bot.app import App
from bot.core import zones
from bot.core.state import IDLE, Profile, State
from bot.core.types import ConversationKey
from bot.scheduling.guard import DispatchGuard, DispatchLocked
from bot.scheduling.ratelimit import PlatformLimiter
from bot.scheduling.scheduler import Scheduler
from bot.scheduling.times import due_instant
from bot.settings import Settings
from storage.models import runners
from storage.outbox import OutboxStore
from storage.store import Store
from tests.fakes.platform import FakeSender


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def at(self, iso: str) -> None:
        self.now = datetime.fromisoformat(iso).astimezone(UTC)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(UTC)


def profile(zone: str, hhmm: str = "07:00", **changes: Any) -> Profile:
    base = Profile(
        area="shin", onset="gradual", feel="muscle", kind="other", seen_professional=False,
        baseline=1, timezone=zone, checkin_time=hhmm,
    )  # fmt: skip
    return replace(base, **changes)


def dm(user: str) -> ConversationKey:
    return ConversationKey("telegram", user, user)


async def set_state(app: App, user: str, state: State) -> None:
    async with app.store.turn(dm(user)) as turn:
        await turn.save(state)


async def edit_profile(app: App, user: str, **changes: Any) -> None:
    state = await app.peek(dm(user))
    assert state.profile is not None
    await set_state(app, user, State(state.flow, state.data, replace(state.profile, **changes)))


async def answer(app: App, user: str, now: datetime) -> None:
    """The runner finishes the check-in: the question is closed and today is done."""
    state = await app.peek(dm(user))
    assert state.profile is not None
    if not state.flow.startswith("checkin."):
        return  # (a weekly note asks nothing)
    today = zones.local_date(state.profile.timezone, now)
    await set_state(app, user, State(IDLE, {}, replace(state.profile, last_checkin=today)))


class World:
    def __init__(self, app: App, clock: Clock, sender: FakeSender, settings: Settings) -> None:
        self.app = app
        self.clock = clock
        self.sender = sender
        self.settings = settings
        self.scheduler = self.restart()
        self._answered = 0

    def restart(self, **settings: Any) -> Scheduler:
        """A fresh process: new worker id, no memory of earlier ticks."""
        if settings:
            self.settings = self.settings.with_changes(**settings)
        self.scheduler = compose.scheduler(
            self.app, self.settings, senders=[self.sender], clock=self.clock
        )
        return self.scheduler

    async def runner(self, user: str, zone: str, hhmm: str = "07:00", **changes: Any) -> None:
        await set_state(self.app, user, State(IDLE, {}, profile(zone, hhmm, **changes)))

    async def step(self) -> None:
        await self.scheduler.tick()
        await self.scheduler.dispatch()

    async def run_until(
        self, iso: str, every: timedelta = timedelta(minutes=15), answering: bool = False
    ) -> None:
        """Step the clock to `iso`; `answering`: every runner answers whatever was asked."""
        end = utc(iso)
        while self.clock.now < end:
            self.clock.now = min(self.clock.now + every, end)
            await self.step()
            if answering:
                for sent in self.sender.sent[self._answered :]:
                    await answer(self.app, sent.key.user, self.clock.now)
                self._answered = len(self.sender.sent)

    async def rows(self, **where: Any) -> list[dict[str, Any]]:
        return [dict(r) for r in await OutboxStore(self.app.store.engine).rows(**where)]

    def kinds(self, user: str) -> list[str]:
        return [s.keys[0] for s in self.sender.to(user)]


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[World]:
    store = await Store.open(database_url, migrate=True)
    app = App(store, retries=())
    # A short look-back keeps earlier days out of the rows the tests read.
    settings = Settings(
        database_url=database_url, grace_hours=2.0, nudge_after_hours=3.0, catchup_hours=3.0
    )
    clock = Clock(utc("2026-03-02T00:00:00+00:00"))  # a Monday
    try:
        yield World(app, clock, FakeSender(), settings)
    finally:
        await app.close()


def sent_days(rows: Iterable[dict[str, Any]], kind: str = "checkin") -> list[date]:
    return [r["local_date"] for r in rows if r["kind"] == kind and r["status"] == "sent"]


# ---- due times ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "hhmm", "expected"),
    [
        ("America/New_York", "2026-03-07", "07:00", "2026-03-07T12:00:00+00:00"),  # EST
        ("America/New_York", "2026-03-08", "07:00", "2026-03-08T11:00:00+00:00"),  # EDT
        ("America/New_York", "2026-03-08", "02:30", "2026-03-08T07:00:00+00:00"),  # gap: 03:00
        ("America/New_York", "2026-11-01", "01:30", "2026-11-01T05:30:00+00:00"),  # 1st 01:30
        ("America/New_York", "2026-11-01", "07:00", "2026-11-01T12:00:00+00:00"),
        ("Europe/Berlin", "2026-03-29", "02:15", "2026-03-29T01:00:00+00:00"),  # gap: 03:00
        ("Europe/Berlin", "2026-03-29", "07:00", "2026-03-29T05:00:00+00:00"),
        ("Europe/Berlin", "2026-10-25", "02:30", "2026-10-25T00:30:00+00:00"),  # 1st 02:30
        ("Europe/Berlin", "2026-10-25", "07:00", "2026-10-25T06:00:00+00:00"),
        ("Asia/Tokyo", "2026-03-02", "07:00", "2026-03-01T22:00:00+00:00"),  # east of UTC
        ("Pacific/Kiritimati", "2026-03-02", "07:00", "2026-03-01T17:00:00+00:00"),  # UTC+14
        ("Pacific/Pago_Pago", "2026-03-02", "07:00", "2026-03-02T18:00:00+00:00"),  # UTC-11
        ("UTC+05:30", "2026-03-02", "07:00", "2026-03-02T01:30:00+00:00"),
        ("UTC-03:00", "2026-03-02", "23:30", "2026-03-03T02:30:00+00:00"),
    ],
)
def test_due_instant(zone: str, day: str, hhmm: str, expected: str) -> None:
    assert due_instant(zone, date.fromisoformat(day), hhmm) == utc(expected)


@pytest.mark.slow
async def test_zones_on_both_sides_of_utc(world: World) -> None:
    await world.runner("1", "Asia/Tokyo")  # 22:00Z the day before
    await world.runner("2", "America/Los_Angeles")  # 15:00Z
    await world.runner("3", "UTC+05:30")  # 01:30Z
    await world.runner("4", "UTC-03:00", "23:30")  # 02:30Z the next day
    world.clock.at("2026-03-01T12:00:00+00:00")
    await world.step()  # the first tick looks back 24 h: all of that is stale or not yet due
    world.sender.sent.clear()
    await world.run_until("2026-03-03T03:00:00+00:00", every=timedelta(minutes=5), answering=True)
    rows = await world.rows(kind="checkin", status="sent")
    due = {(r["user_id"], r["local_date"].isoformat()): r["due_at"] for r in rows}
    assert due == {
        ("1", "2026-03-02"): utc("2026-03-01T22:00:00+00:00"),
        ("1", "2026-03-03"): utc("2026-03-02T22:00:00+00:00"),
        ("2", "2026-03-01"): utc("2026-03-01T15:00:00+00:00"),
        ("2", "2026-03-02"): utc("2026-03-02T15:00:00+00:00"),
        ("3", "2026-03-02"): utc("2026-03-02T01:30:00+00:00"),
        ("3", "2026-03-03"): utc("2026-03-03T01:30:00+00:00"),
        ("4", "2026-03-01"): utc("2026-03-02T02:30:00+00:00"),
        ("4", "2026-03-02"): utc("2026-03-03T02:30:00+00:00"),
    }
    for row in rows:  # sent at the first step at or after the due time
        assert row["due_at"] <= row["sent_at"] < row["due_at"] + timedelta(minutes=5)
    # Answered at once: no nudges. Mar 1 is a Sunday: the weekly note at 18:00 local.
    others = [
        (s.key.user, s.keys)
        for s in world.sender.sent
        if not s.keys[0].startswith("checkin.hello_scheduled")  # .night at 23:30, say
    ]
    assert sorted((user, keys[:2]) for user, keys in others) == [
        (u, ("weekly.note", "weekly.ask.evening")) for u in "234"
    ]  # Tokyo's was at 09:00Z, before the clock started; the others at 12:30Z, 02:00Z, 21:00Z
    # A runner with a check-in behind them gets the week's chart (its summary) with the note.
    charted = {user for user, keys in others if keys[2:3] and keys[2].startswith("progress.")}
    assert charted == {user for user, keys in others if len(keys) == 3}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("zone", "start", "end", "days"),
    [
        ("America/New_York", "2026-03-07", "2026-03-10", 3),
        ("America/New_York", "2026-10-31", "2026-11-03", 3),
        ("Europe/Berlin", "2026-03-28", "2026-03-31", 3),
        ("Europe/Berlin", "2026-10-24", "2026-10-27", 3),
    ],
)
async def test_dst_nights_neither_skip_nor_double(
    world: World, zone: str, start: str, end: str, days: int
) -> None:
    # 07:00, a time inside the spring gap (02:30), and one inside the autumn overlap (01:30 NY,
    # 02:30 Berlin).
    times = {"a": "07:00", "gap": "02:30", "overlap": "01:30" if "New_York" in zone else "02:30"}
    for user, hhmm in times.items():
        await world.runner(user, zone, hhmm)
    world.clock.now = due_instant(zone, date.fromisoformat(start), "00:00")
    await world.step()
    world.sender.sent.clear()
    stop = due_instant(zone, date.fromisoformat(end), "00:00")
    await world.run_until(stop.isoformat(), every=timedelta(minutes=10), answering=True)
    first = date.fromisoformat(start)
    expected = [first + timedelta(days=i) for i in range(days)]
    for user, hhmm in times.items():
        rows = [
            r for r in await world.rows(user_id=user, kind="checkin") if r["local_date"] >= first
        ]
        assert [r["local_date"] for r in rows] == expected, user
        assert sent_days(rows) == expected, user
        for row in rows:
            assert row["due_at"] == due_instant(zone, row["local_date"], hhmm)
            assert row["due_at"] <= row["sent_at"] <= row["due_at"] + timedelta(minutes=10)
        morning = [
            m for m in world.sender.to(user) if m.keys[0].startswith("checkin.hello_scheduled")
        ]
        assert len(morning) == days, user


# ---- the runner's wishes -----------------------------------------------------------------


async def test_pause_resume_and_skip(world: World) -> None:
    await world.runner("p", "Europe/Berlin", paused=True)
    await world.runner("s", "Europe/Berlin", skip_date=date(2026, 3, 3))
    world.clock.at("2026-03-02T07:30:00+01:00")
    await world.step()
    assert world.kinds("p") == [] and world.kinds("s") == ["checkin.hello_scheduled"]
    (paused,) = await world.rows(user_id="p")
    assert (paused["status"], paused["last_error"]) == ("skipped", "silent")
    await answer(world.app, "s", world.clock.now)

    await world.run_until("2026-03-03T08:00:00+01:00")  # Tuesday: "s" skipped today
    assert world.kinds("s") == ["checkin.hello_scheduled"]
    assert [r["status"] for r in await world.rows(user_id="s", kind="checkin")] == [
        "sent",
        "skipped",
    ]
    await edit_profile(world.app, "p", paused=False)  # resumed: from the next prompt on
    await world.run_until("2026-03-04T08:00:00+01:00")
    assert world.kinds("p") == ["checkin.hello_scheduled"]
    assert world.kinds("s") == ["checkin.hello_scheduled"] * 2
    assert world.sender.to("p")[0].key == dm("p")  # the runner's private chat


async def test_one_nudge_when_the_checkin_is_unanswered(world: World) -> None:
    await world.runner("quiet", "Europe/Berlin")
    await world.runner("keen", "Europe/Berlin")
    world.clock.at("2026-03-02T06:55:00+01:00")
    await world.step()
    await world.run_until("2026-03-02T07:00:00+01:00", every=timedelta(minutes=5))
    await answer(world.app, "keen", world.clock.now)
    await world.run_until("2026-03-02T09:55:00+01:00", every=timedelta(minutes=5))
    assert world.kinds("quiet") == ["checkin.hello_scheduled"]  # not yet: 3 h after 07:00
    await world.run_until("2026-03-02T23:55:00+01:00", every=timedelta(minutes=5))
    assert world.kinds("quiet") == ["checkin.hello_scheduled", "nudge.gentle"]
    assert world.kinds("keen") == ["checkin.hello_scheduled"]  # answered: no nudge
    nudge = await world.rows(user_id="quiet", kind="nudge")
    assert len(nudge) == 1 and nudge[0]["sent_at"] == utc("2026-03-02T10:00:00+01:00")
    (keen,) = await world.rows(user_id="keen", kind="nudge")
    assert (keen["status"], keen["last_error"]) == ("skipped", "silent")


async def test_changed_time_takes_effect_next_day_without_duplicate(world: World) -> None:
    await world.runner("c", "Europe/Berlin", "07:00")
    world.clock.at("2026-03-02T06:00:00+01:00")
    await world.step()
    await world.run_until("2026-03-02T08:00:00+01:00")
    await answer(world.app, "c", world.clock.now)
    await edit_profile(world.app, "c", checkin_time="09:00")
    await world.run_until("2026-03-02T23:00:00+01:00")
    assert world.kinds("c") == ["checkin.hello_scheduled"]  # no second one at 09:00 today
    await world.run_until("2026-03-03T08:45:00+01:00")
    assert len(world.sender.to("c")) == 1  # not at 07:00 any more
    await world.run_until("2026-03-03T09:00:00+01:00")
    rows = await world.rows(user_id="c", kind="checkin")
    assert [(r["local_date"], r["due_at"]) for r in rows] == [
        (date(2026, 3, 2), utc("2026-03-02T07:00:00+01:00")),
        (date(2026, 3, 3), utc("2026-03-03T09:00:00+01:00")),
    ]
    assert len(world.sender.to("c")) == 2


async def test_weekly_summary_on_sunday_evening(world: World) -> None:
    await world.runner("w", "America/New_York")
    world.clock.at("2026-03-07T12:00:00-05:00")  # Saturday
    await world.step()
    await world.run_until("2026-03-08T17:45:00-04:00")
    assert "weekly.note" not in world.kinds("w")
    await world.run_until("2026-03-08T18:00:00-04:00")  # Sunday 18:00 local (DST day, too)
    assert world.kinds("w")[-1] == "weekly.note"
    (weekly,) = await world.rows(kind="weekly")
    assert weekly["due_at"] == utc("2026-03-08T22:00:00+00:00")
    assert weekly["local_date"] == date(2026, 3, 8)


# ---- downtime ----------------------------------------------------------------------------


async def test_catch_up_inside_the_grace_window(world: World) -> None:
    await world.runner("late", "Europe/Berlin")
    world.clock.at("2026-03-02T08:50:00+01:00")  # came back 1 h 50 after 07:00
    await world.restart().tick()
    await world.scheduler.dispatch()
    assert world.kinds("late") == ["checkin.hello_scheduled"]


async def test_outside_the_grace_window_recorded_as_skipped_never_sent(world: World) -> None:
    await world.runner("gone", "Europe/Berlin")
    await world.runner("gone2", "Asia/Tokyo")
    world.clock.at("2026-03-02T06:00:00+01:00")
    await world.step()  # Tokyo's row is enqueued... and stale (more than 2 h ago)
    world.clock.at("2026-03-02T06:59:00+01:00")
    await world.step()
    world.clock.at("2026-03-02T09:10:00+01:00")  # down from 06:59 to 09:10
    await world.restart().tick()
    await world.scheduler.dispatch()
    assert world.sender.sent == []
    (row,) = await world.rows(user_id="gone", kind="checkin")
    assert (row["status"], row["last_error"]) == ("skipped", "stale")


async def test_rows_enqueued_before_downtime_expire_unsent(world: World) -> None:
    await world.runner("x", "Europe/Berlin")
    world.clock.at("2026-03-02T07:00:00+01:00")
    await world.scheduler.tick()  # enqueued, then the process died before dispatching
    world.clock.at("2026-03-02T09:30:00+01:00")
    await world.restart().dispatch()
    assert world.sender.sent == []
    (row,) = await world.rows(user_id="x", kind="checkin")
    assert (row["status"], row["last_error"]) == ("skipped", "stale")


async def test_a_restart_mid_dispatch_delivers_each_prompt_once(world: World) -> None:
    users = [str(i) for i in range(1, 6)]
    for user in users:
        await world.runner(user, "Europe/Berlin")
    world.clock.at("2026-03-02T07:00:00+01:00")
    await world.scheduler.tick()

    class Hanging(FakeSender):
        """A platform call that never returns: the process is killed while it waits."""

        async def send(self, key: ConversationKey, replies: Any) -> str:
            started.append(key.user)
            if len(started) == len(users):
                all_on_the_wire.set()
            await asyncio.Event().wait()
            raise AssertionError

    started: list[str] = []
    all_on_the_wire = asyncio.Event()
    crashed = compose.scheduler(world.app, world.settings, senders=[Hanging()], clock=world.clock)
    task = asyncio.create_task(crashed.dispatch())
    # Wait for an event, not a number of loop turns: a loaded machine's database round trips
    # take any number of turns. The bound only keeps a broken dispatcher from hanging the suite.
    await asyncio.wait_for(all_on_the_wire.wait(), timeout=60)
    task.cancel()  # the crash
    await asyncio.gather(task, return_exceptions=True)
    rows = await world.rows(kind="checkin")
    assert {r["status"] for r in rows} == {"claimed"}

    survivor = world.restart()
    world.clock.advance(seconds=30)  # the lease (60 s) still holds: nothing is taken over
    await survivor.dispatch()
    assert world.sender.sent == []
    world.clock.advance(seconds=31)
    stats = await survivor.dispatch()
    assert stats.sent == len(users)
    assert world.sender.per_user() == dict.fromkeys(users, 1)
    # The conversation was already at the question: the engine's nudge repeated it.
    assert {s.keys for s in world.sender.sent} == {("nudge.gentle", "checkin.pain")}
    rows = await world.rows(kind="checkin")
    assert {(r["status"], r["attempts"]) for r in rows} == {("sent", 2)}


# ---- delivery failures -------------------------------------------------------------------


async def test_unreachable_runner_gets_no_more_prompts(world: World) -> None:
    await world.runner("b", "Europe/Berlin")
    world.sender.unreachable.add("b")
    world.clock.at("2026-03-02T06:00:00+01:00")
    await world.step()
    await world.run_until("2026-03-02T07:00:00+01:00")
    (row,) = await world.rows(user_id="b")
    assert (row["status"], row["last_error"]) == ("failed", "unreachable")
    async with world.app.store.engine.connect() as conn:
        assert (await conn.execute(select(runners.c.unreachable))).scalar_one() is True
    world.sender.unreachable.clear()
    await world.run_until("2026-03-04T08:00:00+01:00")
    assert world.sender.sent == []
    assert {r["status"] for r in await world.rows(user_id="b")} == {"failed", "skipped"}


async def test_retry_later_is_honoured_and_sent_once(world: World) -> None:
    await world.runner("r", "Europe/Berlin")
    world.sender.retry["r"] = [0.01, 0.02]  # two 429s with short retry_after, then accepted
    world.clock.at("2026-03-02T07:00:00+01:00")
    stats = await world.restart().tick() and await world.scheduler.dispatch()
    assert stats and stats.rate_limited == 2 and stats.sent == 1
    assert world.kinds("r") == ["checkin.hello_scheduled"]


async def test_long_retry_after_releases_the_row_with_backoff(world: World) -> None:
    await world.runner("r", "Europe/Berlin")
    world.sender.retry["r"] = [300.0]  # longer than the lease: give it back, come back later
    world.clock.at("2026-03-02T07:00:00+01:00")
    await world.restart().tick()
    # The limiter really pauses for retry_after: give it a clock that its sleep moves on.
    ticks = [0.0]

    async def sleep(seconds: float) -> None:
        ticks[0] += seconds
        await asyncio.sleep(0)

    limiter = PlatformLimiter(1000.0, clock=lambda: ticks[0], sleep=sleep)
    world.scheduler.add_channel(compose.channel(world.sender, world.settings, limiter))
    await world.scheduler.dispatch()
    (row,) = await world.rows(user_id="r")
    assert (row["status"], row["last_error"]) == ("pending", "retry-later")
    assert row["next_attempt_at"] == world.clock.now + timedelta(seconds=300)
    world.clock.advance(seconds=301)
    await world.scheduler.dispatch()
    assert world.kinds("r") == ["nudge.gentle"]  # the question, asked again
    assert len(world.sender.sent) == 1


async def test_two_dispatchers_on_one_database_never_send_twice(world: World) -> None:
    if world.app.store.dialect != "postgresql":
        pytest.skip("several dispatchers share PostgreSQL only (SQLite: see the guard test)")
    for i in range(60):
        await world.runner(str(i), "Europe/Berlin")
    world.clock.at("2026-03-02T07:00:00+01:00")
    await world.scheduler.tick()
    other = await Store.open(world.settings.database_url)
    try:
        b = compose.scheduler(
            App(other, retries=()), world.settings, senders=[world.sender], clock=world.clock
        )
        await asyncio.gather(world.scheduler.dispatch(), b.dispatch())
    finally:
        await other.close()
    assert world.sender.per_user() == {str(i): 1 for i in range(60)}


def test_second_sqlite_dispatcher_is_refused(tmp_path: Any) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    first, second = DispatchGuard(url), DispatchGuard(url)
    first.acquire()
    try:
        with pytest.raises(DispatchLocked, match="SQLite supports one dispatching process"):
            second.acquire()
    finally:
        first.release()
    second.acquire()  # free again once the first one stopped
    second.release()
    assert DispatchGuard("postgresql+asyncpg://x@h/db").path is None
