"""Without the team desk (the console has no groups), the team commands say where teams live
instead of "not ready"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.machine import step
from bot.core.state import State
from bot.core.types import ConversationKey, Typed
from messages.replies import reply_text


@pytest.mark.parametrize("command", ["/team", "/join", "/leave"])
def test_team_commands_point_to_a_group_chat(command: str) -> None:
    key = ConversationKey("console", "me", "me")
    result = step(State(), Typed(key, datetime(2026, 3, 10, 8, tzinfo=UTC), command))
    said = " ".join(reply_text(r) for r in result.replies)
    assert "Teams live in Telegram groups and Discord channels" in said
    assert "isn't ready yet" not in said
