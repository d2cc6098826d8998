"""/progress, /report and /export end to end: the chart arrives as a photo on Telegram and as an
image file on Discord, the PDF and the CSV files as documents, each its own message; the
terminal writes them to the current folder and prints their paths."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from bot.app import App
from messages import render
from tests.e2e.discord_fixtures import Runner, app, discord_settings, running_bot
from tests.e2e.test_discord import onboard
from tests.e2e.test_telegram import onboard_by_text, say, tg_app, tg_bot, tg_db, tg_settings
from tests.fakes.discord_api import EPHEMERAL, FakeDiscord
from tests.fakes.telegram_api import BotMessage, FakeTelegram, FakeUser

__all__ = ["app", "tg_app", "tg_bot", "tg_db", "tg_settings"]  # fixtures


def is_chart(png: bytes) -> bool:
    image = Image.open(io.BytesIO(png))
    return image.format == "PNG" and image.size[0] == 1080


def one_page(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


async def check_in(tg: FakeTelegram, user: FakeUser) -> None:
    question = await say(tg, user, "/checkin")
    answers = {"checkin.pain": "2", "checkin.swelling": "none", "checkin.daily_pain": "no",
               "checkin.compared": "same", "checkin.cleared": "no",
               "checkin.walk_test": "pain free", "checkin.hop_test": "pass",
               "checkin.red_flags": "none"}  # fmt: skip
    for _ in range(len(answers)):
        key = next((k for k in answers if render(k) in question.text), None)
        if key is None:
            return
        question = await say(tg, user, answers[key])


async def replies(tg: FakeTelegram, user: FakeUser, n: int) -> list[BotMessage]:
    return [await tg.bot_reply(user) for _ in range(n)]


async def test_telegram_gets_a_photo_a_pdf_and_three_export_files(tg_bot: FakeTelegram) -> None:
    tg, ada = tg_bot, tg_bot.user("Ada Lovelace")
    await onboard_by_text(tg, ada)
    empty = await say(tg, ada, "/progress")
    assert empty.method == "sendMessage" and empty.text == render("progress.empty")
    await check_in(tg, ada)

    chart = await say(tg, ada, "/progress")
    assert chart.method == "sendPhoto" and chart.file is not None
    assert chart.file[0].endswith(".png") and is_chart(chart.file[1])
    assert "day 1." in chart.text and "Mornings 2/10" in chart.text  # the caption: the summary

    pdf = await say(tg, ada, "/report")
    assert pdf.method == "sendDocument" and pdf.file is not None
    assert pdf.text == render("report.ready")
    page = one_page(pdf.file[1])
    assert "Ada" in page and "Lovelace" not in page and "Knee" in page

    export, checkins, sessions = [await say(tg, ada, "/export"), *await replies(tg, ada, 2)]
    assert [m.method for m in (export, checkins, sessions)] == ["sendDocument"] * 3
    assert export.file is not None and checkins.file is not None and sessions.file is not None
    assert json.loads(export.file[1])["schema_version"] == 1
    assert checkins.file[0].endswith(".csv") and checkins.file[1].count(b"\r\n") == 2
    assert sessions.file[1].decode("utf-8-sig").startswith("day,kind,minutes")


async def test_discord_gets_the_chart_as_an_image_and_the_files(
    fake: FakeDiscord, app: App, tmp_path: Path
) -> None:
    ann = Runner(fake, "ann")
    async with running_bot(fake, app, discord_settings(fake, tmp_path)):
        await onboard(ann)
        await ann.says("/checkin")
        await ann.sees("checkin.pain")
        await ann.says("3")
        await ann.sees("checkin.swelling")
        await ann.says("none")
        await ann.sees("checkin.daily_pain")
        await ann.says("no")
        await ann.sees("checkin.thanks")
        await ann.says("/progress")
        chart = await fake.wait_for(lambda: _with_file(fake, ann, ".png"))
        await ann.says("/report")
        pdf = await fake.wait_for(lambda: _with_file(fake, ann, ".pdf"))
        await ann.says("/export")
        await fake.wait_for(lambda: _with_file(fake, ann, "sessions.csv"))
        # The slash command in the server: the chart only Ann sees (an ephemeral answer).
        await ann.command("progress", guild=True)
        shared = await fake.wait_message(fake.guild_channel_id, after=ann.mark)
    (name, png), *_ = chart["_files"]
    assert name.endswith(".png") and is_chart(png)
    assert "Mornings 3/10" in chart["content"]
    assert "Calf / Achilles" in one_page(pdf["_files"][0][1])
    names = [f[0] for m in fake.bot_messages(ann.dm) for f in m.get("_files", [])]
    assert [n.rsplit("-", 1)[-1] for n in names[-3:]] == ["export.json", "checkins.csv",
                                                          "sessions.csv"]  # fmt: skip
    assert shared["flags"] & EPHEMERAL and is_chart(shared["_files"][0][1])
    assert not [c for c in fake.calls if c.status >= 400]


def _with_file(fake: FakeDiscord, ann: Runner, suffix: str) -> dict | None:
    return next(
        (
            m
            for m in fake.bot_messages(ann.dm)
            if any(name.endswith(suffix) for name, _ in m.get("_files", []))
        ),
        None,
    )


SCRIPT = "\n".join(
    ["/start", "1", "2", "2", "1", "2", "1", "2", "1", "the Berlin half", "Berlin", "7:00",
     "1", "6", "none of these", "/progress", ":morning", "2", "none", "no", "none of these",
     "/pause", "/status", "/progress", "/report", "/export", ":quit"]
)  # fmt: skip


def test_the_console_writes_every_file_and_prints_its_path(tmp_path: Path) -> None:
    folder = tmp_path / "here"
    folder.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--now", "2026-03-02T05:00:00+00:00",
         "--database", f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}"],
        input=SCRIPT, capture_output=True, text=True, timeout=90, check=False, cwd=folder,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert render("progress.empty") in done.stdout  # before the first check-in: words only
    assert "Check-ins paused since Mon 2 Mar (today)." in done.stdout  # /status after /pause
    names = ["comeback-progress.png", "comeback-report.pdf", "comeback-export.json",
             "comeback-checkins.csv", "comeback-sessions.csv"]  # fmt: skip
    for name in names:
        assert f"Saved {folder / name}" in done.stdout, name
    assert is_chart((folder / "comeback-progress.png").read_bytes())
    assert "2026-03-02" in one_page((folder / "comeback-report.pdf").read_bytes())
    data = json.loads((folder / "comeback-export.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 1 and [p["paused"] for p in data["pauses"]] == [True]
