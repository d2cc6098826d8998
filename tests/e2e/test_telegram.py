"""The Telegram adapter end to end: a real python-telegram-bot Application polls a fake Bot API
on 127.0.0.1 and talks to the real App (SQLite in tmp_path). Tests read like transcripts."""

from __future__ import annotations

import asyncio
import logging
import socket
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot

from bot.adapters.telegram import COMMANDS, run_telegram
from bot.adapters.telegram_send import TelegramSender
from bot.app import App
from bot.core.types import Attachment, ConversationKey, Reply
from bot.delivery import RetryLater, Unreachable
from bot.settings import Settings
from bot.text import text
from messages.replies import reply_text
from tests.e2e.conftest import TELEGRAM_TOKEN as TOKEN
from tests.fakes.telegram_api import BotMessage, FakeChat, FakeTelegram, FakeUser

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


# ---- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def tg_db(tmp_path: Path) -> Path:
    return tmp_path / "t.db"


@pytest.fixture
def tg_settings(tg: FakeTelegram, tg_db: Path) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tg_db}",
        telegram_token=TOKEN,
        telegram_base_url=tg.base_url,
        telegram_base_file_url=tg.base_file_url,
    )


@pytest.fixture
async def tg_app(tg_settings: Settings) -> AsyncIterator[App]:
    app = await App.open(tg_settings)
    yield app
    await app.close()


@asynccontextmanager
async def running(tg: FakeTelegram, app: App, settings: Settings, **kw: Any) -> AsyncIterator[None]:
    """run_telegram in a task, until the block ends; then it must stop cleanly."""
    stop = asyncio.Event()
    task = asyncio.create_task(run_telegram(app, settings, stop, **kw))
    ready = "setWebhook" if settings.telegram_webhook_url else "getUpdates"
    started = asyncio.ensure_future(tg.wait_for_call(ready))
    finished, _ = await asyncio.wait({task, started}, return_when=asyncio.FIRST_COMPLETED)
    if task in finished:
        started.cancel()
        task.result()  # raises what broke the start
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)


@pytest.fixture
async def tg_bot(
    tg: FakeTelegram, tg_app: App, tg_settings: Settings
) -> AsyncIterator[FakeTelegram]:
    async with running(tg, tg_app, tg_settings):
        yield tg


# ---- transcript helpers ------------------------------------------------------------------------


async def say(
    tg: FakeTelegram, user: FakeUser, words: str, chat: FakeChat | None = None
) -> BotMessage:
    await tg.user_says(user, words, chat)
    return await tg.bot_reply(chat or user)


async def press(tg: FakeTelegram, user: FakeUser, button: str, on: BotMessage) -> BotMessage:
    await tg.press(user, button, on)
    return await tg.bot_reply(on.chat_id)


def render(key: str, params: dict[str, object] | None = None) -> str:
    return reply_text(Reply((text(key, **(params or {})),)))


def asks(message: BotMessage, key: str) -> bool:
    return render(key) in message.text


async def onboard_by_text(tg: FakeTelegram, user: FakeUser) -> BotMessage:
    """A runner with a sore knee (muscle), baseline 1, in Berlin, checking in at 7:30."""
    answers = [
        ("/start", "onboard.consent"),
        ("I understand", "onboard.area"),
        ("my knee", "onboard.onset"),
        ("it came on gradually", "onboard.cause"),
        ("I upped my mileage", "onboard.feel"),
        ("muscle", "onboard.seen_pro"),
        ("no", "checkin.daily_pain"),
        ("no", "onboard.baseline"),
        ("1", "onboard.goal"),
        ("just running again", "onboard.timezone"),
        ("Europe/Berlin", "onboard.checkin_time"),
        ("7:30", "onboard.cross"),
        ("swim and bike", "onboard.red_flags"),
    ]
    for words, question in answers:
        reply = await say(tg, user, words)
        assert asks(reply, question), (words, reply.text)
    return await say(tg, user, "none of these")


def runner_unreachable(db: Path, user: FakeUser) -> bool:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT r.unreachable FROM runners r JOIN identities i ON i.runner_id = r.id "
            "WHERE i.platform = 'telegram' AND i.user_id = ?",
            (str(user.id),),
        ).fetchone()
    return bool(row and row[0])


async def eventually(condition: object, what: str, within: float = 10) -> None:
    """Wait for a condition the fake cannot see (the database): re-check until it holds."""
    assert callable(condition)
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110 (a database cannot notify us; re-check it)
            await asyncio.sleep(0.02)


