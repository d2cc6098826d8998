"""The fake Bot API (tests/fakes/telegram_api.py) in a process of its own, for bench/http_client.py:

    python -m bench.http_fake <token>

prints its base URL on one line, then serves until terminated."""

from __future__ import annotations

import asyncio
import signal
import sys

from tests.fakes.telegram_api import FakeTelegram


async def main(token: str) -> None:
    fake = FakeTelegram(token)
    await fake.start()
    print(fake.base_url, flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await fake.stop()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
