"""The composition root: the one place that builds the app and its store, the platforms and the
scheduler, and wires them together. It is also the one place that knows each platform's name,
rate and group chats; the scheduling package receives them as Channels.

`comeback run`: the bots answer messages, and this process enqueues and sends the prompts.
`comeback worker`: only sends the prompts (no polling, no gateway).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import timedelta
from typing import Any, TypeVar

from bot.adapters.platform import Platform, SendLimits, unless_stopped
from bot.app import App
from bot.delivery import Sender
from bot.http import Checks, HttpServer
from bot.scheduling.budget import SharedLimiter
from bot.scheduling.channel import Channel, Limiter
from bot.scheduling.dispatcher import Clock, DispatchStats, utc_now
from bot.scheduling.guard import DispatchLocked
from bot.scheduling.ports import RateBudget
from bot.scheduling.ratelimit import PlatformLimiter
from bot.scheduling.scheduler import Scheduler
from bot.settings import Settings
from bot.startup import StartupError, open_store
from bot.teams.roll_call import RollCalls
from storage.budget import RateBudgetStore
from storage.health import due_prompts, ping
from storage.outbox import OutboxStore
from storage.teams import TeamStore

log = logging.getLogger("comeback")
T = TypeVar("T")

# A platform we have no configured rate for still gets a conservative one.
DEFAULT_RATE = 30.0


async def open_app(settings: Settings) -> App:
    """The app over its store; a database that cannot be opened raises StartupError (one line)."""
    return App(await open_store(settings.database_url))


def shared_budget(app: App) -> RateBudget | None:
    """PostgreSQL: one send budget per bot token for every process (storage/budget.py).
    SQLite: None; its one dispatching process keeps the buckets in memory."""
    engine = app.store.engine
    return RateBudgetStore(engine) if engine.dialect.name == "postgresql" else None


def channel(
    sender: Sender,
    settings: Settings,
    limiter: Limiter | None = None,
    budget: RateBudget | None = None,
) -> Channel:
    """The sender with its platform's send rates and group rule, as the Platform says them; a
    sender that is not a Platform (a test double) gets a conservative rate and no groups. With
    a `budget`, the rates are shared with every other process sending as the same bot."""
    if isinstance(sender, Platform):
        limits = type(sender).limits(settings)
        return Channel(
            sender,
            limiter or _limiter(sender.platform, limits, budget),
            is_group_chat=sender.is_group_chat,
        )
    return Channel(sender, limiter or _limiter(sender.platform, SendLimits(DEFAULT_RATE), budget))


def _limiter(platform: str, limits: SendLimits, budget: RateBudget | None) -> Limiter:
    if budget is None:
        return PlatformLimiter(limits.per_second, group_per_minute=limits.group_per_minute)
    return SharedLimiter(
        budget,
        platform,
        limits.per_second,
        group_per_minute=limits.group_per_minute,
        key=f"{platform}:paid" if limits.paid else platform,  # a budget of its own
    )


def telegram_replies_limiter(app: App, settings: Settings) -> Any:
    """On PostgreSQL, the running bot's replies take their slots from the budget the workers'
    prompts take theirs from (the free rate, never the paid one); None: PTB's own limiter."""
    budget = shared_budget(app)
    if budget is None:
        return None
    from bot.adapters.telegram import RATE_LIMIT_RETRIES
    from bot.adapters.telegram_budget import BudgetRateLimiter

    shared = SharedLimiter(
        budget, "telegram", settings.telegram_rate,
        group_per_minute=settings.telegram_group_per_minute,
    )  # fmt: skip
    return BudgetRateLimiter(shared, max_retries=RATE_LIMIT_RETRIES)


def discord_replies_limiter(app: App, settings: Settings) -> SharedLimiter | None:
    """On PostgreSQL, every request of the running bot's Discord client that counts against the
    bot's 50 a second (its replies, opening DMs; not interaction responses) takes its slot from
    the budget the workers' prompts take theirs from; None: this process's own limiter only."""
    budget = shared_budget(app)
    if budget is None:
        return None
    return SharedLimiter(budget, "discord", settings.discord_rate)


