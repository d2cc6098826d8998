"""Running `comeback run` as a real process that a test can kill -9, and counting what every
runner of a burst got back. Shared by the kill tests of both platforms and both databases."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from storage.engine import create_engine

REPO = Path(__file__).resolve().parents[2]
STARTUP = 60.0  # a cold interpreter imports the client libraries and migrates first


@dataclass
class Figures:
    """Per message of the burst: how many answers it got (0 lost, 1 right, 2+ duplicated)."""

    sent: int = 0
    answered: int = 0
    duplicated: int = 0
    lost: int = 0

    def count(self, answers: int) -> None:
        self.sent += 1
        self.answered += answers >= 1
        self.duplicated += max(answers - 1, 0)
        self.lost += answers == 0

    def line(self, what: str) -> str:
        return (
            f"kill -9 figures ({what}): sent {self.sent}, answered {self.answered}, "
            f"duplicated {self.duplicated}, lost {self.lost}"
        )


async def unsent_replies(database_url: str) -> int:
    """Answered updates whose replies the ledger does not know to have gone out: after a kill,
    the only replies that can be sent twice."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            query = text("SELECT count(*) FROM update_ledger WHERE sent_at IS NULL")
            return int((await conn.execute(query)).scalar_one())
    finally:
        await engine.dispose()


def environment(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMEBACK_")}
    env.update({f"COMEBACK_{name.upper()}": value for name, value in settings.items()})
    return env


class BotProcess:
    """`python -m bot.cli <command>` with its output collected."""

    def __init__(self, env: Mapping[str, str], command: str = "run") -> None:
        self.env = dict(env)
        self.command = command
        self.process: asyncio.subprocess.Process | None = None
        self.output = b""

    async def start(self) -> BotProcess:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", self.command,
            cwd=REPO, env=self.env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        return self

    async def wait(self) -> int:
        assert self.process is not None
        async with asyncio.timeout(30):
            out, _ = await self.process.communicate()
        self.output += out
        return self.process.returncode or 0

    async def kill(self) -> None:
        """kill -9: no handler runs, no transaction finishes, nothing is flushed."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.wait()

    async def stop(self) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await self.wait()

    @property
    def log(self) -> str:
        return self.output.decode(errors="replace")
