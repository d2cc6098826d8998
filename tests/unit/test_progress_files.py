"""The files themselves: the chart PNG, the one-page PDF and the export, opened the way a
runner's phone or their physio's computer would (Pillow, pypdf, json, csv)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from PIL import Image
from pypdf import PdfReader

import messages
from bot.progress import chart, export, history, report
from tests.support import progress_story as story
from tests.support.progress_story import LONG_GOAL, TODAY

NOW = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)


def drawn(data: dict) -> Image.Image:
    png = chart.draw(history.from_export(data, TODAY), TODAY)
    assert png.startswith(b"\x89PNG") and len(png) < 200_000
    return Image.open(io.BytesIO(png)).convert("RGB")


def colours(image: Image.Image) -> int:
    return len(image.getcolors(maxcolors=1_000_000) or ())


@pytest.mark.parametrize("data", [story.empty(), story.story(1), story.story(60)],
                         ids=["no data", "one day", "60 days"])  # fmt: skip
def test_the_chart_is_phone_sized_and_not_blank(data):
    image = drawn(data)
    assert image.size == (chart.WIDTH_PX, chart.HEIGHT_PX)
    assert colours(image) > 50  # text, axes, bands: far from an empty canvas


def test_sixty_days_show_far_more_than_one_day():
    # Every kind of event (lines, points, bars, hatching, markers) adds ink and colours.
    one, sixty = drawn(story.story(1)), drawn(story.story(60))
    assert colours(sixty) > colours(one)
    palette = {colour for _, colour in sixty.getcolors(maxcolors=1_000_000)}
    for okabe_ito in (chart.BLUE, chart.VERMILLION, chart.GREEN, chart.SKY, chart.PURPLE):
        rgb = tuple(int(okabe_ito[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in palette, okabe_ito


def test_the_story_has_every_kind_of_event_in_the_chart_window():
    h = history.from_export(story.story(60), TODAY)
    first, last = chart.window(h, TODAY)
    assert (last - first).days + 1 == chart.MAX_DAYS
    inside = [m for m in h.mornings if first <= m.day <= last]
    assert any(m.swollen for m in inside) and any(m.red_flags for m in inside)
    assert {m.decision for m in inside} >= {"advance", "hold", "step_back", "refer"}
    assert {w.kind for w in h.workouts} == {"walk", "run", "walk_run", "cross", "strength"}
    assert h.paused_days(first, last) and len(h.bands(TODAY)) > 3


def text_of(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def made(days: int, paper: str) -> tuple[history.History, int, str]:
    data = story.empty() if days == 0 else story.story(days)
    h = history.from_export(data, TODAY)
    png = None if h.empty else chart.draw(h, TODAY)
    return h, *text_of(report.build(h, TODAY, png, paper))


@pytest.mark.parametrize("paper", report.PAPERS)
@pytest.mark.parametrize("days", [0, 7, 28, 60])
def test_the_report_is_exactly_one_page_with_long_answers(days, paper):
    _, pages, words = made(days, paper)
    assert pages == 1
    assert "Maximiliana-Josefina" in words and "Wolkenstein" not in words  # first name only
    assert "the Berlin marathon" in words and LONG_GOAL[-20:] not in words  # cut, not spilled
    assert "not a clinician" in words and "docs/coaching.md" in words
    assert "Calf / Achilles" in words and "Seen by a professional for this: no." in words


def test_the_report_holds_the_dates_stages_red_flags_and_decisions_it_was_made_from():
    h, _, words = made(28, "A4")
    flat = " ".join(words.split())
    for morning in h.mornings:  # every check-in of the last 4 weeks, by date
        assert morning.day.isoformat() in flat
    for move in h.moves:
        assert move.day.isoformat() in flat
    assert "Protect to Walking (move up, rule 13)" in flat
    assert "step back (5, 6)" in flat and "hold (14)" in flat and "move up (13)" in flat
    _, _, words = made(60, "Letter")
    flat = " ".join(words.split())
    assert "pain at night or at rest, a spot on the bone that hurts to press" in flat
    assert "see a clinician (rule 2)" in flat
    assert "Paused: 2026-03-11 to 2026-03-14" in flat


def test_no_check_ins_yet_still_makes_a_page_that_says_so():
    _, pages, words = made(0, "A4")
    assert pages == 1 and "No check-ins in the last 4 weeks." in words
    assert "started at Protect" in words and "No warning signs reported." in words


def test_json_export_is_versioned_and_round_trips():
    data = story.story(28)
    document = json.loads(export.to_json(data, NOW))
    assert document["schema_version"] == export.SCHEMA_VERSION == 1
    assert document["exported_at"] == NOW.isoformat()
    assert {k: v for k, v in document.items() if k not in ("schema_version", "exported_at")} == data


def rows(blob: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(blob.decode("utf-8-sig"))))


def test_csv_files_hold_every_check_in_and_session():
    data = story.story(60)
    checkins = rows(export.checkins_csv(data))
    assert len(checkins) == len(data["checkins"])
    for row, original in zip(checkins, data["checkins"], strict=True):
        assert row["day"] == original["day"]
        assert int(row["morning_pain"]) == original["morning_pain"]
        assert row["red_flags"].split(";") == (original["red_flags"] or [""])
        assert [int(r) for r in row["rules"].split(";")] == original["rules"]
        assert row["daily_activity_pain"] == str(original["daily_activity_pain"]).lower()
    sessions = rows(export.sessions_csv(data))
    assert [(s["day"], s["kind"], int(s["minutes"]), int(s["pain_during"])) for s in sessions] == [
        (s["day"], s["kind"], s["minutes"], s["pain_during"]) for s in data["sessions"]
    ]
    assert list(checkins[0]) == list(export.CHECKIN_COLUMNS)


def test_an_empty_export_still_has_its_headers():
    assert rows(export.checkins_csv(story.empty())) == []
    assert export.sessions_csv(story.empty()).decode("utf-8-sig").startswith("day,kind,")


@pytest.mark.parametrize("paper", report.PAPERS)
def test_a_month_of_warning_signs_every_morning_still_fits_one_page(paper):
    data = story.story(28)
    every_sign = sorted(f.removeprefix("report.flag.") for f in messages.CATALOG
                        if f.startswith("report.flag."))  # fmt: skip
    for checkin in data["checkins"]:
        checkin.update(red_flags=every_sign, decision="refer", rules=[1, 2])
    h = history.from_export(data, TODAY)
    pages, words = text_of(report.build(h, TODAY, chart.draw(h, TODAY, dpi=50), paper))
    flat = " ".join(words.split())
    assert pages == 1
    assert "(all in /export)" in flat  # what did not fit is named, not dropped silently
    assert TODAY.isoformat() in flat and "not a clinician" in flat


def test_every_word_the_drawings_use_is_in_the_catalog():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "bot" / "progress"
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(root.glob("*.py")))
    named = set(re.findall(r'(?:render|text|_label)\(\s*"([a-z_.]+)"', source))
    assert len(named) > 20
    assert sorted(k for k in named if k not in messages.CATALOG) == []
    from bot.coach.model import RED_FLAGS, URGENT_SIGNS, Decision, Stage

    keys = [
        *(f"progress.stage.{s.value}" for s in Stage),
        *(f"report.decision.{d.value}" for d in Decision),
        *(f"report.flag.{f}" for f in RED_FLAGS | URGENT_SIGNS),
        *(f"report.kind.{k}" for k in ("walk", "run", "walk_run", "cross", "strength")),
        *(f"report.swelling.{k}" for k in ("none", "some", "visible")),
    ]
    assert [k for k in keys if k not in messages.CATALOG] == []


def test_a_runner_who_joined_after_midnight_local_but_before_it_in_utc_gets_a_chart():
    """Onboarded at 00:28 in Berlin (still the day before in UTC): the start move's local day
    is after the day the runner row was made. The chart starts at the first stage; it used to
    draw a nameless stage before it and fail (KeyError 'progress.stage.')."""
    data = {
        "runner": {"created_at": "2026-12-01T23:28:00+00:00"},
        "profile": {"coach": {"stage": "protect", "stage_since": "2026-12-02"}},
        "checkins": [{"day": "2026-12-02", "morning_pain": 2, "stage": "protect"}],
        "stage_history": [
            {"day": "2026-12-02", "from_stage": "", "to_stage": "protect", "decision": "start"}
        ],
    }
    today = datetime(2026, 12, 2, tzinfo=UTC).date()
    told = history.from_export(data, today)
    assert [band.stage for band in told.bands(today)] == ["protect"]
    assert chart.draw(told, today).startswith(b"\x89PNG")
