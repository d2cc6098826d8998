"""How long a runner waits for an answer when the database refuses what we send. Before the fix
a refused value (a 300-character Telegram name on PostgreSQL) was taken for an outage: three
retries, 4.2 s, then "notebook unreachable". Prints, on a fresh PostgreSQL schema with the
production retries, the seconds to answer and which answer came:

    .venv/bin/python -m bench.odd_input
    .venv/bin/python -m bench.odd_input --database postgresql+asyncpg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from datetime import UTC, datetime

from sqlalchemy import text

from bot.app import App
from bot.core.types import ConversationKey, Typed
from bot.text import Text
from storage.engine import create_engine
from storage.store import Store

POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


async def answer(app: App, user: str, words: str, name: str) -> tuple[float, str]:
    key = ConversationKey("telegram", user, user)
    started = time.perf_counter()
    replies = await app.handle(Typed(key, NOW, text=words, display_name=name))
    first: Text = replies[0].lines[0]
    return time.perf_counter() - started, first.key


async def main(url: str) -> None:
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = f"{url}?options=-csearch_path%3D{schema}"
    try:
        app = App(await Store.open(scoped, migrate=True))  # the production retries
        try:
            seconds, said = await answer(app, "1", "/start", "Å" * 150 + " " + "b" * 149)
            print(f"/start, a 300-character name:   {seconds * 1000:7.1f} ms -> {said}")
            await answer(app, "2", "/start", "Ann")
            async with app.store.engine.begin() as conn:
                await conn.execute(
                    text("ALTER TABLE identities ADD CHECK (display_name <> 'Mallory')")
                )
            seconds, said = await answer(app, "2", "I understand", "Mallory")
            print(f"a value the database refuses:   {seconds * 1000:7.1f} ms -> {said}")
        finally:
            await app.close()
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=POSTGRES)
    asyncio.run(main(parser.parse_args().database))
