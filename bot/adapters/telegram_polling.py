"""Updates confirmed to Telegram only once answered: nothing is lost to a crash (issue 14).

PTB's Updater confirms a batch of updates (the offset of its next getUpdates) as soon as it has
queued them; kill the process then and whatever was queued but not yet answered is gone. Here:

- Polling (`poll`): the next getUpdates, which confirms the batch, waits until every update of
  the batch is answered, meaning its turn committed together with its ledger row
  (storage/ledger.py), or it was ignored, or it failed with an apology. Updates of one batch
  still run concurrently (PerConversationProcessor keeps each runner's in order), and the
  sending of the replies does not hold the next batch up.
- Webhook (`AnsweringQueue`): PTB's webhook handler awaits `update_queue.put(update)` before it
  answers Telegram; our queue's put returns once the update is answered, so Telegram gets its
  200 only after the commit and delivers the update again otherwise.

After a crash the unconfirmed updates come again; the ledger recognises the ones answered
already (skipped here, and again inside their turn), and replies that a crash kept from going
out are sent when the bot starts (run_telegram) or when their update comes again (App).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from contextvars import ContextVar
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import Application

from bot.adapters.ledger import UpdateLedger
from bot.adapters.platform import unless_stopped

log = logging.getLogger("bot.adapters.telegram")

PLATFORM = "telegram"
POLL_TIMEOUT = 10  # seconds Telegram holds a getUpdates open when there is nothing
BACKOFF = (1.0, 2.0, 5.0, 10.0, 30.0)  # after a network failure, then 30 s on

# Set while a handler runs for one update: resolving it tells the poller the update is answered.
_answered: ContextVar[asyncio.Future[None] | None] = ContextVar("update_answered", default=None)


def ledger_id(bot_id: int, update_id: int) -> str:
    """An update's id in the ledger. Telegram numbers updates per bot: the bot's id goes first,
    so a bot with a new token on the same database never finds its updates answered."""
    return f"{bot_id}:{update_id}"


def update_answered() -> None:
    """Called by a handler once its turn has committed (or ended): the update may be confirmed
    to Telegram from now on, while the replies are still being sent."""
    future = _answered.get()
    if future is not None and not future.done():
        future.set_result(None)


class Answering:
    """Runs updates through the application's handlers, as PTB's own fetcher would (through the
    update processor), and says when each is answered."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        self.application = application
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self, update: object) -> asyncio.Future[None]:
        answered: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        task = asyncio.create_task(self._run(update, answered), name="telegram-update")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return answered

    async def answer(self, update: object) -> None:
        await self.start(update)

    async def _run(self, update: object, answered: asyncio.Future[None]) -> None:
        _answered.set(answered)
        application = self.application
        try:
            await application.update_processor.process_update(
                update, application.process_update(update)
            )
        except Exception:  # the error handler has seen it; the update counts as answered
            log.exception("telegram: an update failed outside its handlers")
        finally:
            if not answered.done():
                answered.set_result(None)

    async def finish(self) -> None:
        """Let the updates in hand finish (their replies go out) before the bot stops."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


class PollHealth:
    """For /healthz: the poller counts as connected unless getUpdates has been failing for
    longer than FAILING_FOR (a moment's network error is not an outage)."""

    FAILING_FOR = 30.0

    def __init__(self) -> None:
        self.failing_since: float | None = None

    def failed(self) -> None:
        if self.failing_since is None:
            self.failing_since = time.monotonic()

    def worked(self) -> None:
        self.failing_since = None

    def connected(self) -> bool:
        since = self.failing_since
        return since is None or time.monotonic() - since < self.FAILING_FOR


class AnsweringQueue(asyncio.Queue[object]):
    """The application's update queue in webhook mode: `put` answers the update before it
    returns (so the webhook answers 200 after the commit). No update is ever queued."""

    answering: Answering | None = None

    async def put(self, item: object) -> None:
        if not isinstance(item, Update):  # PTB's own stop signal, for its fetcher
            await super().put(item)
        elif self.answering is None:
            raise RuntimeError("AnsweringQueue used before the application was built")
        else:
            await self.answering.answer(item)


async def poll(
    answering: Answering,
    ledger: UpdateLedger | None,
    stop: asyncio.Event,
    allowed: list[str],
    health: PollHealth | None = None,
) -> None:
    """Long polling until `stop`: fetch a batch, answer it, and only then ask for the next (the
    offset that confirms it). Raises on a rejected token or a second poller (Conflict)."""
    bot = answering.application.bot
    await bot.delete_webhook(drop_pending_updates=False)
    offset: int | None = None
    failures = 0
    while not stop.is_set():
        try:
            updates = await unless_stopped(
                stop,
                bot.get_updates(offset=offset, timeout=POLL_TIMEOUT, allowed_updates=allowed),
            )
        except (InvalidToken, Conflict):
            raise
        except TimedOut:
            continue
        except (NetworkError, TelegramError) as error:
            pause = BACKOFF[min(failures, len(BACKOFF) - 1)]
            failures += 1
            if health is not None:
                health.failed()
            log.warning("telegram: getUpdates failed (%s), again in %.0f s",
                        type(error).__name__, pause)  # fmt: skip
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), pause)
            continue
        except Exception as error:  # an update PTB cannot read: the batch, one by one
            log.error("telegram: a getUpdates batch could not be read (%s)", type(error).__name__)
            updates, offset = await _readable(bot, offset, allowed)
            await asyncio.gather(*(answering.start(update) for update in updates))
            continue
        failures = 0
        if health is not None:
            health.worked()
        if updates is None:  # stopped while waiting
            break
        if not updates:
            continue
        fresh = await _not_answered(bot.id, updates, ledger)
        await asyncio.gather(*(answering.start(update) for update in fresh))
        offset = updates[-1].update_id + 1
    if offset is not None:
        # Confirm the last batch, so the next start does not fetch it again (what it would
        # fetch is only recognised and skipped: this saves the work, not a duplicate).
        with contextlib.suppress(TelegramError):
            await bot.get_updates(offset=offset, limit=1, timeout=0, allowed_updates=allowed)