# ---- transcripts -------------------------------------------------------------------------------


async def test_commands_menu_is_set(tg_bot: FakeTelegram) -> None:
    names = [c["command"] for c in tg_bot.commands]
    assert names == list(COMMANDS)
    assert all(c["description"] for c in tg_bot.commands)


async def test_onboarding_by_buttons(tg_bot: FakeTelegram) -> None:
    tg, ana = tg_bot, tg_bot.user("Ana")
    welcome = await say(tg, ana, "/start")
    assert asks(welcome, "onboard.welcome") and asks(welcome, "onboard.consent")

    area = await press(tg, ana, "onboard.consent=yes", on=welcome)
    assert asks(area, "onboard.area")
    # The welcome became the next question, in place: the consent and its answer still show.
    yes_label = welcome.labels[welcome.data[0].index("onboard.consent=yes")]
    assert area.message_id == welcome.message_id
    assert area.text.startswith(f"{welcome.text}\n✓ {yes_label}\n\n")
    assert area.text == tg.current(welcome)["text"]
    await tg.wait_for_call("answerCallbackQuery")

    onset = await press(tg, ana, "onboard.area=calf_achilles", on=area)
    assert asks(onset, "onboard.onset")
    cause = await press(tg, ana, "onboard.onset=gradual", on=onset)
    feel = await press(tg, ana, "onboard.cause=speed", on=cause)
    seen = await press(tg, ana, "onboard.feel=tendon", on=feel)
    daily = await press(tg, ana, "onboard.seen_pro=yes", on=seen)
    baseline = await press(tg, ana, "onboard.daily_pain=no", on=daily)
    assert asks(baseline, "onboard.baseline")
    goal = await press(tg, ana, "onboard.baseline=0", on=baseline)
    zone = await press(tg, ana, "onboard.goal=running", on=goal)
    assert asks(zone, "onboard.timezone") and not zone.buttons
    when = await say(tg, ana, "Europe/Madrid")
    cross = await say(tg, ana, "07:00")
    assert asks(cross, "onboard.cross")
    cross = await press(tg, ana, "onboard.cross=swim", on=cross)  # a toggle: asked again
    assert asks(cross, "onboard.cross")
    screen = await press(tg, ana, "onboard.cross=done", on=cross)
    assert asks(screen, "onboard.red_flags")
    done = await press(tg, ana, "onboard.red_flags=none", on=screen)
    assert render("onboard.done", {"time": "07:00", "zone": "Europe/Madrid"}) in done.text
    assert when.text and not tg.unread(ana)


async def test_onboarding_by_free_text(tg_bot: FakeTelegram) -> None:
    ben = tg_bot.user("Ben")
    done = await onboard_by_text(tg_bot, ben)
    assert render("onboard.done", {"time": "07:30", "zone": "Europe/Berlin"}) in done.text
    assert not tg_bot.calls_of("answerCallbackQuery")


async def test_morning_checkin(tg_bot: FakeTelegram) -> None:
    tg, cai = tg_bot, tg_bot.user("Cai")
    await onboard_by_text(tg, cai)
    question = await say(tg, cai, "/checkin")
    assert asks(question, "checkin.pain")
    question = await press(tg, cai, "checkin.pain=1", on=question)  # a button...
    assert asks(question, "checkin.swelling")
    question = await say(tg, cai, "none")  # ...or words, wherever a button would do
    assert asks(question, "checkin.daily_pain")
    answers = {"checkin.daily_pain": "no", "checkin.compared": "same", "checkin.cleared": "no",
               "checkin.walk_test": "pain free", "checkin.hop_test": "pass",
               "checkin.red_flags": "none"}  # fmt: skip
    for _ in range(len(answers)):
        open_question = next((k for k in answers if asks(question, k)), None)
        if open_question is None:
            break
        question = await say(tg, cai, answers[open_question])
    thanks = [render("checkin.thanks", {"variant": v}) for v in range(5)]
    assert any(t in question.text for t in thanks)
    # The short reply, and one button for the rest of the day's plan (/today).
    assert question.data == [["today"]]
    assert question.labels == [render("button.full_plan", {"mark": ""})]
    again = await say(tg, cai, "/checkin")
    assert asks(again, "checkin.already_done")


