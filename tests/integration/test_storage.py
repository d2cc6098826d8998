"""The Store on SQLite and PostgreSQL: what a turn loads is what the last turn saved."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from bot.coach import CoachState, Stage
from bot.core.effects import CheckinRecorded, ForgetRunner, SessionLogged, StageChanged
from bot.core.state import Profile, State
from bot.core.types import ConversationKey
from storage import SchemaOutdated, Store, TurnFinished, migrate
from storage.engine import create_engine
from storage.models import ALL_TABLES, Base, runners
from storage.schema import head_revision

DM = ConversationKey("telegram", "100", "100")
GROUP = ConversationKey("telegram", "-500", "100")
OTHER = ConversationKey("telegram", "200", "200")
NOW = datetime(2025, 3, 3, 6, 30, tzinfo=UTC)

PROFILE = Profile(
    area="calf_achilles",
    onset="gradual",
    feel="tendon",
    kind="tendon",
    seen_professional=True,
    baseline=3,
    timezone="Europe/Berlin",
    checkin_time="07:15",
    cross_training=frozenset({"swim", "bike"}),
    cleared_by_clinician=True,
    paused=False,
    coach=CoachState(Stage.WALK_RUN_2, date(2025, 2, 20), morning_pains=((date(2025, 3, 1), 2),)),
    last_checkin=date(2025, 3, 2),
    skip_date=date(2025, 3, 4),
)
CHECKIN = CheckinRecorded(
    day=date(2025, 3, 3),
    at=NOW,
    morning_pain=2,
    swelling="none",
    daily_activity_pain=False,
    compared_to_before="same",
    red_flags=(),
    walk_test="pain_free",
    hop_test=None,
    decision="progress",
    stage="walk_run",
    rules=(3, 7),
)
SESSION = SessionLogged(day=date(2025, 3, 3), at=NOW, kind="walk_run", minutes=30, pain_during=1)
STAGE = StageChanged(
    day=date(2025, 3, 3),
    at=NOW,
    from_stage="walk",
    to_stage="walk_run",
    decision="progress",
    rules=(7,),
)


@pytest.fixture
async def store(database_url: str):
    store = await Store.open(database_url, migrate=True)
    yield store
    await store.close()


async def save(store: Store, key: ConversationKey, state: State, effects=()) -> State:
    async with store.turn(key) as turn:
        before = turn.state
        await turn.save(state, effects)
    return before


async def load(store: Store, key: ConversationKey) -> State:
    """The state a turn would see. Leaves without saving, so it changes nothing."""
    async with store.turn(key) as turn:
        return turn.state


async def counts(store: Store) -> dict[str, int]:
    async with store.engine.connect() as conn:
        return {
            table.name: (await conn.execute(select(func.count()).select_from(table))).scalar_one()
            for table in ALL_TABLES
        }


async def test_first_contact_is_a_new_state(store: Store) -> None:
    assert await load(store, DM) == State()


async def test_round_trip_without_profile(store: Store) -> None:
    state = State("onboard.baseline", {"area": "shin", "picked": ["a", "b"], "n": 3, "x": None})
    await save(store, DM, state)
    assert await load(store, DM) == state


async def test_round_trip_with_profile(store: Store) -> None:
    state = State("idle", {"last": "checkin"}, PROFILE)
    await save(store, DM, state)
    loaded = await load(store, DM)
    assert loaded == state
    assert isinstance(loaded.profile.cross_training, frozenset)  # type: ignore[union-attr]
    assert loaded.profile.skip_date == date(2025, 3, 4)  # type: ignore[union-attr]


async def test_profile_none_saves_null_columns(store: Store) -> None:
    await save(store, DM, State("idle", {}, PROFILE))
    await save(store, DM, State("new", {}, None))
    assert await load(store, DM) == State("new", {}, None)
    async with store.engine.connect() as conn:
        row = (await conn.execute(select(runners))).mappings().one()
    assert row["area"] is None and row["coach_state"] is None and row["cross_training"] is None


async def test_restart_mid_onboarding_resumes(database_url: str) -> None:
    state = State("onboard.timezone", {"area": "knee", "onset": "sudden", "baseline": 4})
    store = await Store.open(database_url, migrate=True)
    await save(store, DM, state)
    await store.close()
    store = await Store.open(database_url, migrate=True)
    try:
        assert await load(store, DM) == state
    finally:
        await store.close()


async def test_conversations_of_one_user_share_the_profile(store: Store) -> None:
    await save(store, DM, State("idle", {"dm": 1}, PROFILE))
    assert await load(store, GROUP) == State("new", {}, PROFILE)
    paused = PROFILE.with_(
        paused=True, paused_since=date(2025, 3, 4), paused_until=date(2025, 3, 11)
    )
    await save(store, GROUP, State("settings.menu", {"group": 1}, paused))
    assert await load(store, DM) == State("idle", {"dm": 1}, paused)
    assert await load(store, GROUP) == State("settings.menu", {"group": 1}, paused)
    assert await load(store, OTHER) == State()
    assert (await counts(store))["runners"] == 1  # loading OTHER without save left nothing


async def test_save_writes_effect_rows(store: Store) -> None:
    await save(store, DM, State("idle", {}, PROFILE), [CHECKIN, SESSION, STAGE, SESSION])
    assert await counts(store) == {
        "runners": 1,
        "identities": 1,
        "conversations": 1,
        "checkins": 1,
        "sessions": 2,
        "stage_history": 1,
        "pause_changes": 0,
    }
    assert await store.history("telegram", "100", days=1, today=date(2025, 3, 3)) == [CHECKIN]


async def test_rows_of_one_turn_keep_their_order(store: Store) -> None:
    """Same day, same instant: the export lists them as the turn produced them."""
    first, second, third = (
        SessionLogged(**{**_fields(SESSION), "minutes": m}) for m in (5, 20, 10)
    )
    await save(store, DM, State("idle", {}, PROFILE), [first, STAGE, second, third])
    exported = await store.export("telegram", "100")
    assert [s["minutes"] for s in exported["sessions"]] == [5, 20, 10]
    assert [s["to_stage"] for s in exported["stage_history"]] == ["walk_run"]


async def test_plain_core_path_reads_and_writes_the_same(store: Store, database_url: str) -> None:
    """bench/turns.py --plain compares the fast paths with plain Core: both must agree."""
    plain = await Store.open(database_url, fast_paths=False)
    try:
        await save(store, DM, State("idle", {"via": "fast"}, PROFILE), [CHECKIN, SESSION])
        assert await load(plain, DM) == State("idle", {"via": "fast"}, PROFILE)
        changed = PROFILE.with_(baseline=1)
        await save(plain, DM, State("log.kind", {"via": "plain"}, changed), [SESSION, STAGE])
        assert await load(store, DM) == State("log.kind", {"via": "plain"}, changed)
        exported = await store.export("telegram", "100")
        assert [len(exported[k]) for k in ("checkins", "sessions", "stage_history")] == [1, 2, 1]
    finally:
        await plain.close()


async def test_leaving_without_save_changes_nothing(store: Store) -> None:
    async with store.turn(DM) as turn:
        assert turn.state == State()
    assert set((await counts(store)).values()) == {0}  # not even the first contact stays

    await save(store, DM, State("onboard.area", {"a": 1}))
    before = await counts(store)
    with pytest.raises(RuntimeError, match="engine failed"):
        async with store.turn(DM, display_name="New Name") as turn:
            raise RuntimeError("engine failed")
    assert await load(store, DM) == State("onboard.area", {"a": 1})
    assert await counts(store) == before


async def test_save_twice_is_refused(store: Store) -> None:
    async with store.turn(DM) as turn:
        await turn.save(State("idle"))
        with pytest.raises(TurnFinished):
            await turn.save(State("other"))
    assert (await load(store, DM)).flow == "idle"


async def test_forget_runner_deletes_every_row(store: Store) -> None:
    await save(store, OTHER, State("idle", {}, PROFILE), [CHECKIN])  # must survive
    await save(store, DM, State("idle", {}, PROFILE), [CHECKIN, SESSION, STAGE])
    await save(store, GROUP, State("idle", {"g": 1}, PROFILE))
    async with store.turn(GROUP) as turn:
        await turn.save(State("idle", {}, PROFILE), [CHECKIN, ForgetRunner()])
    assert await counts(store) == {
        "runners": 1,
        "identities": 1,
        "conversations": 1,
        "checkins": 1,
        "sessions": 0,
        "stage_history": 0,
        "pause_changes": 0,
    }
    assert (await store.export("telegram", "100"))["profile"] is None
    assert await load(store, DM) == State()
    assert await load(store, GROUP) == State()
    assert await load(store, OTHER) == State("idle", {}, PROFILE)


async def test_export_contains_what_was_saved(store: Store) -> None:
    async with store.turn(DM, display_name="Ann") as turn:
        await turn.save(State("idle", {"k": "v"}, PROFILE), [CHECKIN, SESSION, STAGE])
    exported = await store.export("telegram", "100")
    assert exported["profile"]["cross_training"] == ["bike", "swim"]
    assert PROFILE.coach is not None
    assert exported["profile"]["coach"] == PROFILE.coach.to_dict()
    assert exported["profile"]["last_checkin"] == "2025-03-02"
    assert exported["identities"] == [
        {"platform": "telegram", "user_id": "100", "display_name": "Ann"}
    ]
    assert [c["data"] for c in exported["conversations"]] == [{"k": "v"}]
    (checkin,) = exported["checkins"]
    assert checkin["day"] == "2025-03-03" and checkin["rules"] == [3, 7]
    assert datetime.fromisoformat(checkin["at"]) == NOW
    assert exported["sessions"][0]["minutes"] == 30
    assert exported["stage_history"][0]["to_stage"] == "walk_run"
    assert "id" not in checkin and "runner_id" not in checkin
    json.dumps(exported)  # JSON-able as promised
    empty = await store.export("telegram", "nobody")
    assert empty["profile"] is None and empty["checkins"] == []


async def test_history_keeps_the_last_days_in_order(store: Store) -> None:
    days = [CHECKIN.__class__(**{**_fields(CHECKIN), "day": date(2025, 3, d)}) for d in (5, 1, 3)]
    await save(store, DM, State("idle", {}, PROFILE), days)
    got = await store.history("telegram", "100", days=3, today=date(2025, 3, 5))
    assert [c.day for c in got] == [date(2025, 3, 3), date(2025, 3, 5)]
    assert await store.history("telegram", "nobody", days=7) == []


def _fields(effect: object) -> dict[str, object]:
    return {name: getattr(effect, name) for name in effect.__dataclass_fields__}  # type: ignore[attr-defined]


async def test_display_name_and_reachability(store: Store) -> None:
    async with store.turn(DM, display_name="Ann") as turn:
        await turn.save(State("idle"))
    assert await store.mark_unreachable("telegram", "100")
    assert not await store.mark_unreachable("telegram", "nobody")
    async with store.engine.connect() as conn:
        assert (await conn.execute(select(runners.c.unreachable))).scalar_one() is True
    async with store.turn(GROUP, display_name="Ann B") as turn:  # the runner wrote again
        await turn.save(turn.state)
    async with store.engine.connect() as conn:
        assert (await conn.execute(select(runners.c.unreachable))).scalar_one() is False
    assert (await store.export("telegram", "100"))["identities"][0]["display_name"] == "Ann B"
    await store.mark_unreachable("telegram", "100")
    assert await store.mark_reachable("telegram", "100")
    async with store.engine.connect() as conn:
        assert (await conn.execute(select(runners.c.unreachable))).scalar_one() is False


async def test_migrations_on_empty_database_are_idempotent(database_url: str) -> None:
    with pytest.raises(SchemaOutdated):
        await Store.open(database_url, migrate=False)
    await migrate(database_url)
    await migrate(database_url)
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            names = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
            version = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
            # The hand-written migration and the models describe the same schema.
            diff = await conn.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c), Base.metadata)
            )
    finally:
        await engine.dispose()
    team_tables = {"teams", "team_members", "team_posts", "team_milestones", "team_cheers"}
    team_tables |= {"link_codes"}  # issue 12
    tables = {t.name for t in ALL_TABLES} | {"alembic_version", "outbox", "rate_budget"}
    tables |= {"update_ledger"}  # issue 14
    assert names == tables | team_tables
    assert version == [(head_revision(),)]
    assert diff == []
    store = await Store.open(database_url, migrate=False)  # at head: accepted as is
    await store.close()


async def test_first_contact_race_makes_one_runner(database_url: str) -> None:
    a = await Store.open(database_url, migrate=True)
    b = await Store.open(database_url, migrate=False)
    try:

        async def first(store: Store, key: ConversationKey) -> None:
            async with store.turn(key) as turn:
                await turn.save(turn.state.at("onboard.consent"))

        await asyncio.gather(first(a, DM), first(b, GROUP), first(a, GROUP), first(b, DM))
        assert await counts(a) == {
            "runners": 1,
            "identities": 1,
            "conversations": 2,
            "checkins": 0,
            "sessions": 0,
            "stage_history": 0,
            "pause_changes": 0,
        }
    finally:
        await a.close()
        await b.close()


@pytest.mark.postgres
async def test_postgres_locked_turns_for_one_runner_are_serialized(postgres_url: str) -> None:
    """With the row locks (`lock=True`: a turn that lost the optimistic race three times,
    tests/integration/test_optimistic_turns.py): process A holds a turn; process B's turn for
    the same runner (another chat even) waits on the row lock until A commits, then sees A's
    profile."""
    a = await Store.open(postgres_url, migrate=True)
    tag = f"comeback-test-{uuid.uuid4().hex[:12]}"  # to find B's backends in pg_stat_activity
    b = await Store.open(
        postgres_url, migrate=False, connect_args={"server_settings": {"application_name": tag}}
    )
    order: list[str] = []
    try:
        await save(a, DM, State("idle", {"n": 0}, PROFILE))
        await save(a, GROUP, State("idle", {}, PROFILE))

        async def second(key: ConversationKey) -> State:
            async with b.turn(key, lock=True) as turn:
                order.append(f"B loaded {key.chat}")
                seen = turn.state
                await turn.save(turn.state.with_data(n=2))
            return seen

        async with a.turn(DM, lock=True) as turn:
            order.append("A loaded")
            same_chat = asyncio.create_task(second(DM))
            other_chat = asyncio.create_task(second(GROUP))
            await _until_waiting_on_lock(a, tag, count=2)
            order.append("A saving")
            await turn.save(State("idle", {"n": 1}, PROFILE.with_(baseline=5)))
        seen = await asyncio.gather(same_chat, other_chat)
        assert order[:2] == ["A loaded", "A saving"]
        assert sorted(order[2:]) == ["B loaded -500", "B loaded 100"]
        assert seen[0] == State("idle", {"n": 1}, PROFILE.with_(baseline=5))
        assert seen[1].profile == PROFILE.with_(baseline=5)
        assert await load(a, DM) == State("idle", {"n": 2}, PROFILE.with_(baseline=5))
    finally:
        await a.close()
        await b.close()


async def _until_waiting_on_lock(store: Store, tag: str, count: int) -> None:
    """Poll pg_stat_activity until `count` backends named `tag` wait on a lock. (Polling a
    fact, not sleeping for a guess: the loop ends as soon as PostgreSQL says they wait.)"""
    query = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE application_name = :tag AND wait_event_type = 'Lock'"
    )
    for _ in range(1000):
        async with store.engine.connect() as conn:
            if (await conn.execute(query, {"tag": tag})).scalar_one() >= count:
                return
        await asyncio.sleep(0.01)
    raise AssertionError("the second turn never waited on the runner lock")


def test_every_table_hangs_off_runners() -> None:
    for table in ALL_TABLES:
        if table is runners:
            continue
        (fk,) = table.foreign_keys
        assert fk.column.table is runners and fk.ondelete == "CASCADE"
