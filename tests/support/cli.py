"""Run `comeback ...` as a real process: a clean environment (no COMEBACK_* from the shell) in a
folder of the test's own (so no developer's `.env` is read)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path


def clean_env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMEBACK_")}
    env.update({f"COMEBACK_{name}": value for name, value in settings.items()})
    return env


def comeback(
    *args: str, cwd: Path, timeout: float = 60.0, stdin: str = "", **settings: str
) -> subprocess.CompletedProcess[str]:
    """Run to the end; `timeout` is a bound on hanging, not a speed check."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd,
        env=clean_env(**settings),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


async def start(*args: str, cwd: Path, **settings: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", *args,
        cwd=cwd, env=clean_env(**settings),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
