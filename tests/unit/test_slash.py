"""The one rule for "is this a command" (bot/core/slash.py)."""

from __future__ import annotations

import pytest

from bot.core.slash import as_command, is_command


@pytest.mark.parametrize("typed", ["/log", " /log", "\u00a0/log", "\t/log bike 45", "\n /start"])
def test_a_slash_after_white_space_is_a_command(typed: str) -> None:
    assert is_command(typed)
    assert as_command(typed).startswith("/") and as_command(typed) == typed.strip()


@pytest.mark.parametrize("typed", ["log", "a /log", "\u200b/log", "", "   ", "1/2 hour"])
def test_anything_else_is_not(typed: str) -> None:
    assert not is_command(typed)
    assert as_command(typed) == typed  # left as it came
