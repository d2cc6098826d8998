"""Who a log line is about: the platform and the runner's id, set around a turn (App.turn) and
written by the JSON log format (bot/logs.py). Never a name, a chat's text or an answer."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

PLATFORM: contextvars.ContextVar[str | None] = contextvars.ContextVar("platform", default=None)
RUNNER: contextvars.ContextVar[str | None] = contextvars.ContextVar("runner", default=None)


@contextlib.contextmanager
def about(platform: str | None = None, runner: object = None) -> Iterator[None]:
    """Tag the log lines inside; whatever is set inside (RUNNER, once the turn knows its runner)
    is undone on the way out."""
    platform_token = PLATFORM.set(platform)
    runner_token = RUNNER.set(None if runner is None else str(runner))
    try:
        yield
    finally:
        RUNNER.reset(runner_token)
        PLATFORM.reset(platform_token)


def tag(platform: str, runner: object) -> None:
    """Name the platform and runner for the rest of this task's log lines (a turn's task: each
    update runs in its own task, so this ends with it)."""
    PLATFORM.set(platform)
    RUNNER.set(str(runner))
