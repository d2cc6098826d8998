"""One rule for "is this a command" (bot/core/slash.py), in the adapters and in the engine.

"\u00a0/log" in a group was chatter to the Telegram adapter (`startswith("/")`) and /log to the
engine (`lstrip()`): the log's questions opened in the group, and the runner's later group
chatter was stored as a logged session. Now it is /log everywhere: run in the runner's private
chat, as /log typed without the space is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.telegram_updates import command_text
from bot.core.machine import step
from bot.core.slash import as_command, is_command
from bot.core.state import NEW, State
from bot.core.types import ChatKind, ConversationKey, Typed
from tests.e2e.test_telegram import (
    asks,
    onboard_by_text,
    render,
    tg_app,
    tg_bot,
    tg_db,
    tg_settings,
)
from tests.fakes.telegram_api import FakeTelegram
from tests.support.transcript import T0

pytestmark = pytest.mark.faults
__all__ = ["tg_app", "tg_bot", "tg_db", "tg_settings"]

SPACES = ("\u00a0", " ", "\t", "\u2003", "\u3000", "\n", " \u00a0 ")


def sessions(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM sessions").fetchone()[0])


@pytest.mark.parametrize("space", SPACES, ids=repr)
async def test_a_spaced_command_in_a_group_goes_private_and_chatter_stays_chatter(
    tg_bot: FakeTelegram, tg_db: Path, space: str
) -> None:
    tg, ana = tg_bot, tg_bot.user("Ana")
    await onboard_by_text(tg, ana)
    group = tg.group("Runners")

    await tg.user_says(ana, f"{space}/log", group)
    asked = await tg.bot_reply(ana)  # in her private chat, as /log in a group is
    assert asks(asked, "log.kind"), asked.text

    for chatter in ("walk", "30", "2"):  # talk in the group, not answers to us
        await tg.user_says(ana, chatter, group)
    await tg.user_says(ana, "/help", group)  # same chat and person: handled after the chatter
    helped = await tg.bot_reply(ana)
    assert render("help") in helped.text
    assert sessions(tg_db) == 0
    assert not tg.unread(group)


@given(st.text(alphabet=st.sampled_from("".join(SPACES) + "\u200b"), max_size=4))
def test_the_adapter_and_the_engine_agree_on_what_is_a_command(prefix: str) -> None:
    typed = f"{prefix}/status"
    seen_by_adapter = command_text(typed, "ComebackBot")
    assert seen_by_adapter is not None
    assert is_command(seen_by_adapter) == is_command(typed)
    assert seen_by_adapter.startswith("/") == is_command(typed)
    if is_command(typed):
        assert as_command(typed) == "/status"


def test_the_engine_takes_a_spaced_command_as_that_command() -> None:
    key = ConversationKey("test", "g", "u")
    spaced = step(State(NEW), Typed(key, T0, "\u00a0/help", chat_kind=ChatKind.GROUP))
    plain = step(State(NEW), Typed(key, T0, "/help", chat_kind=ChatKind.GROUP))
    assert spaced.replies == plain.replies
