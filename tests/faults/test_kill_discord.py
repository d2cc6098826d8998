"""kill -9 of `comeback run` in the middle of a burst of Discord DMs, a restart, and every DM is
answered: the gateway never delivers an event twice, so the restarted bot reads back the DMs of
runners who wrote recently from the channel history (bot/adapters/discord_catchup.py). Doubled
only where Discord had accepted an answer whose sending the killed process had not recorded.
On SQLite and on PostgreSQL; figures printed (`pytest -s -m faults`).

The runners wrote to the bot before the burst (their "/start" was answered): that is what tells
the restarted bot where to read back from. Slash commands and buttons cannot be recovered at
all (an interaction is answered through a token that lived in the killed process; Discord tells
the runner it failed), so the burst is DMs."""

from __future__ import annotations

import pytest

from messages import render
from tests.e2e.conftest import Serve
from tests.e2e.discord_fixtures import TOKEN
from tests.fakes.discord_api import FakeDiscord
from tests.faults.kill_support import (
    STARTUP,
    BotProcess,
    Figures,
    environment,
    unsent_replies,
)

pytestmark = [pytest.mark.faults, pytest.mark.slow]

RUNNERS = 12
ANSWERS = {"/start": render("onboard.welcome")[:40], "/help": render("help")[:20]}


@pytest.fixture
async def database(database_url: str) -> str:
    """SQLite or PostgreSQL; PostgreSQL migrated first, as `comeback migrate` does on deploy
    (the bot refuses an old schema there)."""
    if database_url.startswith("postgresql"):
        from storage.migrate import migrate

        await migrate(database_url)
    return database_url


@pytest.fixture
async def discord_fake(serve: Serve[FakeDiscord]) -> FakeDiscord:
    """The fake Discord, for a bot in another process (nothing to re-aim in this one)."""
    return await serve(FakeDiscord())


async def nothing_unsent(database: str) -> bool:
    return await unsent_replies(database) == 0


def answers(fake: FakeDiscord, dm: int, message: str) -> int:
    prefix = ANSWERS[message]
    return sum(1 for m in fake.bot_messages(dm) if m["content"].startswith(prefix))


@pytest.mark.parametrize("kill_after", [1, RUNNERS // 2])
async def test_kill_mid_dm_burst_loses_nothing(
    discord_fake: FakeDiscord, database: str, kill_after: int
) -> None:
    fake = discord_fake
    env = environment(
        discord_token=TOKEN,
        discord_api_base=fake.api_base,
        discord_gateway_url=fake.gateway_url,
        database_url=database,
    )
    runners = [fake.user(f"runner{i}") for i in range(RUNNERS)]
    dms = {runner: fake.dm_channel(runner) for runner in runners}
    first = await BotProcess(env).start()
    try:
        await fake.wait_for(lambda: any(s.identified for s in fake.shards), STARTUP)
        for runner in runners:
            await fake.dm(runner, "/start")
        await fake.wait_for(lambda: all(answers(fake, dms[r], "/start") for r in runners))
        # Every welcome is out and recorded as sent: the burst starts from a quiet ledger.
        await fake.wait_for(lambda: nothing_unsent(database))
        for runner in runners:
            await fake.dm(runner, "/help")
        await fake.wait_for(
            lambda: sum(answers(fake, dms[r], "/help") for r in runners) >= kill_after, 30
        )
    finally:
        await first.kill()
    doubtful = await unsent_replies(database)

    second = await BotProcess(env).start()
    try:
        await fake.wait_for(lambda: all(answers(fake, dms[r], "/help") for r in runners), STARTUP)
    except TimeoutError:
        pass  # counted below
    finally:
        code = await second.stop()
    assert code == 0, second.log

    figures = Figures()
    for runner in runners:
        for message in ("/start", "/help"):
            figures.count(answers(fake, dms[runner], message))
    print("\n" + figures.line(f"discord DMs, {database.split('+')[0]}, killed after {kill_after}"))
    assert figures.lost == 0, figures.line("discord")
    assert figures.duplicated <= doubtful, figures.line("discord")
