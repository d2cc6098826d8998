"""kill -9 of `comeback run` in the middle of a burst on Telegram (polling), a restart, and every
message of the burst is answered: nothing lost; doubled only where Telegram had accepted a reply
whose sending the killed process had not yet recorded. On SQLite and on PostgreSQL. The figures
(sent, answered, duplicated, lost) are printed: `pytest -s -m faults`.

The burst: RUNNERS runners each write "/start" then "/help"; each message has its own answer
(the welcome, the help). A last runner written to after the restart tells us the restarted bot
has caught up, and a SIGTERM lets it finish what it started."""

from __future__ import annotations

import asyncio
import socket

import pytest

from messages import render
from tests.e2e.conftest import TELEGRAM_TOKEN as TOKEN
from tests.fakes.telegram_api import FakeTelegram, FakeUser
from tests.faults.kill_support import (
    STARTUP,
    BotProcess,
    Figures,
    environment,
    unsent_replies,
)

pytestmark = [pytest.mark.faults, pytest.mark.slow]

RUNNERS = 12
BURST = ("/start", "/help")
ANSWERS = {"/start": render("onboard.welcome")[:40], "/help": render("help")[:20]}


@pytest.fixture
async def database(database_url: str) -> str:
    """SQLite or PostgreSQL; PostgreSQL migrated first, as `comeback migrate` does on deploy
    (the bot refuses an old schema there)."""
    if database_url.startswith("postgresql"):
        from storage.migrate import migrate

        await migrate(database_url)
    return database_url


def answers(tg: FakeTelegram, chat: int, message: str) -> int:
    prefix = ANSWERS[message]
    return sum(1 for sent in tg._sent[chat] if sent.text.startswith(prefix))


async def burst(tg: FakeTelegram) -> list[FakeUser]:
    runners = [tg.user(f"Runner{i}") for i in range(RUNNERS)]
    for message in BURST:
        for runner in runners:
            await tg.user_says(runner, message)
    return runners


async def restart_and_count(
    tg: FakeTelegram, env: dict[str, str], runners: list[FakeUser], what: str
) -> Figures:
    second = await BotProcess(env).start()
    try:
        last = tg.user("Last")
        await tg.user_says(last, "/start")
        await tg.wait_until(lambda: answers(tg, last.id, "/start") > 0, STARTUP, "caught up")
    finally:
        code = await second.stop()
    assert code == 0, second.log
    figures = Figures()
    for runner in runners:
        for message in BURST:
            figures.count(answers(tg, runner.id, message))
    print("\n" + figures.line(what))
    return figures


def settings(tg: FakeTelegram, database: str) -> dict[str, str]:
    return environment(
        telegram_token=TOKEN,
        telegram_base_url=tg.base_url,
        telegram_base_file_url=tg.base_file_url,
        database_url=database,
    )


@pytest.mark.parametrize("kill_after", [1, RUNNERS])
async def test_kill_mid_burst_loses_nothing(
    tg: FakeTelegram, database: str, kill_after: int
) -> None:
    """Killed right after Telegram accepted an answer: the worst moment, since that answer's
    sending cannot have been recorded yet. It may go out twice; nothing else does."""
    env = settings(tg, database)
    first = await BotProcess(env).start()
    try:
        await tg.wait_for_call("getUpdates", within=STARTUP)
        runners = await burst(tg)
        await tg.wait_until(
            lambda: len(tg.calls_of("sendMessage")) >= kill_after, 30, "the first answers"
        )
    finally:
        await first.kill()
    doubtful = await unsent_replies(database)

    figures = await restart_and_count(
        tg, env, runners, f"telegram, {database.split('+')[0]}, killed after {kill_after} sent"
    )
    assert figures.lost == 0, figures.line("telegram")
    assert figures.duplicated <= doubtful, figures.line("telegram")


async def test_kill_with_answers_in_flight_answers_each_once(
    tg: FakeTelegram, database: str
) -> None:
    """Killed while Telegram had not accepted the answers in flight (the connection hung):
    after the restart every message has exactly one answer."""
    env = settings(tg, database)
    first = await BotProcess(env).start()
    try:
        await tg.wait_for_call("getUpdates", within=STARTUP)
        runners = await burst(tg)
        await tg.wait_until(lambda: len(tg.calls_of("sendMessage")) >= RUNNERS // 2, 30, "answers")
        tg.hold("sendMessage")
        # Kill once every answer Telegram accepted is recorded as sent: what waits in the
        # ledger now is exactly the hung answers (and turns not committed come again).
        for _ in range(600):
            hung = sum(1 for c in tg.calls_of("sendMessage") if c.status == 0)
            if hung and await unsent_replies(database) == hung:
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("the hung answers never were the only unsent ones")
    finally:
        await first.kill()
    tg.release("sendMessage")

    figures = await restart_and_count(
        tg, env, runners, f"telegram, {database.split('+')[0]}, killed with answers in flight"
    )
    assert (figures.lost, figures.duplicated) == (0, 0), figures.line("telegram")


async def test_webhook_kill_after_200_loses_nothing(tg: FakeTelegram, database: str) -> None:
    """Webhook mode: Telegram is told 200 only once the turn committed, so a kill -9 right after
    a 200 loses nothing; updates whose 200 never came are delivered again (the fake retries, as
    Telegram does) and answered by the restarted bot. (Doubled: at most the answers accepted
    by Telegram whose sending the killed process had not recorded.)"""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = settings(tg, database)
    env.update(
        COMEBACK_TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram/hook",
        COMEBACK_TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
        COMEBACK_TELEGRAM_WEBHOOK_PORT=str(port),
    )
    first = await BotProcess(env).start()
    runners = [tg.user(f"Runner{i}") for i in range(RUNNERS)]
    try:
        await tg.wait_for_call("setWebhook", within=STARTUP)
        pushes = [asyncio.create_task(tg.user_says(r, "/start")) for r in runners]
        await asyncio.wait(pushes, return_when=asyncio.FIRST_COMPLETED)  # a 200
    finally:
        await first.kill()
    doubtful = await unsent_replies(database)
    second = await BotProcess(env).start()
    try:
        await asyncio.gather(*pushes)  # every update got its 200, some from the second process
        pushes = [asyncio.create_task(tg.user_says(r, "/help")) for r in runners]
        await asyncio.gather(*pushes)
        await tg.wait_until(
            lambda: all(answers(tg, r.id, "/help") for r in runners), 30, "the answers"
        )
    finally:
        code = await second.stop()
    assert code == 0, second.log
    figures = Figures()
    for runner in runners:
        for message in BURST:
            figures.count(answers(tg, runner.id, message))
    print("\n" + figures.line(f"telegram webhook, {database.split('+')[0]}, killed after a 200"))
    assert figures.lost == 0, figures.line("telegram webhook")
    assert figures.duplicated <= doubtful, figures.line("telegram webhook")
