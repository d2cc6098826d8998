"""`comeback chat | run | worker | migrate | config | simulate`: the entry points. What they run
is built in bot/compose.py."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError, OperationalError

from bot.adapters.telegram_logging import redact
from bot.logs import setup_logging
from bot.settings import Settings, SettingsError
from bot.startup import StartupError, check_sqlite_path, where

log = logging.getLogger("comeback")
SHUTDOWN_WITHIN = 10.0  # seconds from SIGTERM to exit, at most


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
    commands.add_parser(
        "config", help="print the effective configuration (environment and .env), secrets hidden"
    )
    simulate = commands.add_parser(
        "simulate", help="run coach scenarios (docs/coaching.md contract)"
    )
    simulate.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)

    if args.command == "simulate":
        return _simulate(args.files)
    try:
        settings = Settings.from_env()
        if args.command == "chat" and args.database:
            settings = settings.with_changes(database_url=args.database)
    except SettingsError as error:
        for line in str(error).splitlines():
            print(f"comeback: {line}", file=sys.stderr)
        return 2
    if args.command == "config":
        return _config(settings)
    setup_logging(settings, quiet=args.command == "chat")
    try:
        if args.command == "chat":
            now = datetime.fromisoformat(args.now) if args.now else None
            return asyncio.run(_chat(settings, args.user, now))
        if args.command == "migrate":
            return asyncio.run(_migrate(settings))
        if args.command == "worker":
            return asyncio.run(_worker(settings, once=args.once))
        return asyncio.run(_run(settings))
    except StartupError as error:
        print(f"comeback {args.command}: {redact(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        # Through logging, so the secrets are redacted from the traceback too.
        log.critical("comeback %s stopped: %s", args.command, type(error).__name__, exc_info=True)
        return 1


def _config(settings: Settings) -> int:
    """The effective configuration, one `NAME=value` a line, tokens and passwords hidden."""
    for name, value in settings.redacted().items():
        print(f"{name}={value}")
    return 0


async def _chat(settings: Settings, user: str, now: datetime | None) -> int:
    from bot.adapters.console import chat
    from bot.compose import open_app

    app = await open_app(settings)
    try:
        await chat(app, user, now)
    finally:
        await app.close()
    return 0


async def _migrate(settings: Settings) -> int:
    from storage.migrate import migrate

    check_sqlite_path(settings.database_url)
    try:
        await migrate(settings.database_url)
    except (OperationalError, DBAPIError, OSError) as error:
        cause = getattr(error, "orig", None) or error
        raise StartupError(
            f"database {where(settings.database_url)}: cannot migrate it: {type(cause).__name__}"
        ) from None
    print("database is up to date")
    return 0


async def _run(settings: Settings) -> int:
    from bot.compose import run_bots

    if not settings.telegram_token and not settings.discord_token:
        print(
            "Set COMEBACK_TELEGRAM_TOKEN and/or COMEBACK_DISCORD_TOKEN to run the bots.\n"
            "To talk to the coach without any token: comeback chat",
            file=sys.stderr,
        )
        return 2
    return await run_bots(settings, _stop_on_signals())


async def _worker(settings: Settings, once: bool) -> int:
    from bot.compose import run_worker
    from bot.scheduling.guard import DispatchLocked

    if not settings.telegram_token and not settings.discord_token:
        print("Set COMEBACK_TELEGRAM_TOKEN and/or COMEBACK_DISCORD_TOKEN for the worker to send "
              "through.", file=sys.stderr)  # fmt: skip
        return 2
    try:
        stats = await run_worker(settings, _stop_on_signals(), once=once)
    except DispatchLocked as error:
        print(f"comeback worker: {error}", file=sys.stderr)
        return 2
    if stats is not None:
        print(f"sent {stats.sent}, skipped {stats.skipped}, failed {stats.failed}, "
              f"retry later {stats.released}")  # fmt: skip
    return 0


def _stop_on_signals() -> asyncio.Event:
    """SIGTERM or SIGINT sets the event: the entry point shuts down in order. A shutdown that
    takes longer than SHUTDOWN_WITHIN (something hangs), or a second signal, ends the process
    at once, logged, with exit code 1."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_signal(number: int) -> None:
        if stop.is_set():
            _exit_now(f"second signal {signal.Signals(number).name}")
        stop.set()
        log.info("%s: stopping", signal.Signals(number).name)
        loop.call_later(SHUTDOWN_WITHIN, _exit_now, f"shutdown took over {SHUTDOWN_WITHIN:.0f} s")

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal, sig)
    return stop


def _exit_now(why: str) -> None:
    log.error("exiting at once: %s", why)
    logging.shutdown()
    os._exit(1)


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