async def test_a_pressed_keyboard_cannot_be_pressed_again(tg_bot: FakeTelegram) -> None:
    tg, dee = tg_bot, tg_bot.user("Dee")
    consent = await say(tg, dee, "/start")
    area = await press(tg, dee, "onboard.consent=yes", on=consent)
    assert asks(area, "onboard.area")

    # The server's copy has no keyboard now; a client showing the old one, or a double tap that
    # raced the edit, both press "yes" again: answered, and nothing else happens.
    first = await tg.press(dee, "onboard.consent=yes", on=consent)
    second = await tg.press(dee, "onboard.consent=yes", on=consent, as_sent=True)
    for query in (first, second):
        await tg.wait_for_call(
            "answerCallbackQuery", lambda c, q=query: c.params["callback_query_id"] == q
        )
    assert len(tg.calls_of("editMessageText")) == 1
    onset = await say(tg, dee, "knee")  # still at the area question: the presses changed nothing
    assert asks(onset, "onboard.onset")


async def test_a_forged_button_changes_nothing(tg_bot: FakeTelegram) -> None:
    tg, eve = tg_bot, tg_bot.user("Eve")
    consent = await say(tg, eve, "/start")
    forged = await tg.press_data(eve, "onboard.area=shin", on=consent)
    await tg.wait_for_call("answerCallbackQuery", lambda c: c.params["callback_query_id"] == forged)
    assert "reply_markup" in tg.current(consent) and not tg.calls_of("editMessageText")

    # Too old for Telegram to show us the message: the engine judges the payload, refuses it,
    # and asks the open question again.
    await tg.press_data(eve, "onboard.area=shin", on=consent, inaccessible=True)
    again = await tg.bot_reply(eve)
    assert asks(again, "error.stale_button") and asks(again, "onboard.consent")
    area = await press(tg, eve, "onboard.consent=yes", on=again)
    assert asks(area, "onboard.area")


async def test_a_group_keeps_runners_apart(tg_bot: FakeTelegram) -> None:
    tg = tg_bot
    group = tg.group("Injured Runners Club")
    fay, gus = tg.user("Fay"), tg.user("Gus")
    await tg.user_says(fay, "/start@ComebackBot", group)
    fay_consent = await tg.bot_reply(fay)
    await tg.user_says(gus, "/start", group)
    gus_consent = await tg.bot_reply(gus)
    # Onboarding is about their injuries: each is asked in their own chat, never in the group.
    assert asks(fay_consent, "onboard.consent") and fay_consent.chat_id == fay.id
    assert asks(gus_consent, "onboard.consent") and gus_consent.chat_id == gus.id

    fay_area = await press(tg, fay, "onboard.consent=yes", on=fay_consent)
    assert asks(fay_area, "onboard.area")
    declined = await say(tg, gus, "not now")
    assert asks(declined, "onboard.declined")
    fay_onset = await say(tg, fay, "shin")
    assert asks(fay_onset, "onboard.onset")
    # A command for another bot in the group is not ours.
    await tg.user_says(gus, "/help@SomeOtherBot", group)
    onset = await say(tg, fay, "gradual")
    assert asks(onset, "onboard.cause")
    assert group.id not in {c.params["chat_id"] for c in tg.calls_of("sendMessage")}


async def test_personal_answers_in_a_group_go_to_a_private_chat(tg_bot: FakeTelegram) -> None:
    tg, rae = tg_bot, tg_bot.user("Rae")
    group = tg.group("Track Tuesday", id=-100777)
    await onboard_by_text(tg, rae)
    await tg.user_says(rae, "/checkin@ComebackBot", group)
    question = await tg.bot_reply(rae)  # in Rae's own chat, not in front of the group
    assert asks(question, "checkin.pain") and question.chat_id == rae.id
    # ...and the check-in goes on there, by button or by words.
    question = await press(tg, rae, "checkin.pain=1", on=question)
    assert asks(question, "checkin.swelling")
    question = await say(tg, rae, "none")
    assert asks(question, "checkin.daily_pain")
    assert not tg.unread(group) and tg.calls_of("sendMessage")[-1].params["chat_id"] == rae.id


