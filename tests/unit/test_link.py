"""The linking rules, pure (bot/core/link.py): what a typed code is, when it is right, expired
or voided (the clock is the caller's), which days come across in a merge, and typed choices."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core import link
from bot.core.machine import step
from bot.core.state import State
from bot.core.types import ConversationKey, Typed
from bot.linking.desk import draw_code
from messages.replies import reply_text

NOW = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
CODE = "ABCDE23456"


def pending(attempts: int = 0, expires_at: datetime = NOW + link.LIFETIME) -> link.Pending:
    return link.Pending(1, "telegram", "100", link.digest(CODE), expires_at, attempts)


def test_a_code_is_read_however_it_is_typed() -> None:
    for typed in ("ABCDE-23456", "abcde 23456", " abcde23456 ", "ABCDE_23456"):
        assert link.normalise(typed) == CODE
    for not_a_code in ("ABCDE-2345", "ABCDE-234567", "ABCDE-2345O", "hello there", "1234567890"):
        assert link.normalise(not_a_code) is None
    assert link.shown(CODE) == "ABCDE-23456"


def test_drawn_codes_come_from_the_shell_and_are_not_repeated() -> None:
    codes = {draw_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(link.normalise(c) == c for c in codes)
    with pytest.raises(ValueError):
        link.checked("ABC")  # the core refuses what is not a code


def test_the_stored_hash_is_not_the_code() -> None:
    assert CODE not in link.digest(CODE) and len(link.digest(CODE)) == 64
    assert link.digest(CODE) != link.digest("ABCDE23457")
    assert link.digest(CODE) == link.digest(CODE)  # salted by the lookup, so reproducible


def test_a_code_works_until_ten_minutes_then_expires() -> None:
    right = link.digest(CODE)
    first = pending(attempts=1)
    assert link.judge(first, right, NOW) is link.Verdict.OK
    assert link.judge(first, right, NOW + timedelta(minutes=9, seconds=59)) is link.Verdict.OK
    assert link.judge(first, right, NOW + timedelta(minutes=10)) is link.Verdict.EXPIRED


def test_the_fifth_wrong_try_voids_the_code() -> None:
    wrong = link.digest("ABCDE99999")
    # `attempts` counts the try being judged (the shell takes it from the row first).
    verdicts = [link.judge(pending(attempts=n), wrong, NOW) for n in range(1, 6)]
    assert verdicts == [link.Verdict.WRONG] * 4 + [link.Verdict.VOIDED]
    assert [link.tries_left(n) for n in range(1, 5)] == [4, 3, 2, 1]
    # The right code on the fifth try still works; past the fifth, nothing does.
    assert link.judge(pending(attempts=5), link.digest(CODE), NOW) is link.Verdict.OK
    assert link.judge(pending(attempts=6), link.digest(CODE), NOW) is link.Verdict.VOIDED


def test_the_guessing_odds_in_one_window_are_tiny() -> None:
    secret = len(link.ALPHABET) ** (link.CODE_LENGTH - link.LOOKUP_LENGTH)
    assert link.MAX_WRONG / secret < 1e-8  # a guesser's best chance per live code


def test_a_merge_keeps_one_check_in_per_day_and_the_kept_one_wins() -> None:
    kept = [date(2026, 11, 1), date(2026, 11, 2)]
    other = [date(2026, 11, 2), date(2026, 11, 3)]
    assert link.days_to_move(kept, other) == {date(2026, 11, 3)}
    assert link.later(date(2026, 11, 2), date(2026, 11, 3)) == date(2026, 11, 3)
    assert link.later(None, None) is None


def test_who_is_kept_without_asking() -> None:
    empty = link.History("discord", None, 0, 0, None)
    used = link.History("telegram", None, 0, 2, None)
    assert link.keeper(used, empty) == "telegram"
    assert link.keeper(empty, used) == "telegram"
    assert link.keeper(empty, link.History("telegram", None, 0, 0, None)) == "discord"
    assert link.keeper(used, link.History("discord", None, 1, 0, date(2026, 11, 1))) is None


@pytest.mark.parametrize(
    ("typed", "chosen"),
    [
        ("Telegram", "telegram"),
        ("keep discord's", "discord"),
        ("this one", "discord"),
        ("the other one", "telegram"),
        ("both", None),
        ("telegram and discord", None),
    ],
)
def test_the_choice_can_be_typed(typed: str, chosen: str | None) -> None:
    assert link.choice(typed, "discord", ("telegram", "discord")) == chosen


def test_forged_payloads_are_not_link_payloads() -> None:
    assert link.payload("link.keep=discord") == ("link.keep", "discord")
    assert link.payload("link.keep=") is None
    assert link.payload("link.keep=1; drop") is None
    assert link.payload("link.other=discord") is None


def test_the_console_says_where_link_works() -> None:
    key = ConversationKey("console", "local", "local")
    result = step(State(), Typed(key, NOW, "/link"))
    assert "works in those apps" in reply_text(result.replies[0])
