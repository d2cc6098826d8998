"""PostgreSQL turns read without a lock and save only if nothing they read changed
(storage/optimistic.py): never a lost write, never an update answered twice, nothing half
written. Two Stores stand for two processes (each its own pool)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select, update

from bot.core.effects import CheckinRecorded, ForgetRunner
from bot.core.state import Profile, State
from bot.core.types import ConversationKey, Reply
from bot.text import text
from storage import Store
from storage.ledger import AlreadyAnswered, Answered
from storage.links import LinkStore
from storage.models import checkins, conversations, identities, runners, update_ledger
from storage.optimistic import Conflict

pytestmark = pytest.mark.postgres

DM = ConversationKey("telegram", "100", "100")
GROUP = ConversationKey("telegram", "-500", "100")  # the same runner, in a group
PROFILE = Profile(
    area="shin",
    onset="gradual",
    feel="bone",
    kind="bone",
    seen_professional=True,
    baseline=3,
    timezone="Europe/Berlin",
    checkin_time="07:15",
)
HELLO = [Reply((text("checkin.thanks", variant=0),))]


def checkin(day: int) -> CheckinRecorded:
    return CheckinRecorded(
        day=date(2025, 3, day),
        at=datetime(2025, 3, day, 7, tzinfo=UTC),
        morning_pain=2,
        swelling="none",
        daily_activity_pain=False,
        compared_to_before=None,
        red_flags=(),
        walk_test=None,
        hop_test=None,
        decision="hold",
        stage="walk",
        rules=(3,),
    )


@pytest.fixture
async def stores(postgres_url: str) -> AsyncIterator[tuple[Store, Store]]:
    a = await Store.open(postgres_url, migrate=True)
    b = await Store.open(postgres_url, migrate=False)
    try:
        async with a.turn(DM) as turn:  # the runner and both conversations exist
            await turn.save(State("idle", {"n": 0}, PROFILE))
        async with a.turn(GROUP) as turn:
            await turn.save(State("idle", {}, PROFILE))
        yield a, b
    finally:
        await a.close()
        await b.close()


async def load(store: Store, key: ConversationKey) -> State:
    return await store.state(key)


async def count(store: Store, table: object) -> int:
    async with store.engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(table))).scalar_one()  # type: ignore[arg-type]


async def test_a_save_over_a_newer_write_is_refused_and_writes_nothing(
    stores: tuple[Store, Store],
) -> None:
    a, b = stores
    async with a.turn(DM) as stale:
        async with b.turn(DM) as fresh:  # another process answers meanwhile
            await fresh.save(fresh.state.with_data(n=1))
        with pytest.raises(Conflict):
            await stale.save(stale.state.with_data(n=99), [checkin(3)], Answered("u1", HELLO))
    assert (await load(a, DM)).data == {"n": 1}
    assert await count(a, checkins) == 0  # not half written: no effect row
    assert await count(a, update_ledger) == 0  # and no ledger row, so it is answered later


async def test_a_turn_that_read_the_profile_before_it_changed_is_refused(
    stores: tuple[Store, Store],
) -> None:
    """The runner's other chat changed the profile between this turn's read and its save:
    stepped on the old profile, it must step again (the lock used to make it wait)."""
    a, b = stores
    async with a.turn(GROUP) as stale:
        async with b.turn(DM) as other_chat:
            await other_chat.save(
                State(other_chat.state.flow, other_chat.state.data, PROFILE.with_(baseline=5))
            )
        with pytest.raises(Conflict):
            await stale.save(State(stale.state.flow, stale.state.data, PROFILE.with_(baseline=1)))
    seen = await load(a, GROUP)
    assert seen.profile == PROFILE.with_(baseline=5)


async def test_an_update_answered_before_is_not_answered_again(
    stores: tuple[Store, Store],
) -> None:
    a, b = stores
    async with a.turn(DM) as turn:
        await turn.save(turn.state.with_data(n=1), [checkin(3)], Answered("u7", HELLO))
    async with b.turn(DM) as again:  # the same update, delivered again after a restart
        with pytest.raises(AlreadyAnswered):
            await again.save(again.state.with_data(n=2), [checkin(3)], Answered("u7", HELLO))
    assert (await load(a, DM)).data == {"n": 1}
    assert await count(a, checkins) == 1


async def test_concurrent_turns_from_two_processes_lose_no_write(
    stores: tuple[Store, Store],
) -> None:
    """60 turns on one conversation at once, half from each store, each adding 1 and answering
    its own update, retried on Conflict as the App does (the last try with the locks): every
    increment lands, every update has exactly one ledger row, each check-in one row."""
    a, b = stores
    conflicts = 0

    async def add_one(store: Store, n: int) -> None:
        nonlocal conflicts
        for attempt in range(4):
            try:
                async with store.turn(DM, lock=attempt == 3) as turn:
                    state = turn.state.with_data(n=turn.state.data["n"] + 1)
                    await turn.save(state, [checkin(1 + n % 28)] if n < 28 else [],
                                    Answered(f"update-{n}", HELLO))  # fmt: skip
                return
            except Conflict:
                conflicts += 1
        raise AssertionError("a turn never saved")

    await asyncio.gather(*(add_one(a if n % 2 else b, n) for n in range(60)))
    assert (await load(a, DM)).data == {"n": 60}
    assert await count(a, update_ledger) == 60
    assert await count(a, checkins) == 28
    assert conflicts > 0  # they did race: the check above is not vacuous


# A Store remembers what it saved last for a conversation (storage/recent.py) and starts the
# next turn from it. These show that a write anywhere else is still never lost.


async def write_unversioned(store: Store, data: dict[str, object]) -> None:
    """A change made behind every Store's back, without bumping the version (no writer of ours
    does that): the only way to see whether a turn read the row."""
    async with store.engine.begin() as conn:
        await conn.execute(
            update(conversations).where(conversations.c.chat_id == DM.chat).values(data=data)
        )


async def test_the_next_turn_starts_from_what_this_process_saved(
    stores: tuple[Store, Store], postgres_url: str
) -> None:
    a, b = stores
    async with a.turn(DM) as turn:
        await turn.save(turn.state.with_data(n=1, pair=("km", 5)))
    await write_unversioned(b, {"n": 42})
    async with a.turn(DM) as turn:
        # Not read back: what a saved, decoded as a read decodes it (JSON has no tuples).
        assert turn.state.data == {"n": 1, "pair": ["km", 5]}
        assert turn.state.profile == PROFILE
    async with b.turn(DM) as turn:  # another process reads the row
        assert turn.state.data == {"n": 42}
    cold = await Store.open(postgres_url, recent_turns=0)
    try:
        async with cold.turn(DM) as turn:  # and so does a Store that keeps nothing
            assert turn.state.data == {"n": 42}
    finally:
        await cold.close()


async def test_a_write_elsewhere_after_this_process_saved_is_never_lost(
    stores: tuple[Store, Store],
) -> None:
    a, b = stores
    async with a.turn(DM) as turn:
        await turn.save(turn.state.with_data(n=1), [], Answered("u1", HELLO))
    async with b.turn(DM) as turn:  # another process answers the next update
        await turn.save(turn.state.with_data(n=turn.state.data["n"] + 1), [], Answered("u2", HELLO))
    with pytest.raises(Conflict):
        async with a.turn(DM) as turn:
            assert turn.state.data == {"n": 1}  # started from what a saved: stale
            await turn.save(turn.state.with_data(n=2), [checkin(3)], Answered("u3", HELLO))
    async with a.turn(DM) as turn:  # stepped again, as the App does: from a fresh read
        assert turn.state.data == {"n": 2}
        await turn.save(turn.state.with_data(n=3), [checkin(3)], Answered("u3", HELLO))
    assert (await load(b, DM)).data == {"n": 3}
    assert await count(a, checkins) == 1


async def test_a_runner_marked_unreachable_elsewhere_is_reachable_again_when_they_write(
    stores: tuple[Store, Store],
) -> None:
    """The dispatcher of another process found the bot blocked; then the runner writes again.
    A turn that went on from what this process saved would not clear the mark (it believed
    the runner reachable), and no morning prompt would reach them again."""
    a, b = stores
    async with a.turn(DM) as turn:
        await turn.save(turn.state.with_data(n=1))
    assert await b.mark_unreachable(DM.platform, DM.user)
    for _ in range(2):  # the App's retry on Conflict
        try:
            async with a.turn(DM) as turn:
                await turn.save(turn.state.with_data(n=2))
            break
        except Conflict:
            continue
    async with a.engine.connect() as conn:
        assert (await conn.execute(select(runners.c.unreachable))).scalar_one() is False


async def test_a_runner_deleted_elsewhere_stays_deleted(stores: tuple[Store, Store]) -> None:
    a, b = stores
    async with a.turn(DM) as turn:
        await turn.save(turn.state.with_data(n=1))
    async with b.turn(GROUP) as turn:  # /delete confirmed in the group chat
        await turn.save(State(), [ForgetRunner()])
    with pytest.raises(Conflict):
        async with a.turn(DM, create=False) as turn:  # a stale button in the private chat
            await turn.save(turn.state.with_data(n=2))
    async with a.turn(DM, create=False) as turn:
        assert not turn.found  # nobody: nothing is written, nothing comes back
        await turn.save(turn.state.with_data(n=3))
    assert await count(a, runners) == 0


async def test_a_chat_unlinked_and_made_again_elsewhere_is_not_saved_over(
    stores: tuple[Store, Store],
) -> None:
    """The Discord account leaves the runner (/link unlink) and writes again, answered by
    another process as a new runner whose conversation counts its versions from 0 again:
    what this process remembers from before must not pass for it (runner and version)."""
    a, b = stores
    discord = ConversationKey("discord", "d1", "d1")
    async with a.turn(DM) as turn:
        runner = turn.runner_id
    await LinkStore(a.engine).attach(runner, "discord", "d1", "Dee")
    async with a.turn(discord) as turn:  # first contact of its private chat
        await turn.save(State("idle", {"who": "linked"}, PROFILE))
    async with a.turn(discord) as turn:  # a remembers this one
        await turn.save(turn.state.with_data(n=1))
    assert await LinkStore(a.engine).unlink(runner, "discord")
    for n in range(2):  # the new runner's turns, in process b: versions 1, 2 again
        async with b.turn(discord) as turn:
            await turn.save(turn.state.with_data(who="new", n=n))
    with pytest.raises(Conflict):
        async with a.turn(discord) as turn:
            await turn.save(turn.state.with_data(who="stale"), [checkin(3)])
    assert (await load(b, discord)).data == {"who": "new", "n": 1}
    assert await count(a, checkins) == 0


async def test_the_name_written_last_is_the_one_kept(stores: tuple[Store, Store]) -> None:
    """Discord gives a server nickname in a channel and the account's name in private: a
    turn that starts from what this process saved still writes the name it was given."""
    a, _ = stores
    async with a.turn(DM, "Global") as turn:
        await turn.save(turn.state.with_data(n=1))
    for _ in range(2):
        async with a.turn(GROUP, "Nick") as turn:
            await turn.save(turn.state)
    async with a.turn(DM, "Global") as turn:  # starts from what a saved for the DM
        await turn.save(turn.state.with_data(n=2))
    async with a.engine.connect() as conn:
        assert (await conn.execute(select(identities.c.display_name))).scalar_one() == "Global"
