"""The composition root: the one place that builds the app and its store, the platforms and the
scheduler, and wires them together. It is also the one place that knows each platform's name,
rate and group chats; the scheduling package receives them as Channels.

`comeback run`: the bots answer messages, and this process enqueues and sends the prompts.
`comeback worker`: only sends the prompts (no polling, no gateway).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import timedelta
from typing import Any

from bot.adapters.platform import Platform, SendLimits
from bot.app import App
from bot.delivery import Sender
from bot.scheduling.budget import SharedLimiter
from bot.scheduling.channel import Channel, Limiter
from bot.scheduling.dispatcher import Clock, DispatchStats, utc_now
from bot.scheduling.guard import DispatchLocked
from bot.scheduling.ports import RateBudget
from bot.scheduling.ratelimit import PlatformLimiter
from bot.scheduling.scheduler import Scheduler
from bot.settings import Settings
from bot.teams.roll_call import RollCalls
from storage.budget import RateBudgetStore
from storage.outbox import OutboxStore
from storage.store import Store
from storage.teams import TeamStore

log = logging.getLogger("comeback")

# A platform we have no configured rate for still gets a conservative one.
DEFAULT_RATE = 30.0


async def open_app(settings: Settings) -> App:
    return App(await Store.open(settings.database_url))


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
    """The Telegram and/or Discord bots set in `settings`, and the scheduler beside them,
    until `stop` or until a bot fails (1)."""
    app = await open_app(settings)
    # The adapters hand their senders over once connected; until then nothing is claimed.
    prompts = scheduler(app, settings)
    scheduling = asyncio.create_task(_schedule(prompts, stop), name="scheduler")
    services = []
    try:
        if settings.telegram_token:
            from bot.adapters.telegram import run_telegram

            services.append(
                asyncio.create_task(
                    run_telegram(
                        app,
                        settings,
                        stop,
                        on_sender=add_sender(prompts, settings),
                        rate_limiter=telegram_replies_limiter(app, settings),
                    ),
                    name="telegram",
                )
            )
        if settings.discord_token:
            from bot.adapters.discord import run_discord

            services.append(
                asyncio.create_task(
                    run_discord(
                        app,
                        settings,
                        stop,
                        on_client=lambda c: _when_ready(c, add_sender(prompts, settings), stop),
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


async def _schedule(prompts: Scheduler, stop: asyncio.Event) -> None:
    """The scheduler beside the bots. Another process dispatching from the same SQLite file
    means this one only answers messages (the other sends the prompts): say so, loudly."""
    try:
        await prompts.run(stop)
    except DispatchLocked as error:
        log.error("scheduled prompts are not sent by this process: %s", error)
    except Exception:
        log.exception("the scheduler stopped")


def _when_ready(client: Any, on_sender: Callable[[Sender], None], stop: asyncio.Event) -> None:
    """discord.py's client can send once logged in; hand its sender over then. (Polling a
    fact, twice a second, until it is true or we stop.)"""

    async def register() -> None:
        while not stop.is_set():
            if client.is_ready():
                on_sender(client.sender)
                return
            await asyncio.sleep(0.5)

    _background.add(task := asyncio.get_running_loop().create_task(register()))
    task.add_done_callback(_background.discard)


_background: set[asyncio.Task[None]] = set()


async def run_worker(
    settings: Settings, stop: asyncio.Event, *, once: bool
) -> DispatchStats | None:
    """Dispatch only: no polling, no gateway. Telegram needs just the Bot API; Discord logs in
    over REST (no gateway connection) and opens DMs from the user id. `once`: send what is due
    now and return the figures; otherwise run until `stop`. Raises DispatchLocked when another
    process dispatches from the same SQLite file."""
    app = await open_app(settings)
    senders: list[Sender] = []
    closers: list[Callable[[], Awaitable[Any]]] = []
    try:
        if settings.telegram_token:
            from telegram import Bot
            from telegram.request import HTTPXRequest

            from bot.adapters.telegram_send import TelegramSender

            bot = Bot(
                settings.telegram_token,
                base_url=settings.telegram_base_url,
                base_file_url=settings.telegram_base_file_url,
                request=HTTPXRequest(connection_pool_size=max(settings.dispatch_concurrency, 1)),
            )
            await bot.initialize()
            closers.append(bot.shutdown)
            senders.append(TelegramSender.for_schedule(bot, settings))
        if settings.discord_token:
            from bot.adapters.discord import make_client

            client = make_client(app, settings)
            await client.login(settings.discord_token)
            closers.append(client.close)
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
            await close()
        await app.close()
