"""What linking costs and how safe its codes are. Prints the code space and a guesser's best
chance per live code (5 tries at the secret part), the CPU time of one code's slow hash (paid
once per /link and once per typed code, in a thread), and what the link desk in front of the
App adds to an ordinary private message (pure checks only, no query), on SQLite.

    .venv/bin/python -m bench.link
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

from bot.app import App
from bot.core import link
from bot.core.types import ConversationKey, Typed
from bot.linking.desk import LinkDesk, draw_code
from storage.store import Store

MESSAGES = 100
ROUNDS = 7


async def _turns(handle: object, count: int) -> float:
    """Seconds per turn of `count` ordinary answers ("2") by one runner."""
    key = ConversationKey("telegram", "1", "1")
    now = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    started = time.perf_counter()
    for _ in range(count):
        await handle(Typed(key, now, "2"))  # type: ignore[operator]
    return (time.perf_counter() - started) / count


async def main() -> None:
    space = len(link.ALPHABET) ** link.CODE_LENGTH
    secret = len(link.ALPHABET) ** (link.CODE_LENGTH - link.LOOKUP_LENGTH)
    print(f"codes: {space:.2e}; a guesser's best chance per live code: "
          f"{link.MAX_WRONG / secret:.1e} ({link.MAX_WRONG} tries at {secret:.2e})")  # fmt: skip
    codes = [draw_code() for _ in range(5)]
    started = time.process_time()
    for code in codes:
        link.digest(code)
    print(f"slow hash: {(time.process_time() - started) / len(codes) * 1000:.0f} ms CPU per code")
    with tempfile.TemporaryDirectory() as folder:
        store = await Store.open(f"sqlite+aiosqlite:///{Path(folder) / 'b.db'}")
        app = App(store)
        desk = LinkDesk(app, store)
        await _turns(app.handle, 20)  # warm up: first contact, onboarding's first question
        bare, fronted = [], []
        for _ in range(ROUNDS):  # interleaved, so both see the same neighbours and file
            bare.append(await _turns(app.handle, MESSAGES))
            fronted.append(await _turns(desk.handle, MESSAGES))
        await store.close()
    print(f"ordinary message (median of {ROUNDS} rounds): {median(bare) * 1000:.2f} ms through "
          f"the App, {median(fronted) * 1000:.2f} ms with the link desk in front")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
