"""Comeback against what a Python developer would write instead (bench/peer_bot.py: a bare
python-telegram-bot ConversationHandler bot asking the same check-in and saving it with
SQLAlchemy). Each bot runs as its own process against the same fake Bot API on loopback (in this
process), its rate limiter off (`--limited`: both at Telegram's 30 a second); `--users` runners
check in at once, each by /checkin and three presses (pain, swelling, daily pain), 4 updates a
runner. Alternating rounds, on SQLite and
PostgreSQL. Prints, per run and as medians with the ratio Comeback / peer: updates a second,
latency p50/p99 (update pushed to the bot's answer shown), the bot process's CPU per 1,000
updates, Bot API calls per update (rate-limited ones: those naming a chat), and its peak RSS:

    .venv/bin/python -m bench.peer
    .venv/bin/python -m bench.peer --users 250 --rounds 2 --databases sqlite postgresql
    .venv/bin/python -m bench.peer --limited --rounds 1 --databases sqlite  # at 30 a second
    .venv/bin/python -m bench.peer --latency 50     # each Bot API call answered after 50 ms
    .venv/bin/python -m bench.peer --connections 8 16 32 --rounds 1  # Comeback's HTTP gate sizes

The fake and the simulated runners share the machine with the bot: on a small, busy machine
the figures are noisy (the load average is printed next to them)."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.dispatch import database, seed
from bench.peer_bot import TOKEN
from bot.core.types import Reply
from bot.text import text
from messages.replies import reply_text
from storage.store import Store
from tests.fakes.telegram_api import BotMessage, Call, FakeTelegram

REPO = Path(__file__).resolve().parents[1]
THANKS = [reply_text(Reply((text("checkin.thanks", variant=v),))) for v in range(5)]
Seen = Callable[[Call], bool]


def shows(question: str) -> Seen:
    """The bot shows this question's keyboard (a new message, or one edited into it)."""

    def seen(call: Call) -> bool:
        rows = (call.params.get("reply_markup") or {}).get("inline_keyboard", [])
        return any(b.get("callback_data", "").startswith(question) for r in rows for b in r)

    return seen


def thanked(call: Call) -> bool:
    return any(thanks in str(call.params.get("text", "")) for thanks in THANKS)


STEPS: list[tuple[str, Seen]] = [
    ("/checkin", shows("checkin.pain=")),
    ("checkin.pain=1", shows("checkin.swelling=")),
    ("checkin.swelling=none", shows("checkin.daily_pain=")),
    ("checkin.daily_pain=no", thanked),
]


class Watched(FakeTelegram):
    """The fake Bot API with one waiter per chat: a runner waits for what the bot shows it next
    without waking every other runner (the fake's wait_until wakes them all)."""

    def __init__(self, latency: float = 0.0) -> None:
        super().__init__(TOKEN)
        self.latency = latency  # seconds before each answer (getUpdates aside), as a real API
        self._waiting: dict[int, tuple[Seen, asyncio.Future[dict[str, Any]]]] = {}
        self._shown: dict[int, dict[str, Any]] = {}

    async def _handle(self, request: Any) -> Any:
        if self.latency and request.match_info.get("method") != "getUpdates":
            await asyncio.sleep(self.latency)
        return await super()._handle(request)

    def expect(self, chat: int, seen: Seen) -> asyncio.Future[dict[str, Any]]:
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[chat] = (seen, future)
        return future

    def _api_sendMessage(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        message = super()._api_sendMessage(params, files)
        self._shown[message["chat"]["id"]] = message
        return message

    def _api_editMessageText(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        message = super()._api_editMessageText(params, files)
        self._shown[message["chat"]["id"]] = message
        return message

    async def _record(self, call: Call) -> None:
        await super()._record(call)
        chat = call.params.get("chat_id")
        waiting = self._waiting.get(chat) if isinstance(chat, int) else None
        if waiting and call.status == 200 and waiting[0](call) and not waiting[1].done():
            del self._waiting[chat]  # type: ignore[arg-type]
            waiting[1].set_result(self._shown[chat])  # type: ignore[index]


async def check_in(tg: Watched, user_id: int, latencies: list[float]) -> None:
    user = tg.user(f"Runner{user_id}", id=user_id)
    message: dict[str, Any] | None = None
    for step, seen in STEPS:
        shown = tg.expect(user_id, seen)
        started = time.perf_counter()
        if message is None:
            await tg.user_says(user, step)
        else:
            on = BotMessage(user_id, message["message_id"], "", "", [], [])
            await tg.press_data(user, step, on=on)
        message = await asyncio.wait_for(shown, 120)
        latencies.append(time.perf_counter() - started)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Figures:
    rate: float
    p50: float
    p99: float
    cpu_ms: float  # per 1,000 updates
    calls: float
    limited: float
    rss: float

    def line(self) -> str:
        return (
            f"{self.rate:6.1f} updates/s  p50 {self.p50 * 1000:7.1f} ms  "
            f"p99 {self.p99 * 1000:7.1f} ms  CPU {self.cpu_ms:6.0f} ms/1000  "
            f"{self.calls:4.2f} calls/update ({self.limited:4.2f} rate-limited)  "
            f"RSS {self.rss:5.1f} MB"
        )


@dataclass(frozen=True)
class Setup:
    users: int
    limited: bool
    latency: float  # seconds before the fake answers each call
    connections: int | None = None  # Comeback's HTTP gate (None: its default)


async def run(which: str, kind: str, setup: Setup) -> Figures:
    users = setup.users
    async with database(kind) as url:
        if which == "comeback":  # onboarded runners, as in bench/dispatch.py
            store = await Store.open(url, migrate=True)
            await seed(store, users, datetime.now(UTC))
            await store.close()
        tg = Watched(setup.latency)
        await tg.start()
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.peer_bot", which, url, tg.base_url,
            *(["limited"] if setup.limited else []),
            *([f"connections={setup.connections}"] if setup.connections else []), cwd=REPO,
        )  # fmt: skip
        try:
            await tg.wait_for_call("getUpdates", within=60)
            latencies: list[float] = []
            calls_before, cpu_before = len(tg.calls), cpu_seconds(bot.pid)
            started = time.perf_counter()
            await asyncio.gather(*(check_in(tg, n, latencies) for n in range(1, users + 1)))
            elapsed = time.perf_counter() - started
            cpu = cpu_seconds(bot.pid) - cpu_before
            rss = peak_rss_mb(bot.pid)
            calls = [c for c in tg.calls[calls_before:] if c.method != "getUpdates"]
        finally:
            if bot.returncode is None:
                bot.send_signal(signal.SIGTERM)
            await asyncio.wait_for(bot.wait(), 60)
            await tg.stop()
    updates = len(latencies)
    cuts = statistics.quantiles(latencies, n=100)
    return Figures(
        rate=updates / elapsed,
        p50=cuts[49],
        p99=cuts[98],
        cpu_ms=cpu / updates * 1_000_000,
        calls=len(calls) / updates,
        limited=sum(1 for c in calls if "chat_id" in c.params) / updates,
        rss=rss,
    )


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} {five:.2f} on {os.cpu_count()} CPUs"


