"""Privacy through the whole path: random members, levels and check-in histories written by
the real store, read back by the TeamStore, and every message the team chat receives (the
setup reply, join announcements, /team, the roll-call, the weekly digest, milestone posts)
scanned for health content."""

from __future__ import annotations

import asyncio
import re
import tempfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import App
from bot.coach.model import Decision, Stage
from bot.core.effects import CheckinRecorded, Effect, StageChanged
from bot.core.state import IDLE, Profile, State
from bot.core.types import ChatKind, ConversationKey, Reply, Typed
from bot.scheduling.channel import Channel
from bot.scheduling.ratelimit import PlatformLimiter
from bot.teams.desk import TeamDesk
from bot.teams.model import Level
from bot.teams.roll_call import roll_calls
from messages.replies import reply_text
from storage.store import Store
from storage.teams import TeamStore
from tests.fakes.platform import FakePlatform
from tests.unit.test_team_privacy import HEALTH

GROUP = "-100"
NAMES = ("Ada", "Bo", "Cy", "Dee", "Eli")
TODAY = date(2026, 3, 10)
ROLL_CALL = datetime(2026, 3, 10, 7, 30, tzinfo=UTC)

checkins = st.builds(
    dict,
    pain=st.integers(0, 10),
    swelling=st.sampled_from(["none", "some", "visible"]),
    flags=st.lists(st.sampled_from(["night_pain", "calf_swelling_warmth", "numbness"]), max_size=2),
    decision=st.sampled_from([d.value for d in Decision]),
    stage=st.sampled_from([s.value for s in Stage]),
    came_from=st.sampled_from([s.value for s in Stage]),  # the stage moved from, that day
)
members = st.lists(
    st.tuples(
        st.sampled_from(list(Level)),
        st.sampled_from(["shin", "knee", "calf_achilles", "hip_groin", "hamstring"]),
        st.lists(checkins, max_size=8),  # the last is today's, if `today`
        st.booleans(),  # checked in today
    ),
    min_size=1,
    max_size=5,
)


def scan(message: str) -> None:
    assert not HEALTH.search(message), message
    for line in message.splitlines():
        if line.startswith("\u2713"):  # a member's line: no number but a walk-run's
            assert not re.search(r"\d", re.sub(r"walk-run \d", "", line)), line
        elif line.startswith("\u2022"):  # a member's week: check-ins out of days, nothing else
            assert re.fullmatch(r"\u2022 \w+: [0-7] of [0-7] check-ins", line), line
        elif line.startswith("\u2605"):  # a milestone: no number
            assert not re.search(r"\d", line), line


async def run(team: list[tuple[Level, str, list[dict[str, object]], bool]], folder: Path) -> None:
    store = await Store.open(f"sqlite+aiosqlite:///{folder / 'p.db'}", migrate=True)
    try:
        app = App(store, retries=())
        platform = FakePlatform()
        platform.text_limit = 4000  # type: ignore[misc]
        teams = TeamStore(store.engine)
        desk = TeamDesk(app, teams, platform)
        platform.admins.add((GROUP, "admin"))
        said: list[Reply] = []

        async def in_group(user: str, words: str, name: str = "") -> None:
            key = ConversationKey("fake", GROUP, user)
            event = Typed(key, ROLL_CALL, words, chat_kind=ChatKind.GROUP, display_name=name)
            said.extend(r for r in await desk.handle(event) if not r.private)

        await in_group("admin", "/team setup 07:30 Europe/London tuesday")  # TODAY's weekday
        for n, (level, area, history, today) in enumerate(team):
            user = f"u{n}"
            profile = Profile(
                area=area, onset="sudden", feel="bone", kind="bone", seen_professional=False,
                baseline=3, timezone="Europe/London", checkin_time="07:00",
            )  # fmt: skip
            days = [TODAY - timedelta(days=len(history) - i - (0 if today else 1))
                    for i in range(len(history))]  # fmt: skip
            moves = [
                StageChanged(  # at the roll-call: after joining, so milestones are posted
                    day=day, at=ROLL_CALL, from_stage=str(c["came_from"]),
                    to_stage=str(c["stage"]), decision=str(c["decision"]), rules=(1,),
                )
                for day, c in zip(days, history, strict=True)
            ]  # fmt: skip
            rows: list[Effect] = [
                CheckinRecorded(
                    day=day, at=ROLL_CALL - timedelta(hours=1), morning_pain=int(c["pain"]),  # type: ignore[call-overload]
                    swelling=str(c["swelling"]), daily_activity_pain=True,
                    compared_to_before="worse", red_flags=tuple(c["flags"]),  # type: ignore[arg-type]
                    walk_test=None, hop_test=None, decision=str(c["decision"]),
                    stage=str(c["stage"]), rules=(1,),
                )
                for day, c in zip(days, history, strict=True)
            ]  # fmt: skip
            last = days[-1] if days else None
            name = f"{NAMES[n]} Surname"
            async with store.turn(ConversationKey("fake", user, user), name) as turn:
                await turn.save(State(IDLE, {}, replace(profile, last_checkin=last)), rows + moves)
            await in_group(user, "/join", name)
            runner = await teams.runner("fake", user)
            group = await teams.team_in("fake", GROUP)
            assert runner is not None and group is not None
            await teams.set_level(group.id, runner.id, level)
        await in_group("someone", "/team")
        channels = {"fake": Channel(platform, PlatformLimiter(1000.0))}
        await roll_calls(teams, channels, ROLL_CALL, grace=timedelta(hours=2))
        messages = [reply_text(r) for r in said] + [reply_text(r) for r in platform.to(GROUP)]
        assert any("checked in today" in m for m in messages)
        assert any("the week that was" in m for m in messages)
        for message in messages:
            scan(message)
    finally:
        await store.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(members)
def test_no_team_message_carries_health_data_through_the_store(
    team: list[tuple[Level, str, list[dict[str, object]], bool]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(team, Path(folder)))
