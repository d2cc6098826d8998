"""A long name never locks a runner out, and a data error is never taken for an outage.

Telegram's first plus last name can be longer than identities.display_name holds (128). The
name is cut at the storage boundary (storage/names.py). Any other value the database refuses
(a constraint) is a bug: answered at once with the apology, logged once with where it happened
and never with what was said, and not retried as if the database were down."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import App
from bot.core.types import ConversationKey, Typed
from bot.settings import Settings
from messages.replies import reply_text
from storage.engine import is_postgres
from storage.models import identities
from storage.names import DISPLAY_NAME_CHARS
from storage.store import Store
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.e2e.test_telegram import asks, render, running, say
from tests.fakes.telegram_api import FakeTelegram
from tests.support.transcript import T0

pytestmark = pytest.mark.faults

LONG_FIRST, LONG_LAST = "Å" * 150, "b" * 149  # with the space between: 300 characters
SECRET = "my knee hurts when I climb stairs"  # what a runner typed: never in a log


async def names(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as conn:
        return list((await conn.execute(select(identities.c.display_name))).scalars())


@pytest.fixture
async def migrated(database_url: str) -> str:
    await (await Store.open(database_url, migrate=True)).close()
    return database_url


@pytest.fixture
async def tg_app(migrated: str) -> AsyncIterator[App]:
    app = await App.open(Settings(database_url=migrated))
    yield app
    await app.close()


def telegram(tg: FakeTelegram, url: str) -> Settings:
    return Settings(
        database_url=url,
        telegram_token=TELEGRAM_TOKEN,
        telegram_base_url=tg.base_url,
        telegram_base_file_url=tg.base_file_url,
    )


async def test_a_300_character_name_is_welcomed_and_stored_cut(
    tg: FakeTelegram, tg_app: App, migrated: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    long = tg.user(LONG_FIRST, last_name=LONG_LAST)
    async with running(tg, tg_app, telegram(tg, migrated)):
        welcome = await say(tg, long, "/start")
        assert asks(welcome, "onboard.welcome"), welcome.text
        area = await say(tg, long, "I understand")
        assert asks(area, "onboard.area"), area.text
    full = f"{LONG_FIRST} {LONG_LAST}"
    assert len(full) == 300
    assert await names(tg_app.store.engine) == [full[:DISPLAY_NAME_CHARS]]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_runner_who_takes_a_long_name_keeps_talking(
    tg: FakeTelegram, tg_app: App, migrated: str
) -> None:
    short = tg.user("Ana")
    async with running(tg, tg_app, telegram(tg, migrated)):
        assert asks(await say(tg, short, "/start"), "onboard.welcome")
        renamed = tg.user(LONG_FIRST, id=short.id, last_name=LONG_LAST)
        area = await say(tg, renamed, "I understand")
        assert asks(area, "onboard.area"), area.text
    assert await names(tg_app.store.engine) == [f"{LONG_FIRST} {LONG_LAST}"[:DISPLAY_NAME_CHARS]]


def test_names_are_cut_at_the_documented_length() -> None:
    from storage.names import fit_display_name

    assert fit_display_name("x" * 500) == "x" * DISPLAY_NAME_CHARS
    assert fit_display_name("  Ana\x00 Lee  ") == "Ana Lee"
    assert fit_display_name("") == ""


# ---- a data error is a bug, not an outage ---------------------------------------------------

FORBIDDEN = "Mallory"


async def refuse_the_name(engine: AsyncEngine) -> None:
    """Make the database refuse one display name, as a constraint we did not foresee would."""
    async with engine.begin() as conn:
        if is_postgres(engine.url):
            await conn.execute(
                text(
                    "ALTER TABLE identities ADD CONSTRAINT no_mallory "
                    f"CHECK (display_name <> '{FORBIDDEN}')"
                )
            )
        else:
            await conn.execute(
                text(
                    "CREATE TRIGGER no_mallory BEFORE UPDATE ON identities "
                    f"WHEN NEW.display_name = '{FORBIDDEN}' "
                    "BEGIN SELECT RAISE(ABORT, 'no mallory'); END"
                )
            )


async def test_a_data_error_is_answered_at_once_and_logged_once_without_text(
    migrated: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = App(await Store.open(migrated))  # the production retries: 0.2 + 1 + 3 s
    attempts: list[ConversationKey] = []
    turn = app.store.turn

    def counted(key: ConversationKey, *args: Any, **kwargs: Any) -> Any:
        attempts.append(key)
        return turn(key, *args, **kwargs)

    app.store.turn = counted  # type: ignore[method-assign]
    try:
        key = ConversationKey("telegram", "7", "7")
        start = await app.handle(Typed(key, T0, text="/start", display_name="Ann"))
        assert render("onboard.welcome") in reply_text(start[0])
        await refuse_the_name(app.store.engine)

        # INFO: at DEBUG, aiosqlite itself logs every statement's values (left to the logging
        # setup of the entry points to silence).
        caplog.set_level(logging.INFO)
        attempts.clear()
        replies = await app.handle(Typed(key, T0, text=SECRET, display_name=FORBIDDEN))

        answered = "\n".join(reply_text(r) for r in replies)
        assert render("error.not_saved") in answered
        assert render("error.unavailable") not in answered
        assert len(attempts) == 1, "a data error was retried as if the database were down"
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1 and "data error" in errors[0].getMessage()
        assert "storage/store.py:" in errors[0].getMessage()  # where, for whoever fixes it
        logged = caplog.text
        for private in (SECRET, FORBIDDEN, "Ann"):
            assert private not in logged

        # The runner is not locked out: with a name the database takes, the talk goes on.
        area = await app.handle(Typed(key, T0, text="I understand", display_name="Ann"))
        assert render("onboard.area") in reply_text(area[-1])
    finally:
        await app.close()


async def test_a_database_error_never_quotes_the_values(migrated: str) -> None:
    """Whoever logs a database error (the scheduler logs a failed prompt's traceback) prints
    its message: SQLAlchemy leaves the statement's values out of it. (A driver's own message
    can still quote a value, asyncpg's "invalid input for query argument $1: '...'": which is
    why the App logs where a data error happened, never its message.)"""
    store = await Store.open(migrated)
    try:
        async with store.engine.connect() as conn:
            with pytest.raises(DBAPIError) as raised:
                await conn.execute(text("SELECT :v FROM no_such_table"), {"v": SECRET})
        assert SECRET not in str(raised.value)
    finally:
        await store.close()
