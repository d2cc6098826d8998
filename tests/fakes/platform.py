"""A fake chat platform for the scheduler: it records every send, enforces a rate limit and
answers 429 above it, and can refuse users (blocked the bot) or fail transiently.

Two faces of the same thing:
- `FakeSender`: an in-process bot.delivery.Sender (integration tests, the bench).
- `FakePlatform`: the bot.adapters.platform contract in memory (its shared jobs, unit tests).
- `FakeBotApi`: an aiohttp Telegram Bot API on 127.0.0.1 (getMe, sendMessage) for the real
  TelegramSender in real worker processes (tests/e2e/test_workers.py, bench --transport http).
"""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.adapters.platform import CoachApp, Destination, Platform, Posted
from bot.core.types import ConversationKey, Event, Reply
from bot.delivery import NotAllowed, NotStarted, RetryLater, Unreachable


class Bucket:
    """The platform's side of the rate limit: `rate` a second, `burst` saved up."""

    def __init__(
        self, rate: float, burst: float | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst if burst is not None else max(rate, 1.0)
        self.tokens = self.burst
        self.clock = clock
        self.stamp = clock()

    def take(self) -> float:
        """0.0 if the request may pass, else the seconds until it would."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


@dataclass(frozen=True)
class Sent:
    key: ConversationKey
    keys: tuple[str, ...]  # catalog keys of every line sent (never rendered text)
    message_id: str
    at: float


@dataclass
class FakeSender:
    platform: str = "telegram"
    rate: float | None = None  # None: unlimited
    clock: Callable[[], float] = time.monotonic
    sent: list[Sent] = field(default_factory=list)
    unreachable: set[str] = field(default_factory=set)  # user ids that blocked the bot
    # user id -> RetryLater.after answers to give before accepting (a transient failure)
    retry: dict[str, list[float]] = field(default_factory=dict)
    rejected: int = 0  # 429s answered
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _bucket: Bucket | None = None

    def __post_init__(self) -> None:
        if self.rate is not None:
            self._bucket = Bucket(self.rate, clock=self.clock)

    async def send(self, key: ConversationKey, replies: Sequence[Reply]) -> str:
        if key.user in self.unreachable:
            raise Unreachable("blocked")
        pending = self.retry.get(key.user)
        if pending:
            raise RetryLater(pending.pop(0))
        if self._bucket is not None:
            wait = self._bucket.take()
            if wait:
                self.rejected += 1
                raise RetryLater(wait)
        message_id = str(next(self._ids))
        keys = tuple(line.key for reply in replies for line in reply.lines)
        self.sent.append(Sent(key, keys, message_id, self.clock()))
        return message_id

    def to(self, user: str) -> list[Sent]:
        return [s for s in self.sent if s.key.user == user]

    def per_user(self) -> Counter[str]:
        return Counter(s.key.user for s in self.sent)


class FakeBotApi:
    """Just enough Bot API for telegram.Bot.initialize() and send_message(), fast enough for
    tens of thousands of sends. `rate` limits sendMessage overall (429 with retry_after above
    it); `blocked` chat ids answer 403."""

    def __init__(
        self, token: str = "4242:FAKE-token", rate: float | None = None, burst: float | None = None
    ) -> None:
        self.token = token
        self.rate = rate
        self.bucket = Bucket(rate, burst) if rate is not None else None
        self.blocked: set[int] = set()
        self.sends: list[tuple[int, int, float]] = []  # (chat id, message id, monotonic time)
        self.rejected = 0
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self, port: int = 0) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def per_chat(self) -> Counter[int]:
        return Counter(chat for chat, _, _ in self.sends)

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        if method == "getMe":
            return _ok({"id": int(self.token.split(":")[0]), "is_bot": True,
                        "first_name": "Comeback", "username": "ComebackBot"})  # fmt: skip
        if method != "sendMessage":
            return _ok(True)
        params = await _params(request)
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        if self.bucket is not None:
            wait = self.bucket.take()
            if wait:
                self.rejected += 1
                after = max(1, round(wait))  # Telegram says whole seconds
                return _error(429, f"Too Many Requests: retry after {after}", retry_after=after)
        message_id = next(self._ids)
        self.sends.append((chat_id, message_id, time.monotonic()))
        chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
        return _ok({"message_id": message_id, "date": int(time.time()), "chat": chat, "text": "."})


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        return dict(await request.json())
    return dict(await request.post())


def _ok(result: Any) -> web.Response:
    return web.Response(text=json.dumps({"ok": True, "result": result}),
                        content_type="application/json")  # fmt: skip


def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.Response(status=status, text=json.dumps(body), content_type="application/json")


class FakePlatform(Platform):
    """The Platform contract in memory: every post is recorded, and chats can refuse us (a
    blocked runner, a private chat never opened). The shared jobs run for real on it."""

    name = "fake"
    text_limit = 50
    menu_description_limit = 20
    choice_mark = "✓"

    def __init__(self, app: CoachApp | None = None) -> None:
        super().__init__(app)
        self.posts: list[tuple[Destination, Reply]] = []
        self.blocked: set[str] = set()  # chats that answer "blocked"
        self.muted: set[str] = set()  # group chats where the bot may not post
        self.failures: dict[str, list[Exception]] = {}  # chat -> errors for its next posts
        self.not_started: set[str] = set()  # users whose private chat was never opened
        self.admins: set[tuple[str, str]] = set()
        self._ids = itertools.count(1)

    async def post(self, to: Destination, reply: Reply) -> list[Posted]:
        if to.chat in self.not_started:
            raise NotStarted("never started")
        if to.chat in self.blocked:
            raise Unreachable("blocked")
        if to.chat in self.muted:
            raise NotAllowed("no right to post")
        if self.failures.get(to.chat):
            raise self.failures[to.chat].pop(0)
        self.posts.append((to, reply))
        return [Posted(to.chat, str(next(self._ids)), bool(reply.buttons))]

    async def open_private_chat(self, user: str) -> str:
        if user in self.not_started:
            raise NotStarted("never started")
        return user

    async def is_admin(self, chat: str, user: str) -> bool:
        return (chat, user) in self.admins

    def deep_link(self, payload: str) -> str | None:
        return f"fake://bot?start={payload}"

    def to(self, chat: str) -> list[Reply]:
        return [reply for where, reply in self.posts if where.chat == chat]


class FakeDmPlatform(FakePlatform):
    """A platform like Discord: a scheduled prompt never shows in a group, it goes to the DM."""

    prompts_go_private = True


class MarkingApp:
    """The CoachApp port with only what delivery uses: it remembers whom it was told to mark."""

    def __init__(self) -> None:
        self.marked: list[tuple[str, str]] = []

    async def handle(self, event: Event) -> list[Reply]:
        return []

    async def mark_unreachable(self, platform: str, user: str) -> None:
        self.marked.append((platform, user))
