"""Counted nouns, so a sentence says "1 day" and "4 days", never "1 day(s)"."""

from __future__ import annotations

from bot.text import Text, text


def count(n: int, unit: str) -> Text:
    """`unit` is one of days, minutes, sessions; renders "1 day", "2 days"."""
    return text(f"coach.count.{unit}.{'one' if n == 1 else 'many'}", n=n)