def scheduler(
    app: App,
    settings: Settings,
    *,
    senders: Iterable[Sender] = (),
    clock: Clock = utc_now,
    worker: str | None = None,
    enqueue: bool = True,
) -> Scheduler:
    """The scheduler over the app's database, sending through `senders` (more may come later
    through `add_sender`)."""
    return Scheduler(
        app,
        OutboxStore(app.store.engine),
        settings,
        channels=[channel(sender, settings, budget=shared_budget(app)) for sender in senders],
        clock=clock,
        worker=worker,
        enqueue=enqueue,
        on_tick=RollCalls(TeamStore(app.store.engine), timedelta(hours=settings.grace_hours)),
    )


def add_sender(scheduler: Scheduler, settings: Settings) -> Callable[[Sender], None]:
    """What an adapter calls with its Sender once connected."""
    budget = shared_budget(scheduler.app)
    return lambda sender: scheduler.add_channel(channel(sender, settings, budget=budget))


async def run_bots(settings: Settings, stop: asyncio.Event) -> int:
    """`comeback run`, in one ordered place: start the store, then the platforms (each connected
    before the next step), then the scheduler, then the HTTP server; serve until `stop`
    (SIGTERM, SIGINT) or until a platform fails for good (1); stop in reverse, awaiting each:
    the HTTP server, the scheduler (claimed rows not started are handed back), the platforms
    (no new updates; the turns in flight finish), the database last.

    A platform that rejects its token or cannot be reached at start raises StartupError before
    the scheduler ever runs; `stop` set during the start ends it early (0)."""
    async with contextlib.AsyncExitStack() as stack:
        app = await unless_stopped(stop, open_app(settings))
        if app is None:
            return 0
        stack.push_async_callback(_stopping, "database", app.close)
        prompts = scheduler(app, settings)
        platforms: dict[str, Any] = {}
        # Built now, so the Telegram webhook can join it (one port); it listens once all is up.
        server = HttpServer(Checks(database=lambda: ping(app.store.engine)), settings.http_host,
                            settings.http_port or 0)  # fmt: skip
        if settings.telegram_token:
            from bot.adapters.telegram import TelegramService

            platforms["telegram"] = TelegramService(
                app,
                settings,
                on_sender=add_sender(prompts, settings),
                add_route=server.add_route if settings.http_port is not None else None,
            )
        if settings.discord_token:
            from bot.adapters.discord import DiscordService

            platforms["discord"] = DiscordService(
                app, settings, shared=discord_replies_limiter(app, settings)
            )
        for name, service in platforms.items():
            if not await unless_stopped(stop, _start(name, service, settings)):
                return 0
            stack.push_async_callback(_stopping, name, service.stop)
        if "discord" in platforms:  # ready now: its sender can take prompts
            add_sender(prompts, settings)(platforms["discord"].client.sender)
        scheduler_stop = asyncio.Event()
        scheduling = asyncio.create_task(_schedule(prompts, scheduler_stop), name="scheduler")

        async def stop_scheduler() -> None:
            scheduler_stop.set()
            await scheduling

        stack.push_async_callback(_stopping, "scheduler", stop_scheduler)
        if settings.http_port is not None:
            server.checks = health_checks(app, settings, prompts, scheduling, platforms)
            await server.start()
            stack.push_async_callback(_stopping, "http", server.stop)
        log.info("running: %s", ", ".join(platforms))
        failed = await _serve(stop, platforms)
        log.info("stopping")
    log.info("stopped")
    return 1 if failed else 0


def health_checks(
    app: App,
    settings: Settings,
    prompts: Scheduler,
    scheduling: asyncio.Task[None],
    platforms: dict[str, Any],
) -> Checks:
    def tick_lag() -> float:
        if scheduling.done() or prompts.last_tick is None:
            return float("inf")  # not running (another process dispatches, or it crashed)
        return (prompts.clock() - prompts.last_tick).total_seconds()

    def connected(service: Any) -> Callable[[], bool]:
        return lambda: bool(service.connected)

    return Checks(
        database=lambda: ping(app.store.engine),
        platforms={name: connected(service) for name, service in platforms.items()},
        tick_lag=tick_lag,
        max_tick_lag=settings.health_tick_lag_seconds or 3 * settings.schedule_tick_seconds + 60,
        due=lambda: due_prompts(app.store.engine, prompts.clock()),
    )