async def main(setup: Setup, rounds: int, kinds: list[str], sizes: list[int | None]) -> None:
    latency = f", Bot API answers after {setup.latency * 1000:.0f} ms" if setup.latency else ""
    print(f"{setup.users} runners at once, {setup.users * len(STEPS)} updates a run{latency}; "
          f"{load()}")  # fmt: skip
    for kind in kinds:
        for size in sizes:
            ours_setup = Setup(setup.users, setup.limited, setup.latency, size)
            label = f"comeback/{size}" if size else "comeback"
            compare(kind, label, await rounds_of(kind, label, ours_setup, setup, rounds))


async def rounds_of(
    kind: str, label: str, ours: Setup, peers: Setup, rounds: int
) -> dict[str, list[Figures]]:
    """Alternating rounds: ours first in odd rounds, the peer first in even ones."""
    results: dict[str, list[Figures]] = {"comeback": [], "peer": []}
    for round_ in range(rounds):
        order = ["comeback", "peer"] if round_ % 2 == 0 else ["peer", "comeback"]
        for which in order:
            figures = await run(which, kind, ours if which == "comeback" else peers)
            results[which].append(figures)
            name = label if which == "comeback" else which
            print(f"{kind:<10} round {round_ + 1} {name:<12} {figures.line()}  ({load()})")
    return results


def compare(kind: str, label: str, results: dict[str, list[Figures]]) -> None:
    ours, peer = (median(results[w]) for w in ("comeback", "peer"))
    print(f"{kind:<10} median   {label:<12} {ours.line()}")
    print(f"{kind:<10} median   {'peer':<12} {peer.line()}")
    print(
        f"{kind:<10} {label} / peer: throughput {ours.rate / peer.rate:.2f}x, "
        f"p50 {ours.p50 / peer.p50:.2f}x, p99 {ours.p99 / peer.p99:.2f}x, "
        f"CPU per update {ours.cpu_ms / peer.cpu_ms:.2f}x, "
        f"calls per update {ours.calls / peer.calls:.2f}x "
        f"(rate-limited {ours.limited / peer.limited:.2f}x), RSS {ours.rss / peer.rss:.2f}x"
    )


def median(runs: list[Figures]) -> Figures:
    fields = Figures.__dataclass_fields__
    return Figures(**{f: statistics.median(getattr(r, f) for r in runs) for f in fields})


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=250)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument(
        "--limited", action="store_true", help="both bots at Telegram's 30 a second (as shipped)"
    )
    parser.add_argument("--latency", type=float, default=0.0, help="ms before each API answer")
    parser.add_argument("--connections", type=int, nargs="+", help="Comeback gate sizes")
    args = parser.parse_args()
    setup = Setup(args.users, args.limited, args.latency / 1000)
    asyncio.run(main(setup, args.rounds, args.databases, args.connections or [None]))
