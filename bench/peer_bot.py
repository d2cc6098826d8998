"""The two bots bench/peer.py compares, each run as its own process until SIGTERM:

    python -m bench.peer_bot comeback|peer <database url> <Bot API base url> [limited]
                             [connections=N]

`comeback`: the shipped adapter (bot.adapters.telegram.run_telegram) and App, its rate limiter
switched off for the comparison (`limited`: Telegram's 30 a second, as shipped; the peer then
uses PTB's AIORateLimiter too). `peer`: what a Python developer would write instead (not
shipped): python-telegram-bot's ConversationHandler asking the same check-in questions with the
same buttons, editing the question in place, and saving the answers with SQLAlchemy."""

from __future__ import annotations

import asyncio
import signal
import sys
import warnings
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, func
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
)

from bot.core.types import Reply
from bot.text import text
from messages.replies import reply_text

TOKEN = "4242:PEER-bench-token"
CONCURRENT = 64  # as bot.adapters.telegram_updates.MAX_CONCURRENT
PAIN, SWELLING, DAILY = range(3)


def say(key: str, **params: object) -> str:
    return reply_text(Reply((text(key, **params),)))


def buttons(name: str, choices: list[tuple[str, str]], columns: int) -> InlineKeyboardMarkup:
    keys = [InlineKeyboardButton(label, callback_data=f"{name}={v}") for v, label in choices]
    return InlineKeyboardMarkup([keys[i : i + columns] for i in range(0, len(keys), columns)])


PAIN_KEYS = buttons("checkin.pain", [(str(n), str(n)) for n in range(11)], 6)
SWELLING_KEYS = buttons(
    "checkin.swelling", [("none", "None"), ("some", "Some"), ("visible", "Visible")], 3
)
DAILY_KEYS = buttons("checkin.daily_pain", [("yes", "Yes"), ("no", "No")], 2)


class Base(DeclarativeBase):
    pass


class CheckIn(Base):
    __tablename__ = "peer_checkins"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)
    pain: Mapped[int] = mapped_column(Integer)
    swelling: Mapped[str] = mapped_column(String(16))
    daily_pain: Mapped[str] = mapped_column(String(8))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


def on_schema(url: str) -> tuple[URL, dict[str, Any]]:
    """bench.dispatch.database()'s PostgreSQL schema (`?options=-csearch_path=...`), as asyncpg
    takes it; the bench's plumbing, not the peer's code."""
    parsed = make_url(url)
    options = parsed.query.get("options")
    if not isinstance(options, str):
        return parsed, {}
    schema = options.removeprefix("-csearch_path=")
    settings = {"server_settings": {"search_path": schema}}
    return parsed.difference_update_query(["options"]), {"connect_args": settings}


PeerApp = Application[Any, Any, Any, Any, Any, Any]


def peer_application(url: str, base_url: str, limited: bool) -> tuple[PeerApp, AsyncEngine]:
    where, schema = on_schema(url)
    engine = create_async_engine(where, **schema)  # the defaults, as most would
    session = async_sessionmaker(engine, expire_on_commit=False)

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        assert update.message is not None
        await update.message.reply_text(say("checkin.pain"), reply_markup=PAIN_KEYS)
        return PAIN

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
        query = update.callback_query
        assert query is not None and query.data is not None
        await query.answer()
        value = query.data.partition("=")[2]
        assert context.user_data is not None
        context.user_data[query.data.partition("=")[0]] = value
        return value

    async def pain(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        await answer(update, context)
        assert update.callback_query is not None
        await update.callback_query.edit_message_text(
            say("checkin.swelling"), reply_markup=SWELLING_KEYS
        )
        return SWELLING

    async def swelling(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        await answer(update, context)
        assert update.callback_query is not None
        await update.callback_query.edit_message_text(
            say("checkin.daily_pain"), reply_markup=DAILY_KEYS
        )
        return DAILY

    async def daily(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        await answer(update, context)
        query, data, user = update.callback_query, context.user_data, update.effective_user
        assert query is not None and data is not None and user is not None
        async with session() as db, db.begin():  # committed before the reply, as Comeback
            db.add(
                CheckIn(
                    user_id=user.id,
                    pain=int(data["checkin.pain"]),
                    swelling=data["checkin.swelling"],
                    daily_pain=data["checkin.daily_pain"],
                )
            )
        await query.edit_message_text(say("checkin.thanks", variant=0))
        return ConversationHandler.END

    with warnings.catch_warnings():  # PTB's per_message advice for CallbackQueryHandlers
        warnings.simplefilter("ignore")
        conversation = ConversationHandler(
            entry_points=[CommandHandler("checkin", start)],
            states={
                PAIN: [CallbackQueryHandler(pain, pattern=r"^checkin\.pain=")],
                SWELLING: [CallbackQueryHandler(swelling, pattern=r"^checkin\.swelling=")],
                DAILY: [CallbackQueryHandler(daily, pattern=r"^checkin\.daily_pain=")],
            },
            fallbacks=[],
        )
    application = (
        Application.builder()
        .token(TOKEN)
        .base_url(base_url)
        .concurrent_updates(CONCURRENT)
        .rate_limiter(AIORateLimiter() if limited else None)
        .build()
    )
    application.add_handler(conversation)
    return application, engine


async def run_peer(url: str, base_url: str, stop: asyncio.Event, limited: bool) -> None:
    application, engine = peer_application(url, base_url, limited)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling()
        await stop.wait()
        await application.updater.stop()
        await application.stop()
    await engine.dispose()


async def run_comeback(
    url: str, base_url: str, stop: asyncio.Event, limited: bool, connections: int | None = None
) -> None:
    from bot.adapters.telegram import run_telegram
    from bot.app import App
    from bot.settings import Settings

    settings = Settings(
        database_url=url,
        telegram_token=TOKEN,
        telegram_base_url=base_url,
        telegram_base_file_url=base_url.replace("/bot", "/file/bot"),
        **({"telegram_connections": connections} if connections else {}),
    )
    app = await App.open(settings)
    off = AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)
    try:
        await run_telegram(app, settings, stop, rate_limiter=None if limited else off)
    finally:
        await app.close()


async def main(which: str, url: str, base_url: str, options: list[str]) -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    limited = "limited" in options
    if which == "comeback":
        sizes = [int(o.partition("=")[2]) for o in options if o.startswith("connections=")]
        await run_comeback(url, base_url, stop, limited, sizes[-1] if sizes else None)
    else:
        await run_peer(url, base_url, stop, limited)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4], options=sys.argv[4:]))
    print(f"{sys.argv[1]}: stopped at {datetime.now(UTC):%H:%M:%S}", file=sys.stderr)
