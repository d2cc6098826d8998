"""Stub: filled next."""

from bot.core.text import Text


def explain() -> tuple[Text, ...]:
    return ()
