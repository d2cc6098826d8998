"""`comeback chat | run | worker | migrate | simulate`: the entry points."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.settings import Settings

log = logging.getLogger("comeback")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="comeback", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    chat = commands.add_parser("chat", help="talk to the coach in this terminal (no tokens)")
    chat.add_argument(
        "--database", help="database URL (default: COMEBACK_DATABASE_URL or ./comeback.db)"
    )
    chat.add_argument("--user", default="you", help="who you are in the console")
    chat.add_argument("--now", help="start the console clock at this ISO time (UTC)")
    commands.add_parser("run", help="run the Telegram and/or Discord bots set in the environment")
    worker = commands.add_parser(
        "worker",
        help="only send the scheduled prompts (several workers may share one PostgreSQL)",
    )
    worker.add_argument("--once", action="store_true", help="send what is due now, then exit")
    commands.add_parser("migrate", help="upgrade the database schema to the newest version")
    simulate = commands.add_parser("simulate", help="run coach scenarios (COACHING.md contract)")
    simulate.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    if args.command == "simulate":
        return _simulate(args.files)
    _configure_logging(settings.log_level, quiet=args.command == "chat")
    if args.command == "chat":
        if args.database:
            settings = Settings(**{**settings.__dict__, "database_url": args.database})
        now = datetime.fromisoformat(args.now) if args.now else None
        return asyncio.run(_chat(settings, args.user, now))
    if args.command == "migrate":
        return asyncio.run(_migrate(settings))
    if args.command == "worker":
        return asyncio.run(_worker(settings, once=args.once))
    return asyncio.run(_run(settings))


def _configure_logging(level: str, quiet: bool) -> None:
    logging.basicConfig(
        level=logging.WARNING if quiet else level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs every request URL at INFO, and a Telegram URL carries the bot token; the
    # database drivers log statement parameters at DEBUG, and those are runners' answers.
    for noisy in ("httpx", "httpcore", "aiosqlite", "asyncpg", "sqlalchemy.engine"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


async def _chat(settings: Settings, user: str, now: datetime | None) -> int:
    from bot.adapters.console import chat
    from bot.app import App

    app = await App.open(settings)
    try:
        await chat(app, user, now)
    finally:
        await app.close()
    return 0


async def _migrate(settings: Settings) -> int:
    from storage.migrate import migrate

    await migrate(settings.database_url)
    print("database is up to date")
    return 0


async def _run(settings: Settings) -> int:
    from bot.app import App
    from bot.scheduler import Scheduler

    if not settings.telegram_token and not settings.discord_token:
        print(
            "Set COMEBACK_TELEGRAM_TOKEN and/or COMEBACK_DISCORD_TOKEN to run the bots.\n"
            "To talk to the coach without any token: comeback chat",
            file=sys.stderr,
        )
        return 2
    stop = _stop_on_signals()
    app = await App.open(settings)
    # The adapters hand their senders over once connected; until then nothing is claimed.
    scheduler = Scheduler(app, settings)
    scheduling = asyncio.create_task(_schedule(scheduler, stop), name="scheduler")
    services = []
    try:
        if settings.telegram_token:
            from bot.adapters.telegram import run_telegram

            services.append(
                asyncio.create_task(
                    run_telegram(app, settings, stop, on_sender=scheduler.add_sender),
                    name="telegram",
                )
            )
        if settings.discord_token:
            from bot.adapters.discord import run_discord

            services.append(
                asyncio.create_task(
                    run_discord(
                        app, settings, stop, on_client=lambda c: _when_ready(c, scheduler, stop)
                    ),
                    name="discord",
                )
            )
        log.info("running: %s", ", ".join(task.get_name() for task in services))
        done, _ = await asyncio.wait(services, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            if task.exception() is not None:
                stop.set()
                log.error("%s stopped: %r", task.get_name(), task.exception())
                await asyncio.gather(*services, return_exceptions=True)
                return 1
        return 0
    finally:
        stop.set()
        await asyncio.gather(scheduling, return_exceptions=True)
        await app.close()


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def _schedule(scheduler: Any, stop: asyncio.Event) -> None:
    """The scheduler beside the bots. Another process dispatching from the same SQLite file
    means this one only answers messages (the other sends the prompts): say so, loudly."""
    from bot.scheduler import DispatchLocked

    try:
        await scheduler.run(stop)
    except DispatchLocked as error:
        log.error("scheduled prompts are not sent by this process: %s", error)
    except Exception:
        log.exception("the scheduler stopped")


def _when_ready(client: Any, scheduler: Any, stop: asyncio.Event) -> None:
    """discord.py's client can send once logged in; hand its sender over then. (Polling a
    fact, twice a second, until it is true or we stop.)"""

    async def register() -> None:
        while not stop.is_set():
            if client.is_ready():
                scheduler.add_sender(client.sender)
                return
            await asyncio.sleep(0.5)

    _background.add(task := asyncio.get_running_loop().create_task(register()))
    task.add_done_callback(_background.discard)


_background: set[asyncio.Task[None]] = set()


async def _worker(settings: Settings, once: bool) -> int:
    """Dispatch only: no polling, no gateway. Telegram needs just the Bot API; Discord logs in
    over REST (no gateway connection) and opens DMs from the user id."""
    from bot.adapters.telegram_send import TelegramSender
    from bot.app import App
    from bot.delivery import Sender
    from bot.scheduler import DispatchLocked, Scheduler

    if not settings.telegram_token and not settings.discord_token:
        print("Set COMEBACK_TELEGRAM_TOKEN and/or COMEBACK_DISCORD_TOKEN for the worker to send "
              "through.", file=sys.stderr)  # fmt: skip
        return 2
    stop = _stop_on_signals()
    app = await App.open(settings)
    senders: list[Sender] = []
    closers: list[Any] = []
    try:
        if settings.telegram_token:
            from telegram import Bot
            from telegram.request import HTTPXRequest

            bot = Bot(
                settings.telegram_token,
                base_url=settings.telegram_base_url,
                base_file_url=settings.telegram_base_file_url,
                request=HTTPXRequest(connection_pool_size=max(settings.dispatch_concurrency, 1)),
            )
            await bot.initialize()
            closers.append(bot.shutdown)
            senders.append(TelegramSender(bot))
        if settings.discord_token:
            from bot.adapters.discord import make_client

            client = make_client(app, settings)
            await client.login(settings.discord_token)
            closers.append(client.close)
            senders.append(client.sender)
        scheduler = Scheduler(app, settings, senders=senders, enqueue=False)
        try:
            if once:
                scheduler.guard.acquire()
                try:
                    stats = await scheduler.dispatch()
                finally:
                    await scheduler.dispatcher.close()
                    scheduler.guard.release()
                print(f"sent {stats.sent}, skipped {stats.skipped}, failed {stats.failed}, "
                      f"retry later {stats.released}")  # fmt: skip
            else:
                log.info("worker %s: dispatching %s", scheduler.worker,
                         ", ".join(s.platform for s in senders))  # fmt: skip
                await scheduler.run(stop)
        except DispatchLocked as error:
            print(f"comeback worker: {error}", file=sys.stderr)
            return 2
        return 0
    finally:
        for close in reversed(closers):
            await close()
        await app.close()


def _simulate(files: Sequence[Path]) -> int:
    """One JSON line per input day; a file with invalid input prints nothing and exits 2."""
    from bot.coach import ScenarioError, parse_scenario, run_scenario

    status = 0
    for path in files:
        try:
            scenario = parse_scenario(json.loads(path.read_text(encoding="utf-8")))
        except OSError as error:
            print(f"{path}: cannot read: {error.strerror}", file=sys.stderr)
            status = 2
            continue
        except json.JSONDecodeError as error:
            print(f"{path}: not JSON: line {error.lineno}: {error.msg}", file=sys.stderr)
            status = 2
            continue
        except ScenarioError as error:
            print(f"{path}: {error}", file=sys.stderr)
            status = 2
            continue
        for day in run_scenario(scenario):
            print(json.dumps(day))
    return status


if __name__ == "__main__":
    sys.exit(main())
