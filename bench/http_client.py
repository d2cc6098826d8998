"""CPU per Bot API call of each HTTP client python-telegram-bot can use: PTB's default
(HTTPXRequest, a pool of 256 connections), HTTPXRequest with a pool as small as the calls in
flight, and ours (bot/adapters/telegram_request.AiohttpRequest). The fake Bot API runs in a
process of its own, so this process's CPU time is the client's alone:

    .venv/bin/python -m bench.http_client
    .venv/bin/python -m bench.http_client --calls 4000 --in-flight 1 8 64 --rounds 3

Each run sends `--calls` sendMessage calls (with a keyboard, as a check-in question) through a
PTB Bot, `--in-flight` at a time; clients alternate within each round. Prints CPU per call and
calls per second (medians over the rounds)."""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.request import BaseRequest, HTTPXRequest

from bot.adapters.telegram_request import AiohttpRequest

REPO = Path(__file__).resolve().parents[1]
TOKEN = "4242:HTTP-bench-token"
KEYS = InlineKeyboardMarkup(
    [[InlineKeyboardButton(str(n), callback_data=f"checkin.pain={n}") for n in range(6)]]
)
CLIENTS: dict[str, Callable[[int], BaseRequest]] = {
    "httpx, PTB's default pool": lambda n: HTTPXRequest(),
    "httpx, pool = in flight": lambda n: HTTPXRequest(connection_pool_size=n, pool_timeout=None),
    "aiohttp (ours)": lambda n: AiohttpRequest(connections=n),
}


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def one_run(
    base_url: str, request: BaseRequest, calls: int, in_flight: int
) -> tuple[float, float]:
    bot = Bot(TOKEN, base_url=base_url, request=request)
    async with bot:
        gate = asyncio.Semaphore(in_flight)

        async def send(n: int) -> None:
            async with gate:
                await bot.send_message(
                    1000 + n % 250, "How is the pain this morning?", reply_markup=KEYS
                )

        await asyncio.gather(*(send(n) for n in range(50)))  # warm: connections open
        started_cpu, started = cpu(), time.perf_counter()
        await asyncio.gather(*(send(n) for n in range(calls)))
        return (cpu() - started_cpu) / calls * 1e6, calls / (time.perf_counter() - started)


async def main(calls: int, in_flights: list[int], rounds: int) -> None:
    fake = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.http_fake", TOKEN, stdout=asyncio.subprocess.PIPE, cwd=REPO
    )
    assert fake.stdout is not None
    base_url = (await fake.stdout.readline()).decode().strip()
    try:
        for in_flight in in_flights:
            results: dict[str, list[tuple[float, float]]] = {name: [] for name in CLIENTS}
            for round_ in range(rounds):
                names = list(CLIENTS) if round_ % 2 == 0 else list(reversed(CLIENTS))
                for name in names:
                    results[name].append(
                        await one_run(base_url, CLIENTS[name](in_flight), calls, in_flight)
                    )
            for name, runs in results.items():
                us = statistics.median(r[0] for r in runs)
                rate = statistics.median(r[1] for r in runs)
                print(f"{in_flight:3d} in flight  {name:<28} {us:7.0f} us CPU per call  "
                      f"{rate:7.0f} calls/s")  # fmt: skip
    finally:
        fake.terminate()
        await fake.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--in-flight", type=int, nargs="+", default=[8, 64])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.calls, args.in_flight, args.rounds))
