"""A runner who types rather than presses, through the real App and storage: questions between
check-ins are answered, /log takes one line, /status charts the week, the weekly note listens."""

from __future__ import annotations

import pytest

from bot.app import App
from messages import render
from storage.store import Store
from tests.support.transcript import Clock, Runner


@pytest.fixture
async def app(database_url: str):
    app = App(await Store.open(database_url, migrate=True))
    yield app
    await app.close()


async def test_a_typed_week_with_questions_a_one_line_log_status_and_the_weekly_note(app):
    clock = Clock()  # Monday 2 March, 07:00 in Berlin
    sam = Runner(app, clock, user="sam")
    await sam.onboard(area="Shin", feel="Bone", baseline="1")

    said = await sam.says("can I run today?")
    assert "Not yet" in said and "clinician" in said  # bone, not cleared: no
    said = await sam.says("can I still swim?")
    assert "no impact" in said

    for pain in ("1", "2", "1"):
        clock.advance(days=1)
        await sam.prompted("checkin")
        await sam.says(pain)
        await sam.says("none")
        said = await sam.says("no")
        assert any(render("checkin.thanks", {"variant": v}) in said for v in range(5))

    clock.advance(hours=10)  # Thursday 17:00 in Berlin
    said = await sam.says("/log bike 40 pain 0")
    assert "Logged: 40 min bike ride, pain 0/10." in said

    said = await sam.says("/status")
    assert "missed" not in said  # the onboarding day asked no check-in: not a missed one
    assert "Tue  1 ▇\nWed  2 ▇▇\nThu  1 ▇" in said
    assert "Next step needs:" in said and len(said) < 700

    clock.advance(days=3)  # Sunday 17:00 local: late afternoon
    said = await sam.prompted("weekly")
    assert "this afternoon" in said
    said = await sam.says("honestly I'm frustrated")
    assert "Frustrated makes sense" in said or "The pause is often harder" in said
    said = await sam.says("thanks")  # the weekly question is closed: a thanks is small talk
    assert any(render("idle.thanks", {"variant": v}) == said for v in range(5))