async def _start(name: str, service: Any, settings: Settings) -> bool:
    """Start one platform; a refusal or an unreachable platform becomes one StartupError line
    (the error's class only: a rejected Telegram token's message quotes the token)."""
    try:
        await service.start()
    except Exception as error:
        kind = type(error).__name__
        variable = f"COMEBACK_{name.upper()}_TOKEN"
        if kind in ("InvalidToken", "LoginFailure", "Unauthorized"):
            raise StartupError(f"{name}: the token was rejected ({variable})") from None
        raise StartupError(f"{name}: cannot start: {kind} (is the platform reachable?)") from None
    return True


async def _serve(stop: asyncio.Event, platforms: dict[str, Any]) -> str | None:
    """Until `stop`, or until a platform's connection ends for good (a fatal Discord gateway
    close): then its name."""
    watched = {
        service.serving: name
        for name, service in platforms.items()
        if getattr(service, "serving", None) is not None
    }
    stopping = asyncio.create_task(stop.wait())
    try:
        done, _ = await asyncio.wait({stopping, *watched}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    for task in done:
        if task in watched:
            error = None if task.cancelled() else task.exception()
            log.error("%s: the connection ended for good (%s)", watched[task],
                      type(error).__name__ if error else "closed")  # fmt: skip
            return watched[task]
    return None


async def _stopping(name: str, step: Callable[[], Awaitable[Any]]) -> None:
    """One step of the shutdown: a failure is logged and the next steps still run."""
    try:
        await step()
    except Exception as error:
        log.error("stopping %s failed: %s", name, type(error).__name__, exc_info=True)


async def _schedule(prompts: Scheduler, stop: asyncio.Event) -> None:
    """The scheduler beside the bots. Another process dispatching from the same SQLite file
    means this one only answers messages (the other sends the prompts): say so, loudly."""
    try:
        await prompts.run(stop)
    except DispatchLocked as error:
        log.error("scheduled prompts are not sent by this process: %s", error)
    except Exception:
        log.exception("the scheduler stopped")


async def run_worker(
    settings: Settings, stop: asyncio.Event, *, once: bool
) -> DispatchStats | None:
    """Dispatch only: no polling, no gateway. Telegram needs just the Bot API; Discord logs in
    over REST (no gateway connection) and opens DMs from the user id. `once`: send what is due
    now and return the figures; otherwise run until `stop`. Raises DispatchLocked when another
    process dispatches from the same SQLite file."""
    app = await unless_stopped(stop, open_app(settings))
    if app is None:
        return None
    senders: list[Sender] = []
    closers: list[Callable[[], Awaitable[Any]]] = []
    try:
        if settings.telegram_token:
            from telegram import Bot

            from bot.adapters.telegram_request import AiohttpRequest
            from bot.adapters.telegram_send import TelegramSender

            bot: Any = Bot(
                settings.secret("telegram_token") or "",
                base_url=settings.telegram_base_url,
                base_file_url=settings.telegram_base_file_url,
                request=AiohttpRequest(settings.dispatch_concurrency),
            )
            await _start("telegram", _Started(bot.initialize), settings)
            closers.append(bot.shutdown)
            senders.append(TelegramSender.for_schedule(bot, settings))
        if settings.discord_token:
            from bot.adapters.discord import make_client

            client = make_client(app, settings)
            closers.append(client.close)
            await _start(
                "discord",
                _Started(lambda: client.login(settings.secret("discord_token") or "")),
                settings,
            )
            senders.append(client.sender)
        prompts = scheduler(app, settings, senders=senders, enqueue=False)
        if once:
            prompts.guard.acquire()
            try:
                return await prompts.dispatch()
            finally:
                await prompts.dispatcher.close()
                prompts.guard.release()
        log.info("worker %s: dispatching %s", prompts.worker,
                 ", ".join(s.platform for s in senders))  # fmt: skip
        await prompts.run(stop)
        return None
    finally:
        for close in reversed(closers):
            await _stopping("platform", close)
        await app.close()


class _Started:
    """A start function seen as a service (run_worker's bare clients)."""

    def __init__(self, start: Callable[[], Awaitable[Any]]) -> None:
        self.start = start
