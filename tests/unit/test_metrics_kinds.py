"""Send errors are counted by what the platform said: 429, 403, 5xx, network."""

from __future__ import annotations

import httpx
import pytest
from telegram.error import Forbidden, NetworkError, RetryAfter, TimedOut

from bot.delivery import RetryLater, Unreachable
from bot.metrics import send_error_kind


def wrapped(outer: Exception, inner: BaseException) -> Exception:
    outer.__cause__ = inner
    return outer


class DiscordLike(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (wrapped(RetryLater(3), RetryAfter(3)), "429"),
        (wrapped(Unreachable("Forbidden"), Forbidden("bot was blocked by the user")), "403"),
        (wrapped(RetryLater(5), NetworkError("Bad Gateway")), "5xx"),
        (
            wrapped(RetryLater(5), wrapped(NetworkError("x"), httpx.ConnectError("refused"))),
            "network",
        ),
        (wrapped(RetryLater(5), TimedOut()), "network"),
        (wrapped(RetryLater(1), DiscordLike(429)), "429"),
        (wrapped(Unreachable("x"), DiscordLike(403)), "403"),
        (wrapped(RetryLater(1), DiscordLike(503)), "5xx"),
        (ValueError("a bug"), "other"),
    ],
)
def test_kinds(error: Exception, kind: str) -> None:
    assert send_error_kind(error) == kind
