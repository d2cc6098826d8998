"""The Discord adapter end to end: the real discord.py client (bot.start() via run_discord)
against a fake Discord on 127.0.0.1, with the real App on SQLite."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.adapters.discord_commands import COMMANDS
from bot.app import App
from bot.core.types import Attachment, Button, ConversationKey, Reply
from bot.delivery import RetryLater, Unreachable
from bot.settings import Settings
from bot.text import text
from tests.e2e.discord_fixtures import (
    TOKEN,
    Runner,
    app,
    database_url,
    discord_settings,
    is_unreachable,
    running_bot,
    say,
)
from tests.fakes.discord_api import EPHEMERAL, FakeDiscord

__all__ = ["app"]  # fixtures

CONSENT_YES = say("button.consent.yes")
DEFERRED = 5
DEFERRED_UPDATE = 6
MESSAGE = 4
UPDATE_MESSAGE = 7


async def onboard_by_buttons(ann: Runner) -> None:
    """/start and the closed questions of onboarding, all by buttons."""
    await ann.command("start")
    await ann.sees("onboard.welcome")
    await ann.press(CONSENT_YES)
    await ann.sees("onboard.area")
    await ann.press(say("button.area.calf_achilles"))
    await ann.sees("onboard.onset")
    await ann.press(say("button.onset.gradual"))
    await ann.sees("onboard.cause")
    await ann.press(say("button.cause.mileage"))
    await ann.sees("onboard.feel")
    await ann.press(say("button.feel.tendon"))
    await ann.sees("onboard.seen_pro")
    await ann.press(say("button.yes"))
    await ann.sees("checkin.daily_pain")
    await ann.press(say("button.no"))
    await ann.sees("onboard.baseline")


async def test_commands_are_synced_globally(fake: FakeDiscord, app: App, tmp_path: Path) -> None:
    async with running_bot(fake, app, discord_settings(fake, tmp_path)):
        synced = {c["name"]: c for c in fake.commands[None]}
    assert sorted(synced) == sorted(COMMANDS)
    assert synced["checkin"]["description"] == say("command.checkin")[:100]
    assert [o["name"] for o in synced["log"]["options"]] == ["text"]
    assert synced["log"]["options"][0]["required"] is False
    assert fake.identifies[0]["intents"] & (1 << 15) == 0  # no message_content intent


async def test_commands_sync_to_one_guild_when_configured(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    settings = discord_settings(fake, tmp_path, discord_guild_id=fake.guild_id)
    async with running_bot(fake, app, settings):
        pass
    assert sorted(c["name"] for c in fake.commands[fake.guild_id]) == sorted(COMMANDS)
    assert None not in fake.commands


async def test_start_onboards_by_buttons(fake: FakeDiscord, app: App, tmp_path: Path) -> None:
    ann = Runner(fake, "ann")
    async with running_bot(fake, app, discord_settings(fake, tmp_path)):
        await ann.command("start")
        welcome = await ann.sees("onboard.welcome")
        assert fake.labels(welcome) == [CONSENT_YES, say("button.consent.no")]
        assert welcome["components"][0]["components"][0]["custom_id"].startswith("cb:")

        pressed = await ann.press(CONSENT_YES)
        await ann.sees("onboard.area")
        # The press was acknowledged by editing the question: the choice shown, buttons gone.
        assert [c["type"] for c in fake.callbacks if c["interaction"] == pressed] == [
            UPDATE_MESSAGE
        ]
        assert welcome["content"].endswith(f"» {CONSENT_YES}")
        assert welcome["components"] == []

        await ann.press(say("button.area.calf_achilles"))
        await ann.press(say("button.onset.gradual"))
        await ann.sees("onboard.cause")
        await ann.press(say("button.cause.hills"))
        await ann.sees("onboard.feel")
        await ann.press(say("button.feel.tendon"))
        await ann.sees("onboard.seen_pro")
        await ann.press(say("button.yes"))
        await ann.sees("checkin.daily_pain")
        await ann.press(say("button.no"))
        baseline = await ann.sees("onboard.baseline")
        # Eleven buttons 0-10 in two rows of 6 and 5: Discord takes 5 a row, so they wrap.
        assert fake.labels(baseline) == [str(n) for n in range(11)]
        assert all(len(row["components"]) <= 5 for row in baseline["components"])


async def onboard(ann: Runner) -> None:
    """All of onboarding: buttons for the closed questions, DM text for the open ones."""
    await onboard_by_buttons(ann)
    await ann.says("2")
    await ann.sees("onboard.goal")
    await ann.says("the Berlin half")
    await ann.sees("onboard.timezone")
    await ann.says("Europe/Berlin")
    await ann.sees("onboard.checkin_time")
    await ann.says("07:30")
    await ann.sees("onboard.cross")
    await ann.says("swim and bike")
    await ann.sees("onboard.red_flags")
    await ann.says("none of these")
    await ann.sees("onboard.done", time="07:30", zone="Europe/Berlin")


async def test_checkin_by_dm_free_text(fake: FakeDiscord, app: App, tmp_path: Path) -> None:
    ann = Runner(fake, "ann")
    async with running_bot(fake, app, discord_settings(fake, tmp_path)):
        await onboard(ann)
        await ann.says("/checkin")
        await ann.sees("checkin.pain")
        await ann.says("2")
        await ann.sees("checkin.swelling")
        await ann.says("none")
        await ann.sees("checkin.daily_pain")
        await ann.says("no")
        await ann.sees("checkin.thanks")
    assert not [c for c in fake.calls if c.status >= 400]


async def test_button_pressed_after_a_restart_still_works(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    ann = Runner(fake, "ann")
    settings = discord_settings(fake, tmp_path)
    first = await App.open(settings)
    async with running_bot(fake, first, settings):
        await ann.command("start")
        welcome = await ann.sees("onboard.welcome")
    await first.close()
    assert not fake.shards  # the old gateway connection is gone

    second = await App.open(settings)  # a new process: new client, new App, same database
    try:
        async with running_bot(fake, second, settings):
            await ann.press(CONSENT_YES)
            await ann.sees("onboard.area")
            assert welcome["components"] == []
    finally:
        await second.close()
    assert len(fake.identifies) == 2


async def test_guild_command_answers_ephemerally(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ann = Runner(fake, "ann")
    async with running_bot(fake, app, discord_settings(fake, tmp_path)):
        await onboard(ann)
        asked = await ann.command("status", guild=True)
        answer = await fake.wait_message(fake.guild_channel_id, after=ann.mark)
    callback = next(c for c in fake.callbacks if c["interaction"] == asked)
    assert callback["type"] == MESSAGE
    assert callback["data"]["flags"] & EPHEMERAL  # health data: only ann sees it
    assert answer["flags"] & EPHEMERAL


async def test_slow_work_is_deferred_then_followed_up(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ann = Runner(fake, "ann")
    # ack_after=0: every command is deferred before the app answers (as if it took > 2 s).
    async with running_bot(fake, app, discord_settings(fake, tmp_path), ack_after=0):
        asked = await ann.command("status", guild=True)
        answer = await ann.sees("group.go_private")  # onboarding happens in a DM
    callback = next(c for c in fake.callbacks if c["interaction"] == asked)
    assert callback["type"] == DEFERRED
    assert callback["data"]["flags"] & EPHEMERAL
    assert fake.calls_to("POST", r"/webhooks/\d+/[^/]+")  # the answer came as a follow-up
    assert answer["channel_id"] == str(fake.guild_channel_id)


async def test_attachment_arrives(fake: FakeDiscord, app: App, tmp_path: Path) -> None:
    ann = Runner(fake, "ann")
    chart = Attachment("progress.png", b"\x89PNG fake chart", kind="image")
    reply = Reply((text("onboard.area"),), attachment=chart)
    async with running_bot(fake, app, discord_settings(fake, tmp_path)) as client:
        sent = await client.sender.send(ConversationKey("discord", "0", str(ann.id)), [reply])
    message = fake.messages[int(sent)]
    assert message["channel_id"] == str(ann.dm)
    assert message["_files"] == [("progress.png", b"\x89PNG fake chart")]
    assert message["attachments"][0]["filename"] == "progress.png"


async def test_reply_to_another_channel(fake: FakeDiscord, app: App, tmp_path: Path) -> None:
    ann = Runner(fake, "ann")
    team = ConversationKey("discord", str(fake.guild_channel_id), "")
    reply = Reply((text("onboard.area"),), to=team)
    async with running_bot(fake, app, discord_settings(fake, tmp_path)) as client:
        sent = await client.sender.send(ConversationKey("discord", "0", str(ann.id)), [reply])
    assert fake.messages[int(sent)]["channel_id"] == str(fake.guild_channel_id)


async def test_a_short_429_is_honoured(fake: FakeDiscord, app: App, tmp_path: Path) -> None:
    ann = Runner(fake, "ann")
    fake.dm_channel(ann.id)
    async with running_bot(fake, app, discord_settings(fake, tmp_path)) as client:
        fake.rate_limit("POST", rf"/channels/{ann.dm}/messages", retry_after=0.3)
        reply = Reply((text("onboard.area"),))
        sent = await client.sender.send(ConversationKey("discord", "0", str(ann.id)), [reply])
    first, second = fake.calls_to("POST", rf"/channels/{ann.dm}/messages")
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 0.3  # discord.py waited retry_after before trying again
    assert int(sent) in fake.messages


async def test_a_long_429_becomes_retry_later(fake: FakeDiscord, app: App, tmp_path: Path) -> None:
    ann = Runner(fake, "ann")
    async with running_bot(fake, app, discord_settings(fake, tmp_path)) as client:
        fake.rate_limit("POST", rf"/channels/{ann.dm}/messages", retry_after=120)
        started = time.monotonic()
        with pytest.raises(RetryLater) as raised:
            await client.sender.send(
                ConversationKey("discord", "0", str(ann.id)), [Reply((text("onboard.area"),))]
            )
    assert raised.value.after == 120
    assert time.monotonic() - started < 10  # we did not sit out two minutes


async def test_dms_closed_on_send_is_unreachable(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ann = Runner(fake, "ann")
    async with running_bot(fake, app, discord_settings(fake, tmp_path)) as client:
        fake.close_dms()
        with pytest.raises(Unreachable):
            await client.sender.send(
                ConversationKey("discord", "0", str(ann.id)), [Reply((text("onboard.area"),))]
            )


async def test_dms_closed_marks_the_runner_unreachable(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ann = Runner(fake, "ann")
    async with running_bot(fake, app, discord_settings(fake, tmp_path)):
        await ann.command("start")
        await ann.sees("onboard.welcome")
        assert not await is_unreachable(app, ann.id)
        fake.close_dms()  # ann closes her DMs; the bot's answer to her text is refused
        await ann.says("hello?")
        await fake.wait_for(lambda: any(c.status == 403 for c in fake.calls))
        await fake.wait_for(lambda: is_unreachable(app, ann.id))


async def test_settings_point_the_client_at_the_fake(fake: FakeDiscord, tmp_path: Path) -> None:
    settings = Settings(
        database_url=database_url(tmp_path),
        discord_token="t",
        discord_api_base=fake.api_base,
        discord_gateway_url=fake.gateway_url,
        discord_shards=2,
    )
    opened = await App.open(settings)
    try:
        async with running_bot(fake, opened, settings) as client:
            assert client.shard_count == 2
            assert sorted(i["shard"] for i in fake.identifies) == [[0, 2], [1, 2]]
    finally:
        await opened.close()


async def test_button_on_a_public_guild_message_keeps_its_buttons(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    """A team message's buttons are for everyone: a press is acknowledged without editing it.
    The payload is not one the runner's conversation expects: the app says so, changing nothing."""
    ann = Runner(fake, "ann")
    team = ConversationKey("discord", str(fake.guild_channel_id), "")
    question = Reply((text("onboard.area"),), buttons=((Button(text("button.yes"), "team=join"),),))
    async with running_bot(fake, app, discord_settings(fake, tmp_path)) as client:
        sent = await client.sender.send(
            ConversationKey("discord", "0", str(ann.id)),
            [Reply(question.lines, question.buttons, to=team)],
        )
        pressed = await ann.press(say("button.yes"))
        await ann.sees("error.stale_button_idle")
    assert [c["type"] for c in fake.callbacks if c["interaction"] == pressed] == [DEFERRED_UPDATE]
    assert fake.labels(fake.messages[int(sent)]) == [say("button.yes")]


