"""The jobs every chat platform shares (bot/adapters/platform.py), on the in-memory platform:
where a reply goes, long texts, the pressed-answer echo, the menu, the "still working" sign and
what a refusal means."""

from __future__ import annotations

import asyncio

import pytest

from bot.adapters.discord_delivery import DiscordPlatform
from bot.adapters.platform import (
    Destination,
    GroupOrigin,
    SendLimits,
    Where,
    echo_choice,
    next_in_place,
    split_answered,
    split_text,
    still_working,
)
from bot.adapters.telegram_send import TelegramPlatform
from bot.core.commands import COMMANDS
from bot.core.types import Button, ConversationKey, Reply
from bot.delivery import NotStarted, Unreachable
from bot.settings import Settings
from bot.text import text
from tests.fakes.platform import FakeDmPlatform, FakePlatform, MarkingApp

PRIVATE = ConversationKey("fake", "7", "7")
GROUP = ConversationKey("fake", "-100", "7")
LINE = Reply((text("help"),))


def test_a_private_reply_in_a_group_goes_to_the_runners_own_chat() -> None:
    platform = FakePlatform()
    private = Reply((text("help"),), private=True)
    assert platform.destination(GROUP, private) == Destination(Where.PRIVATE, "7")
    assert platform.destination(GROUP, LINE) == Destination(Where.HERE, "-100")
    assert platform.destination(PRIVATE, LINE) == Destination(Where.PRIVATE, "7")


def test_a_reply_addressed_elsewhere_goes_there_on_its_own_platform_only() -> None:
    platform = FakePlatform()
    team = Reply((text("help"),), to=ConversationKey("fake", "-200", "-200"))
    foreign = Reply((text("help"),), to=ConversationKey("other", "-200", "-200"))
    assert platform.destination(PRIVATE, team) == Destination(Where.ELSEWHERE, "-200")
    assert platform.destination(PRIVATE, foreign) == Destination(Where.PRIVATE, "7")


def test_a_scheduled_prompt_for_a_group_goes_private_where_the_platform_needs_it() -> None:
    assert FakePlatform().destination(GROUP, LINE, proactive=True).chat == "-100"
    assert FakeDmPlatform().destination(GROUP, LINE, proactive=True).chat == "7"


def test_long_text_is_cut_at_the_best_boundary_and_nothing_is_lost() -> None:
    paragraphs = "first paragraph here.\n\nsecond one, a little longer than that."
    assert split_text(paragraphs, 50) == ["first paragraph here.", paragraphs.split("\n\n")[1]]
    words = "word " * 30
    pieces = split_text(words, 50)
    assert all(len(p) <= 50 for p in pieces) and " ".join(pieces).split() == words.split()
    assert split_text("x" * 120, 50) == ["x" * 50, "x" * 50, "x" * 20]
    assert split_text("", 50) == []


def test_the_chosen_answer_always_shows_under_the_question() -> None:
    assert echo_choice("How is it?", "Better", "✓", 4096) == "How is it?\n\n✓ Better"
    long = echo_choice("q" * 100, "Better", "»", 50)
    assert len(long) <= 50 and long.endswith("» Better")
    assert echo_choice("", "Better", "»", 50) == "» Better"


def test_a_question_turned_into_the_next_keeps_every_answer_above_it() -> None:
    first = next_in_place("Hi.\n\nPain?", "1", "Swelling?", "✓", 4096, again=False)
    assert first == "Hi.\n\nPain?\n✓ 1\n\nSwelling?"
    second = next_in_place(first or "", "None", "Signs?", "✓", 4096, again=False)
    assert second == "Hi.\n\nPain?\n✓ 1\n\nSwelling?\n✓ None\n\nSigns?"
    assert split_answered(second or "", "✓") == (
        "Hi.\n\nPain?\n✓ 1\n\nSwelling?\n✓ None\n\n",
        "Signs?",
    )
    # A multi-choice asked again (its tick is on the buttons) replaces the open question.
    ticked = next_in_place(second or "", "Fever", "Noted.\n\nSigns?", "✓", 4096, again=True)
    assert ticked == "Hi.\n\nPain?\n✓ 1\n\nSwelling?\n✓ None\n\nNoted.\n\nSigns?"
    assert split_answered("Pain?", "✓") == ("", "Pain?")
    assert next_in_place("q" * 40, "1", "Next?", "✓", 50, again=False) is None  # too long


def test_the_menu_lists_every_command_within_the_platforms_limit() -> None:
    menu = FakePlatform().menu()
    assert [entry.name for entry in menu] == list(COMMANDS)
    assert all(0 < len(entry.description) <= 20 for entry in menu)


async def test_still_working_shows_only_when_the_work_is_slow() -> None:
    shown: list[str] = []

    async def show() -> None:
        shown.append("typing")

    async def slow() -> str:
        await asyncio.sleep(0.05)
        return "done"

    assert await still_working(slow(), show, after=0.01, every=0.02) == "done"
    assert len(shown) >= 2  # shown after 10 ms, then again every 20 ms
    shown.clear()
    assert await still_working(slow(), show, after=1.0) == "done"
    assert shown == []


async def test_a_blocked_runner_is_marked_unreachable_and_skipped_after() -> None:
    app = MarkingApp()
    platform = FakePlatform(app)
    platform.blocked.add("7")
    await platform.deliver(PRIVATE, [LINE, LINE])
    assert app.marked == [("fake", "7")]


async def test_a_runner_who_never_opened_the_chat_hears_about_it_in_the_group() -> None:
    app = MarkingApp()
    platform = FakePlatform(app)
    platform.not_started.add("7")
    await platform.deliver(PRIVATE, [LINE], GroupOrigin("-100", "@sol"))
    (line,) = platform.to("-100")
    assert line.lines[0].key == "telegram.open_private_chat"
    assert app.marked == []  # never reachable: nothing to take back


async def test_a_group_that_removed_the_bot_marks_nobody() -> None:
    app = MarkingApp()
    platform = FakePlatform(app)
    platform.blocked.add("-100")
    await platform.deliver(GROUP, [LINE])
    assert app.marked == []


async def test_a_scheduled_send_reports_refusals_and_returns_the_last_id() -> None:
    platform = FakePlatform()
    buttons = Reply((text("help"),), buttons=((Button(text("help"), "a"),),))
    assert await platform.send(PRIVATE, [LINE, buttons]) == "2"
    platform.not_started.add("7")
    with pytest.raises(Unreachable):  # NotStarted is one
        await platform.send(PRIVATE, [LINE])
    with pytest.raises(NotStarted):
        await platform.open_private_chat("7")


async def test_posting_to_a_group_returns_the_message_id() -> None:
    platform = FakePlatform()
    assert await platform.post_to_group("-300", LINE) == "1"
    assert platform.to("-300") == [LINE]


def test_each_platform_declares_its_send_rates() -> None:
    settings = Settings(telegram_rate=25.0, telegram_group_per_minute=20.0, discord_rate=40.0)
    assert TelegramPlatform.limits(settings) == SendLimits(25.0, 20.0)
    assert DiscordPlatform.limits(settings) == SendLimits(40.0)
    assert TelegramPlatform.is_group_chat("-100123") and not TelegramPlatform.is_group_chat("42")
