"""What runners type, read the way they mean it."""

from __future__ import annotations

import pytest

from bot.core import parse, zones
from bot.core import questions as q


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [("30", 30), ("30 min", 30), ("45 minutes", 45), ("1 hour", 60), ("1h", 60),
     ("1h30", 90), ("1.5 hours", 90), ("5k", None), ("10 km", None), ("0", None),
     ("700", None), ("about 40", 40)],
)  # fmt: skip
def test_minutes(typed, minutes):
    assert parse.minutes(typed) == minutes


@pytest.mark.parametrize(
    ("typed", "hhmm"),
    [("7", "07:00"), ("7:30", "07:30"), ("07.30", "07:30"), ("0730", "07:30"),
     ("7am", "07:00"), ("7 a.m.", "07:00"), ("7:30 pm", "19:30"), ("19h30", "19:30"),
     ("noon", "12:00"), ("25:00", None), ("13pm", None), ("soon", None)],
)  # fmt: skip
def test_clock_time(typed, hhmm):
    assert parse.clock_time(typed) == hhmm


@pytest.mark.parametrize(
    ("typed", "zone"),
    [("Berlin", "Europe/Berlin"), ("new york", "America/New_York"), ("EST", "America/New_York"),
     ("PST", "America/Los_Angeles"), ("UK", "Europe/London"), ("Germany", "Europe/Berlin"),
     ("UTC+2", "UTC+02:00"), ("-03:30", "UTC-03:30"), ("UTC+5:20", None), ("Atlantis", None)],
)  # fmt: skip
def test_time_zones(typed, zone):
    assert zones.resolve(typed) == zone


@pytest.mark.parametrize(
    ("question", "typed", "value"),
    [
        (q.WALK_TEST, "no pain", "pain_free"),
        (q.WALK_TEST, "not painful", "pain_free"),
        (q.WALK_TEST, "it hurt", "pain"),
        (q.HOP_TEST, "no pain at all", "pass"),
        (q.COMPARED, "not worse", "same"),
        (q.LOG_KIND, "walk run", "walk_run"),
        (q.LOG_KIND, "walk-run", "walk_run"),
        (q.LOG_KIND, "ran", "run"),
        (q.SETTINGS_MENU, "time zone", "timezone"),
        (q.AREA, "outer knee", "it_band"),
        (q.AREA, "knee", "knee"),
        (q.SWELLING, "no, not swollen", "none"),
        (q.PAIN, "no pain", 0),
        (q.PAIN, "pain free", 0),
        (q.PAIN, "3/10", 3),
        (q.LOG_MINUTES, "1 hour", 60),
    ],
)
def test_typed_answers(question, typed, value):
    assert question.from_text(typed) == value
