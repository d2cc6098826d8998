"""Which question a keyboard answers: how an adapter tells the next question from the coach's
reply (bot.core.questions.asked_by)."""

from __future__ import annotations

from bot.core.questions import ALL, asked_by


def test_a_keyboard_of_one_questions_answers_asks_that_question() -> None:
    for name, question in ALL.items():
        payloads = frozenset(b.payload for row in question.buttons() for b in row)
        assert asked_by(payloads) == (name if payloads else None)


def test_a_keyboard_that_offers_or_mixes_asks_nothing() -> None:
    assert asked_by(frozenset({"today"})) is None  # the full plan, after a check-in
    assert asked_by(frozenset()) is None
    assert asked_by(frozenset({"checkin.pain=1", "checkin.swelling=none"})) is None
    assert asked_by(frozenset({"team.cheer:42"})) is None
