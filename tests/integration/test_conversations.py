"""Whole conversations through the App on real storage (SQLite and PostgreSQL), fixed clock."""

from __future__ import annotations

import asyncio

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


async def test_onboarding_by_buttons_then_the_morning_check_in(app):
    clock = Clock()
    ana = Runner(app, clock)
    said = await ana.onboard(zone="Europe/Berlin", at="07:00")
    assert "07:00" in said and "Europe/Berlin" in said
    assert "protect" in said

    clock.advance(days=1)
    said = await ana.prompted("checkin")
    assert "0 to 10" in said
    await ana.presses("0")
    await ana.presses("None")
    said = await ana.presses("No")
    assert any(render("checkin.thanks", {"variant": v}) in said for v in range(5))

    said = await ana.says("/status")
    assert "Stage: protect" in said and "2026-03-03" in said


async def test_onboarding_by_free_text(app):
    clock = Clock()
    ben = Runner(app, clock, user="ben")
    for line in ("/start", "yes", "knee", "gradually", "more hills lately", "joint", "nope",
                 "yes, a bit on the stairs", "2/10", "a marathon in the spring", "new york",
                 "6:30am", "bike"):  # fmt: skip
        said = await ben.says(line)
    assert "Do any of these apply?" in said  # the screen before the first plan (rule 15)
    said = await ben.says("nothing like that")
    assert "06:30" in said and "America/New_York" in said


async def test_a_restart_mid_onboarding_resumes_where_it_was(database_url: str):
    clock = Clock()
    first = App(await Store.open(database_url, migrate=True))
    ana = Runner(first, clock)
    await ana.says("/start")
    await ana.presses("Understood, let's go")
    await ana.presses("Knee")
    await first.close()

    second = App(await Store.open(database_url, migrate=True))
    try:
        again = Runner(second, clock)
        said = await again.says("gradually")
        assert "What changed in the weeks before it started?" in said
    finally:
        await second.close()


async def test_a_stale_button_changes_nothing(app):
    clock = Clock()
    ana = Runner(app, clock)
    await ana.says("/start")
    consent = ana.buttons_objects()[0].payload
    await ana.presses("Understood, let's go")
    said = await ana.sends_payload(consent)  # the old keyboard, pressed again
    assert "earlier question" in said and "Where does it hurt?" in said
    said = await ana.sends_payload("onboard.area=../../etc/passwd")  # forged
    assert "earlier question" in said
    said = await ana.presses("Shin")
    assert "How did it start?" in said


async def test_group_and_private_conversations_of_two_runners_stay_apart(app):
    clock = Clock()
    ana_dm, ben_dm = Runner(app, clock, user="ana"), Runner(app, clock, user="ben")
    ana = Runner(app, clock, user="ana", chat="club", group=True)
    ben = Runner(app, clock, user="ben", chat="club", group=True)
    said = await ana.says("/start")  # onboarding is asked for in private
    assert "direct message" in said and all(r.private for r in ana.replies)
    await ana_dm.onboard(area="Shin", feel="Bone")
    await ben_dm.onboard(area="Knee", feel="Joint")
    clock.advance(days=1)
    await ana.says("/checkin")
    await ben.says("/checkin")
    await ana.says("2")
    said = await ben.says("0")
    assert "Any swelling?" in said
    said = await ana.says("/status")  # ana's open check-in is still hers, at its question
    assert "your shin" in said and "Any swelling?" in said
    said = await ben.says("/status")
    assert "your knee" in said
    assert all(r.private for r in ana.replies + ben.replies)


async def test_fifty_concurrent_messages_from_one_runner_are_all_answered_in_order(app):
    clock = Clock()
    ana = Runner(app, clock)
    await ana.onboard()
    clock.advance(days=1)
    await ana.prompted("checkin")
    # Fifty at once: the first three answer the check-in, in the order they were sent, and
    # the check-in is recorded exactly once however the rest interleave.
    answers = ["1", "none", "no"] + ["/status", "2", "hello"] * 15 + ["/today", "/help"]
    replies = await asyncio.gather(*(app.handle(ana.event(text)) for text in answers))
    assert len(replies) == 50 and all(replies)
    exported = await app.store.export("test", "ana")
    assert [c["morning_pain"] for c in exported["checkins"]] == [1]
    assert exported["checkins"][0]["swelling"] == "none"


async def test_a_session_logged_and_the_next_morning_asks_how_it_compares(app):
    clock = Clock()
    ana = Runner(app, clock)
    await ana.onboard()
    await ana.says("/log")
    await ana.presses("Walk")
    await ana.says("30")
    said = await ana.says("0")
    assert "Logged: 30 min walk, pain 0/10." in said
    clock.advance(days=1)
    await ana.prompted("checkin")
    await ana.says("0")
    await ana.says("none")
    said = await ana.says("no")
    assert "Compared with before yesterday" in said


async def test_delete_really_deletes(app):
    clock = Clock()
    ana = Runner(app, clock)
    await ana.onboard()
    await ana.says("/delete")
    said = await ana.presses("Yes, delete everything")
    assert "deleted" in said
    exported = await app.store.export("test", "ana")
    assert exported["profile"] is None and exported["checkins"] == []
    said = await ana.says("/status")
    assert "Hey, I'm Comeback" in said  # a stranger again: onboarding starts over


async def test_export_sends_everything_stored_as_a_file(app):
    import json

    clock = Clock()
    ana = Runner(app, clock)
    await ana.onboard()
    clock.advance(days=1)
    await ana.prompted("checkin")
    await ana.says("2")
    await ana.says("none")
    await ana.says("no")
    said = await ana.says("/export")
    assert "everything I have on you" in said
    files = [r.attachment for r in ana.replies if r.attachment is not None]
    # The JSON, then the check-ins and the sessions as CSV: each file its own message.
    assert [f.filename.rsplit(".", 1)[1] for f in files] == ["json", "csv", "csv"]
    data = json.loads(files[0].content)
    assert data["schema_version"] == 1
    assert data["profile"]["area"] == "calf_achilles"
    assert [c["morning_pain"] for c in data["checkins"]] == [2]
    assert data["stage_history"][0]["to_stage"] == "protect"