async def _readable(
    bot: Any, offset: int | None, allowed: list[str]
) -> tuple[list[Update], int | None]:
    """The same batch as raw JSON, each update parsed on its own: the readable ones, and the
    offset past the whole batch (an unreadable update is logged by id and skipped: fetched
    again, it would stop the polling for good)."""
    raw = await bot.do_api_request(
        "get_updates", api_kwargs={"offset": offset, "timeout": 0, "allowed_updates": allowed}
    )
    readable: list[Update] = []
    last = None
    for item in raw if isinstance(raw, list) else []:
        last = item.get("update_id") if isinstance(item, dict) else last
        try:
            update = Update.de_json(item, bot)
        except Exception as error:
            log.error("telegram: update %s cannot be read (%s), skipped", last,
                      type(error).__name__)  # fmt: skip
            continue
        if update is not None:
            readable.append(update)
    return readable, (last + 1 if isinstance(last, int) else offset)


async def _not_answered(
    bot_id: int, updates: Sequence[Update], ledger: UpdateLedger | None
) -> list[Update]:
    """The batch without the updates answered before a crash (they are recognised in their
    turn too; skipping them here also skips their cosmetic calls: typing, button edits)."""
    if ledger is None:
        return list(updates)
    try:
        ids = [ledger_id(bot_id, u.update_id) for u in updates]
        done = await ledger.answered_updates(PLATFORM, ids)
    except Exception as error:  # the database is down: each turn checks for itself
        log.warning("telegram: could not read the update ledger (%s)", type(error).__name__)
        return list(updates)
    if done:
        log.info("telegram: %d updates answered before a restart, skipped", len(done))
    return [u for u in updates if ledger_id(bot_id, u.update_id) not in done]
