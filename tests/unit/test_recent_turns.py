"""storage/recent.py: what a Store saved last per conversation, bounded, taken once."""

from __future__ import annotations

from bot.core.types import ConversationKey
from storage.recent import RecentTurns


def key(n: int) -> ConversationKey:
    return ConversationKey("telegram", str(n), str(n))


def test_an_entry_is_taken_once() -> None:
    recent: RecentTurns[str] = RecentTurns(4)
    recent.keep(key(1), "saved")
    assert recent.take(key(1)) == "saved"
    assert recent.take(key(1)) is None  # a turn that fails leaves nothing to start from


def test_the_least_recently_saved_go_first() -> None:
    recent: RecentTurns[int] = RecentTurns(3)
    for n in (1, 2, 3):
        recent.keep(key(n), n)
    recent.keep(key(1), 10)  # saved again: the newest now
    recent.keep(key(4), 4)
    assert len(recent) == 3
    assert recent.take(key(2)) is None
    assert [recent.take(key(n)) for n in (1, 3, 4)] == [10, 3, 4]


def test_size_zero_keeps_nothing() -> None:
    recent: RecentTurns[int] = RecentTurns(0)
    recent.keep(key(1), 1)
    assert recent.take(key(1)) is None