async def test_a_personal_command_from_a_stranger_asks_them_to_open_a_private_chat(
    tg_bot: FakeTelegram, tg_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sol never pressed Start, so the bot may not write to Sol first: instead of silence, one
    generic line in the group tells Sol how to open the private chat, nothing else."""
    tg, sol, ned = tg_bot, tg_bot.user("Sol"), tg_bot.user("Ned")
    group = tg.group("Sunday Long Run", id=-100555)
    marked: list[str] = []
    real_mark = tg_app.mark_unreachable

    async def mark(platform: str, user: str) -> None:
        marked.append(user)
        await real_mark(platform, user)

    monkeypatch.setattr(tg_app, "mark_unreachable", mark)
    tg.never_started(sol)
    await tg.user_says(sol, "/checkin@ComebackBot", group)
    line = await tg.bot_reply(group)
    assert line.text == render("telegram.open_private_chat", {"name": "@sol"})
    assert not line.buttons and not tg.unread(group) and not tg.unread(sol)
    refused = tg.calls_of("sendMessage")[0]
    assert (refused.params["chat_id"], refused.status) == (sol.id, 403)
    assert marked == []  # Sol was never reachable: nothing to take back

    # Sol taps the bot's name and presses Start: the bot now talks to Sol in private.
    welcome = await say(tg, sol, "/start")
    assert asks(welcome, "onboard.consent") and welcome.chat_id == sol.id
    # Someone who can be reached gets the answer in private, and the group hears nothing.
    await tg.user_says(ned, "/start@ComebackBot", group)
    assert asks(await tg.bot_reply(ned), "onboard.consent")
    assert not tg.unread(group) and marked == []


async def test_a_personal_command_from_a_runner_who_blocked_the_bot(
    tg_bot: FakeTelegram, tg_db: Path
) -> None:
    """Blocked is not never-started: the group line still explains the silence, and the runner
    is marked unreachable, as in a private chat."""
    tg, uma = tg_bot, tg_bot.user("Uma")
    group = tg.group("Track Tuesday", id=-100777)
    await onboard_by_text(tg, uma)
    tg.fail_next("sendMessage", 403)  # "bot was blocked by the user"
    await tg.user_says(uma, "/today@ComebackBot", group)
    line = await tg.bot_reply(group)
    assert line.text == render("telegram.open_private_chat", {"name": "@uma"})
    await eventually(lambda: runner_unreachable(tg_db, uma), "runner marked unreachable")


async def test_deep_link_start_is_passed_through(tg_bot: FakeTelegram) -> None:
    hal = tg_bot.user("Hal")
    welcome = await say(tg_bot, hal, "/start join_ab12")
    assert asks(welcome, "onboard.consent")


async def test_photo_and_document_arrive(
    tg: FakeTelegram, tg_app: App, tg_settings: Settings
) -> None:
    senders: list[TelegramSender] = []
    async with running(tg, tg_app, tg_settings, on_sender=senders.append):
        ivy = tg.user("Ivy")
        key = ConversationKey("telegram", str(ivy.id), str(ivy.id))
        chart = Reply((text("help"),), attachment=Attachment("progress.png", PNG, "image"))
        export = Reply(
            (text("help"),), attachment=Attachment("comeback.csv", b"date,pain\n", "document")
        )
        (sender,) = senders
        assert sender.platform == "telegram"
        last = await sender.send(key, [chart, export])
        photo, document = await tg.bot_reply(ivy), await tg.bot_reply(ivy)
    assert photo.method == "sendPhoto" and photo.file == ("progress.png", PNG)
    assert document.method == "sendDocument" and document.file == ("comeback.csv", b"date,pain\n")
    assert photo.text == render("help") and last == str(document.message_id)


async def test_errors_are_logged_with_context_but_no_words(
    tg_bot: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    tg, pia = tg_bot, tg_bot.user("Pia")
    welcome = await say(tg, pia, "/start")
    # An edit that changes nothing is not an error.
    tg.fail_next("editMessageText", 400, "Bad Request: message is not modified")
    area = await press(tg, pia, "onboard.consent=yes", on=welcome)
    assert asks(area, "onboard.area")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    # A real failure reaches PTB's error handler: update id, chat id, error class; no words.
    tg.fail_next("sendMessage", 400, "Bad Request: chat not found (my secret knee)")
    said = await tg.user_says(pia, "my secret knee")
    await tg.wait_for_call("sendMessage", lambda c: c.status == 400)
    onset = await say(tg, pia, "knee")  # handled after the failed update: its error is logged
    assert asks(onset, "onboard.onset")
    (error,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    message = error.getMessage()
    assert f"chat {pia.id}" in message and "BadRequest" in message and "update " in message
    assert "secret knee" not in caplog.text and said["text"] not in caplog.text


async def test_sender_maps_blocked_and_rate_limits(tg: FakeTelegram) -> None:
    jo = tg.user("Jo")
    key = ConversationKey("telegram", str(jo.id), str(jo.id))
    async with Bot(TOKEN, base_url=tg.base_url, base_file_url=tg.base_file_url) as bot:
        sender = TelegramSender(bot)
        tg.fail_next("sendMessage", 403)
        with pytest.raises(Unreachable):
            await sender.send(key, [Reply((text("help"),))])
        tg.fail_next("sendMessage", 429, retry_after=7)
        with pytest.raises(RetryLater) as later:
            await sender.send(key, [Reply((text("help"),))])
        assert later.value.after == 7
        tg.fail_next("sendMessage", 502, times=2)  # a flaky network: retried with backoff
        assert await sender.send(key, [Reply((text("help"),))])
    assert [c.status for c in tg.calls_of("sendMessage")] == [403, 429, 502, 502, 200]


async def test_a_429_is_retried_after_retry_after(tg_bot: FakeTelegram) -> None:
    tg, kim = tg_bot, tg_bot.user("Kim")
    tg.fail_next("sendMessage", 429, retry_after=1)
    welcome = await say(tg, kim, "/start")
    assert asks(welcome, "onboard.consent")
    refused, sent = tg.calls_of("sendMessage")
    assert (refused.status, sent.status) == (429, 200)
    assert sent.at - refused.at >= 1.0


async def test_a_blocked_bot_marks_the_runner_unreachable(
    tg_bot: FakeTelegram, tg_db: Path
) -> None:
    tg, lou = tg_bot, tg_bot.user("Lou")
    await say(tg, lou, "/start")
    assert not runner_unreachable(tg_db, lou)
    tg.fail_next("sendMessage", 403)
    await tg.user_says(lou, "I understand")
    await tg.wait_for_call("sendMessage", lambda c: c.status == 403)
    await eventually(lambda: runner_unreachable(tg_db, lou), "runner marked unreachable")


async def test_typing_is_shown_on_slow_replies(
    tg: FakeTelegram, tg_app: App, tg_settings: Settings
) -> None:
    async with running(tg, tg_app, tg_settings, typing_after=0):  # every reply counts as slow
        mo = tg.user("Mo")
        await say(tg, mo, "/start")
        typing = await tg.wait_for_call("sendChatAction")
        assert typing.params == {"chat_id": mo.id, "action": "typing"}
        assert tg.calls.index(typing) < tg.calls.index(tg.calls_of("sendMessage")[0])


async def test_webhook_mode(tg: FakeTelegram, tg_app: App, tg_settings: Settings) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings(
        database_url=tg_settings.database_url,
        telegram_token=TOKEN,
        telegram_base_url=tg.base_url,
        telegram_base_file_url=tg.base_file_url,
        telegram_webhook_url=f"http://127.0.0.1:{port}/telegram/hook",
        telegram_webhook_listen="127.0.0.1",
        telegram_webhook_port=port,
    )
    async with running(tg, tg_app, settings):
        assert tg.webhook and tg.webhook["url"].endswith("/telegram/hook")
        assert tg.webhook["secret_token"] and TOKEN not in tg.webhook["secret_token"]
        nat = tg.user("Nat")
        welcome = await say(tg, nat, "/start")
        assert asks(welcome, "onboard.consent")
    assert not tg.calls_of("getUpdates")


async def test_the_token_is_never_logged(
    tg: FakeTelegram, tg_app: App, tg_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running(tg, tg_app, tg_settings):
        # Even with the HTTP clients and PTB turned up to DEBUG, the token is redacted.
        for name in ("httpx", "httpcore", "aiohttp", "telegram"):
            logging.getLogger(name).setLevel(logging.DEBUG)
        olu = tg.user("Olu")
        welcome = await say(tg, olu, "/start")
        tg.fail_next("sendMessage", 429, retry_after=1)
        area = await press(tg, olu, "onboard.consent=yes", on=welcome)
        tg.fail_next("sendMessage", 502)
        await press(tg, olu, "onboard.area=knee", on=area)
        tg.fail_next("sendMessage", 403)
        await tg.user_says(olu, "sudden")
        await tg.wait_for_call("sendMessage", lambda c: c.status == 403)
    secret = TOKEN.split(":")[1]
    assert any(r.name.startswith("telegram") and r.levelno == logging.DEBUG for r in caplog.records)
    for record in caplog.records:
        assert secret not in record.getMessage(), record.name
    assert secret not in caplog.text
    for name, level in (
        ("httpx", "WARNING"),
        ("httpcore", "WARNING"),
        ("aiohttp", "NOTSET"),
        ("telegram", "INFO"),
    ):
        logging.getLogger(name).setLevel(level)
