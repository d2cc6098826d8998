"""The files through the App on real storage (SQLite and PostgreSQL): a chart that follows the
runner's check-ins and pauses, the weekly note's chart, and dated pauses stored and exported."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image
from pypdf import PdfReader

from bot.app import App
from messages import render
from storage.store import Store
from tests.support.transcript import Clock, Runner


@pytest.fixture
async def app(database_url: str):
    app = App(await Store.open(database_url, migrate=True))
    yield app
    await app.close()


async def check_in(ana: Runner, clock: Clock, pain: str) -> None:
    clock.advance(days=1)
    await ana.prompted("checkin")
    await ana.says(pain)
    await ana.says("none")
    await ana.says("no")
    if "None of these" in ana.buttons:  # the weekly safety screen, on some mornings
        await ana.presses("None of these")


def attachments(ana: Runner) -> list:
    return [r.attachment for r in ana.replies if r.attachment is not None]


async def test_a_week_of_check_ins_a_pause_and_the_files(app):
    clock = Clock()
    ana = Runner(app, clock)
    await ana.onboard()
    assert await ana.says("/progress") == render("progress.empty")
    for pain in ("3", "2", "2", "1"):
        await check_in(ana, clock, pain)
    clock.advance(hours=3)
    await ana.says("/pause")
    clock.advance(days=2)
    said = await ana.says("/status")
    assert "Check-ins paused since Fri 6 Mar: 3 days." in said

    said = await ana.says("/progress")
    (chart,) = attachments(ana)
    assert chart.kind == "image" and Image.open(io.BytesIO(chart.content)).width == 1080
    assert "Mornings 2/10 on average this week." in said
    assert "Check-ins paused since Fri 6 Mar." in said

    await ana.says("/resume")
    await ana.says("/report")
    (pdf,) = attachments(ana)
    page = PdfReader(io.BytesIO(pdf.content))
    assert len(page.pages) == 1
    words = page.pages[0].extract_text()
    assert "2026-03-03" in words and "2026-03-06" in words and "Paused: 2026-03-06 to" in words

    await ana.says("/export")
    export = json.loads(attachments(ana)[0].content)
    assert [p["paused"] for p in export["pauses"]] == [True, False]
    assert export["profile"]["paused_since"] is None


async def test_the_weekly_note_carries_the_chart(app):
    clock = Clock()
    ana = Runner(app, clock)
    await ana.onboard()
    await ana.prompted("weekly")
    assert attachments(ana) == []  # nothing to draw yet: the note alone
    await check_in(ana, clock, "2")
    await ana.says("thanks")
    await ana.prompted("weekly")
    note, chart = ana.replies
    assert note.buttons and chart.attachment is not None and chart.attachment.kind == "image"