async def test_invalid_requests_stop_before_the_ban(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ann = Runner(fake, "ann")
    key = ConversationKey("discord", "0", str(ann.id))
    reply = Reply((text("onboard.area"),))
    async with running_bot(fake, app, discord_settings(fake, tmp_path)) as client:
        client.guard.budget = 3  # production: 1,000 in 10 minutes (Discord bans at 10,000)
        fake.close_dms(times=100)
        for _ in range(3):
            with pytest.raises(Unreachable):
                await client.sender.send(key, [reply])
        refused = len(fake.calls)
        with pytest.raises(RetryLater) as raised:
            await client.sender.send(key, [reply])
    assert len(fake.calls) == refused  # the fourth never left the process
    assert 590 < raised.value.after <= 600


async def test_logs_hold_no_text_and_no_tokens(
    fake: FakeDiscord, app: App, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    ann = Runner(fake, "ann")
    async with running_bot(fake, app, discord_settings(fake, tmp_path)):
        await ann.command("start", "please help my knee")
        await ann.sees("onboard.welcome")
        await ann.press(CONSENT_YES)
        await ann.sees("onboard.area")
        fake.close_dms()
        await ann.says("it really hurts today")
        await fake.wait_for(lambda: is_unreachable(app, ann.id))
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("please help", "really hurts", TOKEN, "token-", say("onboard.area")):
        assert secret not in logged
    assert f"channel={ann.dm}" in logged  # the unreachable line names where, not what


async def test_a_dropped_gateway_resumes_at_the_resume_url(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ann = Runner(fake, "ann")
    async with running_bot(fake, app, discord_settings(fake, tmp_path)):
        await fake.drop_connections(code=4000)
        await fake.wait_for(lambda: fake.resumes)
        await fake.wait_connected()
        await ann.says("hello")
        await ann.sees("onboard.welcome")
    assert fake.resumes[0]["session_id"] == "session-1"
    assert len(fake.identifies) == 1  # resumed, not re-identified


async def test_a_scheduled_prompt_and_the_dm_answer_share_one_conversation(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    """The scheduler knows only the user: (discord, user, user). The runner answers in the DM
    channel, whose id differs; the answer must land on the question the prompt opened."""
    from bot.core.types import Prompted

    ann = Runner(fake, "ann")
    async with running_bot(fake, app, discord_settings(fake, tmp_path)) as client:
        await onboard(ann)
        key = ConversationKey("discord", str(ann.id), str(ann.id))
        prompt = Prompted(key, datetime.now(UTC) + timedelta(days=1), prompt="checkin")
        await client.sender.send(key, await app.handle(prompt))
        await ann.sees("checkin.pain")
        await ann.says("2", at=prompt.now)
        await ann.sees("checkin.swelling")
