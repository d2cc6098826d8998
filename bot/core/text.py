"""Compatibility re-export while the importers move to the neutral `bot.text`."""

from bot.text import Text, text

__all__ = ["Text", "text"]
