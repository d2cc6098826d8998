"""What we add around discord.py's HTTP: where it connects, a global request limiter, and a guard
against the invalid-request ban. discord.py keeps its own per-route buckets; this sits beside them
as an aiohttp TraceConfig on the client's session (REST, webhooks and interaction callbacks).

Discord's 50 requests a second belong to the bot token. With `shared` slots (PostgreSQL, in
`comeback run`), every request that counts against that global limit (all REST but interaction
responses and follow-ups, which Discord exempts) also takes a slot from the send budget the
workers' prompts take theirs from, so `run` and the workers stay under it together; a global 429
pauses that budget for every process. Requests made inside `already_counted()` (a scheduled
prompt: the dispatcher took its slot) take none. Without the database, the shared slots fall
back to a bucket of this process's own (bot.scheduling.budget.SharedKey): a reply never waits
for PostgreSQL to come back."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Mapping
from types import SimpleNamespace

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.adapters.send_budget import SharedSlots, counted
from bot.ratelimit import TokenBucket
from bot.settings import Settings

log = logging.getLogger(__name__)

GLOBAL_RATE = 50.0  # requests per second per bot (Discord's global limit)
INVALID_WINDOW = 600.0  # Discord bans at 10,000 invalid requests in 10 minutes
INVALID_BUDGET = 1_000  # we stop well before: a tenth of the ban threshold
INVALID_STATUSES = frozenset({401, 403, 429})


def point_at(settings: Settings) -> None:
    """Aim discord.py at another REST base and gateway (a self-hosted proxy, or the test fake).
    Both are class attributes in discord.py, so this is process-wide, like the token."""
    if settings.discord_api_base:
        Route.BASE = settings.discord_api_base.rstrip("/")
    if settings.discord_gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def quiet_library_logs() -> None:
    """discord.py logs request bodies and gateway payloads at DEBUG: message text and answers.
    Keep its loggers at INFO or above whatever our own level is."""
    for name in ("discord.http", "discord.gateway", "discord.webhook.async_", "discord.state"):
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.INFO:
            logger.setLevel(logging.INFO)


class InvalidRequestBudgetExceeded(discord.DiscordException):
    """We refused to send: too many 401/403/429 answers in the last ten minutes."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"invalid request budget spent; retry after {retry_after:.0f}s")
        self.retry_after = retry_after


class InvalidRequestGuard:
    """Counts invalid responses in a sliding window and refuses new requests past the budget."""

    def __init__(
        self,
        budget: int = INVALID_BUDGET,
        window: float = INVALID_WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.budget = budget
        self.window = window
        self._clock = clock
        self._seen: deque[float] = deque()

    def _trim(self) -> None:
        horizon = self._clock() - self.window
        while self._seen and self._seen[0] <= horizon:
            self._seen.popleft()

    @property
    def count(self) -> int:
        self._trim()
        return len(self._seen)

    def record(self, status: int, scope: str | None = None) -> None:
        # A 429 in a "shared" resource bucket does not count against the bot.
        if status in INVALID_STATUSES and not (status == 429 and scope == "shared"):
            self._seen.append(self._clock())
            if len(self._seen) == self.budget:
                log.error("discord invalid-request budget spent: pausing REST calls")

    def check(self) -> None:
        if self.count >= self.budget:
            raise InvalidRequestBudgetExceeded(self._seen[0] + self.window - self._clock())


def redacted(path: str) -> str:
    """A URL path fit for logs: interaction and webhook tokens are long segments; drop them."""
    return "/".join("<token>" if len(part) > 32 else part for part in path.split("/"))


def _is_rest(url: yarl.URL) -> bool:
    return str(url).startswith(Route.BASE)


def _is_interaction_callback(url: yarl.URL) -> bool:
    # Interaction endpoints are not bound by the global rate limit.
    return "/interactions/" in url.path or "/webhooks/" in url.path


def is_global_429(status: int, headers: Mapping[str, str]) -> bool:
    """A 429 for the whole bot (its global limit), not for one route: every process must wait."""
    return status == 429 and (
        headers.get("X-RateLimit-Scope") == "global"
        or headers.get("X-RateLimit-Global", "").lower() == "true"
    )


def retry_after(headers: Mapping[str, str], default: float = 1.0) -> float:
    try:
        return max(float(headers.get("Retry-After", default)), 0.0)
    except ValueError:
        return default


def guarded_trace(
    limiter: TokenBucket, guard: InvalidRequestGuard, shared: SharedSlots | None = None
) -> aiohttp.TraceConfig:
    trace = aiohttp.TraceConfig()

    async def on_start(
        session: aiohttp.ClientSession,
        ctx: SimpleNamespace,
        params: aiohttp.TraceRequestStartParams,
    ) -> None:
        if not _is_rest(params.url):
            return
        guard.check()
        if not _is_interaction_callback(params.url):
            if shared is not None and not counted():
                await shared.acquire("", group=False)  # Discord's limit is the bot's, no chat's
            await limiter.acquire()

    async def on_end(
        session: aiohttp.ClientSession, ctx: SimpleNamespace, params: aiohttp.TraceRequestEndParams
    ) -> None:
        if not _is_rest(params.url):
            return
        status = params.response.status
        headers = params.response.headers
        guard.record(status, headers.get("X-RateLimit-Scope"))
        if shared is not None and is_global_429(status, headers):
            shared.pause(retry_after(headers))
        if status == 401:
            log.error(
                "discord rejected the bot token (401) on %s %s",
                params.method,
                redacted(params.url.path),
            )

    trace.on_request_start.append(on_start)
    trace.on_request_end.append(on_end)
    return trace
