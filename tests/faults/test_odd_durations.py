"""Durations typed oddly: a number of 309 digits, a sign, a far future on the console's clock.

Each used to break something: `"9" * 309 + "h"` overflowed a float and answered "something went
wrong", "-1 hours" was logged as 60 minutes, and the console died on `:wait 100000000`. Now a
duration is read within a session's bounds (1 to 600 minutes), a sign is refused with a clear
answer, and the console's clock moves at most MAX_AHEAD past where it started."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from bot.adapters.console import MAX_AHEAD
from bot.app import App
from bot.core import parse
from bot.core.types import Reply
from bot.text import text
from messages import render as render_console
from messages.replies import reply_text
from storage.models import sessions
from storage.store import Store
from tests.support.transcript import Clock, Runner

pytestmark = pytest.mark.faults

HUGE = "9" * 309 + "h"
PROBLEMS = {None, "signed", "out_of_range"}


def render(key: str, **params: object) -> str:
    return reply_text(Reply((text(key, **params),)))


OUT_OF_RANGE = render("error.minutes_out_of_range", low=1, high=600)
SIGNED = render("error.minutes_signed")


# ---- the parser: never raises, always bounded ------------------------------------------------

numbers = st.one_of(
    st.integers(min_value=0, max_value=10**400).map(str),
    st.floats(allow_nan=False, allow_infinity=False, min_value=0).map(lambda f: f"{f:f}"),
)
units = st.sampled_from(["", "h", " hours", "hr", " min", "m", " minutes", ":30", "h30", " mins"])
signs = st.sampled_from(["", "-", "+", "\u2212", "\u2013", "minus ", "- ", "("])
durations = st.builds(lambda s, n, u: f"{s}{n}{u}", signs, numbers, units)


@given(st.one_of(durations, st.text(max_size=60)))
def test_minutes_never_raises_and_stays_in_bounds(typed: str) -> None:
    read = parse.minutes(typed)
    assert read is None or parse.MIN_MINUTES <= read <= parse.MAX_MINUTES
    assert parse.duration_problem(typed) in PROBLEMS
    if read is not None:
        assert parse.duration_problem(typed) is None


plain_units = st.sampled_from(["", "h", " hours", " min", "m", " minutes", "h30"])


@given(
    st.integers(min_value=1, max_value=600), st.sampled_from(["-", "\u2212", "minus "]), plain_units
)
def test_a_negative_duration_is_never_read(n: int, sign: str, unit: str) -> None:
    typed = f"{sign}{n}{unit}"
    assert parse.minutes(typed) is None
    assert parse.duration_problem(typed) == "signed"


@given(st.integers(min_value=601, max_value=10**400))
def test_a_duration_past_the_bounds_is_out_of_range(n: int) -> None:
    assert parse.minutes(f"{n} min") is None
    assert parse.duration_problem(f"{n} min") == "out_of_range"


def test_the_examples_from_the_report() -> None:
    assert parse.minutes(HUGE) is None and parse.duration_problem(HUGE) == "out_of_range"
    assert parse.minutes("-1 hours") is None and parse.duration_problem("-1 hours") == "signed"
    assert parse.minutes("1 hours") == 60 and parse.minutes("30-40") == 40  # a range's dash


# ---- the runner's side: a clear answer, and nothing wrong logged --------------------------------


@pytest.fixture
async def app(database_url: str) -> AsyncIterator[App]:
    app = App(await Store.open(database_url, migrate=True), retries=())
    yield app
    await app.close()


async def logged_minutes(app: App) -> list[int]:
    async with app.store.engine.connect() as conn:
        return list((await conn.execute(select(sessions.c.minutes))).scalars())


async def test_a_huge_or_signed_duration_gets_a_clear_answer(app: App) -> None:
    ana = Runner(app, Clock())
    await ana.onboard()

    said = await ana.says(f"/log bike {HUGE}")
    assert OUT_OF_RANGE in said and render("log.minutes") in said
    assert render("error.internal") not in said
    assert SIGNED in await ana.says("-1 hours")
    assert OUT_OF_RANGE in await ana.says(HUGE)
    assert SIGNED in await ana.says("minus 20 minutes")
    await ana.says("45")
    assert "45 min" in await ana.says("2")
    assert await logged_minutes(app) == [45]


async def test_a_signed_duration_in_one_line_is_asked_again_not_logged(app: App) -> None:
    ana = Runner(app, Clock())
    await ana.onboard()
    said = await ana.says("/log walk -1 hours pain 0")
    assert SIGNED in said and render("log.minutes") in said
    assert await logged_minutes(app) == []


async def test_a_report_in_words_with_a_huge_duration_is_no_crash(app: App) -> None:
    ana = Runner(app, Clock())
    await ana.onboard()
    said = await ana.says(f"did {HUGE} on the bike")
    assert render("error.internal") not in said
    assert await logged_minutes(app) == []


# ---- the console's clock ----------------------------------------------------------------------

WAITS = [":wait 1e8", ":wait 100000000", ":wait 1e400", ":wait -5", ":wait nan", ":wait inf"]


def chat(tmp_path: Path, lines: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--now", "2026-03-02T05:00:00+00:00",
         "--database", f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}"],
        input="\n".join([*lines, ":quit"]), capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip


def test_the_console_refuses_a_wait_past_its_bounds(tmp_path: Path) -> None:
    done = chat(tmp_path, [*WAITS, ":time"])
    assert done.returncode == 0, done.stderr
    refused = render_console("console.wait_refused", {"days": MAX_AHEAD.days})
    assert done.stdout.count(refused) == len(WAITS)
    assert "(clock: 2026-03-02 05:00 UTC)" in done.stdout  # not moved
    assert "Traceback" not in done.stdout + done.stderr


def test_the_console_clock_is_capped_so_no_stage_lasts_decades(tmp_path: Path) -> None:
    onboarding = ["/start", "1", "2", "2", "1", "2", "1", "2", "1", "the Berlin half", "Berlin"]
    onboarding += ["7:00", "1", "6", "none of these"]
    hours = int(MAX_AHEAD.total_seconds() // 3600)
    done = chat(tmp_path, [*onboarding, f":wait {hours}", ":wait 1", "/status"])
    assert done.returncode == 0, done.stderr
    days = [int(d) for d in re.findall(r"day (\d+) at this stage", done.stdout)]
    assert days and max(days) <= MAX_AHEAD.days + 1
    assert "Traceback" not in done.stdout + done.stderr
