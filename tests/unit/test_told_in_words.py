"""Free text outside any question: a session told in words starts /log; a "thanks" gets a word
back; a question about a session is still a question."""

from __future__ import annotations

import pytest

from bot.core.logbook import is_report
from bot.core.small_talk import is_thanks


@pytest.mark.parametrize(
    ("typed", "report"),
    [
        ("did 30 min walk-run, pain 2", True),
        ("did 45 min on the bike, no pain", True),
        ("ran 10 min, limping after", True),
        ("swam 20 minutes", True),
        ("I went for a walk", True),
        ("30 min yoga", True),
        ("can I still cycle?", False),
        ("should I run 20 min", False),
        ("how long should I walk", False),
        ("I love running", False),
        ("bike", False),
        ("my knee hurts", False),
    ],
)
def test_a_session_told_in_words(typed, report):
    assert is_report(typed) is report


@pytest.mark.parametrize(
    ("typed", "thanks"),
    [
        ("thanks", True), ("Thanks!", True), ("thank you so much", True), ("👍", True),
        ("ok cool", True), ("cheers coach", True), ("thanks, but my knee hurts", False),
        ("ok so can I run?", False), ("no", False),
    ],
)  # fmt: skip
def test_small_talk(typed, thanks):
    assert is_thanks(typed) is thanks
