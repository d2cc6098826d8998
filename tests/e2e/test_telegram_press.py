"""A button check-in on Telegram costs one rate-limited Bot API call per press: the pressed
question becomes the next one in place, and only the coach's reply is a new message. The real
python-telegram-bot against the fake Bot API; the calls are the fake's record of them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import App
from bot.settings import Settings
from tests.e2e.test_telegram import asks, onboard_by_text, render, running, say
from tests.e2e.test_telegram import tg_app as tg_app  # the fixtures: App on SQLite in tmp_path
from tests.e2e.test_telegram import tg_db as tg_db
from tests.e2e.test_telegram import tg_settings as tg_settings
from tests.fakes.telegram_api import BotMessage, Call, FakeTelegram, FakeUser

# One answer per question of the check-in, so it runs the whole way (the rest: the first button).
ANSWERS = {
    "checkin.pain": "checkin.pain=1",
    "checkin.swelling": "checkin.swelling=none",
    "checkin.daily_pain": "checkin.daily_pain=no",
    "checkin.compared": "checkin.compared=same",
    "checkin.cleared": "checkin.cleared=no",
    "checkin.red_flags": "checkin.red_flags=none",
}


@pytest.fixture
async def tg_bot(
    tg: FakeTelegram, tg_app: App, tg_settings: Settings
) -> AsyncIterator[FakeTelegram]:
    # No "typing…" in the count: it shows only on a turn slower than a second (a loaded machine).
    async with running(tg, tg_app, tg_settings, typing_after=60):
        yield tg


def chosen(question: BotMessage) -> str:
    data = [d for row in question.data for d in row]
    return next((d for d in data if d in ANSWERS.values()), data[0])


async def press_and_count(
    tg: FakeTelegram, user: FakeUser, question: BotMessage
) -> tuple[BotMessage, list[Call]]:
    """Press a button; what the runner sees next, and the Bot API calls the press cost."""
    before = len(tg.calls)
    query = await tg.press(user, chosen(question), on=question)
    shown = await tg.bot_reply(user)
    await tg.wait_for_call("answerCallbackQuery", lambda c: c.params["callback_query_id"] == query)
    return shown, [c for c in tg.calls[before:] if c.method != "getUpdates"]


def rate_limited(calls: list[Call]) -> int:
    """What Telegram's 30 a second counts: calls to a chat (answerCallbackQuery names none)."""
    return sum(1 for call in calls if "chat_id" in call.params)


async def test_a_button_checkin_costs_one_rate_limited_call_per_press(tg_bot: FakeTelegram) -> None:
    tg, ola = tg_bot, tg_bot.user("Ola")
    await onboard_by_text(tg, ola)
    question = await say(tg, ola, "/checkin")
    first = question
    spent: list[list[Call]] = []
    while question.data and question.data != [["today"]]:
        shown, calls = await press_and_count(tg, ola, question)
        spent.append(calls)
        question = shown
    *questions, last = spent
    assert len(questions) >= 2  # pain, swelling, daily pain: a new runner's whole check-in

    # Each press that leads to a question: answered, and the question edited into the next one.
    for calls in questions:
        assert sorted(c.method for c in calls) == ["answerCallbackQuery", "editMessageText"]
        assert rate_limited(calls) == 1
    # The coach's reply is a new message (Telegram notifies the runner); the last question shows
    # its answer and loses its keyboard.
    assert sorted(c.method for c in last) == [
        "answerCallbackQuery",
        "editMessageText",
        "sendMessage",
    ]
    assert rate_limited(last) == 2
    assert question.message_id != first.message_id and question.data == [["today"]]

    # One message holds the whole check-in: every question with the answer under it.
    checkin = tg.current(first)["text"]
    assert "reply_markup" not in tg.current(first)
    assert checkin.startswith(first.text) and checkin.count("\n✓ ") == len(spent)
    assert render("checkin.swelling") in checkin and render("checkin.daily_pain") in checkin


async def test_a_press_above_a_newer_message_is_answered_below_it(tg_bot: FakeTelegram) -> None:
    tg, pia = tg_bot, tg_bot.user("Pia")
    await onboard_by_text(tg, pia)
    question = await say(tg, pia, "/checkin")
    await say(tg, pia, "/help")  # a newer message under the question
    shown, calls = await press_and_count(tg, pia, question)
    # Edited in place it would be out of sight: the ✓ edit, and the next question below.
    assert shown.message_id != question.message_id and asks(shown, "checkin.swelling")
    assert "reply_markup" not in tg.current(question)
    assert tg.current(question)["text"] == f"{question.text}\n✓ 1"
    assert rate_limited(calls) == 2


async def test_a_double_tap_on_a_question_edited_in_place_counts_once(
    tg_bot: FakeTelegram,
) -> None:
    tg, quin = tg_bot, tg_bot.user("Quin")
    await onboard_by_text(tg, quin)
    pain = await say(tg, quin, "/checkin")
    swelling, _ = await press_and_count(tg, quin, pain)
    assert swelling.message_id == pain.message_id
    # A second tap that raced the edit carries the old question: ignored, nothing changes.
    late = await tg.press(quin, "checkin.pain=2", on=pain, as_sent=True)
    await tg.wait_for_call("answerCallbackQuery", lambda c: c.params["callback_query_id"] == late)
    assert tg.current(pain)["text"] == swelling.text and not tg.unread(quin)
    daily, calls = await press_and_count(tg, quin, swelling)
    assert asks(daily, "checkin.daily_pain") and rate_limited(calls) == 1
